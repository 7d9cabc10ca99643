"""Filling the report placeholders, page by page, for the builder at hand."""

from __future__ import annotations

from typing import Any

from sphinx.transforms.post_transforms import SphinxPostTransform

from ..domain import get_domain
from ..resolve import builder_of
from .compute import ReportSpec, computed, report_placeholder
from .html_rows import rows_writer
from .render import RenderContext, render_content


class FillReports(SphinxPostTransform):
    """Replace every report placeholder with the report's tables and paragraphs."""

    # before Sphinx's reference resolver (10), like the entry links (5)
    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(report_placeholder))
        if not placeholders:
            return
        all_specs: dict[str, list[ReportSpec]] = get_domain(self.env).data["reports"]
        rx = RenderContext(builder_of(self), self.env.docname)
        rx.rows = rows_writer(rx)
        for node in placeholders:
            specs = all_specs.get(node["docname"], [])
            serial = node["serial"]
            if serial >= len(specs):
                node.parent.remove(node)
                continue
            rx.report = f"{node['docname']}-{serial}"
            box = render_content(computed(self.env, specs[serial].query), rx)
            box.source, box.line = node.source, node.line
            node.replace_self(box)
