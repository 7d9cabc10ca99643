"""The README's reference tables name every config value and warning subtype."""

from __future__ import annotations

import re

from sphinxcontrib_designdoc.core.subtypes import Subtype
from sphinxcontrib_designdoc.extension.config import PREFIX, config_fields
from sphinxcontrib_designdoc.extension.reports import DIRECTIVES

from .conftest import REPO

README = (REPO / "README.md").read_text("utf-8")


def _table_names(pattern: str) -> set[str]:
    return set(re.findall(pattern, README, flags=re.MULTILINE))


def test_every_config_value_is_documented() -> None:
    documented = _table_names(rf"^\| `({PREFIX}\w+)` \|")
    assert documented == {PREFIX + f.name for f in config_fields()}


def test_every_warning_subtype_is_documented() -> None:
    documented = _table_names(r"^\| `designdoc\.(\w+)` \|")
    assert documented == {s.value for s in Subtype}


def test_every_report_directive_is_documented() -> None:
    assert _table_names(r"^\| `(design-[a-z]+)` \|") >= set(DIRECTIVES)
