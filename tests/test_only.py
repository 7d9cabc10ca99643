"""Entries inside ``only`` directives exist only for the builders they are shown by.

The root has an entry in an RST ``.. only:: html`` (``C-web``), one in a MyST
``{only} text`` (``C-text``) and one nested in ``only:: html`` then
``only:: internal`` (``R-leak``).  The doctrees are shared between builders,
so what each builder shows is decided from its tags when it builds: a hidden
entry gives no backlink, no report row, no export record and no objects.inv
entry, and a link to it shows its ID, unlinked, without a warning.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.extension.domain import get_domain

from .conftest import ROOTS, build_warnings
from .corpus import decoded_inventory


def _build(srcdir: Path, buildername: str, builddir: Path, **kwargs: object) -> SphinxTestApp:
    app = SphinxTestApp(buildername, srcdir=srcdir, builddir=builddir, **kwargs)  # type: ignore[arg-type]
    try:
        app.build()
    finally:
        app.cleanup()
    assert build_warnings(app) == [], app.warning.getvalue()
    return app


def _inventory(app: SphinxTestApp) -> str:
    return "\n".join(decoded_inventory(Path(app.outdir) / "objects.inv"))


def _read(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text("utf-8")


def _exported(app: SphinxTestApp) -> dict[str, dict[str, object]]:
    data = json.loads(_read(app, "designdoc.json"))
    return {e["id"]: e for e in data["entries"]}


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-only", tmp_path / "src"))


def test_the_only_expressions_are_recorded_outermost_first(srcdir: Path, tmp_path: Path) -> None:
    app = _build(srcdir, "html", tmp_path / "build")
    only = {e.id: e.only for e in get_domain(app.env).all_entries()}
    assert only == {
        "G-all": (),
        "C-web": ("html",),
        "R-leak": ("html", "internal"),
        "C-text": ("text",),
        "Q-viewer": (),
    }


def test_html_shows_only_its_entries(srcdir: Path, tmp_path: Path) -> None:
    app = _build(srcdir, "html", tmp_path / "build")
    links = _read(app, "links.html")
    # a link field and a design:ref to a visible entry are links
    assert 'href="web.html#C-web"' in links
    # to a hidden one: the ID (or the text written), not linked, not reported
    assert "printed.html#" not in links
    # (muted, not struck through as a broken link)
    assert re.search(r'</a>, <code class="dd-hidden[^"]*"><span class="pre">C-text<', links)
    assert "dd-broken" not in links
    assert "the renderer" in links
    # no backlink, no report row, no export record, no inventory entry
    web = _read(app, "web.html")
    assert "C-text" not in web
    assert "R-leak" not in web
    report = _read(app, "report.html")
    assert "#C-web" in report
    assert "C-text" not in report
    assert "R-leak" not in report
    exported = _exported(app)
    assert set(exported) == {"G-all", "C-web", "Q-viewer"}
    assert exported["G-all"]["incoming"] == {"satisfies": ["C-web"]}
    assert exported["Q-viewer"]["links"] == {"affects": ["C-web", "C-text"]}
    inventory = _inventory(app)
    assert "C-web design:component" in inventory
    assert "C-text" not in inventory
    assert "R-leak" not in inventory


def test_builders_sharing_doctrees_each_show_their_entries(srcdir: Path, tmp_path: Path) -> None:
    # html reads the sources; text reuses the environment (nothing is read again)
    _build(srcdir, "html", tmp_path / "build")
    text = _build(srcdir, "text", tmp_path / "build")
    assert "0 added, 0 changed, 0 removed" in text.status.getvalue()
    links = _read(text, "links.txt")
    assert '"C-web", "C-text" Text renderer' in links
    assert 'Satisfied by:\n   "C-text" Text renderer' in _read(text, "web.txt")
    report = _read(text, "report.txt")
    assert "C-text" in report
    assert "C-web" not in report
    assert "R-leak" not in report

    # and back to html: its pages are as they were
    html = _build(srcdir, "html", tmp_path / "build")
    assert "C-text" not in _read(html, "report.html")
    assert "#C-web" in _read(html, "report.html")


def test_a_tag_shows_the_entries_it_guards(srcdir: Path, tmp_path: Path) -> None:
    plain = _build(srcdir, "html", tmp_path / "build")
    assert "R-leak" not in _exported(plain)
    # the same environment, built with a tag (``-t internal``)
    tagged = _build(srcdir, "html", tmp_path / "build", tags=["internal"])
    exported = _exported(tagged)
    assert set(exported) == {"G-all", "C-web", "R-leak", "Q-viewer"}
    assert exported["G-all"]["incoming"] == {"satisfies": ["C-web"], "affects": ["R-leak"]}
    assert "#R-leak" in _read(tagged, "report.html")
    assert re.search(r'href="#R-leak"', _read(tagged, "web.html"))
    assert "R-leak design:risk" in _inventory(tagged)
    # and without the tag again, reading nothing: the inventory follows
    again = _build(srcdir, "html", tmp_path / "build")
    assert "R-leak" not in _inventory(again)
