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

from ..filters import Filter
from ..kinds import Registry
from ..model import Entry
from ..questions import QUESTION, days_overdue, is_blocking, question_order
from .columns import column_cell, columns_header, group_caption, group_entries
from .content import Content, Para, Part, Row, Table, no_match
from .query import Query, ReportContext, selected

DEFAULT_FILTER = "status=open"
GROUPS = ("document", "owner")

COLUMNS = (
    "id",
    "title",
    "owner",
    "priority",
    "raised",
    "age",
    "due",
    "overdue",
    "affects",
    "document",
)


@dataclass(frozen=True)
class QuestionsQuery(Query):
    report: ClassVar[str] = "questions"

    filter: Filter | None
    group_by: str = ""

    @staticmethod
    def columns(questions: list[Entry]) -> tuple[str, ...]:
        """:data:`COLUMNS`, with the status where the questions shown differ in
        it, and the answer where one of them has one."""
        columns = list(COLUMNS)
        if len({q.status for q in questions}) > 1:
            columns.insert(columns.index("title") + 1, "status")
        if any(q.get("answer") for q in questions):
            columns.insert(columns.index("affects") + 1, "answer")
        return tuple(columns)

    def shows_entry(self, entry: Entry, reg: Registry) -> bool:
        return selected(entry, (QUESTION,), self.filter)

    def _row(self, q: Entry, columns: tuple[str, ...], cx: ReportContext) -> Row:
        cells = tuple(column_cell(q, name, cx) for name in columns)
        overdue = days_overdue(q, cx.today)
        classes = [*(["dd-blocking"] if is_blocking(q) else []), *(["dd-overdue"] * bool(overdue))]
        return Row(cells, tuple(classes))

    def compute(self, cx: ReportContext) -> Content:
        questions = sorted(cx.select((QUESTION,), self.filter), key=question_order)
        if not questions:
            return no_match(self.report)
        blocks: list[Para | Table] = []
        if any(q.get("raised") or q.get("due") for q in questions):
            note: tuple[Part, ...] = (f"Age and days overdue as of {cx.today.isoformat()}.",)
            blocks.append(Para(note, ("dd-asof",)))
        columns = self.columns(questions)
        head = columns_header(columns, cx, "Question")
        if not self.group_by:
            blocks.append(Table(head, tuple(self._row(q, columns, cx) for q in questions)))
        for value, group in group_entries(questions, self.group_by, cx) if self.group_by else ():
            caption = group_caption(self.group_by, value, cx)
            rows = tuple(self._row(q, columns, cx) for q in group)
            blocks.append(Table(head, rows, caption=caption))
        return Content(self.report, tuple(blocks))
