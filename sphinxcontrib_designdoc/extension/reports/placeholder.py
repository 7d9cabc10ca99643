"""Where a report goes: the report as the domain keeps it between builds, the
placeholder its directive leaves, the post-transform that fills it, and what
it shows on its page (for the page digests of :mod:`...freshness`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..domain import get_domain
from ..shown import shows

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ...core.reports.query import Query


@dataclass(frozen=True)
class ReportSpec:
    """One report directive, as stored in the domain (``data["reports"]``)."""

    docname: str
    #: Position among the reports of its document (key of the placeholder).
    serial: int
    lineno: int
    query: Query


class report_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where a report goes; holds ``docname`` and ``serial`` of its ReportSpec.

    Always replaced by :class:`FillReports` before writing.
    """


class FillReports(SphinxPostTransform):
    """Replace every report placeholder of a page with the report (see
    :mod:`.fill`, imported by the first page that has one)."""

    # before Sphinx's reference resolver (10), like the entry links (5)
    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(report_placeholder))
        if placeholders:
            from .fill import ReportFiller

            ReportFiller(self).fill(placeholders)


@shows("reports")
def shown_reports(env: BuildEnvironment, docname: str) -> Iterator[object]:
    """What the reports of a page show."""
    specs = get_domain(env).reports.get(docname, [])
    if specs:
        from .compute import content_digest

        for spec in specs:
            yield (spec.serial, spec.query, content_digest(env, spec.query))
