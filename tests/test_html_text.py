"""Entry links and big report tables as compact nodes for HTML translators: they
write exactly what the standard nodes write, and every other builder, or a
translator that writes those standard nodes its own way, gets standard nodes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.testing.util import SphinxTestApp
from sphinx.writers.html5 import HTML5Translator

from sphinxcontrib_designdoc.extension.html_nodes import (
    STAND_INS,
    compact_html,
    dd_links,
    report_rows,
)
from sphinxcontrib_designdoc.extension.reports import fill
from sphinxcontrib_designdoc.extension.reports.html_rows import HtmlRows

from .test_reports import NO_DOT, copy_root

#: What the builders write that shows entries and reports.
PAGES = {".html", ".xhtml", ".js"}
#: The roots built: reports of every kind; values that are escaped, invalid,
#: broken or left out, and documents in a folder.
ROOTS = ("reports", "html-nodes")


def use_standard_nodes(app: Sphinx, builder: str) -> None:
    """Give ``builder`` its translator (with the theme's changes) with visitors of
    its own for what the compact nodes stand for: writing the same markup, so
    that it gets standard nodes."""
    base = app.builder.get_translator_class()

    def same(name: str) -> Callable[..., Any]:
        method = getattr(base, name)
        return lambda self, *args: method(self, *args)

    names = {name for stand_ins in STAND_INS.values() for name in stand_ins}
    own = type("StandardNodes", (base,), {name: same(name) for name in names})
    app.set_translator(builder, own, override=True)


@dataclass
class Site:
    pages: dict[str, bytes]
    #: Resolved doctrees: how many compact nodes, and standard rows and links.
    links: int = 0
    tables: int = 0
    std_links: int = 0
    std_rows: int = 0
    #: Body rows in compact and in standard nodes, per table.
    compact_sizes: list[int] = field(default_factory=list)
    std_sizes: list[int] = field(default_factory=list)


def count(site: Site, doctree: nodes.Element) -> None:
    """Count the nodes of a page, or of a report before it is rendered."""
    site.links += len(list(doctree.findall(dd_links)))
    rows = list(doctree.findall(report_rows))
    site.tables += len(rows)
    site.compact_sizes.extend(len(node["rows"]) for node in rows)
    site.std_links += sum(
        1 for f in doctree.findall(nodes.field_list) if "dd-links" in f["classes"]
    )
    for body in doctree.findall(nodes.tbody):
        if len(body) and isinstance(body[0], nodes.row):
            site.std_rows += len(body)
            site.std_sizes.append(len(body))


def build(
    make_app: Callable[..., SphinxTestApp],
    srcdir: Path,
    builder: str,
    overrides: dict[str, Any] | None = None,
    translator: type[HTML5Translator] | None = None,
    standard: bool = False,
) -> Site:
    """Every page the builder wrote, and what its resolved doctrees held;
    ``standard``: the translator is made to get standard nodes."""
    app = make_app(builder, srcdir=srcdir, confoverrides={**NO_DOT, **(overrides or {})})
    if translator is not None:
        app.set_translator(builder, translator, override=True)
    if standard:
        use_standard_nodes(app, builder)
    site = Site({})
    app.connect("doctree-resolved", lambda app, doctree, docname: count(site, doctree))
    render = fill.render_html

    def rendered(builder: Any, fromdocname: str, box: nodes.Element) -> str:
        count(site, box)
        return render(builder, fromdocname, box)

    fill.render_html = rendered
    try:
        app.build()
    finally:
        fill.render_html = render
    out = Path(app.outdir)
    site.pages = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.suffix in PAGES and "_static" not in p.parts
    }
    return site


@pytest.mark.parametrize("root", ROOTS)
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
def test_compact_nodes_write_what_standard_nodes_write(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    builder: str,
    theme: str,
    root: str,
) -> None:
    """Pages and search index alike, byte for byte, with every table compact."""
    monkeypatch.setattr(HtmlRows, "min_rows", 0)
    overrides = {"epub_theme" if builder == "epub" else "html_theme": theme}
    standard = build(make_app, copy_root(tmp_path / "s", root), builder, overrides, standard=True)
    compact = build(make_app, copy_root(tmp_path / "c", root), builder, overrides)
    assert (standard.links, standard.tables) == (0, 0)
    assert standard.std_links > 3
    assert standard.std_rows > 10
    # every table and every entry's links are compact nodes
    assert compact.links == standard.std_links
    assert compact.tables == len(standard.std_sizes)
    assert sum(compact.compact_sizes) == standard.std_rows
    assert (compact.std_links, compact.std_rows) == (0, 0)
    assert compact.pages.keys() == standard.pages.keys()
    for name, page in standard.pages.items():
        assert compact.pages[name] == page, name
        # one page: a link to an entry is "#ID" (Sphinx 9 leaves "#document-x#ID")
        assert not re.search(rb'href="#document-[^"#]*#', page), name
    if builder in {"html", "dirhtml"}:
        assert "searchindex.js" in compact.pages


@pytest.mark.parametrize("builder", ["latex", "text", "man", "texinfo", "xml"])
def test_other_builders_get_standard_nodes(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    builder: str,
) -> None:
    monkeypatch.setattr(HtmlRows, "min_rows", 0)
    site = build(make_app, copy_root(tmp_path, "html-nodes"), builder)
    assert (site.links, site.tables) == (0, 0)
    assert site.std_links > 3
    assert site.std_rows > 10


def test_compact_only_for_html5_translators(make_app: Callable[..., SphinxTestApp]) -> None:
    app = make_app("html", srcdir=Path(__file__).parent / "roots" / "test-html-nodes")
    assert compact_html(app.builder, dd_links)
    assert compact_html(app.builder, report_rows)
    use_standard_nodes(app, "html")
    assert not compact_html(app.builder, dd_links)
    assert not compact_html(app.builder, report_rows)
    for name in ("text", "latex", "dummy", "linkcheck"):
        other = make_app(name, srcdir=Path(__file__).parent / "roots" / "test-html-nodes")
        assert not compact_html(other.builder, dd_links), name


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


def test_translator_writing_standard_nodes_its_own_way_gets_them(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HtmlRows, "min_rows", 0)
    cells = build(make_app, copy_root(tmp_path / "c", "reports"), "html", translator=OwnCells)
    assert cells.tables == 0
    assert cells.std_rows > 20
    assert cells.links > 10
    report = cells.pages["rst/index_report.html"].decode()
    body_cells = report.count('<td class="dd-col-id">')
    assert body_cells > 5
    assert report.count('<td class="dd-col-id"><!-- own -->') == body_cells

    fields = build(make_app, copy_root(tmp_path / "f", "reports"), "html", translator=OwnFields)
    assert fields.tables > 20
    assert fields.links == 0
    assert fields.std_links > 10
    design = fields.pages["design.html"].decode()
    bodies = re.findall(
        r'<dd class="dd-field-satisfies field-(?:odd|even)">(<!-- own -->)?', design
    )
    assert len(bodies) > 2
    assert all(bodies)


def test_small_tables_stay_standard_nodes(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HtmlRows, "min_rows", 4)
    site = build(make_app, copy_root(tmp_path, "reports"), "html")
    assert min(site.compact_sizes, default=0) >= 4
    assert max(site.std_sizes, default=4) < 4
    assert site.tables > 5
    # at the default threshold, the reports root's tables are all standard nodes
    monkeypatch.undo()
    default = build(make_app, copy_root(tmp_path / "d", "reports"), "html")
    assert default.tables == 0
    assert default.links > 10
