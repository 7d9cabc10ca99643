"""The report directives: tables, a matrix and a graph computed from all entries.

Each directive validates its options while reading, stores a small
:class:`~.base.ReportSpec` in the domain and leaves a placeholder; the content
is computed once per build per distinct query and filled in by a
post-transform (see :mod:`.base`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..builddate import setup_builddate
from ..warnings_ import warn
from .base import ReportDirective, compute_context, report_placeholder
from .fill import FillReports
from .gates import GatesDirective
from .graph import GraphDirective, dependency_cycles
from .index import IndexDirective
from .matrix import MatrixDirective
from .questions import QuestionsDirective, question_problems
from .summary import SummaryDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

DIRECTIVES: dict[str, type[ReportDirective]] = {
    "design-index": IndexDirective,
    "design-questions": QuestionsDirective,
    "design-matrix": MatrixDirective,
    "design-graph": GraphDirective,
    "design-summary": SummaryDirective,
    "design-gates": GatesDirective,
}


def check_reports(app: Sphinx, env: BuildEnvironment) -> None:
    """The cross-document checks of questions and dependencies, once per build
    (after the domain's own consistency checks)."""
    cx = compute_context(env)
    problems = [
        *question_problems(cx.index, cx.today, env.config.designdoc_warn_overdue),
        *dependency_cycles(cx.index),
    ]
    for problem in problems:
        warn(problem.message, problem.subtype, problem.entry.location)


def setup_reports(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    setup_builddate(app)
    app.add_node(report_placeholder)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_post_transform(FillReports)
    app.connect("env-check-consistency", check_reports)
