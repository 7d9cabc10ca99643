"""Columns of report tables: their labels, values, sort order and groups.

Shared by the index and questions reports (and the cells of the others).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ...core.filters import COMMON_FIELDS
from ...core.kinds import Registry
from ...core.model import Entry, split_list
from ...core.reports.content import Cell, Invalid, Part, Pill
from ..cards import css_token
from .query import ComputeContext

FIXED_COLUMNS = {
    "id": "ID",
    "title": "Title",
    "kind": "Kind",
    "document": "Document",
    "status": "Status",
    "owner": "Owner",
    "tags": "Tags",
}


def column_label(name: str, reg: Registry) -> str:
    if name in FIXED_COLUMNS:
        return FIXED_COLUMNS[name]
    for kind in reg.kinds.values():
        found = kind.field(name) or kind.link(name)
        if found is not None:
            return found.label
    return name


def is_link(entry: Entry, name: str, reg: Registry) -> bool:
    kind = reg.kinds.get(entry.kind)
    return kind is not None and kind.link(name) is not None and kind.field(name) is None


def is_multi(name: str, reg: Registry) -> bool:
    """Whether a column holds several values (tags, list and link fields)."""
    if name in COMMON_FIELDS:
        return COMMON_FIELDS[name] == "list"
    for kind in reg.kinds.values():
        fld = kind.field(name)
        if (fld is not None and fld.type == "list") or kind.link(name) is not None:
            return True
    return False


def column_values(entry: Entry, name: str, cx: ComputeContext) -> tuple[str, ...]:
    """The raw values of a column for an entry (several for list-like columns)."""
    if name == "id":
        return (entry.id,)
    if name == "title":
        return (entry.title,)
    if name == "kind":
        return (entry.kind,)
    if name == "document":
        return (entry.docname,)
    if name == "owner":
        return (entry.owner,) if entry.owner else ()
    if name == "tags":
        return entry.tags
    if is_link(entry, name, cx.registry):
        return entry.targets(name)
    value = entry.get(name)
    if is_multi(name, cx.registry):
        return split_list(value)
    return (value,) if value else ()


def joined(parts: Iterable[Part]) -> tuple[Part, ...]:
    out: list[Part] = []
    for part in parts:
        if out:
            out.append(", ")
        out.append(part)
    return tuple(out)


def value_parts(entry: Entry, name: str, value: str, cx: ComputeContext) -> Part:
    """One value of a column as shown."""
    if name == "id":
        return cx.ref(entry)
    if name == "kind":
        kind = cx.registry.kinds.get(value)
        return kind.label if kind else value
    if name == "document":
        return cx.doc(value)
    if name == "status":
        return Pill(value)
    if is_link(entry, name, cx.registry):
        return cx.target(value)
    return value


def column_cell(entry: Entry, name: str, cx: ComputeContext, anchor: bool = False) -> Cell:
    """The cell of a column; ``anchor``: the cell links to the entry."""
    if anchor and name == "title":
        return Cell((cx.ref(entry, entry.title),), ("dd-col-title",))
    values = column_values(entry, name, cx)
    parts = joined(value_parts(entry, name, v, cx) for v in values)
    if not parts and entry.invalid_value(name):
        parts = (Invalid(entry.invalid_value(name)),)
    return Cell(parts, (f"dd-col-{css_token(name)}",))


def natural_key(text: str) -> tuple[tuple[int, int | str, str], ...]:
    """``"G-10"`` after ``"G-9"``; case-insensitive.

    A run of decimal digits (of any script: ``١٢`` is 12) sorts by its value,
    compared as (number of digits, digits) so that no length is too long to
    compare; other characters, superscripts (``10⁶``) among them, sort as text.
    """
    key: list[tuple[int, int | str, str]] = []
    for i, part in enumerate(_DIGIT_RUNS.split(text)):
        if not part:
            continue
        if i % 2:  # a run of digits: what the split kept
            digits = part if part.isascii() else "".join(str(int(c)) for c in part)
            digits = digits.lstrip("0")
            key.append((0, len(digits), digits))
        else:
            key.append((1, part.casefold(), ""))
    return tuple(key)


_DIGIT_RUNS = re.compile(r"(\d+)")


def value_rank(name: str, value: str, cx: ComputeContext, kind_name: str = "") -> tuple[Any, ...]:
    """Sort key of a value: a choice's position among its values (in the entry's
    own kind first), else natural order."""
    if name == "document":
        return natural_key(cx.titles.get(value, value))
    own = cx.registry.kinds.get(kind_name)
    for kind in [*([own] if own else []), *cx.registry.kinds.values()]:
        fld = kind.field(name)
        if fld is not None and fld.type == "choice" and value in fld.choices:
            return ((0, fld.choices.index(value)),)
    return natural_key(value)


def sort_entries(entries: list[Entry], column: str, cx: ComputeContext) -> list[Entry]:
    """Entries sorted by a column (``-column``: descending); empty values last."""
    descending = column.startswith("-")
    name = column.lstrip("-")

    def key(entry: Entry) -> tuple[Any, ...]:
        values = column_values(entry, name, cx)
        return value_rank(name, values[0], cx, entry.kind) if values else ()

    filled = [e for e in entries if column_values(e, name, cx)]
    empty = [e for e in entries if not column_values(e, name, cx)]
    return sorted(filled, key=key, reverse=descending) + empty


def group_entries(
    entries: list[Entry], name: str, cx: ComputeContext
) -> list[tuple[str, list[Entry]]]:
    """(value, entries) per value of a column, in value order; no value: ``""`` last.

    An entry with several values (tags, links) is in the group of each.
    """
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        for value in column_values(entry, name, cx) or ("",):
            groups.setdefault(value, []).append(entry)
    order = sorted(
        (v for v in groups if v), key=lambda v: value_rank(name, v, cx, groups[v][0].kind)
    )
    return [(v, groups[v]) for v in [*order, *([""] if "" in groups else [])]]


def group_caption(name: str, value: str, cx: ComputeContext) -> str:
    label = column_label(name, cx.registry)
    if not value:
        return f"{label}: (none)"
    if name == "document":
        return cx.titles.get(value, value)
    if name == "kind":
        kind = cx.registry.kinds.get(value)
        return f"{label}: {kind.label if kind else value}"
    target = cx.index.resolve(value) if name not in FIXED_COLUMNS else None
    if target is not None and is_multi(name, cx.registry):
        return f"{label}: {target.id} {target.title}"
    return f"{label}: {value}"


def header(labels: Iterable[str]) -> tuple[Cell, ...]:
    return tuple(Cell((label,)) for label in labels)


def plural(label: str, count: int) -> str:
    word = label.lower()
    return word if count == 1 else f"{word}s"
