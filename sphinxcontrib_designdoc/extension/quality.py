"""Quality levels and gates in a build: compliance once per build, kept
between builds for the components whose inputs did not change.

The warnings about missing and failing gates are rules of the core
(:func:`..core.rules.quality_gates`, logged by :mod:`.checks`).

The rules are Sphinx-free (:mod:`..core.policy`, :mod:`..core.evidence`,
:mod:`..core.compliance`); a quality gate reads its ``:evidence:`` while it is
read (:mod:`.gate`); the ``design-gates`` report shows the compliance.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING

from ..core.compliance import ComponentCompliance, compliance_for
from ..core.model import Entry
from .domain import get_domain
from .gate import setup_gate

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


#: docname -> (its entry generation, {component ID: its compliance})
KeptCompliance = dict[str, tuple[str, dict[str, ComponentCompliance]]]


def compliance_by_component(env: BuildEnvironment) -> dict[str, ComponentCompliance]:
    """Every component's compliance, computed once per build from the link index.

    A component's compliance is read from its own fields and document, and
    from the gates that apply to it: it can change only in a build that
    renews the entry generation of its document (see freshness).  The
    compliance of the others is the one kept in the environment from the
    build that judged them (per document, under its entry generation).
    """
    domain = get_domain(env)
    if "compliance" in domain.derived:
        found: dict[str, ComponentCompliance] = domain.derived["compliance"]
        return found
    config = env.config
    key = [config.designdoc_quality_levels, config.designdoc_default_quality]
    generations = domain.entry_generations()
    stored = domain.data.get("compliance")
    old: KeptCompliance = {}
    if generations and stored is not None and stored[0] == key:
        old = pickle.loads(stored[1])

    def kept(component: Entry) -> ComponentCompliance | None:
        found = old.get(component.docname)
        if found is None or found[0] != generations.get(component.docname):
            return None
        return found[1].get(component.id)

    found = compliance_for(
        domain.index,
        config.designdoc_quality_levels,
        config.designdoc_default_quality,
        domain.derived,
        kept,
    )
    if generations:
        new: KeptCompliance = {}
        for component_id, record in found.items():
            docname = domain.index.by_id[component_id].docname
            new.setdefault(docname, (generations[docname], {}))[1][component_id] = record
        domain.data["compliance"] = (key, pickle.dumps(new, protocol=pickle.HIGHEST_PROTOCOL))
    return found


def setup_quality(app: Sphinx) -> None:
    setup_gate(app)
