"""``design-index``: a table of entries, filtered, sorted and grouped.

::

    .. design-index::
       :kinds: goal, component
       :filter: status!=dropped
       :columns: id, title, status, satisfies, satisfied-by
       :sort: status, -priority
       :group-by: kind

A column is any field, a computed column or a backlink column (see
:mod:`.columns`); rows sort by the columns of ``:sort:``, the first one first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..filters import Filter
from ..kinds import Registry
from ..model import Entry
from ..text import css_token
from .columns import (
    COMPLIANCE,
    column_cell,
    column_label,
    group_caption,
    group_entries,
    header,
    sort_entries,
)
from .content import Content, Row
from .query import EntryTable, Query, ReportContext, selected, tables_content


@dataclass(frozen=True)
class IndexQuery(Query):
    report: ClassVar[str] = "index"

    kinds: tuple[str, ...]
    filter: Filter | None
    columns: tuple[str, ...]
    #: Columns to sort by, the first one first (``-`` prefix: descending);
    #: none: document order.
    sort: tuple[str, ...] = ()
    group_by: str = ""

    def shows_entry(self, entry: Entry, reg: Registry) -> bool:
        if COMPLIANCE.intersection((*self.columns, *self.sort, self.group_by)):
            return True  # a component's compliance is read from gates and evidence
        return selected(entry, self.kinds, self.filter)

    def compute(self, cx: ReportContext) -> Content:
        return tables_content(self.report, self.entry_tables(cx), lambda e: self.entry_row(e, cx))

    def entry_tables(self, cx: ReportContext) -> tuple[EntryTable, ...]:
        entries = cx.select(self.kinds, self.filter)
        if not entries:
            return ()
        if self.sort:
            entries = sort_entries(entries, self.sort, cx)
        head = header(column_label(c, cx.registry) for c in self.columns)
        if not self.group_by:
            return (EntryTable(head, tuple(entries)),)
        return tuple(
            EntryTable(head, tuple(group), group_caption(self.group_by, value, cx))
            for value, group in group_entries(entries, self.group_by, cx)
        )

    def entry_row(self, entry: Entry, cx: ReportContext) -> Row:
        # the row links to its entry from the ID cell, else from the title cell
        anchor = "" if "id" in self.columns else "title"
        return Row(
            tuple(column_cell(entry, c, cx, anchor=c == anchor) for c in self.columns),
            (f"dd-kind-{css_token(entry.kind)}",),
        )


def default_columns(kinds: tuple[str, ...], reg: Registry) -> tuple[str, ...]:
    """ID, title, kind (unless one kind is shown), status (if any has one), document."""
    shown = [reg.kinds[k] for k in kinds] or list(reg.kinds.values())
    columns = ["id", "title"]
    if len(kinds) != 1:
        columns.append("kind")
    if any(kind.field("status") for kind in shown):
        columns.append("status")
    columns.append("document")
    return tuple(columns)
