"""``design-matrix``: a traceability matrix between two kinds.

::

    .. design-matrix::
       :rows: goal
       :columns: component
       :link: satisfies

A mark where a link exists, a last column counting the links of each row, and
a line such as "5 of 6 goals covered."  Rows without a link get the class
``dd-uncovered`` and say "not covered" (visible in every builder).  The link
may go either way: the kinds registry says which kind has the link field.
``:link:`` may be left out when exactly one link field joins the two kinds.
``:filter:`` applies to the rows.

A grid wider than ``:max-columns:`` (default 40) cannot be read on a page, so
the report then lists, for each row, the entries it is linked to, with the
same coverage column and summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..filters import Filter
from ..kinds import Registry
from .columns import column_cell, joined, plural
from .content import Cell, Content, Mark, Para, Row, Table, no_match
from .query import Query, QueryError, ReportContext


@dataclass(frozen=True)
class MatrixQuery(Query):
    report: ClassVar[str] = "matrix"

    rows: str
    columns: str
    link: str
    #: True: row entries hold the link to column entries; False: the reverse.
    forward: bool
    filter: Filter | None = None
    max_columns: int = 40

    def compute(self, cx: ReportContext) -> Content:
        rows = cx.select((self.rows,), self.filter)
        if not rows:
            return no_match(self.report)
        columns = cx.select((self.columns,))
        column_ids = {c.id for c in columns}
        linked: dict[str, set[str]] = {r.id: set() for r in rows}
        if self.forward:
            for r in rows:
                linked[r.id].update(t for t in r.targets(self.link) if t in column_ids)
        else:
            for c in columns:
                for t in c.targets(self.link):
                    if t in linked:
                        linked[t].add(c.id)
        row_label = cx.registry.kinds[self.rows].label
        grid = len(columns) <= self.max_columns
        if grid:
            targets = tuple(Cell((cx.ref(c),), ("dd-col-target",)) for c in columns)
        else:
            targets = (Cell((cx.registry.kinds[self.columns].label,)),)
            by_id = {c.id: c for c in columns}
            position = {c.id: i for i, c in enumerate(columns)}
        head = (Cell(("ID",)), Cell((row_label,)), *targets, Cell(("Coverage",)))
        lines = []
        for r in rows:
            count = len(linked[r.id])
            if grid:
                marks = tuple(
                    Cell((Mark(),), ("dd-mark-cell",)) if c.id in linked[r.id] else Cell()
                    for c in columns
                )
            else:
                refs = [cx.ref(by_id[i]) for i in sorted(linked[r.id], key=position.__getitem__)]
                marks = (Cell(joined(refs), ("dd-col-target",)),)
            cells = (
                column_cell(r, "id", cx),
                column_cell(r, "title", cx),
                *marks,
                Cell((str(count) if count else "not covered",), ("dd-coverage",)),
            )
            lines.append(Row(cells, () if count else ("dd-uncovered",)))
        covered = sum(1 for r in rows if linked[r.id])
        summary = f"{covered} of {len(rows)} {plural(row_label, len(rows))} covered."
        return Content(
            self.report,
            (Table(head, tuple(lines)), Para((summary,), ("dd-matrix-summary",))),
        )


def link_direction(reg: Registry, rows: str, columns: str, link: str) -> bool:
    """True if row entries hold ``link`` to column entries, False if the reverse.

    Raises QueryError if neither kind has such a link to the other.
    """
    row_link = reg.kinds[rows].link(link)
    if row_link is not None and row_link.allows(columns):
        return True
    column_link = reg.kinds[columns].link(link)
    if column_link is not None and column_link.allows(rows):
        return False
    raise QueryError(f":link: neither {rows} nor {columns} has a link {link!r} to the other kind")


def joining_links(reg: Registry, rows: str, columns: str) -> list[str]:
    """The link fields that join the two kinds, either way."""
    names = [link.name for link in reg.kinds[rows].links if link.allows(columns)]
    names += [link.name for link in reg.kinds[columns].links if link.allows(rows)]
    return list(dict.fromkeys(names))
