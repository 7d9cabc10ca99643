"""Every design-document example of the README and the docs builds with ``-W``.

A newcomer copies the examples into a Sphinx project; each must then build
without a warning.  The examples are read from the text the reader reads:

- ``README.md``: fenced ``rst``, ``markdown`` and ``md`` blocks;
- ``docs/**/*.rst``: ``.. code-block::`` blocks of ``rst``, ``markdown`` and ``md``;

and those holding a design directive (``design-...`` or ``quality-gate``, in
either syntax) are built.  They are grouped the way a reader copies them:

- a block whose prose just above names a file (``search-service.rst``,
  ``indexing.md``) is that file, and the named files of one source form one
  project (the quick starts link across their files);
- any other block is a project of its own, with one page (a title above it if
  it has none: the reader pastes it into a page that has one).

A ``python`` block that only sets ``designdoc_*`` values (such as the
``designdoc_kinds`` that an example of a new kind needs) is ``conf.py`` code
for the examples of its section: the prose puts it there for them.

Each project gets a ``conf.py`` like the quick start's (``myst_parser`` only
when it has Markdown), a fixed build date and a root page with a toctree of its
pages.  It is built for HTML: any warning fails the test, with the warnings as
the message, and so does an entry missing from its page.

A block that deliberately shows only part of a document says so, visibly, on
the line before it: ``.. example: fragment -- <reason>`` in RST, ``<!--
example: fragment -- <reason> -->`` in Markdown.  A fragment is still built on
its own; it may name entries and files it does not show (the warnings
``designdoc.unknown_ref`` and ``designdoc.evidence``), nothing else, and a
marker on a block that builds cleanly fails too, so none is left behind.
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from .conftest import REPO, entry_divs, read_page
from .corpus import build, plain, write

#: The build date of every example project (reports show ages from it).
TODAY = "2025-06-01"

#: Where the examples are read from, relative to the repository.
SOURCES = [
    "README.md",
    *sorted(
        path.relative_to(REPO).as_posix()
        for path in (REPO / "docs").rglob("*.rst")
        if path.relative_to(REPO / "docs").parts[0] not in {"_build", "_evidence"}
    ),
]

#: The block languages that are documents, and the suffix of their page.
SUFFIX = {"rst": ".rst", "markdown": ".md", "md": ".md"}

#: A design directive (a built-in kind, a project's own kind or a report), RST or MyST.
_DIRECTIVE = re.compile(
    r"^\s*(?:\.\. (?:design-[\w-]+|quality-gate)::|(?:```|~~~)\{(?:design-[\w-]+|quality-gate)\})",
    re.MULTILINE,
)
#: A file name written as code in the prose: `search.rst` or ``search.rst``.
_FILE_NAME = re.compile(r"``?([\w.-]+\.(?:rst|md))``?")
#: The marker line before a block, in RST or in Markdown.
_MARKER = re.compile(r"^(?:\.\. example: (?P<rst>.*)|<!-- example: (?P<md>.*) -->)$")
#: What a marker may say.
_MARKER_TEXT = re.compile(r"^fragment -- (?P<reason>\S.*)$")
#: The warnings a fragment may give: it names entries and files it does not show.
FRAGMENT_MAY_WARN = ("[designdoc.unknown_ref]", "[designdoc.evidence]")


@dataclass(frozen=True)
class Block:
    """One code block of a source, with what the prose around it says."""

    source: str  # relative to the repository: "README.md", "docs/getting-started.rst"
    line: int  # 1-based, of the fence or of the ``code-block`` directive
    language: str
    text: str
    section: str  # the title of the section the block is in
    file_name: str  # the file the prose just above names, or ""
    fragment: str  # the reason its marker gives, or "" when it has none

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    @property
    def is_design_example(self) -> bool:
        return self.language in SUFFIX and bool(_DIRECTIVE.search(self.text))

    @property
    def design_settings(self) -> str:
        """The block's text if it is ``conf.py`` code setting only ``designdoc_*`` values."""
        if self.language != "python":
            return ""
        try:
            statements = ast.parse(self.text).body
        except SyntaxError:  # a sketch, not code
            return ""

        def sets_designdoc_value(node: ast.stmt) -> bool:
            targets = node.targets if isinstance(node, ast.Assign) else []
            return bool(targets) and all(
                isinstance(t, ast.Name) and t.id.startswith("designdoc_") for t in targets
            )

        return self.text if statements and all(map(sets_designdoc_value, statements)) else ""


