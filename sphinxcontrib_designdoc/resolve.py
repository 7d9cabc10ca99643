"""Filling the placeholders once every document is read.

A post-transform (priority below Sphinx's reference resolver) replaces each
placeholder with standard nodes computed from the once-per-build link index,
so every builder (html, latex, text, man, epub, ...) writes the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from .config import registry
from .domain import get_domain
from .model import Entry
from .render import entry_links, link_rows, links_section

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
        return make_refnode(builder, fromdocname, docname, targetid, child, title or None)
    except NoUri:
        return child


class FillPlaceholders(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(entry_links))
        if not placeholders:
            return
        domain = get_domain(self.env)
        index = domain.index
        reg = registry(self.config)
        fromdocname = self.env.docname
        builder = builder_of(self)

        def make_ref(target: Entry, label: nodes.Node) -> nodes.Node:
            return link_to(builder, fromdocname, target.docname, target.id, label, target.title)

        for node in placeholders:
            entries = domain.doc_entries(node["docname"])
            serial = node["serial"]
            entry = entries[serial] if serial < len(entries) else None
            section = links_section(link_rows(entry, reg, index), make_ref) if entry else None
            if section is None:
                node.parent.remove(node)
            else:
                node.replace_self(section)


def setup_resolve(app: Sphinx) -> None:
    app.add_node(entry_links)
    app.add_post_transform(FillPlaceholders)
