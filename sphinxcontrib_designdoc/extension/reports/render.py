"""Report content as standard docutils nodes, for one page of one builder.

Every builder writes these nodes; HTML translators get the rows of big tables
as one node of the extension's own (see :mod:`.html_rows`).  A block the core
does not know (the graph) registers how it renders in :data:`RENDERERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from docutils import nodes
from sphinx.errors import NoUri

from ...core.reports.content import (
    Block,
    Break,
    Broken,
    Bullets,
    Cell,
    Content,
    DocRef,
    Invalid,
    Item,
    Para,
    Part,
    Pill,
    Ref,
    Rich,
    Row,
    Table,
)
from ..cards import invalid_value, status_pill
from ..html_nodes import one_anchor
from ..resolve import link_to
from ..titles import title_label

if TYPE_CHECKING:
    from sphinx.builders import Builder

#: The mark of a matrix cell in HTML (other formats get an ASCII "x").
CHECK_MARK = "\u2714"
#: Widest column of a report table in the text builder, in characters.
MAX_COLUMN_WIDTH = 40


@dataclass(frozen=True)
class KeptRow(Row):
    """A body row of a big table that an earlier build rendered on the page:
    no cells, its classes, and the HTML of its cells (see :mod:`.kept_rows`)."""

    html: str = ""


class RowsWriter(Protocol):
    """Makes the body rows of a big table one node (see :mod:`.html_rows`)."""

    min_rows: int

    def node(self, rows: tuple[Row, ...]) -> nodes.Node: ...


class RenderContext:
    """Turns content parts into nodes for one page of one builder."""

    def __init__(self, builder: Builder, fromdocname: str) -> None:
        self.builder = builder
        self.fromdocname = fromdocname
        self.env = builder.env
        self.format = builder.format
        #: The report being rendered (``docname`` and ``serial`` of its spec).
        self.report = ""
        #: Makes the rows of big tables one node (HTML translators only).
        self.rows: RowsWriter | None = None
        self._ids = 0

    def begin(self, report: str) -> None:
        """Render the report ``report`` next (its IDs are counted from one, so
        they do not depend on the reports rendered before it)."""
        self.report = report
        self._ids = 0

    def new_id(self) -> str:
        """An ID unique in the page (single-page builders merge documents)."""
        self._ids += 1
        return nodes.make_id(f"dd-{self.report}-{self._ids}")

    def link(self, docname: str, targetid: str, child: nodes.Node, title: str = "") -> nodes.Node:
        if not targetid and docname == self.fromdocname:
            return child
        return link_to(self.builder, self.fromdocname, docname, targetid, child, title)

    def doc_uri(self, docname: str) -> str | None:
        """The URL of a document relative to the current page (None: it has none)."""
        try:
            return self.builder.get_relative_uri(self.fromdocname, docname)
        except NoUri:
            return None

    def uri(self, ref: Ref) -> str | None:
        """A URL relative to the current page (None where the builder has none)."""
        uri = self.doc_uri(ref.docname)
        return None if uri is None else one_anchor(f"{uri}#{ref.id}")

    def part(self, part: Part) -> nodes.Node:
        if isinstance(part, str):
            return nodes.Text(part)
        if isinstance(part, Ref):
            label: nodes.Node = (
                title_label(part.label, part.spans)
                if part.label
                else nodes.literal(part.id, part.id, classes=["dd-id"])
            )
            return self.link(part.docname, part.id, label, part.title)
        if isinstance(part, DocRef):
            return self.link(part.docname, "", nodes.Text(part.label), part.title)
        if isinstance(part, Pill):
            return status_pill(part.status)
        if isinstance(part, Broken):
            return nodes.literal(part.id, part.id, classes=[part.css_class])
        if isinstance(part, Invalid):
            return invalid_value(part.value)
        if isinstance(part, Rich):
            return title_label(part.text, part.spans)
        if isinstance(part, Break):  # outside a cell (which makes paragraphs of it)
            return nodes.Text(" ")
        # U+2714 in HTML; LaTeX (pdflatex), man and plain text get an ASCII mark
        mark = CHECK_MARK if self.format == "html" else "x"
        return nodes.inline(mark, mark, classes=["dd-mark"])

    def parts(self, parts: Iterable[Part]) -> list[nodes.Node]:
        return [self.part(p) for p in parts]


def _entry(cell: Cell, rx: RenderContext, column: tuple[str, ...] = ()) -> nodes.entry:
    entry = nodes.entry(classes=[*cell.classes, *(c for c in column if c not in cell.classes)])
    if cell.parts:
        for parts in cell.paragraphs:
            para = nodes.paragraph()
            para.extend(rx.parts(parts))
            entry += para
    return entry


def _width(cell: Cell) -> int:
    """Characters of a cell in plain text (where code is quoted: ``"G-1"``)."""
    quoted = sum(
        2 for p in cell.parts if isinstance(p, Broken) or (isinstance(p, Ref) and not p.label)
    )
    return len(cell.text) + quoted


def _column_classes(table: Table) -> list[tuple[str, ...]]:
    """The ``dd-col-*`` classes of each column, from its first body cell.

    The header cells get them too, so that a stylesheet can style a whole
    column (the verdict column of design-gates stays in view as one)."""
    width = len(table.header)
    first = next((r.cells for r in table.rows if len(r.cells) == width), ())
    return [
        tuple(c for c in first[i].classes if c.startswith("dd-col-")) if i < len(first) else ()
        for i in range(len(table.header))
    ]


def table_node(table: Table, rx: RenderContext) -> nodes.table:
    width = len(table.header)
    node = nodes.table(classes=["dd-table", "colwidths-auto", *table.classes])
    if table.caption:
        # a captioned table is an enumerable node: HTML writers want it to have an ID
        node["ids"].append(rx.new_id())
        node += nodes.title(table.caption, table.caption)
    tgroup = nodes.tgroup(cols=width)
    node += tgroup
    # widths in characters, as the RST table parser gives them (the text writer
    # wraps to them; HTML and LaTeX size the columns themselves: colwidths-auto)
    writer = rx.rows if rx.rows is not None and len(table.rows) >= rx.rows.min_rows else None
    # (a group row's one cell spans the row: it gives no column its width)
    lines = [
        table.header,
        *(() if writer else (r.cells for r in table.rows if len(r.cells) == width)),
    ]
    for i in range(width):
        longest = max(_width(cells[i]) if i < len(cells) else 0 for cells in lines)
        tgroup += nodes.colspec(colwidth=min(max(longest, 3), MAX_COLUMN_WIDTH))
    head = nodes.row()
    head.extend(
        _entry(cell, rx, column)
        for cell, column in zip(table.header, _column_classes(table), strict=True)
    )
    tgroup += nodes.thead("", head)
    body = nodes.tbody()
    if writer is not None:
        # the writer's rows have a cell per column: group rows stay nodes between them
        start = 0
        for i, row in enumerate(table.rows):
            if len(row.cells) < width and not isinstance(row, KeptRow):
                if i > start:
                    body += writer.node(table.rows[start:i])
                body += _row(row, width, rx)
                start = i + 1
        if start < len(table.rows):
            body += writer.node(table.rows[start:])
    else:
        for row in table.rows:
            body += _row(row, width, rx)
    tgroup += body
    return node


def _row(row: Row, width: int, rx: RenderContext) -> nodes.row:
    """A body row; in a row of fewer cells than columns (a matrix's group row),
    the last cell spans the rest."""
    line = nodes.row(classes=list(row.classes))
    entries = [_entry(cell, rx) for cell in row.cells]
    if entries and len(entries) < width:
        entries[-1]["morecols"] = width - len(entries)
    line.extend(entries)
    return line


def bullet_list(items: Iterable[Item], rx: RenderContext, classes: list[str]) -> nodes.Node:
    blist = nodes.bullet_list(classes=classes)
    for item in items:
        li = nodes.list_item()
        para = nodes.paragraph()
        para.extend(rx.parts(item.parts))
        li += para
        if item.children:
            li += bullet_list(item.children, rx, [])
        blist += li
    return blist


#: Block type -> how it renders, for blocks defined outside the core (the graph).
RENDERERS: dict[type[Block], Callable[[Block, RenderContext], list[nodes.Node]]] = {}


def render_block(block: Block, rx: RenderContext) -> list[nodes.Node]:
    if isinstance(block, Table):
        return [table_node(block, rx)]
    if isinstance(block, Para):
        para = nodes.paragraph(classes=list(block.classes))
        para.extend(rx.parts(block.parts))
        return [para]
    if isinstance(block, Bullets):
        return [bullet_list(block.items, rx, list(block.classes))]
    return RENDERERS[type(block)](block, rx)


def render_content(content: Content, rx: RenderContext) -> nodes.container:
    """A report's content as one container of standard nodes."""
    box = nodes.container(classes=["dd-report", f"dd-report-{content.report}"])
    for block in content.blocks:
        box.extend(render_block(block, rx))
    return box
