"""Reports are never stale: incremental and parallel builds give what a fresh build gives.

The report pages here are not toctree parents of the documents that hold the
entries, so only the page digest of ``freshness`` (which includes what each
report shows) makes Sphinx rewrite them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from .conftest import ROOTS

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WRITING = re.compile(r"writing output\.\.\. \[\s*\d+%\] (\S+)")


class Project:
    """A copy of a root, built again and again by one application."""

    def __init__(self, srcdir: Path, **kwargs: object) -> None:
        self.srcdir = srcdir
        self.app = SphinxTestApp("html", srcdir=srcdir, **kwargs)  # type: ignore[arg-type]

    def build(self, warnings: str = "") -> set[str]:
        """Build; return the names of the pages written.

        The build's warnings must be exactly ``warnings`` (a regular expression).
        """
        status, warning = self.app.status, self.app.warning
        start, start_warning = len(status.getvalue()), len(warning.getvalue())
        self.app.build()
        logged = _ANSI.sub("", warning.getvalue()[start_warning:])
        assert re.fullmatch(warnings, logged), logged
        return set(_WRITING.findall(_ANSI.sub("", status.getvalue()[start:])))

    def page(self, docname: str) -> str:
        return (Path(self.app.outdir) / f"{docname}.html").read_text("utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.srcdir / name
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    srcdir = tmp_path / "staleness"
    shutil.copytree(ROOTS / "test-staleness", srcdir)
    project = Project(srcdir)
    yield project
    project.app.cleanup()


def _row(html: str, entry_id: str) -> str:
    """The table row of a report that links to ``entry_id``."""
    match = re.search(rf'<tr[^>]*>(?:(?!</tr>).)*?#{entry_id}"(?:(?!</tr>).)*</tr>', html, re.S)
    assert match, f"no row for {entry_id}"
    return match[0]


def test_status_edit_rewrites_the_report_page(project: Project) -> None:
    assert project.build() == {"index", "components", "goals", "report", "goal_report"}
    assert "dd-status-planned" in _row(project.page("report"), "C-gateway")

    project.edit("components.rst", ":status: planned", ":status: done")
    written = project.build()

    # the edited page, its toctree parent, and the page whose report shows it;
    # not the goal report nor the goals (whose links show no status)
    assert written == {"components", "index", "report"}
    row = _row(project.page("report"), "C-gateway")
    assert "dd-status-done" in row
    assert "dd-status-planned" not in row

    # nothing changed: nothing is written
    assert project.build() == set()


def test_adding_and_deleting_documents(project: Project) -> None:
    project.build()

    (project.srcdir / "more.rst").write_text(
        "More\n====\n\n.. design-component:: Cache\n   :id: C-cache\n", "utf-8"
    )
    assert project.build() == {"more", "index", "report"}
    assert "C-cache" in project.page("report")
    assert "C-cache" not in project.page("goal_report")

    (project.srcdir / "more.rst").unlink()
    assert project.build() == {"index", "report"}
    assert "C-cache" not in project.page("report")

    (project.srcdir / "goals.rst").unlink()
    written = project.build(warnings=r".*'G-fast' \[designdoc\.unknown_ref\]\n")
    # the goal report empties, the gateway's link now dangles; the component
    # report shows nothing of the goals, so it stays as it is
    assert written == {"index", "goal_report", "components"}
    assert "No entries match." in project.page("goal_report")


def test_renaming_a_title_rewrites_reports_that_show_it(project: Project) -> None:
    project.build()
    project.edit("goals.rst", "design-goal:: Cheap", "design-goal:: Inexpensive")
    written = project.build()
    assert written == {"goals", "index", "goal_report"}
    assert "Inexpensive" in project.page("goal_report")


# -- parallel -------------------------------------------------------------------

_DOCS = 32


def _generate(srcdir: Path) -> None:
    """A project of many documents with linked entries and every report."""
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinxcontrib_designdoc"]\n'
        'designdoc_today = "2024-06-01"\n'
        'graphviz_dot = "designdoc-test-no-dot"\n',
        "utf-8",
    )
    (srcdir / "index.rst").write_text(
        "Project\n=======\n\n.. toctree::\n   :glob:\n\n   doc*\n   reports\n", "utf-8"
    )
    for i in range(_DOCS):
        status = ("planned", "in-progress", "done")[i % 3]
        depends = f"   :depends-on: C-{i - 1:02d}\n" if i else ""
        (srcdir / f"doc{i:02d}.rst").write_text(
            f"Document {i}\n============\n\n"
            f".. design-goal:: Goal {i}\n   :id: G-{i:02d}\n\n"
            f".. design-component:: Component {i}\n   :id: C-{i:02d}\n"
            f"   :status: {status}\n   :satisfies: G-{i // 2:02d}\n{depends}\n"
            f".. design-question:: Question {i}\n   :id: Q-{i:02d}\n"
            f"   :raised: 2024-05-{1 + i % 28:02d}\n   :affects: C-{i:02d}\n",
            "utf-8",
        )
    (srcdir / "reports.rst").write_text(
        "Reports\n=======\n\n"
        ".. design-index::\n   :kinds: component\n   :sort: -status\n   :group-by: status\n\n"
        ".. design-questions::\n\n"
        ".. design-matrix::\n   :rows: goal\n   :columns: component\n\n"
        ".. design-graph::\n\n"
        ".. design-summary::\n",
        "utf-8",
    )


def _pages(outdir: Path) -> dict[str, str]:
    return {
        p.relative_to(outdir).as_posix(): p.read_text("utf-8")
        for p in sorted(outdir.glob("*.html"))
    }


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    outputs = []
    for parallel in (0, 2):
        srcdir = tmp_path / f"p{parallel}"
        _generate(srcdir)
        project = Project(srcdir, parallel=parallel)
        try:
            project.build()
            # then an incremental build after an edit, in the same mode (the
            # status output of parallel builds names chunks, not every page)
            project.edit("doc05.rst", ":status: done", ":status: planned")
            written = project.build()
            assert not parallel or written
            assert parallel or written == {"doc05", "index", "reports"}
            outputs.append(_pages(Path(project.app.outdir)))
        finally:
            project.app.cleanup()
    serial, parallel_ = outputs
    assert len(serial) == _DOCS + 4  # + index, reports, genindex, search
    assert serial.keys() == parallel_.keys()
    for name in serial:
        assert serial[name] == parallel_[name], name
    # the first row naming C-05 is the index's, which shows the edited status
    assert "dd-status-planned" in _row(serial["reports.html"], "C-05")
