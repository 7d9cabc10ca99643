"""Reports' HTML kept between builds (``extension/reports/html_cache.py``).

A page rewritten after an edit computes and renders only the reports whose
content the edit changed; the others come from the cache.  Whatever happened
to the cache (damaged, made with another configuration), the pages equal
those of a fresh build of the same sources.
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_designdoc.core.model import Entry
from sphinxcontrib_designdoc.core.reports.index import IndexQuery
from sphinxcontrib_designdoc.extension.domain import get_domain
from sphinxcontrib_designdoc.extension.reports import fill
from sphinxcontrib_designdoc.extension.reports.html_rows import HtmlRows

from .corpus import build, write_corpus
from .test_incremental_digests import REPORTS as KINDS_AND_ENTRIES
from .test_search_index import search_index

N = 12
#: Reports that show some kinds or some entries only, and captioned tables,
#: added to the root page.
REPORTS = (
    KINDS_AND_ENTRIES
    + """
.. design-index::
   :kinds: component
   :group-by: document
"""
)
#: The index and summary of every entry, then REPORTS.
REPORT_COUNT = 9
#: An edit of a component's status, and the reports on the root page whose
#: content it changes (by position): the index of every entry, the summary,
#: the matrix that filters on the status and the component index.
EDIT = ("doc03.md", ":status: in-progress", ":status: done")
CHANGED = [0, 1, 7, 8]
#: The folder of the cache, in the doctree folder, and its index.
CACHE = "designdoc-reports-html"
INDEX = "index.pickle"


def _project(path: Path, mtime: float) -> Path:
    write_corpus(path, N, mtime=mtime)
    index = path / "index.rst"
    index.write_text(index.read_text("utf-8") + REPORTS, "utf-8")
    os.utime(index, (mtime, mtime))
    return path


def _edit(srcdir: Path, name: str, old: str, new: str) -> None:
    path = srcdir / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    now = time.time()
    os.utime(path, (now, now))


def _report_files(folder: Path) -> dict[str, int]:
    """File name -> modification time (ns) of the reports' files of the cache."""
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle") if p.name != INDEX}


def _fresh_page(tmp_path: Path, srcdir: Path) -> bytes:
    """The root page of a fresh build of a copy of ``srcdir``."""
    copy = tmp_path / "fresh"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    return (Path(build("html", copy, freshenv=True).outdir) / "index.html").read_bytes()


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The positions on the root page of the reports rendered, in order."""
    found: list[int] = []
    render_content = fill.render_content

    def spy(content: Any, rx: Any) -> Any:
        docname, _, serial = rx.report.rpartition("-")
        assert docname == "index"
        found.append(int(serial))
        return render_content(content, rx)

    monkeypatch.setattr(fill, "render_content", spy)
    return found


def test_unchanged_reports_are_neither_computed_nor_rendered(
    tmp_path: Path, rendered: list[int]
) -> None:
    srcdir = _project(tmp_path / "src", time.time() - 100)
    first = build("html", srcdir, freshenv=True)
    assert sorted(rendered) == list(range(REPORT_COUNT))
    folder = Path(first.doctreedir) / CACHE
    assert (folder / INDEX).is_file()
    before = _report_files(folder)
    assert len(before) == REPORT_COUNT  # one file per report
    _edit(srcdir, *EDIT)
    rendered.clear()
    again = build("html", srcdir)
    assert sorted(rendered) == CHANGED
    # only the files of the reports rendered again are new; the files of
    # their earlier content are gone
    after = _report_files(folder)
    assert len(after) == REPORT_COUNT
    kept = before.keys() & after.keys()
    assert len(kept) == REPORT_COUNT - len(CHANGED)
    assert all(before[name] == after[name] for name in kept)  # not written again
    page = (Path(again.outdir) / "index.html").read_bytes()
    assert b"dd-status-done" in page
    assert page == _fresh_page(tmp_path, srcdir)


def test_a_big_report_makes_and_renders_only_the_rows_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index of every entry (a table of more than ``HtmlRows.min_rows``
    rows): after the edit of a status, the rows of the edited document's
    entries are made again, and the first row (which gives the columns their
    classes); the others come from the last build, as digests and as HTML."""
    made: list[tuple[str, int]] = []
    entry_row = IndexQuery.entry_row

    def spy(self: IndexQuery, entry: Entry, cx: Any) -> Any:
        if not self.kinds:  # the index of every entry
            made.append((entry.docname, entry.serial))
        return entry_row(self, entry, cx)

    monkeypatch.setattr(IndexQuery, "entry_row", spy)
    srcdir = _project(tmp_path / "src", time.time() - 100)
    first = build("html", srcdir, freshenv=True)
    rows = len(get_domain(first.env).index.entries)
    assert rows >= HtmlRows.min_rows
    assert len(made) == len(set(made)) == rows  # each made once, for its digest and its HTML
    _edit(srcdir, *EDIT)
    made.clear()
    again = build("html", srcdir)
    first_row = get_domain(again.env).index.entries[0]
    edited = {(e.docname, e.serial) for e in get_domain(again.env).doc_entries("doc03")}
    assert set(made) == edited | {(first_row.docname, first_row.serial)}
    page = (Path(again.outdir) / "index.html").read_bytes()
    assert page == _fresh_page(tmp_path, srcdir)


