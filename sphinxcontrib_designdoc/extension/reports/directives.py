"""The report directives: the options each accepts, a stored query, a
placeholder filled after reading.

The options become a query of the core in :mod:`.queries`; the directive
stores it in the domain (a :class:`~.placeholder.ReportSpec`) and leaves a
:class:`~.placeholder.report_placeholder`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ...core.subtypes import Subtype
from ..config import registry
from ..directives import _AnyOption
from ..domain import get_domain
from ..warnings_ import warn
from .placeholder import ReportSpec, report_placeholder


class ReportDirective(SphinxDirective):
    """Base of the report directives: validate, store a ReportSpec, leave a placeholder.

    Subclasses name the options they accept; :data:`.queries.QUERIES` makes
    the query of each (imported by the first report read: a build that reads
    none does not import the queries).
    """

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    # every option is accepted here and checked in run(), so that an unknown one
    # is a located designdoc warning in RST and MyST alike
    option_spec: ClassVar[dict[str, Any]] = _AnyOption()
    #: The directive's name (its query in :data:`.queries.QUERIES`).
    report: ClassVar[str] = ""
    known_options: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # non-empty, or docutils takes the options for content
        cls.option_spec = _AnyOption(dict.fromkeys(cls.known_options, directives.unchanged))

    def run(self) -> list[nodes.Node]:
        from ...core.filters import FilterError
        from ...core.reports.query import QueryError
        from .queries import QUERIES, Options

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
            query = QUERIES[self.report](Options(self.options, registry(self.config)))
        except FilterError as exc:
            warn(f"{self.name}: :filter: {exc}; report left out", Subtype.invalid_filter, location)
            return []
        except QueryError as exc:
            warn(f"{self.name}: {exc}; report left out", Subtype.invalid_value, location)
            return []
        docname = self.env.docname
        reports = get_domain(self.env).reports
        spec = ReportSpec(docname, len(reports.get(docname, [])), self.lineno, query)
        reports.append(docname, spec)
        node = report_placeholder(docname=docname, serial=spec.serial)
        self.set_source_info(node)
        return [node]


class IndexDirective(ReportDirective):
    report = "design-index"
    known_options = ("kinds", "filter", "columns", "sort", "group-by")


class QuestionsDirective(ReportDirective):
    report = "design-questions"
    known_options = ("filter", "group-by")


class RoadmapDirective(ReportDirective):
    report = "design-roadmap"
    known_options = ("filter",)


class MatrixDirective(ReportDirective):
    report = "design-matrix"
    known_options = (
        "rows",
        "columns",
        "link",
        "filter",
        "max-columns",
        "group-by",
        "hide-unlinked",
    )


class GatesDirective(ReportDirective):
    report = "design-gates"
    known_options = ("filter", "levels")


class SummaryDirective(ReportDirective):
    report = "design-summary"
    known_options = ("kinds", "filter")


class GraphDirective(ReportDirective):
    report = "design-graph"
    known_options = ("kinds", "links", "filter", "group-by", "hide-unlinked")
