"""Builds killed at the worst moments leave nothing stale.

A project of a couple of dozen linked documents, with report pages that are no
toctree parent of the documents they show, is built with ``sphinx-build`` in a
subprocess.  A small extension in the project's ``conf.py`` kills that process
(SIGKILL: no handler, no clean-up, as the OOM killer or a CI timeout) at a
point named by an environment variable: when the N-th page is about to be
written, or when the build has finished but before the export (or the state
of the output folder) is written.  Then a plain incremental build runs, and
every HTML page and ``designdoc.json`` must equal those of a fresh ``-E``
build of the same sources.

Sphinx saves its environment after reading and before writing, so the killed
build leaves an environment that already knows the edit: only what records
what each page and the export were written with can tell the next build what
is stale.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .corpus import CONF, assert_same_files, files, write, write_corpus

DOCUMENTS = 16
KILL = "DESIGNDOC_TEST_KILL"
EXPORT = "designdoc.json"

#: The extension that kills the build, in the project's conf.py.
KILLER = f"""
designdoc_today = "2024-06-01"
graphviz_dot = "designdoc-test-no-dot"


def setup(app):
    import os
    import signal

    point = os.environ.get("{KILL}", "")

    def kill(*args):
        os.kill(os.getpid(), signal.SIGKILL)

    if point.startswith("page:"):
        resolved = []

        def count(app, doctree, docname):
            resolved.append(docname)
            if len(resolved) == int(point[5:]):
                kill()

        app.connect("doctree-resolved", count)
    elif point == "before-export":
        app.connect("build-finished", kill, priority=100)
    elif point == "before-state":
        app.connect("build-finished", kill, priority=700)
"""

INDEX = """\
Interrupted project
===================

.. toctree::
   :glob:

   doc*
   report*
"""

#: Report pages: no toctree parent of the documents they show.
REPORTS = {
    "report_components.rst": "Components\n==========\n\n"
    ".. design-index::\n   :kinds: component\n   :group-by: status\n",
    "report_questions.rst": "Questions\n=========\n\n.. design-questions::\n",
    "report_matrix.rst": "Matrix\n======\n\n"
    ".. design-matrix::\n   :rows: goal\n   :columns: component\n",
    "report_gates.rst": "Gates\n=====\n\n.. design-index::\n   :kinds: gate\n\n"
    ".. design-summary::\n",
}

SAMPLES = Path(__file__).parent / "roots" / "test-quality" / "evidence"


class Project:
    """The sources, their incremental build folders, and fresh builds to compare."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.src = root / "src"
        self.out = root / "incremental" / "html"
        self.doctrees = root / "incremental" / "doctrees"
        write_corpus(self.src, DOCUMENTS, with_problems=False, mtime=time.time() - 3600)
        write(self.src / "conf.py", CONF + KILLER)
        write(self.src / "index.rst", INDEX)
        for name, text in REPORTS.items():
            write(self.src / name, text)

    def sphinx_build(
        self, out: Path, doctrees: Path, *options: str, kill: str = ""
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != KILL}
        if kill:
            env[KILL] = kill
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(doctrees)]
        return subprocess.run(
            [*command, *options, str(self.src), str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def build(self, *options: str, warning: str = "") -> None:
        """Build incrementally; every warning must name ``warning`` (none if "")."""
        result = self.sphinx_build(self.out, self.doctrees, *options)
        assert result.returncode == 0, result.stderr
        lines = result.stderr.splitlines()
        assert all(warning and warning in line for line in lines), result.stderr

    def killed_build(self, kill: str, *options: str) -> None:
        result = self.sphinx_build(self.out, self.doctrees, *options, kill=kill)
        assert result.returncode == -signal.SIGKILL, (result.returncode, result.stderr)

    def toggle(self, name: str, one: str, other: str) -> None:
        """Replace ``one`` with ``other`` in a source, or back."""
        path = self.src / name
        text = path.read_text("utf-8")
        old, new = (one, other) if one in text else (other, one)
        assert text.count(old) == 1, (name, old)
        path.write_text(text.replace(old, new), "utf-8")

    def assert_same_as_fresh(self, *options: str) -> None:
        fresh = self.root / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        result = self.sphinx_build(fresh / "html", fresh / "doctrees", "-E", *options)
        assert result.returncode == 0, result.stderr
        assert_same_files(files(self.out, ".html"), files(fresh / "html", ".html"))
        assert (self.out / EXPORT).read_bytes() == (fresh / "html" / EXPORT).read_bytes()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One project for the whole module: each test starts from a complete build
    (the previous test's healing build) and ends with one."""
    project = Project(tmp_path_factory.mktemp("interrupted"))
    project.build()
    return project


# -- killed while writing pages -----------------------------------------------


@pytest.mark.parametrize("page", [1, 4, 7])
def test_killed_while_writing_pages(project: Project, page: int) -> None:
    # a title that linking pages and reports show, a status that reports group by
    project.toggle("doc03.md", "Component 3\n", "Component three\n")
    project.toggle("doc06.rst", ":status: in-progress", ":status: done")
    project.killed_build(f"page:{page}")
    project.build()
    project.assert_same_as_fresh()


def test_killed_before_the_export_is_written(project: Project) -> None:
    project.toggle("doc05.md", "Goal 5:", "Goal five:")
    project.killed_build("before-export")
    project.build()
    project.assert_same_as_fresh()


def test_killed_after_the_export_before_the_state_is_saved(project: Project) -> None:
    project.toggle("doc05.md", "Goal 5:", "Goal five:")
    project.killed_build("before-state")
    project.build()
    project.assert_same_as_fresh()


# -- damaged output, configuration, evidence -----------------------------------


def test_a_truncated_export_is_repaired_by_a_build_that_reads_nothing(project: Project) -> None:
    export = project.out / EXPORT
    text = export.read_bytes()
    export.write_bytes(text[: len(text) // 3])
    project.build()
    assert export.read_bytes() == text
    project.assert_same_as_fresh()


def test_a_configuration_only_the_export_shows(project: Project) -> None:
    conf = "designdoc_html_baseurl = 'https://example.org/design/'\n"
    (project.src / "conf.py").write_text(CONF + KILLER + conf, "utf-8")
    try:
        project.killed_build("before-export")
        project.build()
        assert b'"https://example.org/design/"' in (project.out / EXPORT).read_bytes()
        project.assert_same_as_fresh()
    finally:
        (project.src / "conf.py").write_text(CONF + KILLER, "utf-8")
        project.build()


def test_evidence_replaced_by_an_older_file(project: Project) -> None:
    evidence = project.src / "reports" / "tests.xml"
    passing = evidence.read_bytes()
    before = evidence.stat().st_mtime
    shutil.copyfile(SAMPLES / "junit-failing.xml", evidence)
    os.utime(evidence, (before - 3600, before - 3600))  # as ``cp -p`` of an older artefact
    try:
        project.killed_build("page:2")
        project.build(warning="[designdoc.evidence_mismatch]")
        assert "dd-status-failing" in (project.out / "report_gates.html").read_text("utf-8")
        project.assert_same_as_fresh()
    finally:
        evidence.write_bytes(passing)
        project.build()
