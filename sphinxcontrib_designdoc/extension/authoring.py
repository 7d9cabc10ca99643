"""Authoring mistakes that the parsers accept without a word and that lose
something: each is warned about where it is written.

- An entry's options that are no options (:func:`warn_misplaced_options`,
  called by the entry directive): after a blank line they start the body, and
  in RST, indented deeper than the title's lines they end up in the title.
- A MyST backtick fence whose first line holds a backtick
  (:func:`lost_fences`): CommonMark opens no fence there, so the entry is a
  paragraph, and its closing fence opens a code block that takes the rest of
  the document.  Found in the source text when it is read.
- A document named like a page that an HTML builder writes itself
  (:func:`reserved_pages`): the builder's page replaces it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder

from ..core.subtypes import Subtype
from .config import registry
from .warnings_ import Location, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..core.kinds import Kind

#: ``:name: value`` (or ``:name:``) at the start of a line: an option as written.
_OPTION_LINE = re.compile(r"^:([A-Za-z0-9][\w.-]*):(?:\s|$)")
#: ``:name:`` as a word of a title (a role has its backtick right after the colon).
_OPTION_WORD = re.compile(r"(?:^|\s):([A-Za-z0-9][\w.-]*):(?=\s|$)")


def _names(names: Sequence[str]) -> str:
    return ", ".join(f":{n}:" for n in names)


def warn_misplaced_options(
    kind: Kind, arguments: Sequence[str], content: Iterable[str], location: Location
) -> None:
    """Warn when options of ``kind`` are read as the title or as the body.

    In RST the options are the field list right under the title (its
    continuation lines too): after a blank line it is the body, indented
    deeper it is more title.  In MyST they follow the fence line directly.
    """
    known = set(kind.option_names)
    title = arguments[0] if arguments else ""
    in_title = [n for n in dict.fromkeys(_OPTION_WORD.findall(title)) if n in known]
    if in_title:
        warn(
            f"{kind.directive}: the title holds {_names(in_title)}, read as title, not as "
            "options (on the title's line, or indented deeper than the title); write the "
            "options on lines of their own right under the title, indented like the body",
            Subtype.misplaced_option,
            location,
        )
    fields = _leading_fields(content)
    if fields and fields[0] in known:
        in_body = [n for n in fields if n in known]
        warn(
            f"{kind.directive}: the body starts with {_names(in_body)}, read as text, "
            "not as options (a blank line separates them from the title); "
            "write the options right under the title",
            Subtype.misplaced_option,
            location,
        )


def _leading_fields(content: Iterable[str]) -> list[str]:
    """The field names of the field list the content starts with, if it does."""
    names: list[str] = []
    lines = iter(content)
    for line in lines:
        if line.strip():
            break
    else:
        return names
    while True:
        match = _OPTION_LINE.match(line)
        if match:
            names.append(match[1])
        elif not (names and line[:1].isspace()):  # not a field's continuation line
            break
        line = next(lines, "")
        if not line.strip():
            break
    return list(dict.fromkeys(names))


# -- MyST backtick fences ----------------------------------------------------------

#: A line that may open or close a fence: the indentation (also of a list item
#: or a block quote), the fence, the rest of the line (the info string).
_FENCE = re.compile(r"^[ \t>]*?(`{3,}|~{3,})(.*)$")
_DIRECTIVE = re.compile(r"\s*\{([^{}\s]+)\}")
#: Directives whose content is not Markdown (a fence in it is text).
_LITERAL = frozenset({"code-block", "code", "code-cell", "sourcecode", "eval-rst", "math"})


def lost_fences(text: str, directives: Collection[str]) -> Iterator[tuple[int, str]]:
    """(line number, directive) of every backtick fence line of ``text`` that
    opens one of ``directives`` (or any ``design-*`` one: the reports) and holds
    a backtick after the fence: CommonMark takes it for a paragraph.  Lines in
    code blocks are text, not fences."""
    # (fence character, fence length, whether the content is literal) of the
    # fences open at the line; a lost directive fence counts as open, as meant,
    # so that its closing line is not taken for an opening one
    fences: list[tuple[str, int, bool]] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line)
        if match is None:
            continue
        fence, info = match.groups()
        if fences:
            char, length, literal = fences[-1]
            if fence[0] == char and len(fence) >= length and not info.strip():
                fences.pop()
                continue
            if literal:
                continue
        directive = _DIRECTIVE.match(info)
        name = directive[1].lower() if directive else None
        if fence[0] == "`" and "`" in info:
            if name is None:
                continue  # no fence, nor meant as one
            if name in directives or name.startswith("design-"):
                yield number, name
        fences.append((fence[0], len(fence), name is None or name in _LITERAL))


def _is_markdown(app: Sphinx, docname: str) -> bool:
    path = str(app.env.doc2path(docname))
    suffixes = [s for s in app.config.source_suffix if path.endswith(s)]
    return bool(suffixes) and app.config.source_suffix[max(suffixes, key=len)] == "markdown"


def _warn_lost_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    directives = {kind.directive.lower() for kind in registry(app.config).kinds.values()}
    # cheap first: most sources hold none of the directives
    markers = {"{design-"} | {"{" + d for d in directives if not d.startswith("design-")}
    if not any(marker in text for marker in markers) or not _is_markdown(app, docname):
        return
    for line, directive in lost_fences(text, directives):
        warn(
            f"{{{directive}}}: a backtick fence whose first line holds a backtick is no fence "
            "in Markdown: the directive is lost, and its closing fence starts a code block; "
            "open it with ~~~ (or ::: with the colon_fence extension)",
            Subtype.backtick_fence,
            (docname, line),
        )


# -- documents named like a page of the HTML builder ---------------------------------


def reserved_pages(app: Sphinx, builder: Builder) -> dict[str, str]:
    """Page name -> what it is, of the pages ``builder`` writes besides the
    documents, over a document of the same name (none for builders that write
    no such page or one page in all)."""
    if not isinstance(builder, StandaloneHTMLBuilder) or isinstance(builder, SingleFileHTMLBuilder):
        return {}
    pages = dict.fromkeys(app.config.html_additional_pages, "a page of html_additional_pages")
    if builder.search:
        pages["search"] = "the search page"
    if builder.use_index:
        pages["genindex"] = "the general index"
        if app.config.html_split_index:
            pages["genindex-all"] = "the general index"
    enabled = app.config.html_domain_indices
    if enabled:
        for domain in app.registry.domains.values():
            for index in domain.indices:
                name = f"{domain.name}-{index.name}"
                if enabled is True or name in enabled:
                    pages[name] = f"the {index.localname}"
    return pages


def _warn_reserved_docnames(app: Sphinx, env: BuildEnvironment) -> None:
    pages = reserved_pages(app, app.builder)
    for docname in sorted(env.found_docs & pages.keys()):
        warn(
            f"the {app.builder.name} builder writes {pages[docname]} as {docname!r}, "
            "over this document; rename the document",
            Subtype.reserved_docname,
            docname,
        )


def setup_authoring(app: Sphinx) -> None:
    app.connect("source-read", _warn_lost_fences)
    # every build, once the documents are known (also when none was read), and
    # after replay stopped holding back the warnings of the documents being read
    app.connect("env-updated", _warn_reserved_docnames, priority=600)
