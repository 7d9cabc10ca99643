"""``design-summary``: how many entries of each kind, and in which status.

::

    .. design-summary::
       :kinds: goal, component, question
       :filter: tags~security

One row per kind (those of ``:kinds:`` in that order, else every kind that has
a matching entry, in registry order), with a total row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from ..filters import INVALID, NONE, Filter
from ..kinds import Registry
from ..model import Entry
from ..text import css_token
from .columns import header
from .content import Cell, Content, Part, Pill, Row, Table, no_match
from .query import Query, ReportContext, selected


@dataclass(frozen=True)
class SummaryQuery(Query):
    report: ClassVar[str] = "summary"

    kinds: tuple[str, ...]
    filter: Filter | None

    def shows_entry(self, entry: Entry, reg: Registry) -> bool:
        return selected(entry, self.kinds, self.filter)

    def compute(self, cx: ReportContext) -> Content:
        entries = cx.select(self.kinds, self.filter)
        if not entries:
            return no_match(self.report)
        per_kind = Counter(e.kind for e in entries)
        statuses = Counter((e.kind, e.status) for e in entries if e.status)
        missing = Counter(
            (e.kind, INVALID if e.invalid_value("status") else NONE)
            for e in entries
            if not e.status
        )
        shown = self.kinds or tuple(k for k in cx.registry.kinds if per_kind[k])
        rows = []
        for name in shown:
            kind = cx.registry.kinds[name]
            status_field = kind.field("status")
            order = list(status_field.choices) if status_field else []
            order += sorted({s for k, s in statuses if k == name} - set(order))
            counts: list[tuple[Part, int]] = [(Pill(s), statuses[name, s]) for s in order]
            if status_field is not None:
                # entries without a valid status are counted, never left out
                # (the filter values that select them)
                counts += [(INVALID, missing[name, INVALID]), (NONE, missing[name, NONE])]
            parts: list[Part] = []
            for shown_as, count in counts:
                if count:
                    if parts:
                        parts.append(", ")
                    parts.extend((shown_as, f" {count}"))
            rows.append(
                Row(
                    (Cell((kind.label,)), Cell((str(per_kind[name]),)), Cell(tuple(parts))),
                    (f"dd-kind-{css_token(name)}",),
                )
            )
        total = Row((Cell(("Total",)), Cell((str(len(entries)),)), Cell()), ("dd-total",))
        table = Table(header(("Kind", "Entries", "By status")), (*rows, total))
        return Content(self.report, (table,))
