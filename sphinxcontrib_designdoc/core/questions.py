"""What makes a question urgent: blocking, overdue, oldest first.

The same rules order and judge questions in reports, in the Markdown reports
and in ``designdoc check``.
"""

from __future__ import annotations

import datetime as dt

from .model import Entry, parse_date

QUESTION = "question"
#: Statuses of a design document that an open blocking question contradicts.
SETTLED = ("approved", "implemented")


def _date(entry: Entry, name: str) -> dt.date | None:
    value = entry.get(name)
    return parse_date(value) if value else None


def is_blocking(entry: Entry) -> bool:
    return entry.get("priority") == "blocking"


def days_overdue(entry: Entry, today: dt.date) -> int:
    due = _date(entry, "due")
    return max((today - due).days, 0) if due else 0


def question_order(entry: Entry) -> tuple[bool, bool, dt.date]:
    raised = _date(entry, "raised")
    return (not is_blocking(entry), raised is None, raised or dt.date.min)