@pytest.mark.parametrize(
    "damage",
    [b"\x80\x05not a pickle", pickle.dumps(["not", "a", "cache"]), b""],
    ids=["garbage", "another-shape", "empty"],
)
def test_a_damaged_cache_is_rendered_again(
    tmp_path: Path, rendered: list[int], damage: bytes
) -> None:
    srcdir = _project(tmp_path / "src", time.time() - 100)
    first = build("html", srcdir, freshenv=True)
    (Path(first.doctreedir) / CACHE / INDEX).write_bytes(damage)
    _edit(srcdir, *EDIT)
    rendered.clear()
    again = build("html", srcdir)
    assert sorted(rendered) == list(range(REPORT_COUNT))
    assert (Path(again.outdir) / "index.html").read_bytes() == _fresh_page(tmp_path, srcdir)


@pytest.mark.parametrize("how", ["damaged", "deleted"])
def test_a_report_whose_file_is_damaged_or_gone_is_rendered_again(
    tmp_path: Path, rendered: list[int], how: str
) -> None:
    """The other reports the edit did not change still come from the cache."""
    srcdir = _project(tmp_path / "src", time.time() - 100)
    first = build("html", srcdir, freshenv=True)
    folder = Path(first.doctreedir) / CACHE
    unchanged = 2  # a report the edit does not change
    assert unchanged not in CHANGED
    (path,) = (
        folder / name
        for name in _report_files(folder)
        if pickle.loads((folder / name).read_bytes())[0] == ("index", "index", unchanged)
    )
    if how == "damaged":
        path.write_bytes(b"\x80\x05not a pickle")
    else:
        path.unlink()
    _edit(srcdir, *EDIT)
    rendered.clear()
    again = build("html", srcdir)
    assert sorted(rendered) == sorted([*CHANGED, unchanged])
    assert (Path(again.outdir) / "index.html").read_bytes() == _fresh_page(tmp_path, srcdir)


def test_another_configuration_renders_again(tmp_path: Path, rendered: list[int]) -> None:
    """A setting of the HTML output (here: no permalinks on the captions of
    grouped tables) changes the reports' HTML without changing their content."""
    srcdir = _project(tmp_path / "src", time.time() - 100)
    first = build("html", srcdir, freshenv=True)
    assert b"Link to this table" in (Path(first.outdir) / "index.html").read_bytes()
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8") + "html_permalinks = False\n", "utf-8")
    rendered.clear()
    again = build("html", srcdir)
    assert sorted(rendered) == list(range(REPORT_COUNT))
    page = (Path(again.outdir) / "index.html").read_bytes()
    assert b"Link to this table" not in page
    assert page == _fresh_page(tmp_path, srcdir)


def test_reports_are_not_in_the_search_index(tmp_path: Path) -> None:
    """Entries are found on their own pages and as objects; the page of an
    index of every entry is not a result for every word of every title."""
    srcdir = _project(tmp_path / "src", time.time() - 100)
    app = build("html", srcdir, freshenv=True)
    index = search_index(Path(app.outdir))
    root = index["docnames"].index("index")
    pages = index["terms"]["compon"]  # "Component 3", stemmed
    pages = pages if isinstance(pages, list) else [pages]
    assert root not in pages
    assert len(pages) >= N  # every document's own component
    assert any(
        name.startswith("C-")
        for name in (row[4] for rows in index["objects"].values() for row in rows)
    )
