"""The build date, against which reports measure the age of questions.

Reproducible: ``designdoc_today`` (an ISO date) if set, else the date of
``SOURCE_DATE_EPOCH`` (UTC) if that environment variable holds an integer,
else the current date.  A report page shows the date it was computed for, so
two builds of the same sources on the same build date are identical.
"""

from __future__ import annotations

import datetime as dt
import os

from .model import parse_date


def build_date(today: str = "", environ: dict[str, str] | None = None) -> dt.date:
    """The date a build computes ages and overdue days against (``today``:
    the value of ``designdoc_today``)."""
    fixed = parse_date(today) if today else None
    if fixed is not None:
        return fixed
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            pass  # not a timestamp: use the current date
    return dt.date.today()
