"""One rulebook: ``sphinx-build -W`` and ``designdoc check`` report the same problems.

The cross-document rules are written once (:mod:`sphinxcontrib_designdoc.core.rules`)
and run by the build on its environment and by ``designdoc check`` on the export.
``test-every-rule`` breaks every rule (with ``designdoc_warn_overdue`` and
``designdoc_warn_failing_gates`` set) and has warnings found while reading; the
demo project has none.  For both, the designdoc warnings of an HTML build and
the lines ``designdoc check`` prints for the export next to it are the same, in
the same order.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_designdoc.cli import main
from sphinxcontrib_designdoc.core import rules
from sphinxcontrib_designdoc.core.subtypes import Subtype
from sphinxcontrib_designdoc.export.load import read_export
from sphinxcontrib_designdoc.extension import checks

from .conftest import REPO, ROOTS, BuildWarning, designdoc_warnings
from .corpus import build

#: (source path relative to the source folder, line, subtype, message)
Problem = tuple[str, int, str, str]

EVERY_RULE = ROOTS / "test-every-rule"
DEMO = REPO / "demo"


def _copy(source: Path, tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(source, srcdir, ignore=shutil.ignore_patterns("_build"))
    return srcdir


def _from_build(warnings: Iterable[BuildWarning]) -> list[Problem]:
    return [(w.path, w.line, w.type.removeprefix("designdoc."), w.message) for w in warnings]


def _checked(export_file: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[Problem]]:
    """Exit status of ``designdoc check`` and the problems it prints."""
    capsys.readouterr()
    code = main(["check", str(export_file)])
    found = []
    for line in capsys.readouterr().out.splitlines()[:-1]:
        location, _, rest = line.partition(": ")
        message, _, subtype = rest.rpartition(" [designdoc.")
        path, _, number = location.rpartition(":")
        found.append((path, int(number), subtype.removesuffix("]"), message))
    return code, found


# MyST-Parser's reference resolver uses an API Sphinx 9 deprecates (not ours)
@pytest.mark.filterwarnings("ignore:'myst_parser.*MystReferenceResolver.app' is deprecated")
@pytest.mark.parametrize("source", [EVERY_RULE, DEMO], ids=["every-rule", "demo"])
def test_the_build_and_the_check_report_the_same_problems(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = _copy(source, tmp_path)
    app = build("html", srcdir)
    built = _from_build(designdoc_warnings(app))
    code, checked = _checked(Path(app.outdir) / "designdoc.json", capsys)
    assert checked == built
    assert code == (1 if built else 0)
    if source == EVERY_RULE:
        assert {subtype for _, _, subtype, _ in built} >= {s.value for s in CROSS_DOCUMENT}
    else:
        assert built == []


#: The subtypes the rules report (every one is triggered by ``test-every-rule``).
CROSS_DOCUMENT = {
    Subtype.duplicate_id,
    Subtype.unknown_ref,
    Subtype.link_kind,
    Subtype.self_link,
    Subtype.overdue_question,
    Subtype.blocking_question,
    Subtype.dependency_cycle,
    Subtype.missing_gate,
    Subtype.failing_gate,
    Subtype.evidence,
}


def test_every_rule_is_broken_by_the_root(tmp_path: Path) -> None:
    app = build("html", _copy(EVERY_RULE, tmp_path))
    project = checks.env_project(app.env)
    found = {rule.__name__: {p.subtype for p in rule(project)} for rule in rules.RULES}
    assert all(found.values()), found
    assert set().union(*found.values()) == CROSS_DOCUMENT
    for rule in rules.RULES:
        assert rule.__doc__, rule.__name__


def test_the_export_records_what_the_rules_need(tmp_path: Path) -> None:
    app = build("html", _copy(EVERY_RULE, tmp_path))
    data: dict[str, Any] = json.loads((Path(app.outdir) / "designdoc.json").read_text("utf-8"))
    assert data["checks"] == {
        "warn_overdue": True,
        "warn_failing_gates": True,
        "default_quality": "",
    }
    # the two entries that lost G-fast to the first; twice.rst holds nothing else
    assert [(d["id"], d["document"], d["line"]) for d in data["duplicates"]] == [
        ("G-fast", "plans", 25),
        ("G-fast", "twice", 4),
    ]
    assert "twice" in data["documents"]
    # a decision inside ``only:: latex``: not exported for HTML, but known to exist
    assert data["hidden"] == ["D-printed"]
    assert "D-printed" not in {e["id"] for e in data["entries"]}
    export = read_export(Path(app.outdir) / "designdoc.json")
    unknown = [p.message for p in rules.link_targets(export.as_project)]
    assert unknown == [
        "C-api: :satisfies: names unknown entry 'G-absent'",
        "C-api: :satisfies: may point to goal, not to the component 'C-store'",
        "C-included: :depends-on: names unknown entry 'C-nowhere'",
    ]


def test_the_rules_are_the_only_source_of_cross_document_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = build("html", _copy(EVERY_RULE, tmp_path / "full"))
    data = json.loads((Path(full.outdir) / "designdoc.json").read_text("utf-8"))
    read_time, unresolved = (
        [(w["source"], w["line"], w["subtype"], w["message"]) for w in data[key]]
        for key in ("warnings", "unresolved")
    )
    assert read_time  # warnings found while reading are part of the root
    assert unresolved  # and a design:ref to nothing, found while writing
    # without rules, a build logs only what it found while reading and writing
    monkeypatch.setattr(rules, "check_project", lambda project: [])
    bare = build("html", _copy(EVERY_RULE, tmp_path / "bare"))
    assert _from_build(designdoc_warnings(bare)) == read_time + unresolved
    # and every other warning of the full build is a problem of a rule
    monkeypatch.undo()
    problems = rules.check_project(checks.env_project(full.env))
    rest = _from_build(designdoc_warnings(full))[len(read_time) : -len(unresolved)]
    assert [(subtype, message) for _, _, subtype, message in rest] == [
        (p.subtype.value, p.message) for p in problems
    ]


def test_a_build_that_reads_nothing_logs_the_kept_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = _copy(EVERY_RULE, tmp_path)
    first = build("html", srcdir)
    calls: list[object] = []
    check_project = rules.check_project

    def counted(project: Any) -> list[Any]:
        calls.append(project)
        return check_project(project)

    monkeypatch.setattr(rules, "check_project", counted)
    second = build("html", srcdir)
    assert "0 added, 0 changed, 0 removed" in second.status.getvalue()
    assert calls == []  # the problems come from the saved environment
    assert _from_build(designdoc_warnings(second)) == _from_build(designdoc_warnings(first))
    # a changed rule setting checks the project again
    third = build("html", srcdir, confoverrides={"designdoc_warn_overdue": False})
    assert len(calls) == 1
    subtypes = {w.type for w in designdoc_warnings(third)}
    assert "designdoc.overdue_question" not in subtypes
    assert "designdoc.blocking_question" in subtypes
