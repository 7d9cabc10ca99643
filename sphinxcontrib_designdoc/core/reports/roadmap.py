"""``design-roadmap``: the milestones by date, and those that are late.

::

    .. design-roadmap::
       :filter: status!=dropped

Milestones are listed by ``:date:``, undated ones last (in document order). A
milestone still ``planned`` after its date is late: its row stands out and
says by how many days, counted against the build date (see ``builddate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..filters import Filter
from ..kinds import Registry
from ..model import Entry
from .columns import column_cell, column_values, columns_header, sort_entries
from .content import Block, Content, Para, Row, Table, no_match
from .query import Query, ReportContext, selected

MILESTONE = "milestone"

COLUMNS = (
    "id",
    "title",
    "status",
    "date",
    "late",
    "target-quality",
    "delivers",
    "document",
)


@dataclass(frozen=True)
class RoadmapQuery(Query):
    report: ClassVar[str] = "roadmap"

    filter: Filter | None = None

    def shows_entry(self, entry: Entry, reg: Registry) -> bool:
        return selected(entry, (MILESTONE,), self.filter)

    def _row(self, milestone: Entry, cx: ReportContext) -> Row:
        cells = tuple(column_cell(milestone, name, cx) for name in COLUMNS)
        late = bool(column_values(milestone, "late", cx))
        return Row(cells, ("dd-late",) if late else ())

    def compute(self, cx: ReportContext) -> Content:
        milestones = sort_entries(cx.select((MILESTONE,), self.filter), ("date",), cx)
        if not milestones:
            return no_match(self.report)
        blocks: list[Block] = []
        if any(m.get("date") for m in milestones):
            note = f"Days late as of {cx.today.isoformat()}."
            blocks.append(Para((note,), ("dd-asof",)))
        head = columns_header(COLUMNS, cx, "Milestone")
        blocks.append(Table(head, tuple(self._row(m, cx) for m in milestones)))
        return Content(self.report, tuple(blocks))