# -- reading the blocks ----------------------------------------------------------


def _prose_above(lines: list[str], index: int, is_prose: re.Pattern[str]) -> tuple[str, str]:
    """(the marker, the paragraph) just above line ``index``, each "" when absent."""
    i = index - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    marker = ""
    if i >= 0 and (match := _MARKER.match(lines[i])):
        marker = match["rst"] if match["rst"] is not None else match["md"]
        i -= 1
        while i >= 0 and not lines[i].strip():
            i -= 1
    paragraph: list[str] = []
    while i >= 0 and lines[i].strip() and is_prose.match(lines[i]):
        paragraph.insert(0, lines[i])
        i -= 1
    return marker, "\n".join(paragraph)


def _block(
    source: str, line: int, language: str, text: str, section: str, marker: str, prose: str
) -> Block:
    names = _FILE_NAME.findall(prose)
    fragment = ""
    if marker:
        match = _MARKER_TEXT.match(marker.strip())
        assert match, f"{source}:{line}: a marker says 'fragment -- <reason>', not {marker!r}"
        fragment = match["reason"]
    return Block(source, line, language, text, section, names[-1] if names else "", fragment)


#: A fence of a Markdown code block, with its info string.
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
#: A paragraph line of Markdown prose: not a fence, a table row or a comment.
_MARKDOWN_PROSE = re.compile(r"^(?!```|~~~|\||<!--)")


def markdown_blocks(source: str, text: str) -> Iterator[Block]:
    """The fenced code blocks of a Markdown file (a heading inside a block is code)."""
    lines = text.splitlines()
    section = ""
    i = 0
    while i < len(lines):
        if heading := re.match(r"^#{1,6} (.+)$", lines[i]):
            section = heading[1].strip()
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening["fence"]
        closing = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = i + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        marker, prose = _prose_above(lines, i, _MARKDOWN_PROSE)
        language = (opening["info"].split() or [""])[0]
        body = "\n".join(lines[i + 1 : end]) + "\n"
        yield _block(source, i + 1, language, body, section, marker, prose)
        i = end + 1


#: A ``code-block`` directive (its indentation and language).
_CODE_BLOCK = re.compile(r"^(?P<indent>\s*)\.\. code-block:: (?P<language>\S+)\s*$")
#: The underline of an RST section title.
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1+\s*$")
#: A paragraph line of RST prose: unindented, not explicit markup.
_RST_PROSE = re.compile(r"^(?!\s|\.\. )")


def rst_blocks(source: str, text: str) -> Iterator[Block]:
    """The ``code-block`` blocks of an RST file, their content dedented."""
    lines = text.splitlines()
    section = ""
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and not line[0].isspace() and _UNDERLINE.match(below):
            section = line.strip()
        directive = _CODE_BLOCK.match(line)
        if not directive:
            continue
        indent = len(directive["indent"])
        end = i + 1
        # the directive's options, then its content: the lines indented more than it
        while end < len(lines) and (
            not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
        ):
            end += 1
        start = i + 1
        while start < end and lines[start].strip().startswith(":"):
            start += 1
        body = textwrap.dedent("\n".join(lines[start:end])).strip("\n") + "\n"
        marker, prose = _prose_above(lines, i, _RST_PROSE)
        yield _block(source, i + 1, directive["language"], body, section, marker, prose)


def blocks(source: str, text: str) -> list[Block]:
    read = markdown_blocks if source.endswith(".md") else rst_blocks
    return list(read(source, text))


