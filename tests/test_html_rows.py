"""Big report tables in HTML: body rows written as text, exactly as the builder's
translator writes them, or left as nodes where it writes them otherwise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.writers.html5 import HTML5Translator

from sphinxcontrib_designdoc.reports.html_rows import HtmlRows

from .test_reports import NO_DOT, copy_root

#: Every body row of every table goes through the text writer.
ALL_ROWS = 0
#: No table does.
NO_ROWS = 10**9
#: What the builders write that shows report rows.
PAGES = {".html", ".xhtml", ".js"}


def build(
    make_app: Callable[..., SphinxTestApp],
    srcdir: Path,
    builder: str,
    overrides: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    min_rows: int,
    translator: type[HTML5Translator] | None = None,
) -> tuple[dict[str, bytes], int]:
    """Every page the builder wrote, and how many tables had their rows written as text."""
    written = []
    original = HtmlRows.rows

    def counting(self: HtmlRows, *args: Any, **kwargs: Any) -> str:
        if self.rx.rows is self:  # a page's table (not the check of the translator)
            written.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HtmlRows, "min_rows", min_rows)
    monkeypatch.setattr(HtmlRows, "rows", counting)
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
    return pages, len(written)


@pytest.mark.parametrize(
    ("builder", "theme"),
    [
        ("html", "alabaster"),
        ("html", "pydata_sphinx_theme"),
        ("dirhtml", "alabaster"),
        ("epub", "epub"),
        ("singlehtml", "alabaster"),
    ],
)
def test_rows_as_text_are_what_the_translator_writes(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    builder: str,
    theme: str,
) -> None:
    overrides = {"epub_theme" if builder == "epub" else "html_theme": theme}
    as_nodes, none = build(
        make_app, copy_root(tmp_path / "n", "reports"), builder, overrides, monkeypatch, NO_ROWS
    )
    as_text, tables = build(
        make_app, copy_root(tmp_path / "t", "reports"), builder, overrides, monkeypatch, ALL_ROWS
    )
    assert none == 0
    assert tables > 20  # every table of the reports root went through the text writer
    assert as_text.keys() == as_nodes.keys()
    for name, page in as_nodes.items():
        assert as_text[name] == page, name


class OwnCells(HTML5Translator):
    """A theme's translator that writes table cells its own way."""

    def visit_entry(self, node: nodes.entry) -> None:
        super().visit_entry(node)
        self.body.append("<!-- own cell -->")


def test_rows_stay_nodes_where_the_translator_writes_them_otherwise(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root(tmp_path, "reports")
    pages, tables = build(make_app, srcdir, "html", {}, monkeypatch, ALL_ROWS, OwnCells)
    assert tables == 0
    report = pages["rst/index_report.html"].decode()
    body_cells = report.count('<td class="dd-col-id">')
    assert body_cells > 5
    assert report.count('<td class="dd-col-id"><!-- own cell -->') == body_cells


def test_small_tables_stay_nodes(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reports root's tables are all shorter than the default threshold."""
    srcdir = copy_root(tmp_path, "reports")
    _, tables = build(make_app, srcdir, "html", {}, monkeypatch, HtmlRows.min_rows)
    assert tables == 0
