"""Markdown pieces: escaping, code, links, tables, the frame of a report, and
the content of a report (:func:`content_lines`).

Text from the documents is escaped, so a title cannot break a table or inject
markup, and cannot mention a user or link an issue when pasted into a pull
request.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..core.model import INVALID_NOTE, Entry
from ..core.reports.columns import plural as plural_of
from ..core.reports.content import (
    Break,
    Broken,
    Bullets,
    Content,
    DocRef,
    Invalid,
    Item,
    Mark,
    Para,
    Part,
    Pill,
    Ref,
    Rich,
    Row,
    Table,
)
from ..core.richtext import CODE, EMPHASIS, STRONG, Span
from .load import Export

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# Pasted into a pull request or a job summary, "@name" notifies a user or team,
# "#123" (also "org/repo#123") and GitLab's "!123" link an issue or merge request.
# A zero-width space after the sign breaks the reference and shows the same text.
# It is written as the entity "&#8203;", which GitHub and GitLab both render as
# U+200B (a literal U+200B cannot be seen in the Markdown source, and tools may
# strip it).  A backslash (``\@``) is gone before the mentions are looked for, and
# a code span would change how the text looks.
_REFERENCE = re.compile(r"(?<![A-Za-z0-9])@(?=[A-Za-z0-9])|#(?=[0-9])|(?<![A-Za-z0-9])!(?=[0-9])")
_ZERO_WIDTH_SPACE = r"\g<0>&#8203;"


def escape(text: str) -> str:
    """Plain text as inline Markdown: one line, with markup characters escaped,
    and ``@name``, ``#123`` and ``!123`` kept from becoming mentions and links."""
    return _REFERENCE.sub(_ZERO_WIDTH_SPACE, escape_markup(text))


def escape_markup(text: str) -> str:
    """Plain text as inline Markdown, with markup characters escaped only: for a
    Markdown source a person goes on editing, not for a comment or a summary."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """Text as a code span (safe inside a table cell)."""
    text = " ".join(text.split()).replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def link(label: str, url: str) -> str:
    return f"[{label}]({url})" if url else label


def ref(export: Export, entry_id: str) -> str:
    """An entry's ID as code, linked to its page when the export has a base URL."""
    entry = export.by_id.get(entry_id)
    return link(code(entry_id), export.entry_url(entry) if entry else "")


def refs(export: Export, ids: Iterable[str]) -> str:
    return ", ".join(ref(export, i) for i in ids)


def doc_link(export: Export, docname: str, label: str = "") -> str:
    """A link to a document, showing ``label`` (by default its title)."""
    return link(escape(label or export.doc_title(docname)), export.doc_url(docname))


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub-flavoured Markdown table (not padded: comments have a size limit)."""

    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    return [row(header), row(["---"] * len(header)), *(row(r) for r in rows)]


def counts(export: Export, entries: Sequence[Entry], field: str = "status") -> str:
    """``2 open, 1 mitigated``: values of ``field``, in the order the kind lists them."""
    found = Counter(e.get(field) for e in entries if e.get(field))
    order: list[str] = []
    for name in dict.fromkeys(e.kind for e in entries):
        kind = export.registry.kinds.get(name)
        fld = kind.field(field) if kind else None
        order.extend(fld.choices if fld else ())
    order.extend(sorted(found))
    return ", ".join(f"{found[value]} {value}" for value in dict.fromkeys(order) if found[value])


def plural(n: int, word: str) -> str:
    """``"2 open questions"``."""
    return f"{n} {plural_of(word, n)}"


def document(title: str, intro: Sequence[str], *blocks: Sequence[str]) -> str:
    lines = [f"# {title}", "", *intro]
    for block in blocks:
        if block:
            lines += ["", *block]
    return "\n".join(lines).rstrip() + "\n"


# -- report content --------------------------------------------------------------

#: The mark of a matrix cell where a link exists.
CHECK_MARK = "\u2714"


def part_markdown(export: Export, part: Part) -> str:
    """One part of a report's content as inline Markdown."""
    if isinstance(part, str):
        return _spaced(part)
    if isinstance(part, Ref):
        if not part.label:
            return ref(export, part.id)
        entry = export.by_id.get(part.id)
        label = rich(part.spans) if part.spans else escape(part.label)
        return link(label, export.entry_url(entry) if entry else "")
    if isinstance(part, DocRef):
        return doc_link(export, part.docname, part.label)
    if isinstance(part, Pill):
        return escape(part.status)
    if isinstance(part, Broken):
        return code(part.id)
    if isinstance(part, Invalid):
        return f"{escape(part.value)} {escape(INVALID_NOTE)}"
    if isinstance(part, Rich):
        return rich(part.spans)
    if isinstance(part, Break):  # paragraphs in a table cell
        return "<br><br>"
    assert isinstance(part, Mark)
    return CHECK_MARK


def _spaced(text: str) -> str:
    """Text escaped, keeping a space at either end (", ")."""
    escaped = escape(text)
    start = " " if text[:1].isspace() else ""
    return start + escaped + (" " if escaped and text[-1:].isspace() else "")


def rich(spans: Iterable[Span]) -> str:
    """A marked-up title as inline Markdown: code keeps its ticks, emphasis and
    strong text their stars; a link shows its text (titles are links here)."""
    shown = []
    for style, text, _ in spans:
        if style == CODE:
            shown.append(code(text))
        elif style in (EMPHASIS, STRONG):
            stars = "*" if style == EMPHASIS else "**"
            shown.append(f"{stars}{escape(text)}{stars}")
        else:
            shown.append(_spaced(text))
    return "".join(shown)


def title(entry: Entry) -> str:
    """An entry's title as inline Markdown, with its markup (see :func:`rich`)."""
    return rich(entry.title_spans) if entry.title_spans else escape(entry.title)


def _inline(export: Export, parts: Iterable[Part]) -> str:
    return "".join(part_markdown(export, p) for p in parts)


def _items(export: Export, items: Iterable[Item], depth: int = 0) -> list[str]:
    lines = []
    for item in items:
        lines.append(f"{'  ' * depth}- {_inline(export, item.parts)}")
        lines += _items(export, item.children, depth + 1)
    return lines


def _row_cells(export: Export, row: Row, width: int) -> list[str]:
    """A table row's cells as Markdown; a row of fewer cells (a matrix's group
    row, which other formats span over the row) is bold, and padded."""
    cells = [_inline(export, c.parts) for c in row.cells]
    if len(cells) < width:
        cells = [f"**{c}**" if c else c for c in cells] + [""] * (width - len(cells))
    return cells


def content_lines(export: Export, content: Content) -> list[str]:
    """A report's content as Markdown lines: paragraphs, tables (a caption
    as a bold line above its table) and lists, a blank line between blocks."""
    lines: list[str] = []
    for block in content.blocks:
        if lines:
            lines.append("")
        if isinstance(block, Para):
            lines.append(_inline(export, block.parts))
        elif isinstance(block, Table):
            if block.caption:
                lines += [f"**{escape(block.caption)}**", ""]
            header = [_inline(export, c.parts) for c in block.header]
            rows = (_row_cells(export, row, len(header)) for row in block.rows)
            lines += table(header, rows)
        elif isinstance(block, Bullets):
            lines += _items(export, block.items)
    return lines