# -- grouping them into projects -------------------------------------------------


@dataclass
class Example:
    """A project a reader copies together: its pages, its conf.py settings from
    the docs, and why it is a fragment ("" when it is not)."""

    id: str
    pages: dict[str, str] = field(default_factory=dict)  # file name -> text
    where: dict[str, str] = field(default_factory=dict)  # file name -> "source:line"
    settings: list[str] = field(default_factory=list)
    fragment: str = ""

    def add(self, name: str, block: Block) -> None:
        assert name not in self.pages, f"{block.where}: a second {name} ({self.where[name]})"
        assert Path(name).suffix == SUFFIX[block.language], (
            f"{block.where}: the prose names {name}, but the block is {block.language}"
        )
        self.pages[name] = block.text
        self.where[name] = block.where
        self.fragment = self.fragment or block.fragment


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "top"


def examples(source: str, text: str) -> list[Example]:
    """The design examples of one source, grouped into the projects a reader builds."""
    source_blocks = blocks(source, text)
    named = Example(source)
    found: list[Example] = []
    of_section: dict[str, list[Example]] = {}
    count: Counter[str] = Counter()
    for block in source_blocks:
        if not block.is_design_example:
            assert not block.fragment, f"{block.where}: a marker on a block that is no example"
            continue
        if block.file_name:
            example = named
            example.add(block.file_name, block)
        else:
            count[block.section] += 1
            n = count[block.section]
            example = Example(f"{source}#{_slug(block.section)}" + (f"-{n}" if n > 1 else ""))
            example.add("example" + SUFFIX[block.language], block)
            found.append(example)
        in_section = of_section.setdefault(block.section, [])
        if all(other is not example for other in in_section):
            in_section.append(example)
    if named.pages:
        named.id = f"{source}:{'+'.join(named.pages)}"
        found.insert(0, named)
    for block in source_blocks:
        if block.design_settings:
            for example in of_section.get(block.section, []):
                example.settings.append(f"# {block.where}\n{block.design_settings}")
    return found


EXAMPLES = [e for source in SOURCES for e in examples(source, (REPO / source).read_text("utf-8"))]


def _example(example_id: str) -> Example:
    found = [e for e in EXAMPLES if e.id == example_id]
    assert found, f"no example {example_id}; there are {[e.id for e in EXAMPLES]}"
    return found[0]


# -- building them ---------------------------------------------------------------


def with_title(name: str, text: str) -> str:
    """``text``, with a title above it unless it starts with one."""
    lines = text.lstrip("\n").splitlines()
    if name.endswith(".md"):
        titled = bool(lines) and lines[0].startswith("# ")
        return text if titled else f"# Example\n\n{text}"
    titled = len(lines) > 1 and bool(lines[0].strip()) and bool(_UNDERLINE.match(lines[1]))
    return text if titled else f"Example\n=======\n\n{text}"


def build_example(example: Example, srcdir: Path) -> SphinxTestApp:
    """Write ``example`` as a project into ``srcdir`` and build it for HTML."""
    markdown = any(name.endswith(".md") for name in example.pages)
    extensions = ["myst_parser"] if markdown else []
    conf = [
        f"extensions = {[*extensions, 'sphinxcontrib_designdoc']!r}",
        'project = "Example"',
        'exclude_patterns = ["_build"]',
        f"designdoc_today = {TODAY!r}",
        *example.settings,
    ]
    write(srcdir / "conf.py", "\n".join(conf) + "\n")
    toctree = "".join(f"   {Path(name).stem}\n" for name in example.pages)
    write(srcdir / "index.rst", f"Examples\n========\n\n.. toctree::\n\n{toctree}")
    for name, text in example.pages.items():
        write(srcdir / name, with_title(name, text))
    return build("html", srcdir)


def _warnings(app: SphinxTestApp) -> list[str]:
    text = plain(app.warning.getvalue()).replace(f"{Path(app.srcdir).as_posix()}/", "")
    return [line for line in text.splitlines() if line.strip()]


