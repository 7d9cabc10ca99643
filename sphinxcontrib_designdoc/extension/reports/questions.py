"""``design-questions``: the open questions, blocking first, then oldest.

::

    .. design-questions::
       :filter: status=open,deferred
       :group-by: owner

Age and days overdue are counted against the build date (see ``builddate``).
The checks of questions that do not wait for a report directive (overdue,
blocking in an approved document) are rules of the core
(:func:`...core.rules.questions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...core.filters import Filter
from ...core.model import Entry, parse_date
from ...core.questions import QUESTION, days_overdue, is_blocking, question_order
from ...core.reports.content import Cell, Content, Para, Part, Row, Table, no_match
from .columns import column_cell, group_caption, group_entries, header
from .directive import Options, ReportDirective
from .query import ComputeContext, Query

DEFAULT_FILTER = "status=open"
GROUPS = ("document", "owner")

HEADER = (
    "ID",
    "Question",
    "Owner",
    "Priority",
    "Raised",
    "Age (days)",
    "Due",
    "Overdue (days)",
    "Affects",
    "Document",
)


@dataclass(frozen=True)
class QuestionsQuery(Query):
    report: ClassVar[str] = "questions"

    filter: Filter | None
    group_by: str = ""

    def _row(self, q: Entry, cx: ComputeContext) -> Row:
        raised = parse_date(q.get("raised"))
        overdue = days_overdue(q, cx.today)
        cells = (
            column_cell(q, "id", cx),
            column_cell(q, "title", cx),
            column_cell(q, "owner", cx),
            column_cell(q, "priority", cx),
            column_cell(q, "raised", cx),
            Cell((str((cx.today - raised).days),) if raised else (), ("dd-col-age",)),
            column_cell(q, "due", cx),
            Cell((str(overdue),) if overdue else (), ("dd-col-overdue",)),
            column_cell(q, "affects", cx),
            column_cell(q, "document", cx),
        )
        classes = [*(["dd-blocking"] if is_blocking(q) else []), *(["dd-overdue"] * bool(overdue))]
        return Row(cells, tuple(classes))

    def compute(self, cx: ComputeContext) -> Content:
        questions = sorted(cx.select((QUESTION,), self.filter), key=question_order)
        if not questions:
            return no_match(self.report)
        blocks: list[Para | Table] = []
        if any(q.get("raised") or q.get("due") for q in questions):
            note: tuple[Part, ...] = (f"Age and days overdue as of {cx.today.isoformat()}.",)
            blocks.append(Para(note, ("dd-asof",)))
        head = header(HEADER)
        if not self.group_by:
            blocks.append(Table(head, tuple(self._row(q, cx) for q in questions)))
        for value, group in group_entries(questions, self.group_by, cx) if self.group_by else ():
            caption = group_caption(self.group_by, value, cx)
            blocks.append(Table(head, tuple(self._row(q, cx) for q in group), caption=caption))
        return Content(self.report, tuple(blocks))


class QuestionsDirective(ReportDirective):
    known_options = ("filter", "group-by")

    def query(self, options: Options) -> QuestionsQuery:
        flt = options.filter(default=DEFAULT_FILTER)
        group_by = options.text("group-by")
        if group_by:
            options.column("group-by", group_by, GROUPS)
        return QuestionsQuery(flt, group_by)
