"""The report directives: tables, a matrix and a graph computed from all entries.

Each directive validates its options while reading, stores a small
:class:`~.compute.ReportSpec` in the domain and leaves a placeholder; the
content is computed by a query of the core (:mod:`...core.reports`) once per
build per distinct query and filled in by a post-transform (see :mod:`.compute`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .compute import report_placeholder
from .directives import (
    GatesDirective,
    IndexDirective,
    MatrixDirective,
    QuestionsDirective,
    ReportDirective,
    RoadmapDirective,
    SummaryDirective,
)
from .fill import FillReports
from .graph import GraphDirective
from .html_cache import setup_html_cache

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DIRECTIVES: dict[str, type[ReportDirective]] = {
    "design-index": IndexDirective,
    "design-questions": QuestionsDirective,
    "design-matrix": MatrixDirective,
    "design-graph": GraphDirective,
    "design-summary": SummaryDirective,
    "design-gates": GatesDirective,
    "design-roadmap": RoadmapDirective,
}


def setup_reports(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(report_placeholder)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_post_transform(FillReports)
    setup_html_cache(app)
