"""``design-graph``: entries and their links, drawn by ``sphinx.ext.graphviz``.

::

    .. design-graph::
       :kinds: component, goal
       :links: depends-on, satisfies
       :filter: status!=deprecated

Without options: components and their ``depends-on`` links.  With ``:links:``
only, the kinds are those the links join; with ``:kinds:`` only, the links are
those between the kinds.  HTML and LaTeX get a picture (nodes link to their
entries in HTML); other builders, and every builder where Graphviz's ``dot``
is not installed, get the same edges as a nested list.  Dependency cycles are
found by a rule of the core (:func:`...core.rules.dependency_cycles`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from sphinx.ext.graphviz import graphviz
from sphinx.util import logging

from ...core.filters import Filter
from ...core.kinds import ANY_KIND
from ...core.model import split_list
from ...core.reports.content import Block, Bullets, Content, Item, Part, Ref, no_match
from ...core.reports.query import Query, QueryError, ReportContext
from ..domain import get_domain
from .directives import Options, ReportDirective
from .render import RENDERERS, RenderContext, render_block

logger = logging.getLogger(__name__)

DEFAULT_KINDS = ("component",)
DEFAULT_LINKS = ("depends-on",)
#: Builder formats that show the picture (where ``dot`` is installed).
DRAWN_FORMATS = ("html", "latex")
#: Builders of those formats that get the list all the same (EPUB readers
#: ignore the image maps that make the nodes links, and Sphinx's EPUB builder
#: warns about them).
LISTED_BUILDERS = ("epub",)


def draws(rx: RenderContext) -> bool:
    """Whether this builder shows graphs as pictures."""
    return rx.format in DRAWN_FORMATS and rx.builder.name not in LISTED_BUILDERS


def _dot_string(*lines: str) -> str:
    """A quoted DOT string of lines (shown centred, one under the other)."""
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") for line in lines)
    return '"' + "\\n".join(escaped) + '"'


@dataclass(frozen=True)
class Graph(Block):
    entries: tuple[Ref, ...]
    #: (source ID, link label, target ID), in node then link order.
    edges: tuple[tuple[str, str, str], ...]
    #: Several link fields are shown, so edges are labelled.
    labelled: bool
    #: Graphviz's ``dot`` is installed (part of the content, so that installing
    #: it rewrites the pages with graphs).
    dot: bool

    def render(self, rx: RenderContext) -> list[nodes.Node]:
        if draws(rx):
            if self.dot:
                return [self.graphviz_node(rx)]
            derived = get_domain(rx.env).derived
            if "dot-notice" not in derived:
                derived["dot-notice"] = True
                logger.info(
                    "design-graph: Graphviz's %r program was not found, so graphs are "
                    "shown as lists; install Graphviz to draw them",
                    rx.builder.config.graphviz_dot,
                )
        return self.as_list(rx)

    def source(self, rx: RenderContext) -> str:
        """The DOT source; nodes link to their entries where the builder has URLs."""
        # a name unique in the page: HTML image maps are looked up by it
        name = "dd_graph_" + re.sub(r"\W", "_", rx.report)
        lines = [
            f"digraph {_dot_string(name)} {{",
            '  graph [rankdir=LR, fontname="sans-serif"];',
            '  node [shape=box, style="rounded", fontname="sans-serif", fontsize=11];',
            '  edge [fontname="sans-serif", fontsize=9];',
        ]
        for ref in self.entries:
            attrs = [f"label={_dot_string(ref.id, ref.title)}", f"tooltip={_dot_string(ref.title)}"]
            uri = rx.uri(ref) if rx.format == "html" else None
            if uri is not None:
                attrs += [f"URL={_dot_string(uri)}", 'target="_top"']
            lines.append(f"  {_dot_string(ref.id)} [{', '.join(attrs)}];")
        for source, label, target in self.edges:
            edge = f" [label={_dot_string(label)}]" if self.labelled else ""
            lines.append(f"  {_dot_string(source)} -> {_dot_string(target)}{edge};")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def graphviz_node(self, rx: RenderContext) -> graphviz:
        node = graphviz(classes=["dd-graph"])
        node["code"] = self.source(rx)
        node["options"] = {"docname": rx.fromdocname}
        node["alt"] = f"Graph of {len(self.entries)} entries and {len(self.edges)} links"
        return node

    def as_list(self, rx: RenderContext) -> list[nodes.Node]:
        by_id = {ref.id: ref for ref in self.entries}
        outgoing: dict[str, dict[str, list[Ref]]] = {}
        for source, label, target_id in self.edges:
            outgoing.setdefault(source, {}).setdefault(label, []).append(by_id[target_id])
        items = []
        for ref in self.entries:
            children = []
            for label, targets in outgoing.get(ref.id, {}).items():
                parts: list[Part] = [f"{label}: "]
                for i, target in enumerate(targets):
                    parts.extend([", "] if i else [])
                    parts.extend((target, f" {target.title}"))
                children.append(Item(tuple(parts)))
            items.append(Item((ref, f" {ref.title}"), tuple(children)))
        return render_block(Bullets(tuple(items), ("dd-graph-list",)), rx)


def _render_graph(block: Block, rx: RenderContext) -> list[nodes.Node]:
    assert isinstance(block, Graph)
    return block.render(rx)


RENDERERS[Graph] = _render_graph


@dataclass(frozen=True)
class GraphQuery(Query):
    report: ClassVar[str] = "graph"

    kinds: tuple[str, ...]
    links: tuple[str, ...]
    filter: Filter | None

    def compute(self, cx: ReportContext) -> Content:
        shown = cx.select(self.kinds, self.filter)
        if not shown:
            return no_match(self.report)
        ids = {e.id for e in shown}
        edges: list[tuple[str, str, str]] = []
        for entry in shown:
            kind = cx.registry.kinds.get(entry.kind)
            for name in self.links:
                link = kind.link(name) if kind else None
                label = link.label if link else name
                edges.extend(
                    (entry.id, label, target) for target in entry.targets(name) if target in ids
                )
        graph = Graph(
            entries=tuple(cx.ref(e) for e in shown),
            edges=tuple(edges),
            labelled=len(self.links) > 1,
            dot=cx.dot,
        )
        return Content(self.report, (graph,))


class GraphDirective(ReportDirective):
    known_options = ("kinds", "links", "filter")

    def query(self, options: Options) -> GraphQuery:
        reg = options.registry
        kinds = options.kinds()
        links = tuple(dict.fromkeys(split_list(options.text("links"))))
        if not kinds and not links:
            kinds, links = DEFAULT_KINDS, DEFAULT_LINKS
        elif not links:
            links = tuple(
                dict.fromkeys(
                    link.name
                    for k in kinds
                    for link in reg.kinds[k].links
                    if any(link.allows(t) for t in kinds)
                )
            )
        elif not kinds:
            joined: list[str] = []
            for kind in reg.kinds.values():
                for link in kind.links:
                    if link.name in links:
                        joined.append(kind.name)
                        joined.extend(reg.kinds if ANY_KIND in link.targets else link.targets)
            kinds = tuple(k for k in reg.kinds if k in joined)
        sources = [reg.kinds[k] for k in kinds] if kinds else list(reg.kinds.values())
        for name in links:
            if not any(kind.link(name) for kind in sources):
                raise QueryError(
                    f":links: no kind shown ({', '.join(k.name for k in sources)}) "
                    f"has a link {name!r}"
                )
        return GraphQuery(kinds, links, options.filter())
