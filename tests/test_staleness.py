"""Reports are never stale: incremental and parallel builds give what a fresh build gives.

The report pages here are not toctree parents of the documents that hold the
entries, so only the page digest of ``freshness`` (which includes what each
report shows) makes Sphinx rewrite them.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
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


# -- interrupted builds, shared doctrees, the export, evidence ------------------


def _build_in_new_app(
    srcdir: Path, builddir: Path, buildername: str = "html", **kwargs: object
) -> SphinxTestApp:
    """One build by a new application, as a new ``sphinx-build`` process would."""
    app = SphinxTestApp(buildername, srcdir=srcdir, builddir=builddir, **kwargs)  # type: ignore[arg-type]
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def _interrupt_at(docname: str) -> Callable[[object, object, str], None]:
    """A ``doctree-resolved`` handler that presses Ctrl-C when ``docname`` is
    about to be written (Sphinx keeps its environment, unlike on an error)."""

    def interrupt(app: object, doctree: object, resolved: str) -> None:
        if resolved == docname:
            raise KeyboardInterrupt(docname)

    return interrupt


def test_a_build_interrupted_while_writing_leaves_no_stale_page(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-staleness", srcdir)
    builddir = tmp_path / "build"
    _build_in_new_app(srcdir, builddir)
    path = srcdir / "components.rst"
    path.write_text(path.read_text("utf-8").replace(":status: planned", ":status: done"), "utf-8")

    # the environment is saved after reading; the build is interrupted before
    # the report page (written after components and index) is written
    app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir)
    app.connect("doctree-resolved", _interrupt_at("report"))
    try:
        with pytest.raises(KeyboardInterrupt, match="report"):
            app.build()
    finally:
        app.cleanup()
    outdir = Path(app.outdir)
    assert "dd-status-done" in (outdir / "components.html").read_text("utf-8")
    assert "dd-status-planned" in _row((outdir / "report.html").read_text("utf-8"), "C-gateway")

    healed = _build_in_new_app(srcdir, builddir)
    written = set(_WRITING.findall(_ANSI.sub("", healed.status.getvalue())))
    # report: stale; components: written, but by a build that did not finish;
    # index: the root document, written by every build that writes
    assert written == {"report", "components", "index"}
    assert "dd-status-done" in _row((outdir / "report.html").read_text("utf-8"), "C-gateway")
    # and then nothing is left to do
    again = _build_in_new_app(srcdir, builddir)
    assert "no targets are out of date" in _ANSI.sub("", again.status.getvalue())


def test_builders_sharing_a_doctree_folder_both_stay_fresh(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-staleness", srcdir)
    builddir = tmp_path / "build"
    _build_in_new_app(srcdir, builddir, "html")
    text = _build_in_new_app(srcdir, builddir, "text")
    assert "planned" in (Path(text.outdir) / "report.txt").read_text("utf-8")

    path = srcdir / "components.rst"
    path.write_text(path.read_text("utf-8").replace(":status: planned", ":status: done"), "utf-8")
    _build_in_new_app(srcdir, builddir, "html")  # reads the edit, saves the environment
    text = _build_in_new_app(srcdir, builddir, "text")  # reads nothing
    status = _ANSI.sub("", text.status.getvalue())
    assert "0 added, 0 changed, 0 removed" in status
    assert "report" in set(_WRITING.findall(status))
    report = (Path(text.outdir) / "report.txt").read_text("utf-8")
    assert "planned" not in report
    assert "done" in report


def test_the_export_is_repaired_and_follows_its_configuration(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-staleness", srcdir)
    builddir = tmp_path / "build"
    app = _build_in_new_app(srcdir, builddir)
    export = Path(app.outdir) / "designdoc.json"
    schema = Path(app.outdir) / "designdoc.schema.json"
    written, written_schema = export.read_bytes(), schema.read_bytes()
    assert (Path(app.outdir) / ".designdoc-state.json").is_file()

    damages: dict[str, Callable[[], object]] = {
        "truncated": lambda: export.write_bytes(written[: len(written) // 2]),
        "edited": lambda: export.write_bytes(written.replace(b"C-gateway", b"C-gatewaz")),
        "deleted": export.unlink,
        "schema truncated": lambda: schema.write_bytes(b"{"),
    }
    for damage, do in damages.items():
        do()
        app = _build_in_new_app(srcdir, builddir)
        assert "no targets are out of date" in _ANSI.sub("", app.status.getvalue()), damage
        assert export.read_bytes() == written, damage
        assert schema.read_bytes() == written_schema, damage

    # configuration that only the export shows, without a document read again
    for overrides, expected in (
        ({"html_baseurl": "https://example.org/docs/"}, b'"https://example.org/docs/"'),
        ({"html_file_suffix": ".htm"}, b'"components.htm#C-gateway"'),
    ):
        app = _build_in_new_app(srcdir, builddir, confoverrides=overrides)
        assert "0 added, 0 changed, 0 removed" in _ANSI.sub("", app.status.getvalue())
        assert expected in export.read_bytes(), overrides
    app = _build_in_new_app(srcdir, builddir)
    assert export.read_bytes() == written
    # nothing is left of the temporary files the export was written through
    assert not [p.name for p in Path(app.outdir).glob(".*.tmp")]


@pytest.mark.parametrize(
    "change",
    ["older copy", "same date", "disappears", "appears"],
)
def test_evidence_is_judged_by_content(change: str, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-evidence-content", srcdir)
    evidence = srcdir / "evidence" / "junit.xml"
    samples = ROOTS / "test-quality" / "evidence"
    builddir = tmp_path / "build"
    hour_ago = time.time() - 3600
    if change == "appears":
        evidence.unlink()
    else:
        os.utime(evidence, (hour_ago, hour_ago))
    before = "unknown" if change == "appears" else "passing"
    app = _build_in_new_app(srcdir, builddir)
    report = Path(app.outdir) / "report.html"
    assert f"dd-status-{before}" in _row(report.read_text("utf-8"), "QG-tests")

    if change == "disappears":
        evidence.unlink()
        after = "unknown"
    else:
        source = "junit-passing.xml" if change == "appears" else "junit-failing.xml"
        shutil.copyfile(samples / source, evidence)
        # dated before the build that read the old file (``cp -p``, an artefact)
        mtime = hour_ago if change == "same date" else hour_ago - 3600
        os.utime(evidence, (mtime, mtime))
        after = "passing" if change == "appears" else "failing"
    app = _build_in_new_app(srcdir, builddir)
    assert f"dd-status-{after}" in _row(report.read_text("utf-8"), "QG-tests")
    assert f"dd-status-{after}" in (Path(app.outdir) / "gates.html").read_text("utf-8")


@pytest.mark.parametrize("evidence", ["evidence/missing.xml", "evidence"])
def test_evidence_that_cannot_be_read_does_not_read_its_document_again(
    evidence: str, tmp_path: Path
) -> None:
    """A CI artefact that is absent locally (or a folder) leaves the gate
    unknown, with its warning, in every build; a build that changes nothing
    reads nothing (the content decides: see test_evidence_is_judged_by_content)."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-evidence-content", srcdir)
    gates = srcdir / "gates.rst"
    gates.write_text(gates.read_text("utf-8").replace("evidence/junit.xml", evidence), "utf-8")
    builddir = tmp_path / "build"
    first = _build_in_new_app(srcdir, builddir)
    again = _build_in_new_app(srcdir, builddir)
    assert "0 added, 0 changed, 0 removed" in _ANSI.sub("", again.status.getvalue())
    warnings = _ANSI.sub("", again.warning.getvalue())
    assert f"QG-tests: evidence {evidence!r} " in warnings
    assert warnings == _ANSI.sub("", first.warning.getvalue())
    report = Path(again.outdir) / "report.html"
    assert "dd-status-unknown" in _row(report.read_text("utf-8"), "QG-tests")
