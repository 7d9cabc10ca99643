"""The report directives: tables, a matrix and a graph computed from all entries.

Each directive validates its options while reading, stores a small
:class:`~.base.ReportSpec` in the domain and leaves a placeholder; the content
is computed once per build per distinct query and filled in by a
post-transform (see :mod:`.base`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .directive import ReportDirective
from .fill import FillReports
from .gates import GatesDirective
from .graph import GraphDirective
from .index import IndexDirective
from .matrix import MatrixDirective
from .query import report_placeholder
from .questions import QuestionsDirective
from .summary import SummaryDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DIRECTIVES: dict[str, type[ReportDirective]] = {
    "design-index": IndexDirective,
    "design-questions": QuestionsDirective,
    "design-matrix": MatrixDirective,
    "design-graph": GraphDirective,
    "design-summary": SummaryDirective,
    "design-gates": GatesDirective,
}


def setup_reports(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(report_placeholder)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_post_transform(FillReports)
