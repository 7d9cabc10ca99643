"""Entry links and big report tables in HTML: written as text, exactly as the
builder's translator writes their nodes, or left as nodes where it writes them
otherwise."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.writers.html5 import HTML5Translator

from sphinxcontrib_designdoc.extension.cards import LinkRows
from sphinxcontrib_designdoc.extension.html_text import HtmlText, sample_links
from sphinxcontrib_designdoc.extension.reports.html_rows import HtmlRows

from .test_reports import NO_DOT, copy_root

#: What the builders write that shows entries and reports.
PAGES = {".html", ".xhtml", ".js"}


@dataclass
class Site:
    pages: dict[str, bytes]
    #: How many tables had their rows, and entries their links, written as text.
    tables: int
    links: int


def build(
    make_app: Callable[..., SphinxTestApp],
    srcdir: Path,
    builder: str,
    overrides: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    as_text: bool,
    translator: type[HTML5Translator] | None = None,
) -> Site:
    """Every page the builder wrote; ``as_text``: every table and entry link goes
    through the text writers where the translator allows it, else none does."""
    tables, links = [], []
    rows_of, links_of = HtmlRows.rows, HtmlText.links_section

    def counted_rows(self: HtmlRows, *args: Any, **kwargs: Any) -> str:
        if self.rx.rows is self:  # a page's table (not the check of the translator)
            tables.append(1)
        return rows_of(self, *args, **kwargs)

    def counted_links(self: HtmlText, rows: LinkRows) -> str:
        if rows != sample_links(self.fromdocname):  # an entry's (not the check's)
            links.append(1)
        return links_of(self, rows)

    monkeypatch.setattr(HtmlRows, "min_rows", 0 if as_text else 10**9)
    monkeypatch.setattr(HtmlText, "links_as_text", as_text)
    monkeypatch.setattr(HtmlRows, "rows", counted_rows)
    monkeypatch.setattr(HtmlText, "links_section", counted_links)
    app = make_app(builder, srcdir=srcdir, confoverrides={**NO_DOT, **overrides})
    if translator is not None:
        app.set_translator(builder, translator, override=True)
    app.build()
    out = Path(app.outdir)
    pages = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.suffix in PAGES and "_static" not in p.parts
    }
    return Site(pages, len(tables), len(links))


@pytest.mark.parametrize(
    ("builder", "theme"),
    [
        ("html", "alabaster"),
        ("html", "pydata_sphinx_theme"),
        ("dirhtml", "alabaster"),
        ("singlehtml", "alabaster"),
        ("epub", "epub"),
    ],
)
def test_text_is_what_the_translator_writes(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    builder: str,
    theme: str,
) -> None:
    overrides = {"epub_theme" if builder == "epub" else "html_theme": theme}
    as_nodes = build(
        make_app, copy_root(tmp_path / "n", "reports"), builder, overrides, monkeypatch, False
    )
    as_text = build(
        make_app, copy_root(tmp_path / "t", "reports"), builder, overrides, monkeypatch, True
    )
    assert (as_nodes.tables, as_nodes.links) == (0, 0)
    assert as_text.tables > 20  # every table of the reports root
    assert as_text.links > 10  # every entry with links
    assert as_text.pages.keys() == as_nodes.pages.keys()
    for name, page in as_nodes.pages.items():
        assert as_text.pages[name] == page, name
        # one page: a link to an entry is "#ID" (Sphinx 9 leaves "#document-x#ID")
        assert not re.search(rb'href="#document-[^"#]*#', page), name


class OwnCells(HTML5Translator):
    """A theme's translator that writes table cells its own way."""

    def visit_entry(self, node: nodes.entry) -> None:
        super().visit_entry(node)
        self.body.append("<!-- own -->")


class OwnFields(HTML5Translator):
    """A theme's translator that writes field lists its own way."""

    def visit_field_body(self, node: nodes.field_body) -> None:
        super().visit_field_body(node)
        self.body.append("<!-- own -->")


def test_nodes_stay_where_the_translator_writes_them_otherwise(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = build(
        make_app, copy_root(tmp_path / "c", "reports"), "html", {}, monkeypatch, True, OwnCells
    )
    assert cells.tables == 0
    assert cells.links > 10
    report = cells.pages["rst/index_report.html"].decode()
    body_cells = report.count('<td class="dd-col-id">')
    assert body_cells > 5
    assert report.count('<td class="dd-col-id"><!-- own -->') == body_cells

    fields = build(
        make_app, copy_root(tmp_path / "f", "reports"), "html", {}, monkeypatch, True, OwnFields
    )
    assert fields.tables > 20
    assert fields.links == 0
    design = fields.pages["design.html"].decode()
    bodies = re.findall(
        r'<dd class="dd-field-satisfies field-(?:odd|even)">(<!-- own -->)?', design
    )
    assert len(bodies) > 2
    assert all(bodies)


def test_small_tables_stay_nodes(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reports root's tables are all shorter than the default threshold."""
    monkeypatch.setattr(HtmlRows, "min_rows", HtmlRows.min_rows)
    srcdir = copy_root(tmp_path, "reports")
    app = make_app("html", srcdir=srcdir, confoverrides=NO_DOT)
    app.build()
    report = (Path(app.outdir) / "rst/index_report.html").read_text("utf-8")
    assert "<tr" in report
    written: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> str:
        written.append(1)
        return ""

    monkeypatch.setattr(HtmlRows, "rows", counted)
    app.build(force_all=True)
    assert written == []
