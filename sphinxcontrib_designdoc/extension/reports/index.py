"""``design-index``: a table of entries, filtered, sorted and grouped.

::

    .. design-index::
       :kinds: goal, component
       :filter: status!=dropped
       :columns: id, title, status, satisfies
       :sort: -status
       :group-by: kind
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ...core.filters import Filter
from ...core.model import Entry
from ...core.reports.content import Content, Row, Table, no_match
from ..cards import css_token
from .columns import column_cell, column_label, group_caption, group_entries, header, sort_entries
from .directive import Options, ReportDirective
from .query import ComputeContext, Query


@dataclass(frozen=True)
class IndexQuery(Query):
    report: ClassVar[str] = "index"

    kinds: tuple[str, ...]
    filter: Filter | None
    columns: tuple[str, ...]
    #: A column (``-`` prefix: descending); empty: document order.
    sort: str = ""
    group_by: str = ""

    def compute(self, cx: ComputeContext) -> Content:
        entries = cx.select(self.kinds, self.filter)
        if not entries:
            return no_match(self.report)
        if self.sort:
            entries = sort_entries(entries, self.sort, cx)
        # the row links to its entry from the ID cell, else from the title cell
        anchor = "" if "id" in self.columns else "title"
        head = header(column_label(c, cx.registry) for c in self.columns)

        def rows(group: list[Entry]) -> tuple[Row, ...]:
            return tuple(
                Row(
                    tuple(column_cell(e, c, cx, anchor=c == anchor) for c in self.columns),
                    (f"dd-kind-{css_token(e.kind)}",),
                )
                for e in group
            )

        if not self.group_by:
            return Content(self.report, (Table(head, rows(entries)),))
        return Content(
            self.report,
            tuple(
                Table(head, rows(group), caption=group_caption(self.group_by, value, cx))
                for value, group in group_entries(entries, self.group_by, cx)
            ),
        )


def default_columns(kinds: tuple[str, ...], options: Options) -> tuple[str, ...]:
    """ID, title, kind (unless one kind is shown), status (if any has one), document."""
    shown = [options.registry.kinds[k] for k in kinds] or list(options.registry.kinds.values())
    columns = ["id", "title"]
    if len(kinds) != 1:
        columns.append("kind")
    if any(kind.field("status") for kind in shown):
        columns.append("status")
    columns.append("document")
    return tuple(columns)


class IndexDirective(ReportDirective):
    known_options = ("kinds", "filter", "columns", "sort", "group-by")

    def query(self, options: Options) -> IndexQuery:
        kinds = options.kinds()
        flt = options.filter()
        columns = options.columns("columns", default_columns(kinds, options))
        sort = options.text("sort")
        if sort:
            options.column("sort", sort.removeprefix("-"))
        group_by = options.text("group-by")
        if group_by:
            options.column("group-by", group_by)
        return IndexQuery(kinds, flt, columns, sort, group_by)
