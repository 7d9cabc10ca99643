"""Quality levels and gates in a build: compliance once per build.

The warnings about missing and failing gates are rules of the core
(:func:`..core.rules.quality_gates`, logged by :mod:`.checks`).

The rules are Sphinx-free (:mod:`..core.policy`, :mod:`..core.evidence`,
:mod:`..core.compliance`); a quality gate reads its ``:evidence:`` while it is
read (:mod:`.gate`); the ``design-gates`` report shows the compliance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.compliance import ComponentCompliance, compliance_for
from .domain import get_domain
from .gate import setup_gate

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


def setup_quality(app: Sphinx) -> None:
    setup_gate(app)
