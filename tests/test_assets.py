"""The stylesheet and the table script ship with the package: HTML builds copy
them into ``_static`` and link them; other builders neither copy nor name them."""

from __future__ import annotations

from pathlib import Path

from .corpus import build
from .test_reports import copy_root


def test_script_is_copied_and_deferred_in_html_only(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "reports")
    html = build("html", srcdir, builddir=tmp_path / "html")
    text = build("text", srcdir, builddir=tmp_path / "text")
    script = html.outdir / "_static" / "designdoc.js"
    assert script.is_file()
    assert "DOMContentLoaded" in script.read_text("utf-8")
    page = (html.outdir / "index.html").read_text("utf-8")
    assert 'src="_static/designdoc.js' in page
    tag = next(line for line in page.splitlines() if "designdoc.js" in line)
    assert "defer" in tag, tag
    written = [p for p in text.outdir.rglob("*") if p.is_file()]
    assert any(p.suffix == ".txt" for p in written), written
    assert not [p for p in written if p.suffix == ".js" or "designdoc.js" in p.read_text("utf-8")]
