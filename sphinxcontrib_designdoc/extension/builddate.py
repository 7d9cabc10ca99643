"""``designdoc_today`` is checked once the configuration is read (the build
date itself: :mod:`..core.builddate`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.model import parse_date
from ..core.subtypes import Subtype
from .config import PREFIX, config_location
from .warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


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
