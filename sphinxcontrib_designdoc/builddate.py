"""The build date, against which reports measure the age of questions.

Reproducible: ``designdoc_today`` (an ISO date) if set, else the date of
``SOURCE_DATE_EPOCH`` (UTC) if that environment variable holds an integer,
else the current date.  A report page shows the date it was computed for, so
two builds of the same sources on the same build date are identical.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from .config import PREFIX, config_location
from .model import parse_date
from .warnings_ import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def build_date(config: Config, environ: dict[str, str] | None = None) -> dt.date:
    """The date a build computes ages and overdue days against."""
    fixed = parse_date(config.designdoc_today) if config.designdoc_today else None
    if fixed is not None:
        return fixed
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            pass  # not a timestamp: use the current date
    return dt.date.today()


def _validate_today(app: Sphinx, config: Config) -> None:
    value = config.designdoc_today
    if value and parse_date(value) is None:
        warn(
            f"{PREFIX}today {value!r} is not an ISO date (YYYY-MM-DD); using the default",
            Subtype.config,
            config_location(app, "today"),
        )
        config.designdoc_today = ""


def setup_builddate(app: Sphinx) -> None:
    # after the type checks of config.validate_config (priority 100)
    app.connect("config-inited", _validate_today, priority=150)
