"""The entry record and the parsing of what an author writes into it.

An :class:`Entry` is a frozen, picklable record of plain strings and tuples,
never docutils nodes, so the environment can be pickled, merged from parallel
readers and cleared per document.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .kinds import Field, Kind, Registry
from .richtext import Span

if TYPE_CHECKING:
    from .evidence import EvidenceResult


#: Said after a value that failed validation, in every output format.
INVALID_NOTE = "(invalid)"


@dataclass(frozen=True)
class Entry:
    """One design entry, as collected from a document."""

    id: str
    kind: str
    title: str
    docname: str
    #: The line of the directive, in :attr:`source` if that is set.
    lineno: int
    #: Field name -> value; list fields are comma-joined.  A field that was not
    #: written (and has no declared default) or whose value is invalid is absent.
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
    #: The file the directive is in, when it is not the document's own file
    #: (``.. include::``): its path as the parser gives it; "" otherwise.
    source: str = ""
    #: Field name -> value as written, for values that failed validation: shown
    #: flagged, never taken for a valid value.
    invalid: tuple[tuple[str, str], ...] = ()
    #: The title's inline markup (see :mod:`.richtext`); () for a plain title.
    title_spans: tuple[Span, ...] = ()
    #: The expressions of the ``only`` directives the entry's card sits in,
    #: outermost first: the entry exists for a builder whose tags satisfy all.
    only: tuple[str, ...] = ()

    def get(self, name: str, default: str = "") -> str:
        for key, value in self.fields:
            if key == name:
                return value
        return default

    @property
    def status(self) -> str:
        return self.get("status")

    @property
    def location(self) -> tuple[str, int] | str:
        """Where the entry is written, as a warning's location."""
        return f"{self.source}:{self.lineno}" if self.source else (self.docname, self.lineno)

    def invalid_value(self, name: str) -> str:
        """The value written for a field that failed validation ("" if none)."""
        for key, value in self.invalid:
            if key == name:
                return value
        return ""

    def shown(self, name: str) -> str:
        """A field as text: its value, or the invalid value written, flagged."""
        invalid = self.invalid_value(name)
        return self.get(name) or (f"{invalid} {INVALID_NOTE}" if invalid else "")

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


def suggestion(value: str, allowed: Iterable[str], template: str = "did you mean {!r}?") -> str:
    """``"did you mean 'medium'?"`` for the allowed value nearest to ``value``, or ""."""
    wanted = value.casefold().replace(" ", "-").replace("_", "-")
    by_key = {a.casefold(): a for a in allowed}
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.6)
    if not close:
        # an abbreviation: "med" for "medium", "prod" for "production"
        close = [k for k in by_key if wanted and k.startswith(wanted)][:1]
    return template.format(by_key[close[0]]) if close else ""


def check_value(registry: Registry, fld: Field, value: str) -> tuple[str, str | None]:
    """Normalise one field value; return it with a problem message (or None).

    On a problem the value is returned as written (stripped): it is kept and
    shown flagged, never replaced by another value.
    """
    value = value.strip()
    allowed = registry.allowed(fld)
    if fld.type == "list":
        return ", ".join(split_list(value)), None
    if fld.type == "date":
        if parse_date(value) is None:
            return value, f"{fld.name} {value!r} is not an ISO date (YYYY-MM-DD)"
        return value, None
    if allowed:
        if value in allowed:
            return value, None
        lowered = value.lower()
        if lowered in allowed:
            return lowered, None
        if fld.type == "check":
            # a gate may name a check of its own (a local criterion, see
            # core.policy); the rules report the names that are neither
            return value, None
        problem = f"{fld.name} {value!r} is not one of: {', '.join(allowed)}"
        hint = suggestion(value, allowed)
        return value, f"{problem}; {hint}" if hint else problem
    if fld.type == "level":
        return value, f"{fld.name} {value!r}: no {fld.type} is defined"
    return value, None
