"""The body rows of big report tables as one node for HTML translators.

A report of thousands of rows is hundreds of thousands of nodes; where the
builder's translator writes compact nodes (see :mod:`..html_nodes`), the body
rows of a table of at least :attr:`HtmlRows.min_rows` rows are one
:class:`~..html_nodes.report_rows` node instead.  The header stays nodes, so the
theme's translator still opens the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...core.model import INVALID_NOTE
from ...core.reports.content import Break, Broken, DocRef, Invalid, Part, Pill, Ref, Rich, Row
from ...core.text import css_token
from ..html_nodes import (
    Code,
    PageLinks,
    ParagraphBreak,
    Piece,
    RowData,
    Span,
    compact_html,
    report_rows,
    rows_node,
    title_pieces,
)
from .render import CHECK_MARK, KeptRow, RenderContext

_INVALID_NOTE = Span(("dd-invalid-note",), (INVALID_NOTE,))
_MARK = Span(("dd-mark",), (CHECK_MARK,))


class HtmlRows:
    """Makes the rows node of big tables for one page of one HTML builder."""

    #: Tables with fewer body rows are left as nodes (they cost little).
    min_rows = 50

    def __init__(self, rx: RenderContext) -> None:
        self.links = PageLinks(rx.builder, rx.fromdocname)
        self._pieces: dict[Part, Piece] = {}

    def piece(self, part: Part) -> Piece:
        """A part as :meth:`.render.RenderContext.part` shows it in HTML."""
        if isinstance(part, str):
            return part
        if isinstance(part, Ref):
            label: Piece = part.label or Code(part.id, "dd-id")
            if part.spans:
                (label,) = title_pieces(part.label, part.spans)
            return self.links.link(part.docname, part.id, part.title, label)
        if isinstance(part, DocRef):
            return self.links.link(part.docname, "", part.title, part.label)
        if isinstance(part, Pill):
            return Span(("dd-status", f"dd-status-{css_token(part.status)}"), (part.status,))
        if isinstance(part, Broken):
            return Code(part.id, part.css_class)
        if isinstance(part, Invalid):
            value = Span(("dd-invalid-value",), (part.value,))
            return Span(("dd-invalid",), (value, " ", _INVALID_NOTE))
        if isinstance(part, Rich):
            (rich,) = title_pieces(part.text, part.spans)
            return rich
        if isinstance(part, Break):
            return ParagraphBreak()
        return _MARK

    def node(self, rows: Iterable[Row]) -> report_rows:
        known = self._pieces

        def piece(part: Part) -> Piece:  # the same part, the same piece (parts repeat)
            found = known.get(part)
            if found is None:
                found = known[part] = self.piece(part)
            return found

        data: tuple[RowData, ...] = tuple(
            (row.classes, row.html)
            if isinstance(row, KeptRow)
            else (
                row.classes,
                tuple((cell.classes, tuple(piece(p) for p in cell.parts)) for cell in row.cells),
            )
            for row in rows
        )
        return rows_node(data)


def rows_writer(rx: RenderContext) -> HtmlRows | None:
    """Who makes big tables' rows node for this page; None: they stay nodes."""
    return HtmlRows(rx) if compact_html(rx.builder, report_rows) else None
