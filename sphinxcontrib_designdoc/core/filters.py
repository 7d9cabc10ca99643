"""The filter language of the report directives: parse once, match many, never eval.

A filter is a list of clauses separated by ``;``, all of which must hold::

    status=open,deferred; tags~security; owner!=bob

A clause is ``FIELD OP VALUES``.  ``VALUES`` is a comma-separated list meaning
"any of them".  ``FIELD`` is ``kind``, ``id``, ``title``, ``document``,
``owner``, ``tags``, or any field or link field of any kind in the registry
(a link field reads as the IDs it links to).  ``OP`` is one of:

``=``
    the value is one of VALUES (a list, tag or link field: one of its items is);
``!=``
    the value is none of VALUES (a list: none of its items is);
``~``
    contains: a text value contains one of VALUES as a substring, a list, tag
    or link field has one of VALUES as an item (both ignoring case).

An entry whose kind lacks the field has no value: ``=`` and ``~`` fail,
``!=`` holds.  Two values stand for the state of a field instead of a value:
``(none)`` matches an entry with nothing written for the field (it was left
out and its kind declares no default, or its kind lacks the field) and
``(invalid)`` one whose value was written but failed validation, so
``priority=(none)`` finds the goals nobody prioritised and ``status!=(none)``
the entries with a status.  Values of fields with a fixed set of values
(``status``, ``priority``, ...) and kind names are checked when the filter is
parsed, so a typo is reported instead of silently matching nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fields import COMMON_FIELDS, known_fields, read_as, reading
from .kinds import Registry
from .model import Entry, split_list

#: The operators, longest first (``!=`` before ``=``).
OPERATORS = ("!=", "=", "~")

_ALL_KINDS = "*"
#: The filter values that match the state of a field rather than a value.
NONE = "(none)"
INVALID = "(invalid)"
STATES = (NONE, INVALID)
_CLAUSE = re.compile(
    r"\s*(?P<field>[A-Za-z][A-Za-z0-9_-]*)\s*(?P<op>!=|=|~)(?P<values>.*)\Z", re.DOTALL
)


class FilterError(ValueError):
    """A filter that cannot be used; the message says why and where."""


@dataclass(frozen=True)
class Clause:
    """``FIELD OP VALUES``, with how the field reads on each kind."""

    field: str
    op: str
    values: tuple[str, ...]
    #: (kind name or ``"*"``, ``"text"`` | ``"list"`` | ``"link"``) pairs.
    access: tuple[tuple[str, str], ...]

    def _read(self, entry: Entry) -> tuple[str, tuple[str, ...]] | None:
        """(how, values) of the field on ``entry``, or None if it has none."""
        how = next((h for k, h in self.access if k in (entry.kind, _ALL_KINDS)), None)
        if how is None:
            return None
        return how, read_as(entry, self.field, how)

    def _state(self, entry: Entry, items: tuple[str, ...]) -> tuple[str, ...]:
        """The state values (``(none)``, ``(invalid)``) that hold for the field."""
        if items:
            return ()
        invalid = self.field not in COMMON_FIELDS and entry.invalid_value(self.field)
        return (INVALID,) if invalid else (NONE,)

    def matches(self, entry: Entry) -> bool:
        found = self._read(entry)
        items = found[1] if found else ()
        if self.op in ("=", "!="):
            present = items + self._state(entry, items)
            hit = any(item in self.values for item in present)
            return hit if self.op == "=" else not hit
        wanted = [v.casefold() for v in self.values]
        if found is not None and found[0] == "text":
            return any(w in item.casefold() for item in items for w in wanted)
        return any(item.casefold() in wanted for item in items)

    def __str__(self) -> str:
        return f"{self.field}{self.op}{','.join(self.values)}"


@dataclass(frozen=True)
class Filter:
    """A parsed filter: a frozen, picklable record; :meth:`matches` is cheap."""

    clauses: tuple[Clause, ...]

    def matches(self, entry: Entry) -> bool:
        return all(clause.matches(entry) for clause in self.clauses)

    def documents(self) -> frozenset[str] | None:
        """The only documents whose entries can match (a ``document=`` clause),
        or None; reports then look at those documents' entries alone."""
        pinned = None
        for clause in self.clauses:
            if clause.field == "document" and clause.op == "=":
                values = frozenset(clause.values)
                pinned = values if pinned is None else pinned & values
        return pinned

    def __str__(self) -> str:
        return "; ".join(str(clause) for clause in self.clauses)


def _access(name: str, registry: Registry) -> tuple[tuple[str, str], ...]:
    if name in COMMON_FIELDS:
        return ((_ALL_KINDS, COMMON_FIELDS[name]),)
    return tuple(
        (kind.name, how)
        for kind in registry.kinds.values()
        if (how := reading(name, kind)) is not None
    )


def _allowed_values(name: str, registry: Registry) -> tuple[str, ...] | None:
    """The values a field may hold across all kinds (None: any value)."""
    if name == "kind":
        return tuple(registry.kinds)
    if name in COMMON_FIELDS:
        return None
    allowed: list[str] = []
    for kind in registry.kinds.values():
        fld = kind.field(name)
        if fld is None:
            if kind.link(name) is not None:
                return None
            continue
        values = registry.allowed(fld)
        if not values:
            return None
        allowed.extend(values)
    return tuple(dict.fromkeys(allowed))


def _checked_values(
    name: str, values: tuple[str, ...], registry: Registry, clause: str
) -> tuple[str, ...]:
    allowed = _allowed_values(name, registry)
    if allowed is None:
        return values
    checked = []
    for value in values:
        if value in STATES:
            checked.append(value)
            continue
        if value not in allowed and value.lower() in allowed:
            value = value.lower()
        if value not in allowed:
            what = "kind" if name == "kind" else f"{name} value"
            raise FilterError(
                f"unknown {what} {value!r} in {clause!r} (allowed: {', '.join(allowed)})"
            )
        checked.append(value)
    return tuple(checked)


def parse_clause(text: str, registry: Registry) -> Clause:
    """One ``FIELD OP VALUES`` clause, or raise :class:`FilterError`."""
    clause = text.strip()
    match = _CLAUSE.match(clause)
    if match is None:
        raise FilterError(
            f"malformed clause {clause!r}: expected FIELD OP VALUES with OP one of "
            f"{', '.join(OPERATORS)} (for example 'status=open,deferred')"
        )
    name, op = match["field"], match["op"]
    values = split_list(match["values"])
    if not values:
        raise FilterError(f"clause {clause!r} has no value after {op!r}")
    access = _access(name, registry)
    if not access:
        raise FilterError(
            f"unknown field {name!r} in {clause!r} (fields: {', '.join(known_fields(registry))})"
        )
    if op != "~":
        values = _checked_values(name, values, registry, clause)
    return Clause(name, op, values, access)


def parse_filter(text: str, registry: Registry) -> Filter:
    """Parse a filter once, to match it against many entries.

    Raises :class:`FilterError` with a message naming the faulty clause.
    Empty clauses (``a=b;;c=d``, a trailing ``;``) are ignored; a filter with
    no clause at all is an error.
    """
    clauses = tuple(parse_clause(part, registry) for part in text.split(";") if part.strip())
    if not clauses:
        raise FilterError("the filter is empty")
    return Filter(clauses)
