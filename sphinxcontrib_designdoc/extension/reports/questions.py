"""``design-questions``: the open questions, blocking first, then oldest.

::

    .. design-questions::
       :filter: status=open,deferred
       :group-by: owner

Age and days overdue are counted against the build date (see ``builddate``).
The checks of questions that do not wait for a report directive (overdue,
blocking in an approved document) are in :func:`question_problems`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from ...core.filters import Filter
from ...core.linkgraph import LinkIndex
from ...core.model import Entry, parse_date
from ...core.questions import QUESTION, SETTLED, days_overdue, is_blocking, question_order
from ...core.subtypes import Problem, Subtype
from .base import (
    Cell,
    ComputeContext,
    Content,
    Options,
    Para,
    Part,
    Query,
    ReportDirective,
    Row,
    Table,
    column_cell,
    group_caption,
    group_entries,
    header,
    no_match,
)

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


def question_problems(index: LinkIndex, today: dt.date, warn_overdue: bool) -> list[Problem]:
    """Overdue open questions (if asked for) and open blocking questions of
    documents that are already approved or implemented, in document order."""
    docs: dict[str, Entry] = {}
    for entry in index.entries:
        if entry.kind == "doc":
            docs.setdefault(entry.docname, entry)
    problems = []
    for q in index.entries:
        if q.kind != QUESTION or q.status != "open":
            continue
        overdue = days_overdue(q, today)
        if warn_overdue and overdue:
            problems.append(
                Problem(
                    q,
                    Subtype.overdue_question,
                    f"{q.id}: open question is {overdue} day{'s' * (overdue != 1)} overdue "
                    f"(due {q.get('due')}, build date {today.isoformat()})",
                )
            )
        doc = docs.get(q.docname)
        if is_blocking(q) and doc is not None and doc.status in SETTLED:
            problems.append(
                Problem(
                    q,
                    Subtype.blocking_question,
                    f"{q.id}: blocking question is still open, but the design document "
                    f"{doc.id} is {doc.status}",
                )
            )
    return problems
