"""Quality levels and gates in a build: compliance once per build, kept
between builds for the components whose inputs did not change.

The warnings about missing and failing gates are rules of the core
(:func:`..core.rules.quality_gates`, logged by :mod:`.checks`).

The rules are Sphinx-free (:mod:`..core.policy`, :mod:`..core.evidence`,
:mod:`..core.compliance`); a quality gate reads its ``:evidence:`` while it is
read (:mod:`.gate`); the ``design-gates`` report shows the compliance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .domain import get_domain
from .gate import setup_gate
from .kept import KeptByDocument

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.compliance import ComponentCompliance
    from ..core.model import Entry


def compliance_by_component(env: BuildEnvironment) -> dict[str, ComponentCompliance]:
    """Every component's compliance, computed once per build from the link index.

    A component's compliance is read from its own fields and document, and
    from the gates that apply to it: it can change only in a build that
    renews the entry generation of its document (see freshness).  The
    compliance of the others is the one kept in the environment from the
    build that judged them (per document, see :mod:`.kept`).
    """
    domain = get_domain(env)
    if "compliance" in domain.derived:
        found: dict[str, ComponentCompliance] = domain.derived["compliance"]
        return found
    from ..core.compliance import compliance_for

    config = env.config
    key = [config.designdoc_quality_levels, config.designdoc_default_quality]
    stored = domain.data.get("compliance")
    saved = stored[1] if stored is not None and stored[0] == key else None
    kept: KeptByDocument[dict[str, ComponentCompliance]] = KeptByDocument.loads(domain, saved)

    def kept_record(component: Entry) -> ComponentCompliance | None:
        records = kept.get(component.docname)
        return None if records is None else records.get(component.id)

    found = compliance_for(
        domain.index,
        config.designdoc_quality_levels,
        config.designdoc_default_quality,
        domain.derived,
        kept_record,
    )
    if kept.current:
        by_doc: dict[str, dict[str, ComponentCompliance]] = {}
        for component_id, record in found.items():
            by_doc.setdefault(domain.index.by_id[component_id].docname, {})[component_id] = record
        for docname, records in by_doc.items():
            kept.put(docname, records)
        domain.data["compliance"] = (key, kept.dumps())
    return found


def setup_quality(app: Sphinx) -> None:
    setup_gate(app)
