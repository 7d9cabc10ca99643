"""Smoke test of the benchmark: tiny corpora of every installed flavour.

Timing is the benchmark's business; this only checks that it works: every
flavour builds, the stale check tells a fresh report page from a stale one,
and the runner writes its table.
"""

from __future__ import annotations

import json
from importlib.util import find_spec
from pathlib import Path

import pytest

from bench import run
from bench.generate import EDIT_STATUS, REPORT_PAGE, edit_status, entry_id, generate

#: 500 documents x 0.004 = 2 documents of 10 entries
TINY = 0.004


@pytest.mark.parametrize("flavour", ["plain", "designdoc", "needs"])
def test_each_flavour_builds_and_the_stale_check_sees_the_edit(
    flavour: str, tmp_path: Path
) -> None:
    if flavour == "needs" and find_spec("sphinx_needs") is None:
        pytest.skip("sphinx-needs is not installed (the bench extra)")
    src, out = tmp_path / "src", tmp_path / "out"
    assert generate(src, flavour, "wide", TINY, page_tables=True) == 20
    run.measure(run.sphinx("html", src, out), tmp_path)
    page = (out / f"{REPORT_PAGE}.html").read_text("utf-8")
    edited, status = edit_status(src)
    assert (edited, status) == (entry_id("component", 1, 0), EDIT_STATUS[1])
    assert not run.report_shows(page, edited, EDIT_STATUS[1])
    if flavour == "plain":
        return
    assert run.report_shows(page, edited, EDIT_STATUS[0])
    run.measure(run.sphinx("html", src, out), tmp_path)
    page = (out / f"{REPORT_PAGE}.html").read_text("utf-8")
    # designdoc refreshes the report page; sphinx-needs leaves it stale
    assert run.report_shows(page, edited, EDIT_STATUS[1]) is (flavour == "designdoc")


def test_a_failing_build_is_reported(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="failed"):
        run.measure(run.sphinx("html", tmp_path / "missing", tmp_path / "out"), tmp_path)


def test_the_runner_writes_its_table(tmp_path: Path) -> None:
    assert (
        run.main(["--shape", "wide", "--scale", str(TINY), "--reps", "1", "--out", str(tmp_path)])
        == 0
    )
    table = (tmp_path / "latest.md").read_text("utf-8")
    assert "| plain |" in table
    designdoc_row = next(line for line in table.splitlines() if line.startswith("| designdoc |"))
    assert "| fresh |" in designdoc_row
    data = json.loads((tmp_path / "latest.json").read_text("utf-8"))
    samples = data["shapes"]["wide"]["designdoc"]
    assert samples["entries"] == 20
    assert all(len(samples[m]) == 1 for m in run.MEASURES)
    assert samples["fresh_after_edit"] == [True]


def test_the_incremental_runner_edits_back_and_forth(tmp_path: Path) -> None:
    argv = ["--shape", "wide", "--scale", str(TINY), "--reps", "2", "--incremental"]
    argv += ["--flavour", "plain", "--flavour", "designdoc", "--out", str(tmp_path)]
    assert run.main(argv) == 0
    data = json.loads((tmp_path / "latest.json").read_text("utf-8"))
    assert data["meta"]["incremental"] == "True"
    samples = data["shapes"]["wide"]["designdoc"]
    assert [len(samples[m]) for m in run.MEASURES] == [1, 0, 2, 2, 0]
    # the second edit put the status back, and the report page showed it
    assert samples["fresh_after_edit"] == [True, True]
    table = (tmp_path / "latest.md").read_text("utf-8")
    assert "Rebuilds only" in table
    assert "| fresh |" in table
