"""Arbitrary entries never break a build, and every problem is a located warning.

Hypothesis writes small projects whose main document holds one to three
entries of any kind (a project's own kind included) with arbitrary titles,
IDs and option values (valid or not, unknown options too), between two
known-good entries, in reStructuredText or in MyST.  Each project is built and:

* the build raises nothing and logs no traceback;
* every warning is a located ``designdoc`` warning (``path:line: WARNING: ...
  [designdoc.<subtype>]``) pointing into the project;
* every entry renders as a card, the known-good ones (and fuzzed ones with a
  valid, unique ID) under their IDs, and every title as exactly the text
  written: titles are inline markup, so the generated titles escape every
  ASCII punctuation character (a backslash before it, in both syntaxes), and
  must come out as the text before escaping.

The generators only produce text that is legal *markup* in the syntax at hand,
so that any warning that is not the extension's is a finding: the constraints
are the comments at each strategy.  ``DESIGNDOC_FUZZ_EXAMPLES`` raises the
number of examples for a longer run.
"""

from __future__ import annotations

import html as html_module
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_designdoc.core.kinds import (
    BUILTIN,
    BUILTIN_CHECKS,
    DEFAULT_QUALITY_LEVELS,
    parse_kind,
)
from sphinxcontrib_designdoc.core.subtypes import Subtype
from sphinxcontrib_designdoc.extension.config import DesignDocConfig

from .corpus import Entry, build, document, plain, ref, write
from .test_unset_values import assert_export_shows_only_what_was_written

EXAMPLES = int(os.environ.get("DESIGNDOC_FUZZ_EXAMPLES", "30"))

ID_PATTERN = DesignDocConfig().id_pattern

USER_KIND = {
    "prefix": "CT",
    "label": "Contract",
    "fields": {"status": ["draft", "stable"], "protocol": "text", "since": "date"},
    "links": {"implemented-by": {"targets": ["component"], "reverse": "Implements"}},
}

CONF = f"""\
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
source_suffix = {{".rst": "restructuredtext", ".md": "markdown"}}
exclude_patterns = ["_build"]
designdoc_kinds = {{"contract": {USER_KIND!r}}}
# titles are checked verbatim: no typographic quotes and dashes
smartquotes = False
"""

KINDS = {**BUILTIN, "contract": parse_kind("contract", USER_KIND)}
LEVELS = tuple(DEFAULT_QUALITY_LEVELS)

#: Entries of the other document: targets for links (existing IDs).
OTHER_IDS = ("G-KNOWN", "C-KNOWN", "D-KNOWN")
#: The known-good entries around the fuzzed ones.
BEFORE, AFTER = "G-BEFORE", "R-AFTER"
KNOWN_IDS = (*OTHER_IDS, BEFORE, AFTER)
MISSING_IDS = ("G-MISSING", "C-GONE", "X-1")

# the reports show every entry, the fuzzed ones too
INDEX = (
    "Fuzz\n====\n\n.. toctree::\n\n   main\n   other\n\n.. design-index::\n\n.. design-summary::\n"
)
OTHER = document(
    "Other",
    "rst",
    [
        Entry("goal", "Known goal", {"id": "G-KNOWN"}),
        Entry("component", "Known component", {"id": "C-KNOWN", "satisfies": "G-KNOWN"}),
        Entry("decision", "Known decision", {"id": "D-KNOWN", "affects": "C-KNOWN"}),
    ],
)

# -- strategies ----------------------------------------------------------------

# Characters of a single source line: no control characters (docutils and
# markdown-it treat several of them, like \v, \f, \x1c-\x1e and \x85, as line
# breaks, and others are not allowed in the source), no line or paragraph
# separators (U+2028, U+2029: line breaks too), no lone surrogates (they cannot
# be written as UTF-8).  Everything else, markup characters included.
LINE_CHAR = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))
MARKUP = st.sampled_from([*"<>&*`|_:[]{}()\\#'\"~!=-.,;/", "``", "**", "::", " "])


def line_text(max_size: int) -> st.SearchStrategy[str]:
    """Arbitrary one-line text, rich in markup characters, stripped.

    Leading and trailing whitespace is not part of a directive argument or an
    option value in either syntax (both strip it), so it is left out.
    """
    return st.lists(st.one_of(LINE_CHAR, MARKUP), max_size=max_size).map("".join).map(str.strip)


_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escaped(text: str) -> str:
    """Text as inline markup that shows it as it is (RST and CommonMark alike)."""
    return _PUNCTUATION.sub(r"\\\1", text)


