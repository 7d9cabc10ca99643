"""Quality levels and gates: the policy, gate status from CI evidence, compliance.

- :mod:`.policy`: the checks each quality level requires, from
  ``designdoc_quality_levels`` and the policy gates of a document;
- :mod:`.evidence`: JUnit XML, coverage.py JSON, Cobertura XML and SARIF
  files read into a status and a measured value;
- :mod:`.gate`: a quality gate reads its ``:evidence:`` while it is read;
- :mod:`.compliance`: each component's checks and verdict, once per build,
  and the warnings about missing and failing gates.

The ``design-gates`` report shows the compliance (``reports.gates``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import get_domain
from ..warnings_ import warn
from .compliance import compliance_by_component, quality_problems
from .gate import setup_gate

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def check_quality(app: Sphinx, env: BuildEnvironment) -> None:
    """Missing (and, if asked for, failing) gates, once per build, at the component."""
    records = compliance_by_component(env)
    index = get_domain(env).index
    for problem in quality_problems(index, records, env.config.designdoc_warn_failing_gates):
        warn(problem.message, problem.subtype, problem.entry.location)


def setup_quality(app: Sphinx) -> None:
    setup_gate(app)
    app.connect("env-check-consistency", check_quality)
