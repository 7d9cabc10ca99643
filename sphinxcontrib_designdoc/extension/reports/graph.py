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
found by :func:`dependency_cycles`, once per build.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from sphinx.ext.graphviz import graphviz
from sphinx.util import logging

from ...core.filters import Filter
from ...core.kinds import ANY_KIND
from ...core.linkgraph import LinkIndex
from ...core.model import split_list
from ...core.subtypes import Problem, Subtype
from ..domain import get_domain
from .base import (
    Block,
    Bullets,
    ComputeContext,
    Content,
    Item,
    OptionError,
    Options,
    Part,
    Query,
    Ref,
    RenderContext,
    ReportDirective,
    no_match,
)

logger = logging.getLogger(__name__)

DEFAULT_KINDS = ("component",)
DEFAULT_LINKS = ("depends-on",)
#: The link along which dependency cycles are looked for.
CYCLE_LINK = "depends-on"
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
        return Bullets(tuple(items), ("dd-graph-list",)).render(rx)


@dataclass(frozen=True)
class GraphQuery(Query):
    report: ClassVar[str] = "graph"

    kinds: tuple[str, ...]
    links: tuple[str, ...]
    filter: Filter | None

    def compute(self, cx: ComputeContext) -> Content:
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
                raise OptionError(
                    f":links: no kind shown ({', '.join(k.name for k in sources)}) "
                    f"has a link {name!r}"
                )
        return GraphQuery(kinds, links, options.filter())


def dependency_cycles(index: LinkIndex, link: str = CYCLE_LINK) -> list[Problem]:
    """One problem per cycle of ``link`` links (strongly connected component),
    located at its entry that comes first in document order."""
    order = {entry.id: i for i, entry in enumerate(index.entries)}
    graph = {e.id: [t for t in dict.fromkeys(e.targets(link)) if t in order] for e in index.entries}
    problems = []
    for component in _strongly_connected(graph, list(order)):
        members = set(component)
        start = min(component, key=order.__getitem__)
        if len(component) == 1 and start not in graph[start]:
            continue
        path = _shortest_cycle(graph, start, members)
        problems.append(
            Problem(
                index.by_id[start],
                Subtype.dependency_cycle,
                f"dependency cycle through :{link}: links: {' -> '.join(path)}",
            )
        )
    problems.sort(key=lambda p: order[p.entry.id])
    return problems


def _strongly_connected(graph: dict[str, list[str]], nodes_: list[str]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit on long chains)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in nodes_:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = graph[node]
            if i < len(successors):
                work.append((node, i + 1))
                succ = successors[i]
                if succ not in index:
                    work.append((succ, 0))
                elif succ in on_stack:
                    low[node] = min(low[node], index[succ])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _shortest_cycle(graph: dict[str, list[str]], start: str, members: set[str]) -> list[str]:
    """The shortest path from ``start`` back to itself inside ``members``."""
    parents: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for succ in graph[node]:
            if succ == start:
                path = [node]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                return [*reversed(path), start]
            if succ in members and succ not in parents:
                parents[succ] = node
                queue.append(succ)
    return [start, start]  # not reached for a strongly connected component
