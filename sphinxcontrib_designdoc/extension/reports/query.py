"""What a report asks for, and what it is computed from, once per build.

The flow of a report::

    directive (read time)          validates its options, stores a ReportSpec
                                   in the domain, returns a report_placeholder
    computed() (once per build)    Query.compute() -> Content, from the link index,
                                   cached on the domain per distinct query
    FillReports (post-transform)   render_content() -> standard docutils nodes
                                   (fill.py, render.py)

The :class:`~...core.reports.content.Content` of a report is a frozen record of
everything it shows, so ``freshness`` can put it into the page digest and
rewrite exactly the pages whose reports changed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

from ...core.builddate import build_date
from ...core.filters import Filter
from ...core.kinds import Registry
from ...core.model import Entry
from ...core.reports.content import Broken, Content, DocRef, Ref
from ..config import registry
from ..domain import get_domain

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ...core.linkgraph import LinkIndex


@dataclass(frozen=True)
class Query:
    """What a report asks for; equal queries are computed once per build.

    Each report module subclasses it with its options and a :meth:`compute`.
    """

    report: ClassVar[str] = ""

    def compute(self, cx: ComputeContext) -> Content:
        raise NotImplementedError


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


@dataclass
class ComputeContext:
    """What reports are computed from: the link index and a few build facts."""

    index: LinkIndex
    registry: Registry
    today: dt.date
    titles: dict[str, str]
    #: Whether Graphviz's ``dot`` can be run (graphs are drawn, or listed).
    dot: bool
    config: Config
    #: The build's cache of values derived from the index (``DesignDomain.derived``),
    #: for what several reports and checks share.
    derived: dict[Any, Any]

    def select(self, kinds: Sequence[str] = (), flt: Filter | None = None) -> list[Entry]:
        """The entries of ``kinds`` (all if empty) matching ``flt``, in index order."""
        pinned = flt.documents() if flt is not None else None
        pool: Iterable[Entry] = (
            self.index.entries
            if pinned is None
            else [e for d in sorted(pinned) for e in self.index.by_doc.get(d, ())]
        )
        return [
            e for e in pool if (not kinds or e.kind in kinds) and (flt is None or flt.matches(e))
        ]

    def ref(self, entry: Entry, label: str = "") -> Ref:
        return Ref(entry.id, entry.docname, entry.title, label)

    def target(self, target_id: str) -> Ref | Broken:
        entry = self.index.resolve(target_id)
        if entry is None:
            return Broken(target_id, self.index.is_hidden(target_id))
        return self.ref(entry)

    def doc(self, docname: str) -> DocRef:
        return DocRef(docname, self.titles.get(docname, docname))


def graphviz_available(config: Config) -> bool:
    return bool(config.graphviz_dot) and shutil.which(config.graphviz_dot) is not None


def build_stamp(env: BuildEnvironment) -> tuple[str, bool]:
    """What reports depend on besides the entries: the build date, and whether
    graphs are drawn."""
    return build_date(env.config.designdoc_today).isoformat(), graphviz_available(env.config)


def compute_context(env: BuildEnvironment) -> ComputeContext:
    """The context of this build, made once (cached with the index)."""
    domain = get_domain(env)
    derived = domain.derived
    cx = derived.get("context")
    if cx is None:
        cx = ComputeContext(
            index=domain.index,
            registry=registry(env.config),
            today=build_date(env.config.designdoc_today),
            titles={d: t.astext() for d, t in env.titles.items()},
            dot=graphviz_available(env.config),
            config=env.config,
            derived=derived,
        )
        derived["context"] = cx
    return cx


def computed(env: BuildEnvironment, query: Query) -> Content:
    """The content of a report: computed at most once per build per distinct query."""
    derived = get_domain(env).derived
    key = ("report", query)
    content = derived.get(key)
    if content is None:
        content = query.compute(compute_context(env))
        derived[key] = content
    return content


def shown_reports(env: BuildEnvironment, docname: str) -> list[object]:
    """What the reports of a page show, for the page digest of ``freshness``."""
    specs: list[ReportSpec] = get_domain(env).data["reports"].get(docname, [])
    return [(spec.serial, spec.query, computed(env, spec.query)) for spec in specs]
