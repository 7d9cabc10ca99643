"""Evidence files made by the real tools: pytest ``--junitxml``, coverage.py, ruff.

:func:`make_evidence` writes a small sample project into a folder, runs the
tools on it as CI would and returns the reports they wrote, with the tools'
own summaries (pytest's outcome counts, ``coverage report``'s total, ruff's
JSON findings) to check the readers against.

The committed reports were written by this module, and are written again by::

    python -m tests.evidence

``tests/roots/test-quality/evidence/`` holds every report of one run;
``junit-passing.xml`` here is that run's passing JUnit report, which the other
roots whose quality gates name an evidence file (and the generated projects of
``corpus``) use as theirs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
ROOTS = HERE.parent / "roots"
#: A JUnit report of a passing pytest run, written by ``python -m tests.evidence``.
COMMITTED_JUNIT = HERE / "junit-passing.xml"
#: Where every report of one run is committed.
QUALITY_EVIDENCE = ROOTS / "test-quality" / "evidence"
#: Copies of reports of that run in other test roots (copy -> report).
COPIES = {
    ROOTS / "test-entries-rst" / "reports" / "cache.xml": "junit-passing.xml",
    ROOTS / "test-entries-myst" / "reports" / "cache.xml": "junit-passing.xml",
    ROOTS / "test-builders" / "reports" / "cache-tests.xml": "junit-passing.xml",
    ROOTS / "test-quality-warnings" / "evidence" / "junit-failing.xml": "junit-failing.xml",
    ROOTS / "test-quality-warnings" / "evidence" / "coverage.json": "coverage.json",
    ROOTS / "test-quality-warnings" / "evidence" / "ruff-clean.sarif": "ruff-clean.sarif",
}

CALC = '''\
"""A small module whose tests produce the evidence files of the test suite."""


def mean(values: list[float]) -> float:
    if not values:
        raise ValueError("the mean of nothing")
    return sum(values) / len(values)


def grade(score: float) -> str:
    if score >= 90:
        return "A"
    if score >= 75:
        return "B"
    return "C"
'''

CHECKS = """\
from calc import grade, mean


def test_mean():
    assert mean([1, 2, 3]) == 2


def test_grade_a():
    assert grade(95) == "A"


def test_grade_b():
    assert grade(80) == "B"


def test_broken_on_purpose():
    assert mean([1, 2]) == 2
"""

#: Selects the passing tests only.
PASSING = "not broken"
#: Source with lint findings (an unused import, ``assert``, a bare ``except``).
LINT_FINDINGS = """\
import os


def check(value):
    assert value
    try:
        return int(value)
    except:
        return None
"""
LINT_CLEAN = '''\
def check(value: str) -> int:
    """The value as a number."""
    return int(value)
'''
RUFF_RULES = "E,F,S"


@dataclass(frozen=True)
class Evidence:
    """The reports the tools wrote, and what the tools themselves said."""

    junit_passing: Path
    junit_failing: Path
    coverage_json: Path
    coverage_xml: Path
    sarif_clean: Path
    sarif_findings: Path
    #: pytest's own counts (``{"passed": 3}``) of each run.
    passing_outcomes: dict[str, int]
    failing_outcomes: dict[str, int]
    #: ``coverage report --format=total --precision=6``.
    coverage_total: float
    #: The number of findings of ``ruff --output-format json`` on each source.
    ruff_findings: int
    ruff_clean: int


def _run(command: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> str:
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=120
    )
    if result.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} -> {result.returncode}\n{result.stdout}")
    return result.stdout


def _outcomes(summary: str) -> dict[str, int]:
    """``{"passed": 3, "failed": 1}`` from pytest's ``-q`` summary line."""
    last = summary.strip().splitlines()[-1]
    found = {}
    for part in last.split(" in ")[0].split(","):
        count, _, outcome = part.strip().partition(" ")
        found[outcome] = int(count)
    return found


def make_evidence(workdir: Path, outdir: Path) -> Evidence:
    """Run pytest, coverage.py and ruff on the sample project in ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    outdir.mkdir(parents=True, exist_ok=True)
    (workdir / "calc.py").write_text(CALC, encoding="utf-8")
    (workdir / "checks_calc.py").write_text(CHECKS, encoding="utf-8")
    (workdir / "lint_findings.py").write_text(LINT_FINDINGS, encoding="utf-8")
    (workdir / "lint_clean.py").write_text(LINT_CLEAN, encoding="utf-8")
    # an empty configuration: not the repository's (nor its plugins and options)
    (workdir / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (workdir / ".coveragerc").write_text(
        "[run]\nbranch = True\nrelative_files = True\ninclude = calc.py\n",
        encoding="utf-8",
    )
    python = sys.executable
    pytest = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    out = {name: outdir / name for name in ("junit-passing.xml", "junit-failing.xml")}
    passing = _run(
        [
            python,
            "-m",
            "coverage",
            "run",
            *pytest,
            "checks_calc.py",
            "-k",
            PASSING,
            f"--junitxml={out['junit-passing.xml']}",
        ],
        workdir,
    )
    coverage_json, coverage_xml = outdir / "coverage.json", outdir / "coverage.xml"
    _run([python, "-m", "coverage", "json", "-q", "-o", str(coverage_json)], workdir)
    _run([python, "-m", "coverage", "xml", "-q", "-o", str(coverage_xml)], workdir)
    total = _run([python, "-m", "coverage", "report", "--format=total", "--precision=6"], workdir)
    failing = _run(
        [python, *pytest, "checks_calc.py", f"--junitxml={out['junit-failing.xml']}"],
        workdir,
        ok=(1,),
    )
    ruff = [python, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", RUFF_RULES]
    counts = {}
    sarif = {}
    for name in ("lint_findings.py", "lint_clean.py"):
        stem = name.removesuffix(".py").replace("lint_", "ruff-")
        sarif[name] = outdir / f"{stem}.sarif"
        _run([*ruff, "--output-format", "sarif", "-o", str(sarif[name]), name], workdir, (0, 1))
        found = _run([*ruff, "--output-format", "json", name], workdir, (0, 1))
        counts[name] = len(json.loads(found))
    return Evidence(
        junit_passing=out["junit-passing.xml"],
        junit_failing=out["junit-failing.xml"],
        coverage_json=coverage_json,
        coverage_xml=coverage_xml,
        sarif_clean=sarif["lint_clean.py"],
        sarif_findings=sarif["lint_findings.py"],
        passing_outcomes=_outcomes(passing),
        failing_outcomes=_outcomes(failing),
        coverage_total=float(total),
        ruff_findings=counts["lint_findings.py"],
        ruff_clean=counts["lint_clean.py"],
    )


def main() -> None:
    """Write the committed reports again (see the module's docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        made = make_evidence(Path(tmp) / "sample", QUALITY_EVIDENCE)
    shutil.copyfile(made.junit_passing, COMMITTED_JUNIT)
    for copy, report in COPIES.items():
        shutil.copyfile(QUALITY_EVIDENCE / report, copy)
