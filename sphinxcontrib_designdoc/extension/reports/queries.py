"""How the options of each report directive become its query.

Each option is checked on its own (raising :class:`QueryError` or
:class:`FilterError` with a message the directive logs); the query is one of
the core (:mod:`...core.reports`).  :data:`QUERIES` names the function of each
directive of :mod:`.directives`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...core.filters import Filter, FilterError, parse_filter
from ...core.kinds import ANY_KIND, Registry
from ...core.model import split_list
from ...core.reports.columns import known_columns
from ...core.reports.gates import GatesQuery
from ...core.reports.index import IndexQuery, default_columns
from ...core.reports.matrix import (
    GROUP_BY,
    HIDE_UNLINKED,
    MatrixQuery,
    joining_links,
    link_direction,
    unselective_clauses,
)
from ...core.reports.query import Query, QueryError
from ...core.reports.questions import DEFAULT_FILTER, GROUPS, QuestionsQuery
from ...core.reports.roadmap import RoadmapQuery
from ...core.reports.summary import SummaryQuery
from .graph import DEFAULT_KINDS, DEFAULT_LINKS, GraphQuery


class Options:
    """A report directive's options, validated one by one (raising QueryError)."""

    def __init__(self, options: dict[str, Any], reg: Registry) -> None:
        self.raw = {k: str(v or "").strip() for k, v in options.items()}
        self.registry = reg

    def text(self, name: str, default: str = "") -> str:
        if name not in self.raw:
            return default
        if not self.raw[name]:
            raise QueryError(f":{name}: needs a value")
        return self.raw[name]

    def kind(self, name: str, default: str = "") -> str:
        value = self.text(name, default)
        return self._known_kind(name, value) if value else value

    def kinds(self, name: str = "kinds") -> tuple[str, ...]:
        return tuple(dict.fromkeys(self._known_kind(name, v) for v in split_list(self.text(name))))

    def _known_kind(self, name: str, value: str) -> str:
        if value not in self.registry.kinds:
            raise QueryError(
                f":{name}: unknown kind {value!r} (kinds: {', '.join(self.registry.kinds)})"
            )
        return value

    def filter(self, default: str = "") -> Filter | None:
        text = self.text("filter", default)
        return parse_filter(text, self.registry) if text else None

    def column(self, name: str, value: str, allowed: Sequence[str] = ()) -> str:
        allowed = allowed or known_columns(self.registry)
        if value not in allowed:
            raise QueryError(f":{name}: unknown column {value!r} (columns: {', '.join(allowed)})")
        return value

    def columns(self, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        if name not in self.raw:
            return default
        values = split_list(self.text(name))
        return tuple(dict.fromkeys(self.column(name, v) for v in values))

    def integer(self, name: str, default: int, maximum: int = 10**6) -> int:
        """A whole number from 0 to ``maximum``, in the digits of any script
        (``12``, ``١٢``); superscripts, fractions and signs are refused."""
        if name not in self.raw:
            return default
        value = self.text(name)
        if not value.isdecimal():
            raise QueryError(f":{name}: must be a whole number, not {value!r}")
        digits = value.lstrip("0")
        if len(digits) > len(str(maximum)) or int(digits or "0") > maximum:
            raise QueryError(f":{name}: must be at most {maximum}, not {value!r}")
        return int(digits or "0")


def index_query(options: Options) -> IndexQuery:
    kinds = options.kinds()
    flt = options.filter()
    columns = options.columns("columns", default_columns(kinds, options.registry))
    sort = tuple(
        "-" * c.startswith("-") + options.column("sort", c.removeprefix("-"))
        for c in split_list(options.text("sort"))
    )
    group_by = options.text("group-by")
    if group_by:
        options.column("group-by", group_by)
    return IndexQuery(kinds, flt, columns, sort, group_by)


def questions_query(options: Options) -> QuestionsQuery:
    flt = options.filter(default=DEFAULT_FILTER)
    group_by = options.text("group-by")
    if group_by:
        options.column("group-by", group_by, GROUPS)
    return QuestionsQuery(flt, group_by)


def roadmap_query(options: Options) -> RoadmapQuery:
    return RoadmapQuery(options.filter())


def matrix_query(options: Options) -> MatrixQuery:
    reg = options.registry
    rows = options.kind("rows")
    columns = options.kind("columns")
    if not rows or not columns:
        raise QueryError(":rows: and :columns: are required (a kind each)")
    link = options.text("link")
    if not link:
        found = joining_links(reg, rows, columns)
        if len(found) != 1:
            raise QueryError(
                f":link: is required: {rows} and {columns} are joined by "
                f"{', '.join(found) if found else 'no link field'}"
            )
        link = found[0]
    forward = link_direction(reg, rows, columns, link)
    max_columns = options.integer("max-columns", MatrixQuery.max_columns)
    group_by = options.text("group-by")
    if group_by:
        options.column("group-by", group_by, GROUP_BY)
    hidden = split_list(options.text("hide-unlinked"))
    for part in hidden:
        if part not in HIDE_UNLINKED:
            raise QueryError(
                f":hide-unlinked: unknown value {part!r} (values: {', '.join(HIDE_UNLINKED)})"
            )
    flt = options.filter()
    # a clause that selects neither kind would empty the report without a word
    unselective = unselective_clauses(flt, (reg.kinds[rows], reg.kinds[columns]), reg)
    if unselective:
        raise FilterError(f"clause {unselective[0]!r} selects neither {rows} nor {columns} entries")
    return MatrixQuery(
        rows,
        columns,
        link,
        forward,
        flt,
        max_columns,
        group_by,
        tuple(h for h in HIDE_UNLINKED if h in hidden),
    )


def gates_query(options: Options) -> GatesQuery:
    flt = options.filter()
    levels = split_list(options.text("levels"))
    for level in levels:
        if level not in options.registry.levels:
            raise QueryError(
                f":levels: unknown quality level {level!r} "
                f"(levels: {', '.join(options.registry.levels)})"
            )
    return GatesQuery(flt, tuple(dict.fromkeys(levels)))


def summary_query(options: Options) -> SummaryQuery:
    return SummaryQuery(options.kinds(), options.filter())


def graph_query(options: Options) -> GraphQuery:
    reg = options.registry
    kinds = options.kinds()
    links = tuple(dict.fromkeys(split_list(options.text("links"))))
    if not kinds and not links:
        kinds, links = DEFAULT_KINDS, DEFAULT_LINKS
    elif not links:
        links = tuple(
            dict.fromkeys(
                link.name
                for k in kinds
                for link in reg.kinds[k].links
                if any(link.allows(t) for t in kinds)
            )
        )
    elif not kinds:
        joined: list[str] = []
        for kind in reg.kinds.values():
            for link in kind.links:
                if link.name in links:
                    joined.append(kind.name)
                    joined.extend(reg.kinds if ANY_KIND in link.targets else link.targets)
        kinds = tuple(k for k in reg.kinds if k in joined)
    sources = [reg.kinds[k] for k in kinds] if kinds else list(reg.kinds.values())
    for name in links:
        if not any(kind.link(name) for kind in sources):
            raise QueryError(
                f":links: no kind shown ({', '.join(k.name for k in sources)}) has a link {name!r}"
            )
    group_by = options.text("group-by")
    if group_by:
        options.column("group-by", group_by, GROUP_BY)
    # a flag: present (with no value) or not
    hide_unlinked = "hide-unlinked" in options.raw
    if options.raw.get("hide-unlinked"):
        raise QueryError(":hide-unlinked: takes no value")
    return GraphQuery(kinds, links, options.filter(), group_by, hide_unlinked)


#: Report directive -> the function that makes its query.
QUERIES: dict[str, Callable[[Options], Query]] = {
    "design-index": index_query,
    "design-questions": questions_query,
    "design-matrix": matrix_query,
    "design-graph": graph_query,
    "design-summary": summary_query,
    "design-gates": gates_query,
    "design-roadmap": roadmap_query,
}
