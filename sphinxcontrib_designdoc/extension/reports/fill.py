"""Filling the report placeholders, page by page, for the builder at hand."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..domain import get_domain
from ..resolve import builder_of
from .compute import ReportSpec, computed, content_digest, report_placeholder
from .html_cache import HtmlCache, html_cache, render_html, report_html
from .html_rows import rows_writer
from .render import RenderContext, render_content


class FillReports(SphinxPostTransform):
    """Replace every report placeholder with the report's tables and paragraphs
    (on HTML builders, with their HTML: see :mod:`.html_cache`)."""

    # before Sphinx's reference resolver (10), like the entry links (5)
    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(report_placeholder))
        if not placeholders:
            return
        domain = get_domain(self.env)
        all_specs: dict[str, list[ReportSpec]] = domain.data["reports"]
        rx = RenderContext(builder_of(self), self.env.docname)
        rx.rows = rows_writer(rx)
        cache = html_cache(rx.builder, domain.build)
        for node in placeholders:
            specs = all_specs.get(node["docname"], [])
            serial = node["serial"]
            if serial >= len(specs):
                node.parent.remove(node)
                continue
            rx.begin(f"{node['docname']}-{serial}")
            if cache is None:
                box: nodes.Element = render_content(computed(self.env, specs[serial].query), rx)
            else:
                box = self._html(specs[serial], rx, cache)
            box.source, box.line = node.source, node.line
            node.replace_self(box)

    def _html(self, spec: ReportSpec, rx: RenderContext, cache: HtmlCache) -> report_html:
        """The report as HTML: kept from an earlier build where its content is
        the same, else rendered (and kept, unless rendering failed on the
        page: a graph ``dot`` did not draw is drawn, and reported, again)."""
        key = (rx.fromdocname, spec.docname, spec.serial, content_digest(self.env, spec.query))
        html = cache.get(key)
        if html is None:
            box = render_content(computed(self.env, spec.query), rx)
            html = render_html(rx.builder, rx.fromdocname, box)
            if rx.fromdocname not in get_domain(self.env).build.rewrite:
                cache.put(key, html)
        return report_html("", html=html)
