"""Filling the placeholders once every document is read.

A post-transform (priority below Sphinx's reference resolver) replaces each
placeholder with standard nodes computed from the once-per-build link index,
so every builder (html, latex, text, man, epub, ...) writes the result.  HTML
translators get entry links as one compact node (see :mod:`.html_nodes`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from ..core.model import Entry
from .cards import RefMaker, add_progress, entry_links, link_rows, links_section, progress
from .config import registry
from .domain import get_domain
from .html_nodes import PageLinks, compact_html, dd_links, one_anchor, setup_html_nodes
from .quality import compliance_by_component
from .shown import entry_data, shows

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..core.linkgraph import LinkIndex


def builder_of(transform: SphinxPostTransform) -> Builder:
    """The builder a post-transform runs for."""
    # Sphinx 9 deprecates SphinxTransform.app; its own resolver uses env._app
    return (getattr(transform.env, "_app", None) or transform.app).builder


def link_to(
    builder: Builder, fromdocname: str, docname: str, targetid: str, child: nodes.Node, title: str
) -> nodes.Node:
    """A reference to ``docname#targetid`` around ``child``, or ``child`` alone
    where the builder has no URL for it."""
    try:
        node = make_refnode(builder, fromdocname, docname, targetid, child, title or None)
    except NoUri:
        return child
    if "refuri" in node:  # single-page builders: "#document-x#ID" works as "#ID" only
        node["refuri"] = one_anchor(node["refuri"])
    return node


def ref_maker(builder: Builder, fromdocname: str) -> RefMaker:
    """Entry links as reference nodes."""

    def make_ref(target: Entry, label: nodes.Node) -> nodes.Node:
        return link_to(builder, fromdocname, target.docname, target.id, label, target.title)

    return make_ref


def links_writer(builder: Builder, fromdocname: str) -> PageLinks | None:
    """Who makes a page's entry links compact nodes; None: they stay standard nodes."""
    return PageLinks(builder, fromdocname) if compact_html(builder, dd_links) else None


def drop_duplicate_anchors(document: nodes.Node, index: LinkIndex) -> None:
    """Leave each ID one anchor (a card's HTML ``id`` and its target) per page.

    Entries of the same ID on one page, or merged into one (``singlehtml``,
    LaTeX), and a second ``design-doc``, would write it twice: the card of the
    entry that owns the ID (see :meth:`LinkIndex.resolve`) keeps it, else the
    first; the others are shown without it.  Links go to the owner anyway.
    """
    cards: dict[str, list[nodes.Element]] = {}
    for card in document.findall(nodes.container):
        if "dd-entry" in card["classes"]:
            for entry_id in card["ids"]:
                cards.setdefault(entry_id, []).append(card)
    for entry_id, found in cards.items():
        if len(found) == 1:
            continue
        owner = index.resolve(entry_id)
        where = (owner.docname, owner.serial) if owner else None
        keeper = next((c for c in found if _card_of(c) == where), found[0])
        for other in found:
            if other is keeper:
                continue
            other["ids"].remove(entry_id)
            parent = other.parent
            position = parent.index(other) if parent is not None else 0
            before = parent[position - 1] if parent is not None and position else None
            if isinstance(before, nodes.target) and before.get("refid") == entry_id:
                parent.remove(before)


def _card_of(card: nodes.Element) -> tuple[str, int] | None:
    """(docname, serial) of the entry a card shows (None: a card not recorded)."""
    for child in card.children:
        if isinstance(child, entry_links):
            return child["docname"], child["serial"]
    return None


@shows("entry links")
def _entry_links(env: BuildEnvironment, docname: str) -> Iterator[object]:
    """The links and backlinks of the page's entries, with what they name."""
    domain = get_domain(env)
    reg = registry(env.config)
    inactive = domain.inactive_docs()
    compliance = compliance_by_component(env)
    for entry in domain.doc_entries(docname):
        for name, label, targets in link_rows(entry, reg, domain.index, inactive):
            yield (entry.serial, name, label, [entry_data(t) for t in targets])
        if entry.kind == "component":
            yield (entry.serial, progress(compliance.get(entry.id)))


class FillPlaceholders(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(entry_links))
        if not placeholders:
            return
        domain = get_domain(self.env)
        index = domain.index
        drop_duplicate_anchors(self.document, index)
        reg = registry(self.config)
        builder = builder_of(self)
        fromdocname = self.env.docname
        compact = links_writer(builder, fromdocname)
        make_ref = ref_maker(builder, fromdocname)
        inactive = domain.inactive_docs()
        compliance = compliance_by_component(self.env)
        for node in placeholders:
            entries = domain.doc_entries(node["docname"])
            serial = node["serial"]
            entry = entries[serial] if serial < len(entries) else None
            rows = link_rows(entry, reg, index, inactive) if entry is not None else []
            if entry is not None and entry.kind == "component":
                add_progress(node.parent, progress(compliance.get(entry.id)))
            if not rows:
                node.parent.remove(node)
            elif compact is not None:
                node.replace_self(compact.links_node(rows))
            else:
                node.replace_self(links_section(rows, make_ref))


def setup_resolve(app: Sphinx) -> None:
    app.add_node(entry_links)
    setup_html_nodes(app)
    app.add_post_transform(FillPlaceholders)
