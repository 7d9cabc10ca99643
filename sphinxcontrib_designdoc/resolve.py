"""Filling the placeholders once every document is read.

A post-transform (priority below Sphinx's reference resolver) replaces each
placeholder with standard nodes computed from the once-per-build link index,
so every builder (html, latex, text, man, epub, ...) writes the result.  HTML
builders get the same markup as text (see :mod:`.html_text`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from .config import registry
from .domain import get_domain
from .html_text import HtmlText, matches_translator, one_anchor, raw, sample_links, writes_alike
from .model import Entry
from .render import RefMaker, entry_links, link_rows, links_section

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


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


def links_writer(builder: Builder, fromdocname: str) -> HtmlText | None:
    """Who writes a page's entry links as HTML text; None: they stay nodes."""
    if not HtmlText.links_as_text:
        return None

    def check() -> bool | None:
        rows = sample_links(fromdocname)
        section = links_section(rows, ref_maker(builder, fromdocname))
        return matches_translator(
            builder, section, HtmlText(builder, fromdocname).links_section(rows)
        )

    return HtmlText(builder, fromdocname) if writes_alike(builder, "links", check) else None


class FillPlaceholders(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(entry_links))
        if not placeholders:
            return
        domain = get_domain(self.env)
        index = domain.index
        reg = registry(self.config)
        builder = builder_of(self)
        fromdocname = self.env.docname
        as_text = links_writer(builder, fromdocname)
        make_ref = ref_maker(builder, fromdocname)
        for node in placeholders:
            entries = domain.doc_entries(node["docname"])
            serial = node["serial"]
            rows = link_rows(entries[serial], reg, index) if serial < len(entries) else []
            if not rows:
                node.parent.remove(node)
            elif as_text is not None:
                node.replace_self(raw(as_text.links_section(rows)))
            else:
                node.replace_self(links_section(rows, make_ref))


def setup_resolve(app: Sphinx) -> None:
    app.add_node(entry_links)
    app.add_post_transform(FillPlaceholders)
