"""The report directives: tables, a matrix and a graph computed from all entries.

Each directive validates its options while reading, stores a small
:class:`~.placeholder.ReportSpec` in the domain and leaves a placeholder; the
content is computed by a query of the core (:mod:`...core.reports`) once per
build per distinct query and filled in by a post-transform (see :mod:`.compute`).
Only :mod:`.directives`, :mod:`.placeholder` and :mod:`.html_cache` are
imported to register them: the queries, their computation and rendering are
imported by the builds that use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .directives import (
    GatesDirective,
    GraphDirective,
    IndexDirective,
    MatrixDirective,
    QuestionsDirective,
    ReportDirective,
    RoadmapDirective,
    SummaryDirective,
)
from .html_cache import setup_html_cache
from .placeholder import FillReports, report_placeholder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DIRECTIVES: dict[str, type[ReportDirective]] = {
    directive.report: directive
    for directive in (
        IndexDirective,
        QuestionsDirective,
        MatrixDirective,
        GraphDirective,
        SummaryDirective,
        GatesDirective,
        RoadmapDirective,
    )
}


def setup_reports(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(report_placeholder)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_post_transform(FillReports)
    setup_html_cache(app)
