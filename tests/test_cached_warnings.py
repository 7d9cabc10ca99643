"""Every designdoc warning is shown by every build until its cause is fixed.

The project (``test-cached-warnings``) has a problem of every kind: option
values, an unknown option, a bad ID, a missing title, a second design-doc, a
missing evidence file and bad report options (found while a document is read),
duplicate IDs, unknown link targets, a cycle, a blocking question and a
missing gate (found across documents) and an unknown ``design:ref`` (found
when the page is written).  A second build that takes the documents from the
cache (or has nothing to do at all) must log the same warnings, in the same
order, once each; ``-W`` must fail it as it failed the first.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.parallel import parallel_available

from sphinxcontrib_designdoc.cli import main
from sphinxcontrib_designdoc.export.load import read_export

from .conftest import ROOTS, BuildWarning, designdoc_warnings
from .corpus import build, plain

#: Subtypes of the warnings logged while a document is read.
READ = {
    "invalid_value",
    "invalid_id",
    "missing_title",
    "duplicate_doc",
    "evidence",
    "invalid_filter",
}
#: Subtypes of the cross-document checks.
CONSISTENCY = {
    "duplicate_id",
    "unknown_ref",
    "dependency_cycle",
    "blocking_question",
    "missing_gate",
}

_COUNTS = re.compile(r"(\d+) added, (\d+) changed, (\d+) removed")


@dataclass
class Build:
    warnings: list[BuildWarning]
    status: str

    @property
    def stream(self) -> list[str]:
        """The designdoc warnings, in order, with locations relative to the sources."""
        return [f"{w.path}:{w.line}: {w.message} [{w.type}]" for w in self.warnings]

    @property
    def subtypes(self) -> set[str]:
        return {w.type.removeprefix("designdoc.") for w in self.warnings}

    @property
    def counts(self) -> tuple[int, int, int]:
        """Documents added, changed and removed, as Sphinx reports them."""
        found = _COUNTS.search(self.status)
        assert found, self.status
        added, changed, removed = found.groups()
        return int(added), int(changed), int(removed)


def run(srcdir: Path, buildername: str = "html", **kwargs: Any) -> Build:
    """Build ``srcdir`` into its ``_build`` folder (so the doctree cache is reused)."""
    app = build(buildername, srcdir, **kwargs)
    return Build(designdoc_warnings(app), plain(app.status.getvalue()))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-cached-warnings", srcdir)
    return srcdir


def assert_complete(first: Build) -> None:
    """The first build shows each problem of the project once."""
    assert first.subtypes >= READ | CONSISTENCY
    assert len(set(first.stream)) == len(first.stream), first.stream


@pytest.mark.parametrize("buildername", ["html", "text", "designdoc"])
def test_cached_build_shows_every_warning_again(srcdir: Path, buildername: str) -> None:
    first = run(srcdir, buildername)
    assert_complete(first)
    assert first.counts == (8, 0, 0)
    second = run(srcdir, buildername)
    assert second.counts == (0, 0, 0)  # nothing read: every warning comes from the cache
    assert second.stream == first.stream


def test_the_design_ref_page_is_rewritten_and_reported_again(srcdir: Path) -> None:
    first = run(srcdir)
    assert "refs.rst:4: design:ref names unknown entry 'G-absent'" in "\n".join(first.stream)
    second = run(srcdir)
    assert re.search(r"writing output\.\.\. \[\s*\d+%\] refs", second.status)
    assert not re.search(r"writing output\.\.\. \[\s*\d+%\] (entries|gates|clean)", second.status)
    assert second.stream == first.stream

    # fixed: the page is written once more, then left alone
    edit(srcdir / "refs.rst", "G-absent", "G-spelled")
    third = run(srcdir)
    assert third.stream == [w for w in first.stream if "G-absent" not in w]
    fourth = run(srcdir)
    assert "no targets are out of date" in fourth.status
    assert fourth.stream == third.stream


def test_design_refs_to_another_project_are_not_rewritten(tmp_path: Path) -> None:
    project_a = tmp_path / "a"
    shutil.copytree(ROOTS / "test-intersphinx-a", project_a)
    inventory = Path(build("html", project_a).outdir) / "objects.inv"
    project_b = tmp_path / "b"
    shutil.copytree(ROOTS / "test-intersphinx-b", project_b)

    def mapping() -> dict[str, Any]:  # intersphinx rewrites the value it is given
        return {"intersphinx_mapping": {"a": ("https://a.example.org/", str(inventory))}}

    first = run(project_b, confoverrides=mapping())
    assert first.warnings == []
    second = run(project_b, confoverrides=mapping())
    assert "no targets are out of date" in second.status
    # without the inventory the same references are unknown: reported every time
    third = run(project_b, freshenv=True)  # (the environment keeps loaded inventories)
    assert len(third.warnings) == 4
    fourth = run(project_b)
    assert fourth.counts == (0, 0, 0)
    assert fourth.stream == third.stream


def test_nothing_to_do_still_runs_the_cross_document_checks(srcdir: Path) -> None:
    (srcdir / "refs.rst").unlink()
    edit(srcdir / "index.rst", "   refs\n", "")
    first = run(srcdir)
    assert first.subtypes >= READ | CONSISTENCY
    second = run(srcdir)
    # Sphinx skips its consistency checks here; ours run all the same, once
    assert "no targets are out of date" in second.status
    assert second.stream == first.stream


@pytest.mark.skipif(not parallel_available, reason="this platform cannot build in parallel")
def test_parallel_builds_show_the_serial_warnings(srcdir: Path, tmp_path: Path) -> None:
    serial_src = tmp_path / "serial"
    shutil.copytree(srcdir, serial_src)
    serial = run(serial_src)
    assert_complete(serial)
    first = run(srcdir, parallel=2)
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", first.status)  # chunks
    assert first.stream == serial.stream
    second = run(srcdir, parallel=2)
    assert second.counts == (0, 0, 0)
    assert second.stream == serial.stream

    edit(srcdir / "clean.rst", "Nothing wrong here", "Still nothing wrong")
    third = run(srcdir, parallel=2)
    assert third.counts == (0, 1, 0)
    assert third.stream == serial.stream


def test_editing_another_document_keeps_every_warning_in_order(srcdir: Path) -> None:
    first = run(srcdir)
    edit(srcdir / "clean.rst", "Nothing wrong here", "Still nothing wrong")
    second = run(srcdir)
    assert second.counts == (0, 1, 0)
    assert second.stream == first.stream
    # the warnings of a document read again come once, in document order
    edit(srcdir / "gates.rst", "Gated by an empty file", "Gated by a file still empty")
    third = run(srcdir)
    assert third.counts == (0, 1, 0)
    assert third.stream == first.stream


def test_a_fixed_problem_disappears(srcdir: Path) -> None:
    first = run(srcdir)
    edit(srcdir / "entries.rst", ":priority: hihg", ":priority: must")
    second = run(srcdir)
    assert second.counts == (0, 1, 0)
    assert second.stream == [w for w in first.stream if "'hihg'" not in w]
    assert len(second.stream) == len(first.stream) - 1
    third = run(srcdir)
    assert third.stream == second.stream


def test_a_deleted_document_takes_its_warnings(srcdir: Path) -> None:
    first = run(srcdir)
    assert any(w.startswith("orphan.rst:") for w in first.stream)
    (srcdir / "orphan.rst").unlink()
    second = run(srcdir)
    assert second.counts == (0, 0, 1)
    assert second.stream == [w for w in first.stream if not w.startswith("orphan.rst:")]
    third = run(srcdir)
    assert third.stream == second.stream


def test_suppress_warnings_silences_cached_warnings(srcdir: Path) -> None:
    overrides = {"suppress_warnings": ["designdoc.invalid_value", "designdoc.duplicate_id"]}
    first = run(srcdir, confoverrides=overrides)
    second = run(srcdir, confoverrides=overrides)
    assert second.counts == (0, 0, 0)
    for build_ in (first, second):
        assert not {"invalid_value", "duplicate_id"} & build_.subtypes
        assert {"invalid_id", "evidence", "missing_gate"} <= build_.subtypes
    assert second.stream == first.stream


def _sphinx_build(srcdir: Path, outdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-b", "html", str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_sphinx_build_w_fails_the_cached_build(srcdir: Path, tmp_path: Path) -> None:
    (srcdir / "refs.rst").unlink()
    edit(srcdir / "index.rst", "   refs\n", "")
    outdir = tmp_path / "out"
    first = _sphinx_build(srcdir, outdir)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "treated as errors" in plain(first.stdout)
    second = _sphinx_build(srcdir, outdir)
    assert "no targets are out of date" in plain(second.stdout)
    assert second.returncode == 1, second.stdout + second.stderr
    assert plain(second.stderr) == plain(first.stderr)
    assert "[designdoc.invalid_value]" in second.stderr
    assert "[designdoc.missing_gate]" in second.stderr


def test_check_reports_the_problems_recorded_in_the_export(
    srcdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = {"suppress_warnings": ["designdoc.missing_title"]}
    first = run(srcdir, "designdoc", confoverrides=overrides)
    export_file = srcdir / "_build" / "designdoc" / "designdoc.json"
    exported = export_file.read_bytes()
    second = run(srcdir, "designdoc", confoverrides=overrides)
    assert second.counts == (0, 0, 0)
    assert export_file.read_bytes() == exported  # the cached build exports the same

    export = read_export(export_file)  # valid against the published schema
    read_time = [w for w in first.stream if w.rpartition("[designdoc.")[2][:-1] in READ]
    assert [f"{w['source']}:{w['line']}" for w in export.data["warnings"]] == [
        w.split(": ", 1)[0] for w in read_time
    ]
    assert "missing_title" not in json.dumps(export.data["warnings"])

    capsys.readouterr()
    assert main(["check", str(export_file)]) == 1
    printed = capsys.readouterr().out.splitlines()
    # every problem a build finds while reading, as the build shows it, in order
    assert printed[: len(read_time)] == read_time
    assert "entries.rst:7: G-spelled: priority 'hihg' is not one of: must, should, could " in (
        "\n".join(printed)
    )
    assert not any("missing_title" in line for line in printed)
