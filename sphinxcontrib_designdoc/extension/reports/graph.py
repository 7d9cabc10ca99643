"""``design-graph``: entries and their links, drawn by Graphviz's ``dot``.

::

    .. design-graph::
       :kinds: component, goal
       :links: depends-on, satisfies
       :filter: status!=deprecated
       :group-by: document
       :hide-unlinked:

Without options: components and their ``depends-on`` links.  With ``:links:``
only, the kinds are those the links join; with ``:kinds:`` only, the links are
those between the kinds.  ``:group-by: document`` draws the entries of each
document in a box labelled with its title (and groups the list by document);
``:hide-unlinked:`` leaves out the entries that no link shown joins to another.

HTML gets the graph as SVG written into the page (see :mod:`..graph_svg`): it
scales down to the width of the column (never up) until its text would be
smaller than :data:`..graph_svg.MIN_FONT_PX`, and scrolls sideways in its box
beyond that (a phone); every node is a link to its entry, and the nodes carry
classes (``dd-kind-<kind> dd-status-<status>``) that the stylesheet colours
with the theme's colours, light or dark.  LaTeX gets a picture from
``sphinx.ext.graphviz``.  Other builders (EPUB too), and every builder where
``dot`` is not installed or fails, get the same edges as a nested list (a
``dot`` that fails is a ``designdoc.graph`` warning; one that is not installed
is said once, as information).  Dependency cycles are found by a rule of the
core (:func:`...core.rules.dependency_cycles`).

Graphs run left to right unless that is the wider way: with more than
:data:`MAX_LR_RANKS` ranks (the nodes of the longest chain of links) and more
ranks than nodes in the widest rank, they run top to bottom, so that long
chains do not shrink the graph to unreadable text in a narrow column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from docutils import nodes
from sphinx.ext.graphviz import graphviz
from sphinx.util import logging

from ...core.filters import Filter
from ...core.kinds import Registry
from ...core.model import Entry
from ...core.reports.content import Block, Bullets, Content, DocRef, Item, Part, Ref, no_match
from ...core.reports.query import Query, ReportContext, selected
from ...core.subtypes import Subtype
from ...core.text import css_token
from ..domain import get_domain
from ..graph_svg import DotError, inline_svg
from ..warnings_ import Location, warn
from .render import RENDERERS, RenderContext, render_block

logger = logging.getLogger(__name__)

DEFAULT_KINDS = ("component",)
DEFAULT_LINKS = ("depends-on",)
#: Builder formats that show the picture (where ``dot`` is installed).
DRAWN_FORMATS = ("html", "latex")
#: Builders of those formats that get the list all the same (EPUB readers
#: do not all show SVG written into the page, nor follow its links).
LISTED_BUILDERS = ("epub",)
#: Most ranks (nodes along the longest chain) a graph runs left to right with.
MAX_LR_RANKS = 3


def draws(rx: RenderContext) -> bool:
    """Whether this builder shows graphs as pictures."""
    return rx.format in DRAWN_FORMATS and rx.builder.name not in LISTED_BUILDERS


def _dot_string(*lines: str) -> str:
    """A quoted DOT string of lines (shown centred, one under the other)."""
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") for line in lines)
    return '"' + "\\n".join(escaped) + '"'


def ranks(ids: tuple[str, ...], edges: tuple[tuple[str, str, str], ...]) -> list[int]:
    """The rank of each node, as ``dot`` places them: one more than the highest
    rank of the nodes linking to it (a cycle is broken at its first node)."""
    into: dict[str, list[str]] = {i: [] for i in ids}
    out: dict[str, list[str]] = {i: [] for i in ids}
    for source, _, target in edges:
        if source != target:
            into[target].append(source)
            out[source].append(target)
    missing = {i: len(set(into[i])) for i in ids}
    rank = dict.fromkeys(ids, 0)
    placed: set[str] = set()
    while len(placed) < len(ids):
        # nodes whose sources are all placed; none left: a cycle, broken at its first node
        ready = [i for i in ids if i not in placed and missing[i] == 0]
        if not ready:
            ready = [next(i for i in ids if i not in placed)]
        for node in ready:
            placed.add(node)
            for target in dict.fromkeys(out[node]):
                if target not in placed:
                    rank[target] = max(rank[target], rank[node] + 1)
                    missing[target] -= 1
    return [rank[i] for i in ids]


def rankdir(ids: tuple[str, ...], edges: tuple[tuple[str, str, str], ...]) -> str:
    """``LR``, or ``TB`` where left to right is the wider way (see the module)."""
    per_rank: dict[int, int] = {}
    for rank in ranks(ids, edges):
        per_rank[rank] = per_rank.get(rank, 0) + 1
    count, widest = len(per_rank), max(per_rank.values(), default=0)
    return "TB" if count > MAX_LR_RANKS and count > widest else "LR"


@dataclass(frozen=True)
class Look:
    """What a node shows besides its entry: its kind and status."""

    kind: str
    kind_label: str
    status: str

    @property
    def css_class(self) -> str:
        status = f" dd-status-{css_token(self.status)}" if self.status else ""
        return f"dd-graph-node dd-kind-{css_token(self.kind)}{status}"


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
    #: The kind and status of each entry, in entry order (none: plain nodes).
    looks: tuple[Look, ...] = ()
    #: The documents of the entries, in document order, where each is drawn as
    #: a box around its entries (``:group-by: document``); none: no boxes.
    documents: tuple[DocRef, ...] = ()

    def render(self, rx: RenderContext) -> list[nodes.Node]:
        if draws(rx):
            if not self.dot:
                self._notice(rx, "program was not found")
            elif rx.format == "latex":
                return [self.graphviz_node(rx)]
            else:
                try:
                    return [self.svg_node(rx)]
                except DotError as failed:
                    warn(
                        f"design-graph: Graphviz's {rx.builder.config.graphviz_dot!r} failed "
                        f"({failed}); the graph is shown as a list",
                        Subtype.graph,
                        _location(rx),
                    )
                    get_domain(rx.env).build.rewrite.add(rx.fromdocname)
        return self.as_list(rx)

    @staticmethod
    def _notice(rx: RenderContext, what: str) -> None:
        """Say once per build that graphs are lists, and why (information, not
        a warning: without Graphviz, lists are what the project asks for)."""
        derived = get_domain(rx.env).derived
        if "dot-notice" not in derived:
            derived["dot-notice"] = True
            logger.info(
                "design-graph: Graphviz's %r %s, so graphs are shown as lists; "
                "install Graphviz to draw them",
                rx.builder.config.graphviz_dot,
                what,
            )

    @property
    def alt(self) -> str:
        return f"Graph of {len(self.entries)} entries and {len(self.edges)} links"

    def source(self, rx: RenderContext) -> str:
        """The DOT source; nodes link to their entries where the builder has URLs."""
        # a name and IDs unique in the page (a page may hold several graphs)
        name = "dd_graph_" + re.sub(r"\W", "_", rx.report)
        ids = tuple(ref.id for ref in self.entries)
        lines = [
            f"digraph {_dot_string(name)} {{",
            f"  graph [id={_dot_string(name)}, rankdir={rankdir(ids, self.edges)}, "
            'bgcolor="transparent", fontname="sans-serif"];',
            '  node [shape=box, style="rounded", fontname="sans-serif", fontsize=11];',
            '  edge [fontname="sans-serif", fontsize=9];',
        ]
        nodes_of: dict[str, list[str]] = {}
        for number, ref in enumerate(self.entries, 1):
            attrs = [f"label={_dot_string(ref.id, ref.title)}"]
            look = self.looks[number - 1] if self.looks else None
            tooltip = ref.title
            if look is not None:
                status = f" ({look.status})" if look.status else ""
                tooltip = f"{look.kind_label}{status}: {ref.title}"
                attrs.append(f"class={_dot_string(look.css_class)}")
            attrs += [f"tooltip={_dot_string(tooltip)}", f"id={_dot_string(f'{name}-n{number}')}"]
            uri = rx.uri(ref) if rx.format == "html" else None
            if uri is not None:
                attrs += [f"URL={_dot_string(uri)}", 'target="_top"']
            nodes_of.setdefault(ref.docname, []).append(
                f"  {_dot_string(ref.id)} [{', '.join(attrs)}];"
            )
        if not self.documents:
            lines.extend(line for group in nodes_of.values() for line in group)
        for number, doc in enumerate(self.documents, 1):
            # a subgraph named cluster_* is drawn as a box around its nodes
            attrs = [
                f"id={_dot_string(f'{name}-c{number}')}",
                f"label={_dot_string(doc.label)}",
                f"tooltip={_dot_string(doc.label)}",
                'class="dd-graph-cluster"',
                'labeljust="l"',
                'style="rounded"',
                "fontsize=12",
            ]
            uri = rx.doc_uri(doc.docname) if rx.format == "html" else None
            if uri:
                attrs += [f"URL={_dot_string(uri)}", 'target="_top"']
            lines.append(f"  subgraph {_dot_string(f'cluster_{number}')} {{")
            lines.append(f"    graph [{', '.join(attrs)}];")
            lines.extend(f"  {line}" for line in nodes_of.get(doc.docname, ()))
            lines.append("  }")
        for number, (source, label, target) in enumerate(self.edges, 1):
            attrs = [f"id={_dot_string(f'{name}-e{number}')}"]
            if self.labelled:
                attrs.append(f"label={_dot_string(label)}")
            lines.append(f"  {_dot_string(source)} -> {_dot_string(target)} [{', '.join(attrs)}];")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def graphviz_node(self, rx: RenderContext) -> graphviz:
        """The graph for ``sphinx.ext.graphviz`` (LaTeX: a picture)."""
        node = graphviz(classes=["dd-graph"])
        node["code"] = self.source(rx)
        node["options"] = {"docname": rx.fromdocname}
        node["alt"] = self.alt
        return node

    def svg_node(self, rx: RenderContext) -> nodes.raw:
        """The graph as SVG in the page (HTML); :class:`DotError` where ``dot`` fails."""
        config = rx.builder.config
        svg = inline_svg(
            self.source(rx), config.graphviz_dot, tuple(config.graphviz_dot_args), self.alt
        )
        html = f'<div class="dd-graph">\n{svg}</div>\n'
        return nodes.raw("", html, format="html")

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
        if self.documents:
            # the entries of each document under an item naming it
            of_doc: dict[str, list[Item]] = {doc.docname: [] for doc in self.documents}
            for ref, item in zip(self.entries, items, strict=True):
                of_doc[ref.docname].append(item)
            items = [Item((doc,), tuple(of_doc[doc.docname])) for doc in self.documents]
        return render_block(Bullets(tuple(items), ("dd-graph-list",)), rx)


def _location(rx: RenderContext) -> Location:
    """Where the graph being rendered is written: its directive's document and
    line (``rx.report`` is ``<docname>-<serial>`` of its report spec)."""
    docname, _, serial = rx.report.rpartition("-")
    specs = get_domain(rx.env).reports.get(docname, [])
    if serial.isdigit() and int(serial) < len(specs):
        return (docname, specs[int(serial)].lineno)
    return rx.fromdocname


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
    #: ``"document"``: a box per document; ``""``: none.
    group_by: str = ""
    #: Leave out the entries no link shown joins to another.
    hide_unlinked: bool = False

    def shows_entry(self, entry: Entry, reg: Registry) -> bool:
        return selected(entry, self.kinds, self.filter)

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
        if self.hide_unlinked:
            # a link of an entry to itself joins it to no other
            joined = {end for s, _, t in edges if s != t for end in (s, t)}
            shown = [e for e in shown if e.id in joined]
            if not shown:
                return no_match(self.report)
            edges = [edge for edge in edges if edge[0] in joined and edge[2] in joined]
        documents: tuple[DocRef, ...] = ()
        if self.group_by == "document":
            documents = tuple(cx.doc(d) for d in dict.fromkeys(e.docname for e in shown))
        kinds = cx.registry.kinds
        graph = Graph(
            entries=tuple(cx.ref(e) for e in shown),
            edges=tuple(edges),
            labelled=len(self.links) > 1,
            dot=cx.dot,
            looks=tuple(
                Look(e.kind, kinds[e.kind].label if e.kind in kinds else e.kind, e.status)
                for e in shown
            ),
            documents=documents,
        )
        return Content(self.report, (graph,))
