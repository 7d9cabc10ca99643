"""The report directives: options checked one by one, a stored query, a
placeholder filled after reading.

Each directive turns its options into a query of the core
(:mod:`...core.reports`); ``design-graph`` is in :mod:`.graph`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ...core.filters import Filter, FilterError, parse_filter
from ...core.kinds import Registry
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
from ...core.subtypes import Subtype
from ..config import registry
from ..directives import _AnyOption
from ..domain import get_domain
from ..warnings_ import warn
from .compute import ReportSpec, report_placeholder


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
        if value and value not in self.registry.kinds:
            raise QueryError(
                f":{name}: unknown kind {value!r} (kinds: {', '.join(self.registry.kinds)})"
            )
        return value

    def kinds(self, name: str = "kinds") -> tuple[str, ...]:
        values = split_list(self.text(name))
        for value in values:
            if value not in self.registry.kinds:
                raise QueryError(
                    f":{name}: unknown kind {value!r} (kinds: {', '.join(self.registry.kinds)})"
                )
        return tuple(dict.fromkeys(values))

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


class ReportDirective(SphinxDirective):
    """Base of the report directives: validate, store a ReportSpec, leave a placeholder.

    Subclasses set :attr:`known_options` and implement :meth:`query`.
    """

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    # every option is accepted here and checked in run(), so that an unknown one
    # is a located designdoc warning in RST and MyST alike
    option_spec: ClassVar[dict[str, Any]] = _AnyOption()
    known_options: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # non-empty, or docutils takes the options for content
        cls.option_spec = _AnyOption(dict.fromkeys(cls.known_options, directives.unchanged))

    def query(self, options: Options) -> Query:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        unknown = sorted(set(self.options) - set(self.known_options))
        if unknown:
            warn(
                f"{self.name}: unknown option :{unknown[0]}: "
                f"(allowed: {', '.join(self.known_options)}); report left out",
                Subtype.invalid_value,
                location,
            )
            return []
        try:
            query = self.query(Options(self.options, registry(self.config)))
        except FilterError as exc:
            warn(f"{self.name}: :filter: {exc}; report left out", Subtype.invalid_filter, location)
            return []
        except QueryError as exc:
            warn(f"{self.name}: {exc}; report left out", Subtype.invalid_value, location)
            return []
        docname = self.env.docname
        specs = get_domain(self.env).data["reports"].setdefault(docname, [])
        spec = ReportSpec(docname, len(specs), self.lineno, query)
        specs.append(spec)
        node = report_placeholder(docname=docname, serial=spec.serial)
        self.set_source_info(node)
        return [node]


class IndexDirective(ReportDirective):
    known_options = ("kinds", "filter", "columns", "sort", "group-by")

    def query(self, options: Options) -> IndexQuery:
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


class QuestionsDirective(ReportDirective):
    known_options = ("filter", "group-by")

    def query(self, options: Options) -> QuestionsQuery:
        flt = options.filter(default=DEFAULT_FILTER)
        group_by = options.text("group-by")
        if group_by:
            options.column("group-by", group_by, GROUPS)
        return QuestionsQuery(flt, group_by)


class RoadmapDirective(ReportDirective):
    known_options = ("filter",)

    def query(self, options: Options) -> RoadmapQuery:
        return RoadmapQuery(options.filter())


class MatrixDirective(ReportDirective):
    known_options = (
        "rows",
        "columns",
        "link",
        "filter",
        "max-columns",
        "group-by",
        "hide-unlinked",
    )

    def query(self, options: Options) -> MatrixQuery:
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
            raise FilterError(
                f"clause {unselective[0]!r} selects neither {rows} nor {columns} entries"
            )
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


class GatesDirective(ReportDirective):
    known_options = ("filter", "levels")

    def query(self, options: Options) -> GatesQuery:
        flt = options.filter()
        levels = split_list(options.text("levels"))
        for level in levels:
            if level not in options.registry.levels:
                raise QueryError(
                    f":levels: unknown quality level {level!r} "
                    f"(levels: {', '.join(options.registry.levels)})"
                )
        return GatesQuery(flt, tuple(dict.fromkeys(levels)))


class SummaryDirective(ReportDirective):
    known_options = ("kinds", "filter")

    def query(self, options: Options) -> SummaryQuery:
        return SummaryQuery(options.kinds(), options.filter())