def unescaped(markup: str) -> str:
    """What :func:`escaped` markup shows."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markup)


def title(syntax: str) -> st.SearchStrategy[str]:
    """An entry title (empty: no title argument), as markup: see :func:`escaped`."""
    text = line_text(40).map(escaped)
    if syntax == "rst":
        # In RST the argument line and the options form one block; a first line
        # that starts like a field (":name: ...") is read as the first option,
        # and a second ":id:" would be a docutils error (duplicate option).
        text = text.filter(lambda t: not t.startswith(":"))
    # In MyST the title is the info string of the fence; a backtick would end a
    # backtick fence, so such titles get a tilde fence (see corpus.myst_entry).
    return text


def value(syntax: str, *, allow_commas: bool = True) -> st.SearchStrategy[str]:
    """An arbitrary option value."""
    text = line_text(25)
    if not allow_commas:
        text = text.map(lambda t: t.replace(",", " ").strip())
    if syntax == "md":
        # MyST reads option values as a restricted YAML: a value starting with a
        # quote, "|" or ">" is a quoted or block scalar (unterminated: a MyST
        # error), and "#" at the start or after a space opens a comment (a MyST
        # warning).  RST passes option values on as raw text.
        text = text.filter(lambda t: not t.startswith(("'", '"', "|", ">", "#")))
        text = text.filter(lambda t: " #" not in t)
    return text


VALID_ID = st.from_regex(r"[A-Z][A-Z0-9]{0,3}-[A-Za-z0-9][A-Za-z0-9._-]{0,10}", fullmatch=True)


def entry_id(syntax: str) -> st.SearchStrategy[str]:
    return st.one_of(VALID_ID, st.sampled_from(KNOWN_IDS), value(syntax))


def link_list(syntax: str) -> st.SearchStrategy[str]:
    """A comma-separated list of existing, missing and malformed IDs (empty items too)."""
    item = st.one_of(
        st.sampled_from(KNOWN_IDS),
        st.sampled_from(MISSING_IDS),
        VALID_ID,
        value(syntax, allow_commas=False),
    )
    separator = st.sampled_from([", ", ",", " , ", ",,", ", ,"])
    return (
        st.lists(st.tuples(item, separator), max_size=4)
        .map(lambda items: "".join(i + s for i, s in items))
        .map(str.strip)
        .filter(lambda t: syntax != "md" or not t.startswith(("'", '"', "|", ">", "#")))
    )


def date_value(syntax: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.dates().map(lambda d: d.isoformat()),
        # digits of any script, impossible months and days
        st.from_regex(r"\d{4}-\d{1,2}-\d{1,2}", fullmatch=True),
        st.sampled_from(["2024-02-30", "2024-13-01", "0000-01-01", "2024-1-1", "20240101"]),
        value(syntax),
    )


def choice_value(choices: tuple[str, ...], syntax: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(choices),
        st.sampled_from(choices).map(str.upper),
        st.sampled_from(choices).map(str.title),
        value(syntax),
    )


@st.composite
def fuzzed_entry(draw: st.DrawFn, syntax: str) -> Entry:
    kind_name = draw(st.sampled_from(sorted(KINDS)))
    kind = KINDS[kind_name]
    strategies: dict[str, st.SearchStrategy[str]] = {
        "id": entry_id(syntax),
        "tags": value(syntax),
        "owner": value(syntax),
    }
    for fld in kind.fields:
        if fld.type == "choice":
            strategies[fld.name] = choice_value(fld.choices, syntax)
        elif fld.type == "level":
            strategies[fld.name] = choice_value(LEVELS, syntax)
        elif fld.type == "check":
            strategies[fld.name] = choice_value(BUILTIN_CHECKS, syntax)
        elif fld.type == "date":
            strategies[fld.name] = date_value(syntax)
        else:
            strategies[fld.name] = value(syntax)
    for link in kind.links:
        strategies[link.name] = link_list(syntax)
    # option names a field marker can hold in both syntaxes
    unknown = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
    for name in draw(st.lists(unknown, max_size=2)):
        strategies.setdefault(name, value(syntax))
    chosen = draw(st.lists(st.sampled_from(sorted(strategies)), unique=True))
    options = {name: draw(strategies[name]) for name in chosen}
    return Entry(kind_name, draw(title(syntax)), options)


@st.composite
def main_document(draw: st.DrawFn, syntax: str) -> tuple[list[Entry], list[str]]:
    entries = draw(st.lists(fuzzed_entry(syntax), min_size=1, max_size=3))
    # design:ref roles to existing, missing and fuzzed IDs (role targets are IDs:
    # the markup of an arbitrary role text is the parser's business)
    fuzzed_ids = [
        e.options["id"] for e in entries if re.fullmatch(ID_PATTERN, e.options.get("id", ""))
    ]
    targets = draw(
        st.lists(
            st.one_of(
                st.sampled_from(KNOWN_IDS + MISSING_IDS),
                *([st.sampled_from(fuzzed_ids)] if fuzzed_ids else []),
            ),
            max_size=3,
        )
    )
    return entries, targets


# -- building and checking -------------------------------------------------------

LOCATED = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*) \[designdoc\.(?P<subtype>\w+)\]$"
)
SUBTYPES = {s.value for s in Subtype}


@dataclass
class Project:
    srcdir: Path
    builddir: Path
    main: Path
    entries: list[Entry]


def write_project(root: Path, syntax: str, entries: list[Entry], targets: list[str]) -> Project:
    shutil.rmtree(root, ignore_errors=True)
    srcdir = root / "src"
    items: list[Entry | str] = [
        Entry("goal", "Known good before", {"id": BEFORE, "status": "accepted"}),
        *entries,
        Entry(
            "risk", "Known good after", {"id": AFTER, "mitigated-by": "C-KNOWN", "affects": BEFORE}
        ),
    ]
    if targets:
        items.append("Roles: " + ", ".join(ref(t, syntax) for t in targets) + ".")
    main = srcdir / f"main.{syntax}"
    write(srcdir / "conf.py", CONF)
    write(srcdir / "index.rst", INDEX)
    write(srcdir / "other.rst", OTHER)
    write(main, document("Main", syntax, items))
    return Project(srcdir, root / "build", main, entries)


def check_build(project: Project) -> None:
    app = build("html", project.srcdir, builddir=project.builddir, freshenv=True)
    status, warnings = plain(app.status.getvalue()), plain(app.warning.getvalue())
    for stream in (status, warnings):
        assert "Traceback" not in stream
        assert "Exception occurred" not in stream

    # a warning points at the first line of an entry (its directive), or at the
    # paragraph of roles
    source = project.main.read_text(encoding="utf-8").splitlines()
    starts = {
        number
        for number, text in enumerate(source, 1)
        if text.startswith((".. design-", ".. quality-gate::", "```{", "~~~{", "Roles: "))
    }
    other_starts = {
        number for number, text in enumerate(OTHER.splitlines(), 1) if text.startswith(".. design-")
    }
    for line in warnings.splitlines():
        match = LOCATED.match(line)
        assert match, f"not a located designdoc warning: {line!r}"
        assert match["subtype"] in SUBTYPES, line
        path = Path(match["path"])
        assert path.parent == project.srcdir, line
        if path.name == project.main.name:
            assert int(match["line"]) in starts, line
        else:
            assert path.name == "other.rst", line
            assert int(match["line"]) in other_starts, line

    html = (Path(app.outdir) / "main.html").read_text(encoding="utf-8")
    # every directive made a card; the known-good ones keep their IDs
    assert html.count('class="dd-entry ') == len(project.entries) + 2
    assert f'id="{BEFORE}"' in html
    assert f'id="{AFTER}"' in html
    assert 'id="G-KNOWN"' in (Path(app.outdir) / "other.html").read_text(encoding="utf-8")
    assert f"main.html#{AFTER}" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    # titles are shown as the text their escaped markup stands for, spaces collapsed
    shown = [
        html_module.unescape(t)
        for t in re.findall(r'<strong class="dd-title">(.*?)</strong>', html)
    ]
    assert len(shown) == len(project.entries) + 2
    for entry, shown_title in zip(project.entries, shown[1:-1], strict=True):
        if entry.title:
            assert shown_title == " ".join(unescaped(entry.title).split())
    # a fuzzed entry with a valid ID no other entry has is shown under it
    ids = [e.options.get("id", "") for e in project.entries]
    for entry_id_ in ids:
        if (
            re.fullmatch(ID_PATTERN, entry_id_)
            and ids.count(entry_id_) == 1
            and entry_id_ not in KNOWN_IDS
        ):
            assert f'id="{entry_id_}"' in html

    # nothing is exported that was not written (or declared as a kind's default)
    export = json.loads((Path(app.outdir) / "designdoc.json").read_text(encoding="utf-8"))
    assert_export_shows_only_what_was_written(project.srcdir, export)

    # the other writers take the same nodes and report the same problems
    for builder in ("text", "latex"):
        other = build(builder, project.srcdir, builddir=project.builddir / builder, freshenv=True)
        assert "Traceback" not in plain(other.status.getvalue())
        assert sorted(plain(other.warning.getvalue()).splitlines()) == sorted(warnings.splitlines())


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.parametrize("syntax", ["rst", "md"])
def test_arbitrary_entries_build(syntax: str, tmp_path: Path) -> None:
    @FUZZ_SETTINGS
    @given(main_document(syntax))
    def run(document_parts: tuple[list[Entry], list[str]]) -> None:
        entries, targets = document_parts
        check_build(write_project(tmp_path / "project", syntax, entries, targets))

    run()
