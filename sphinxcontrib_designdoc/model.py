"""The entry record and the parsing of what an author writes into it.

An :class:`Entry` is a frozen, picklable record of plain strings and tuples,
never docutils nodes, so the environment can be pickled, merged from parallel
readers and cleared per document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .kinds import Field, Kind, Registry

if TYPE_CHECKING:
    from .quality.evidence import EvidenceResult


@dataclass(frozen=True)
class Entry:
    """One design entry, as collected from a document."""

    id: str
    kind: str
    title: str
    docname: str
    lineno: int
    #: Field name -> value; list fields are comma-joined, missing fields absent.
    fields: tuple[tuple[str, str], ...] = ()
    #: Link field name -> target IDs, in the order written.
    links: tuple[tuple[str, tuple[str, ...]], ...] = ()
    tags: tuple[str, ...] = ()
    owner: str = ""
    body: str = ""
    #: Position among the entries of its document (stable key for placeholders).
    serial: int = 0
    #: What the ``:evidence:`` file of a quality gate showed when it was read.
    evidence: EvidenceResult | None = None

    def get(self, name: str, default: str = "") -> str:
        for key, value in self.fields:
            if key == name:
                return value
        return default

    @property
    def status(self) -> str:
        return self.get("status")

    def targets(self, link: str) -> tuple[str, ...]:
        for key, ids in self.links:
            if key == link:
                return ids
        return ()


def slugify(title: str) -> str:
    """ASCII slug of a title: ``"Builds stay fast!"`` -> ``"builds-stay-fast"``."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def generated_id(kind: Kind, title: str) -> str:
    """The deterministic ID of an entry without ``:id:``."""
    slug = slugify(title)
    if not slug:
        slug = hashlib.sha1(title.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{kind.prefix}-{slug}"


def split_list(value: str) -> tuple[str, ...]:
    """A comma-separated option as a tuple of stripped, non-empty items."""
    return tuple(item.strip() for item in value.split(",") if item.strip())


def parse_date(value: str) -> dt.date | None:
    """``YYYY-MM-DD`` (exactly) as a date, or None."""
    value = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_value(registry: Registry, fld: Field, value: str) -> tuple[str, str | None]:
    """Normalise one field value; return it with a problem message (or None).

    On a problem the returned value is the field's default.
    """
    value = value.strip()
    allowed = registry.allowed(fld)
    if fld.type == "list":
        return ", ".join(split_list(value)), None
    if fld.type == "date":
        if parse_date(value) is None:
            return "", f"{fld.name} {value!r} is not an ISO date (YYYY-MM-DD)"
        return value, None
    if allowed:
        if value in allowed:
            return value, None
        lowered = value.lower()
        if lowered in allowed:
            return lowered, None
        default = fld.choices[0] if fld.type == "choice" else ""
        return default, (f"{fld.name} {value!r} is not one of: {', '.join(allowed)}")
    return value, None
