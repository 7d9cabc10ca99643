"""Filling the report placeholders of a page, for the builder at hand (for
:class:`.placeholder.FillReports`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from docutils import nodes

from ...core.reports.content import Content, Row, Table
from ...core.reports.query import Query
from ..domain import get_domain
from ..html_nodes import report_rows
from ..resolve import builder_of
from .compute import computed, content_digest, entry_rows, report_context
from .html_cache import HtmlCache, Rendered, RowHtml, html_cache, render_html, report_html
from .html_rows import rows_writer
from .kept_rows import TableRows
from .render import KeptRow, RenderContext, render_content

if TYPE_CHECKING:
    from sphinx.transforms.post_transforms import SphinxPostTransform

    from .placeholder import ReportSpec, report_placeholder


class ReportFiller:
    """Replaces the report placeholders of the page a post-transform is on."""

    def __init__(self, transform: SphinxPostTransform) -> None:
        self.transform = transform
        self.env = transform.env

    def fill(self, placeholders: list[report_placeholder]) -> None:
        """Replace each placeholder with the report's tables and paragraphs
        (on HTML builders, with their HTML: see :mod:`.html_cache`)."""
        domain = get_domain(self.env)
        all_specs = domain.reports
        rx = RenderContext(builder_of(self.transform), self.env.docname)
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
        page: a graph ``dot`` did not draw is drawn, and reported, again).
        A report with a big entry table is rendered from the rows an earlier
        build rendered on the page, where they did not change."""
        report = (rx.fromdocname, spec.docname, spec.serial)
        digest = content_digest(self.env, spec.query)
        html = cache.get(report, digest)
        if html is not None:
            return report_html("", html=html)
        rows = entry_rows(self.env, spec.query)
        if rows is not None and rx.rows is not None and rows.big(rx.rows.min_rows):
            html, row_html = self._from_rows(spec.query, rows, rx, cache.kept_rows(report))
            cache.put(report, Rendered(digest, html, row_html))
        else:
            box = render_content(computed(self.env, spec.query), rx)
            html = render_html(rx.builder, rx.fromdocname, box)
            save = rx.fromdocname not in get_domain(self.env).build.rewrite
            cache.put(report, Rendered(digest, html, {}), save)
        return report_html("", html=html)

    def _from_rows(
        self, query: Query, rows: TableRows, rx: RenderContext, kept: Mapping[str, RowHtml]
    ) -> tuple[str, dict[str, RowHtml]]:
        """The HTML of a report of entry tables, with the HTML of its big
        tables' rows by digest: those ``kept`` are not made again, the others
        are made and rendered."""
        cx = report_context(self.env)
        assert rx.rows is not None
        row_html: dict[str, RowHtml] = {}
        made: list[tuple[str, tuple[str, ...]]] = []  # (digest, classes) of rows rendered
        tables = []
        for table, digests in zip(rows.tables, rows.digests, strict=True):
            big = len(table.entries) >= rx.rows.min_rows  # its rows are one node
            body: list[Row] = []
            for i, (entry, digest) in enumerate(zip(table.entries, digests, strict=True)):
                # the first row gives the columns their classes: always made
                found = kept.get(digest) if big and i else None
                if found is not None:
                    row_html[digest] = found
                    body.append(KeptRow((), *found))
                    continue
                row = rows.row(query, entry, cx)
                body.append(row)
                if big:
                    made.append((digest, row.classes))
            tables.append(Table(table.header, tuple(body), caption=table.caption))
        box = render_content(Content(query.report, tuple(tables)), rx)
        html = render_html(rx.builder, rx.fromdocname, box)
        # the big tables' rows nodes rendered the rows made, in order
        rendered = [cells for node in box.findall(report_rows) for cells in node["rendered"]]
        for (digest, classes), cells in zip(made, rendered, strict=True):
            row_html[digest] = (classes, cells)
        return html, row_html
