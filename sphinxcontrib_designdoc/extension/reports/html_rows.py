"""The body rows of big report tables, written as HTML text (see :mod:`..html_text`).

A report of thousands of rows is hundreds of thousands of nodes; for HTML
builders the body rows of a table of at least :attr:`HtmlRows.min_rows` rows go
into one ``raw`` node instead.  The header stays nodes, so the theme's translator
still opens the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..cards import INVALID_NOTE, css_token
from ..html_text import HtmlText, class_attr, code, matches_translator, text, writes_alike
from .base import (
    CHECK_MARK,
    Broken,
    Cell,
    DocRef,
    Invalid,
    Mark,
    Part,
    Pill,
    Ref,
    RenderContext,
    Row,
    Table,
    table_node,
)


class HtmlRows:
    """Writes table rows for one page of one HTML builder."""

    #: Tables with fewer body rows are left as nodes (they cost little).
    min_rows = 50

    def __init__(self, rx: RenderContext) -> None:
        self.rx = rx
        self.html = HtmlText(rx.builder, rx.fromdocname)

    def part(self, part: Part) -> str:
        if isinstance(part, str):
            return text(part)
        if isinstance(part, Ref):
            inner = text(part.label) if part.label else code(part.id, "dd-id")
            return self.html.link(part.docname, part.id, inner, part.title)
        if isinstance(part, DocRef):
            return self.html.link(part.docname, "", text(part.title), part.title)
        if isinstance(part, Pill):
            cls = f"dd-status dd-status-{css_token(part.status)}"
            return f'<span class="{cls}">{text(part.status)}</span>'
        if isinstance(part, Broken):
            return code(part.id, part.css_class)
        if isinstance(part, Invalid):
            return (
                f'<span class="dd-invalid"><span class="dd-invalid-value">{text(part.value)}'
                f'</span> <span class="dd-invalid-note">{text(INVALID_NOTE)}</span></span>'
            )
        return f'<span class="dd-mark">{CHECK_MARK}</span>'

    def rows(self, rows: Iterable[Row], first: int) -> str:
        """The ``<tr>`` elements of ``rows``; ``first``: the table's row count so
        far (header rows), on which the odd/even classes go on."""
        out = []
        for number, row in enumerate(rows, first + 1):
            parity = "row-even" if number % 2 == 0 else "row-odd"
            cells = []
            for cell in row.cells:
                inner = "".join(self.part(p) for p in cell.parts)
                body = f"<p>{inner}</p>" if cell.parts else ""
                cells.append(f"<td{class_attr(cell.classes)}>{body}</td>\n")
            out.append(f"<tr{class_attr([*row.classes, parity])}>{''.join(cells)}</tr>\n")
        return "".join(out)


def _sample_rows(rx: RenderContext) -> tuple[Row, ...]:
    """Two rows holding every kind of part, with characters that are escaped."""
    here, other = rx.fromdocname, f"{rx.fromdocname}-other"
    odd = 'a&b <c> "d" @e\tf\ng'
    hidden = Broken("Z", hidden=True)
    return (
        Row(
            (
                Cell((Ref("X-1", here, odd), ", ", Ref("X 2", other, "T")), ("dd-col-id",)),
                Cell((Ref("X-3", other, "", odd), DocRef(other, odd), DocRef(here, "T"))),
                Cell((Pill("in review"), " ", Broken("Y  9"), Mark(), Invalid(odd), hidden)),
            ),
            ("dd-kind-goal",),
        ),
        Row((Cell((odd,)), Cell(), Cell((Mark(),), ("dd-col-x",)))),
    )


def _tbody(html: str) -> str:
    start = html.find("<tbody>\n")
    end = html.find("</tbody>")
    return html[start + len("<tbody>\n") : end] if 0 <= start < end else ""


def rows_writer(rx: RenderContext) -> HtmlRows | None:
    """Who writes big tables' rows for this page; None: they stay nodes."""

    def check() -> bool | None:
        rows = _sample_rows(rx)
        table = Table(header=(Cell(("A",)), Cell(("B",)), Cell(("C",))), rows=rows)
        return matches_translator(
            rx.builder, table_node(table, rx), HtmlRows(rx).rows(rows, 1), _tbody
        )

    return HtmlRows(rx) if writes_alike(rx.builder, "rows", check) else None