def _missing_entries(app: SphinxTestApp) -> list[str]:
    """The entries of the export that are not on their page (as a page of Sphinx's
    own would hide them: the HTML builder writes its search page as search.html)."""
    outdir = Path(app.outdir)
    entries = json.loads((outdir / "designdoc.json").read_text("utf-8"))["entries"]
    return [
        f"{entry['id']} is not on {entry['target']}"
        for entry in entries
        if entry["id"]
        not in entry_divs((outdir / entry["target"].split("#")[0]).read_text("utf-8"))
    ]


@pytest.mark.parametrize("example", [pytest.param(e, id=e.id) for e in EXAMPLES])
def test_example_builds_without_warnings(example: Example, tmp_path: Path) -> None:
    app = build_example(example, tmp_path / "src")
    warnings = _warnings(app)
    where = ", ".join(f"{name} ({line})" for name, line in example.where.items())
    if example.fragment:
        assert warnings, f"the fragment {where} builds cleanly: remove its marker"
        warnings = [line for line in warnings if not line.endswith(FRAGMENT_MAY_WARN)]
    assert not warnings, f"the example {where} does not build with -W:\n" + "\n".join(warnings)
    missing = _missing_entries(app)
    assert not missing, f"the example {where}: " + "; ".join(missing)


# -- the quick start ---------------------------------------------------------------

QUICK_START = "README.md:search-service.rst+indexing.md"
GETTING_STARTED = "docs/getting-started.rst:search-service.rst+indexing.md+status.rst"


def test_readme_and_getting_started_show_the_same_quick_start() -> None:
    readme, docs = _example(QUICK_START), _example(GETTING_STARTED)
    assert {name: docs.pages[name] for name in readme.pages} == readme.pages
    assert not readme.fragment
    assert not docs.fragment


def test_quick_start_cards_show_what_the_readme_says(tmp_path: Path) -> None:
    """ "The goal lists Satisfied by: C-indexer Indexer, C-planner Query planner, ...;
    the planner shows Affected by: Q-fuzzy", and the indexer is required by it."""
    app = build_example(_example(QUICK_START), tmp_path / "src")
    cards = entry_divs(read_page(app, "search-service")) | entry_divs(read_page(app, "indexing"))
    text = {eid: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", div)) for eid, div in cards.items()}
    assert "Satisfied by : C-indexer Indexer , C-planner Query planner" in text["G-fast-search"]
    assert "Affected by : Q-fuzzy" in text["C-planner"]
    assert "Required by : C-planner Query planner" in text["C-indexer"]


# -- reading the examples --------------------------------------------------------


def test_examples_are_grouped_as_the_prose_says() -> None:
    readme = """\
## Start

The first, `a.rst`:

```rst
.. design-goal:: A
   :id: G-a
```

## Kinds

```python
designdoc_checks = ["load-test"]
```

<!-- example: fragment -- links to G-b -->
````markdown
# Not a heading

```{design-goal} B
:satisfies: G-b
```
````

```text
.. design-goal:: not an example
```
"""
    start, kinds = examples("README.md", readme)
    assert (start.id, start.pages, start.settings) == (
        "README.md:a.rst",
        {"a.rst": ".. design-goal:: A\n   :id: G-a\n"},
        [],
    )
    assert kinds.id == "README.md#kinds"
    assert kinds.pages["example.md"].startswith("# Not a heading\n\n```{design-goal} B")
    assert kinds.settings == ['# README.md:12\ndesigndoc_checks = ["load-test"]\n']
    assert kinds.fragment == "links to G-b"

    docs = """\
Page
====

Reports, ``status.rst``:

.. code-block:: rst
   :caption: status

   .. design-matrix::
      :rows: goal
"""
    (status,) = examples("docs/page.rst", docs)
    assert status.pages == {"status.rst": ".. design-matrix::\n   :rows: goal\n"}
    assert status.where == {"status.rst": "docs/page.rst:6"}
