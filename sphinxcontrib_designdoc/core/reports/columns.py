"""Columns of report tables: their names, labels, values, sort order and groups.

A column is a field (see :mod:`..fields`), a computed value (:data:`COMPUTED`:
a question's age and days overdue, a component's verdict, a milestone's days
late) or the entries that link to an entry (a *backlink* column, named after
the link's reverse label: ``satisfied-by``, ``quality-gates``).  Shared by
every report and by ``designdoc report``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..fields import COMMON_FIELDS, field_values, known_fields
from ..kinds import Registry
from ..model import Entry, parse_date
from ..questions import days_overdue
from ..text import PARAGRAPH_BREAK, css_token
from .content import Break, Cell, Invalid, Part, Pill, Rich
from .query import ReportContext

FIXED_COLUMNS = {
    "id": "ID",
    "title": "Title",
    "kind": "Kind",
    "document": "Document",
    "status": "Status",
    "owner": "Owner",
    "tags": "Tags",
}
#: Columns computed from an entry and the project: name -> label.  A question's
#: age and days overdue (against the build date); a component's quality level
#: (as written, inherited from its document or the default; as written when it
#: was not judged), its verdict, and the checks of its level that are missing
#: or not met; the days a milestone is late (still ``planned`` after its
#: ``date``, against the build date).
COMPUTED = {
    "age": "Age (days)",
    "overdue": "Overdue (days)",
    "quality-level": "Level",
    "verdict": "Verdict",
    "unmet-checks": "Missing and failing checks",
    "late": "Late (days)",
}
#: The computed columns read from a component's compliance (its gates and
#: their evidence), not from the entry alone.
COMPLIANCE = frozenset({"quality-level", "verdict", "unmet-checks"})


def backlink_columns(reg: Registry) -> dict[str, tuple[str, str]]:
    """Backlink column name -> (its label, the link field), for every link of
    every kind (a name another kind's field or a computed column has is left out)."""
    fields = set(known_fields(reg)) | set(COMPUTED)
    found: dict[str, tuple[str, str]] = {}
    for kind in reg.kinds.values():
        for link in kind.links:
            name = css_token(link.reverse)
            if name not in fields:
                found.setdefault(name, (link.reverse, link.name))
    return found


def _backlinks(cx: ReportContext) -> dict[str, tuple[str, str]]:
    """:func:`backlink_columns` of the project, computed once per context."""
    found = cx.cache.get("backlink-columns")
    if found is None:
        found = cx.cache["backlink-columns"] = backlink_columns(cx.registry)
    return found


def holds_ids(name: str, cx: ReportContext) -> bool:
    """Whether a column holds IDs of entries (a link or backlink column)."""
    return name in _backlinks(cx) or any(k.link(name) for k in cx.registry.kinds.values())


def known_columns(reg: Registry) -> list[str]:
    """Every column a report may show, sort or group by."""
    return [*known_fields(reg), *COMPUTED, *backlink_columns(reg)]


def column_label(name: str, reg: Registry) -> str:
    if name in FIXED_COLUMNS:
        return FIXED_COLUMNS[name]
    for kind in reg.kinds.values():
        found = kind.field(name) or kind.link(name)
        if found is not None:
            return found.label
    if name in COMPUTED:
        return COMPUTED[name]
    backlink = backlink_columns(reg).get(name)
    return backlink[0] if backlink else name


def is_link(entry: Entry, name: str, reg: Registry) -> bool:
    kind = reg.kinds.get(entry.kind)
    return kind is not None and kind.link(name) is not None and kind.field(name) is None


def column_values(entry: Entry, name: str, cx: ReportContext) -> tuple[str, ...]:
    """The raw values of a column for an entry (several for list-like columns)."""
    values = field_values(entry, name, cx.registry)
    if values or name in COMMON_FIELDS:
        return values
    if name == "age":
        raised = parse_date(entry.get("raised"))
        return (str((cx.today - raised).days),) if raised else ()
    if name == "overdue":
        overdue = days_overdue(entry, cx.today)
        return (str(overdue),) if overdue else ()
    if name == "late":
        date = parse_date(entry.get("date"))
        late = (cx.today - date).days if date and entry.status == "planned" else 0
        return (str(late),) if late > 0 else ()
    if name in COMPLIANCE:
        record = cx.project.compliance.get(entry.id)
        if record is None:  # not judged: only the level written can be shown
            return field_values(entry, "quality", cx.registry) if name == "quality-level" else ()
        value = {
            "quality-level": record.level,
            "verdict": record.verdict,
            "unmet-checks": "; ".join(record.reasons),
        }[name]
        return (value,) if value else ()
    backlink = _backlinks(cx).get(name)
    if backlink is None:
        return ()
    label, link = backlink
    return tuple(
        b.source.id
        for b in cx.index.backlinks.get(entry.id, ())
        if b.field == link and _reverse(b.source, link, cx.registry) == label
    )


def _reverse(entry: Entry, link: str, reg: Registry) -> str:
    kind = reg.kinds.get(entry.kind)
    found = kind.link(link) if kind else None
    return found.reverse if found else ""


def joined(parts: Iterable[Part]) -> tuple[Part, ...]:
    out: list[Part] = []
    for part in parts:
        if out:
            out.append(", ")
        out.append(part)
    return tuple(out)


def paragraphs(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """A long text value's paragraphs (see :data:`.content.PARAGRAPH_BREAK`)
    as parts with a :class:`.content.Break` between them."""
    if not any(isinstance(p, str) and PARAGRAPH_BREAK in p for p in parts):
        return parts
    out: list[Part] = []
    for part in parts:
        if not isinstance(part, str):
            out.append(part)
            continue
        for i, text in enumerate(part.split(PARAGRAPH_BREAK)):
            out.extend((Break(), text) if i else (text,))
    return tuple(out)


def value_parts(entry: Entry, name: str, value: str, cx: ReportContext) -> Part:
    """One value of a column as shown."""
    if name == "id":
        return cx.ref(entry)
    if name == "kind":
        kind = cx.registry.kinds.get(value)
        return kind.label if kind else value
    if name == "document":
        return replace(cx.doc(value), status=cx.project.inactive_docs.get(value, ""))
    if name in ("status", "verdict"):
        return Pill(value)
    if name == "title" and entry.title_spans:
        return Rich(entry.title, entry.title_spans)
    if is_link(entry, name, cx.registry) or name in _backlinks(cx):
        return cx.target(value)
    return value


def column_cell(entry: Entry, name: str, cx: ReportContext, anchor: bool = False) -> Cell:
    """The cell of a column; ``anchor``: the cell links to the entry."""
    if anchor and name == "title":
        return Cell((cx.title_ref(entry),), ("dd-col-title",))
    values = column_values(entry, name, cx)
    parts = paragraphs(joined(value_parts(entry, name, v, cx) for v in values))
    invalid = entry.invalid_value("quality" if name == "quality-level" else name)
    if not parts and invalid:
        parts = (Invalid(invalid),)
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


def value_rank(name: str, value: str, cx: ReportContext, kind_name: str = "") -> tuple[Any, ...]:
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


def sort_entries(entries: list[Entry], columns: Iterable[str], cx: ReportContext) -> list[Entry]:
    """Entries sorted by columns, the first one first (``-column``: descending);
    an entry without a value of a column after those with one."""
    for column in reversed(list(columns)):
        descending = column.startswith("-")
        name = column.lstrip("-")

        def key(entry: Entry, name: str = name) -> tuple[Any, ...]:
            return value_rank(name, column_values(entry, name, cx)[0], cx, entry.kind)

        filled = [e for e in entries if column_values(e, name, cx)]
        empty = [e for e in entries if not column_values(e, name, cx)]
        entries = sorted(filled, key=key, reverse=descending) + empty
    return entries


def group_entries(
    entries: list[Entry], name: str, cx: ReportContext
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


def group_caption(name: str, value: str, cx: ReportContext) -> str:
    label = column_label(name, cx.registry)
    if not value:
        return f"{label}: (none)"
    if name == "document":
        return cx.titles.get(value, value)
    if name == "kind":
        kind = cx.registry.kinds.get(value)
        return f"{label}: {kind.label if kind else value}"
    target = cx.index.resolve(value) if name not in FIXED_COLUMNS else None
    if target is not None and holds_ids(name, cx):
        return f"{label}: {target.id} {target.title}"
    return f"{label}: {value}"


def header(labels: Iterable[str]) -> tuple[Cell, ...]:
    return tuple(Cell((label,)) for label in labels)


def columns_header(columns: Iterable[str], cx: ReportContext, title: str) -> tuple[Cell, ...]:
    """The header of ``columns``, the title column labelled ``title`` ("Question")."""
    return header(title if c == "title" else column_label(c, cx.registry) for c in columns)


def plural(label: str, count: int) -> str:
    """A kind's label for ``count`` entries: "goal", "goals", "user stories"."""
    word = label.lower()
    if count == 1:
        return word
    if re.search(r"[^aeiou]y$", word):
        return f"{word[:-1]}ies"
    return f"{word}es" if re.search(r"(s|x|z|ch|sh)$", word) else f"{word}s"
