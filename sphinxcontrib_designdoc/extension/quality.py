"""Quality levels and gates in a build: compliance once per build, and the
warnings about missing and failing gates.

The rules are Sphinx-free (:mod:`..core.policy`, :mod:`..core.evidence`,
:mod:`..core.compliance`); a quality gate reads its ``:evidence:`` while it is
read (:mod:`.gate`); the ``design-gates`` report shows the compliance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.compliance import ComponentCompliance, compliance_for, quality_problems
from .domain import get_domain
from .gate import setup_gate
from .warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def compliance_by_component(env: BuildEnvironment) -> dict[str, ComponentCompliance]:
    """Every component's compliance, computed once per build from the link index."""
    domain = get_domain(env)
    config = env.config
    return compliance_for(
        domain.index,
        config.designdoc_quality_levels,
        config.designdoc_default_quality,
        domain.derived,
    )


def check_quality(app: Sphinx, env: BuildEnvironment) -> None:
    """Missing (and, if asked for, failing) gates, once per build, at the component."""
    records = compliance_by_component(env)
    index = get_domain(env).index
    for problem in quality_problems(index, records, env.config.designdoc_warn_failing_gates):
        warn(problem.message, problem.subtype, problem.entry.location)


def setup_quality(app: Sphinx) -> None:
    setup_gate(app)
    app.connect("env-check-consistency", check_quality)
