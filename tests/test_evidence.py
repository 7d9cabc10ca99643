"""Evidence files: real reports of pytest, coverage.py and ruff, and hostile ones.

The reports are written at run time by the tools themselves (see
:mod:`tests.evidence`), and the readers' results are checked against what the
tools say on their own: pytest's outcome counts, ``coverage report``'s total,
the findings of ruff's JSON output.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.evidence import (
    FAILING,
    PASSING,
    UNKNOWN,
    evaluate,
    judge,
    percent_threshold,
    sarif_levels,
)
from sphinxcontrib_designdoc.core.evidence_readers import (
    EvidenceError,
    Measurement,
    read_measurement,
)
from sphinxcontrib_designdoc.extension.domain import get_domain

from .conftest import build_warnings, designdoc_warnings
from .evidence import Evidence, make_evidence


@pytest.fixture(scope="module")
def tools(tmp_path_factory: pytest.TempPathFactory) -> Evidence:
    root = tmp_path_factory.mktemp("tools")
    return make_evidence(root / "sample", root / "reports")


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# -- the tools' own reports ------------------------------------------------------


def test_junit_of_passing_pytest_run(tools: Evidence) -> None:
    passed = tools.passing_outcomes["passed"]
    assert passed > 0
    assert "failed" not in tools.passing_outcomes
    result = evaluate(tools.junit_passing)
    assert result.status == PASSING
    assert result.measured == f"{passed} tests, 0 failures"
    assert result.measurement is not None
    assert (result.measurement.source, result.measurement.tests) == ("JUnit XML", passed)


def test_junit_of_failing_pytest_run(tools: Evidence) -> None:
    outcomes = tools.failing_outcomes
    result = evaluate(tools.junit_failing)
    assert result.status == FAILING
    total = outcomes["passed"] + outcomes["failed"]
    failed = outcomes["failed"]
    assert result.measured == f"{total} tests, {failed} failure{'s' * (failed != 1)}"


@pytest.mark.parametrize("report", ["coverage_json", "coverage_xml"])
def test_coverage_reports_agree_with_coverage_report(tools: Evidence, report: str) -> None:
    """coverage.py JSON and Cobertura XML give coverage.py's own total."""
    measurement = read_measurement(getattr(tools, report))
    assert measurement.format == "coverage"
    assert measurement.percent == pytest.approx(tools.coverage_total, abs=1e-5)
    below = math.floor(tools.coverage_total)
    above = below + 1
    passing = judge(measurement, f"{below}%")
    assert passing.status == PASSING
    shown = math.floor(tools.coverage_total * 10) / 10
    assert passing.measured == f"coverage {shown:.1f}% >= {below}%"
    failing = judge(measurement, f"{above}")
    assert failing.status == FAILING
    assert failing.measured.endswith(f"% < {above}%")


def test_sarif_of_ruff_counts_its_findings(tools: Evidence) -> None:
    assert tools.ruff_findings > 0
    assert tools.ruff_clean == 0
    findings = evaluate(tools.sarif_findings)
    assert findings.status == FAILING
    # ruff reports every finding at level "error"
    assert findings.measured == f"ruff: {tools.ruff_findings} errors"
    clean = evaluate(tools.sarif_clean)
    assert (clean.status, clean.measured) == (PASSING, "ruff: 0 errors")
    # only the levels the threshold names fail the gate
    assert evaluate(tools.sarif_findings, "warning, note").status == PASSING
    assert evaluate(tools.sarif_clean, "error warning").measured == "ruff: 0 errors, 0 warnings"


def test_format_is_recognised_by_content_not_name(tools: Evidence, tmp_path: Path) -> None:
    swapped = {
        "junit.json": tools.junit_passing,
        "coverage.xml": tools.coverage_json,
        "coverage.json": tools.coverage_xml,
        "report.txt": tools.sarif_clean,
    }
    for name, source in swapped.items():
        copy = tmp_path / name
        shutil.copyfile(source, copy)
        assert read_measurement(copy) == read_measurement(source)


# -- what is judged --------------------------------------------------------------


def junit(cases: str, root: str = "testsuites") -> str:
    return f'<?xml version="1.0"?><{root}><testsuite name="s">{cases}</testsuite></{root}>'


@pytest.mark.parametrize(
    ("cases", "status", "measured"),
    [
        ('<testcase name="a"/>', PASSING, "1 test, 0 failures"),
        ('<testcase name="a"/><testcase name="b"><error message="x"/></testcase>', FAILING,
         "2 tests, 0 failures, 1 error"),
        ('<testcase name="a"><skipped/></testcase>', FAILING, "1 test, 0 failures, 1 skipped"),
        ("", FAILING, "0 tests, 0 failures"),
    ],
)  # fmt: skip
def test_junit_needs_a_test_that_ran_and_nothing_failed(
    tmp_path: Path, cases: str, status: str, measured: str
) -> None:
    result = evaluate(write(tmp_path, "junit.xml", junit(cases)))
    assert (result.status, result.measured) == (status, measured)


def test_junit_of_nested_suites_and_of_counts_only(tmp_path: Path) -> None:
    nested = junit('<testsuite name="inner"><testcase name="a"/><testcase name="b"/></testsuite>')
    assert evaluate(write(tmp_path, "nested.xml", nested)).measured == "2 tests, 0 failures"
    counts = '<testsuite name="s" tests="5" failures="1" errors="0" skipped="1"/>'
    result = evaluate(write(tmp_path, "counts.xml", counts))
    assert (result.status, result.measured) == (FAILING, "5 tests, 1 failure, 1 skipped")


def test_sarif_levels_follow_the_sarif_rules(tmp_path: Path) -> None:
    log = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "scanner",
                        "rules": [
                            {"id": "R1", "defaultConfiguration": {"level": "note"}},
                            {"id": "R2", "defaultConfiguration": {"level": "error"}},
                        ],
                    }
                },
                "results": [
                    {"ruleIndex": 0, "message": {"text": "a note by default"}},
                    {"ruleId": "R2", "message": {"text": "an error by default"}},
                    {"ruleId": "R9", "message": {"text": "a warning: no level anywhere"}},
                    {"level": "error", "kind": "pass", "message": {"text": "not a failure"}},
                    {"level": "error", "suppressions": [{"kind": "inSource"}]},
                    {"level": "error", "suppressions": [{"status": "rejected"}]},
                    {"level": "error", "baselineState": "absent"},
                ],
            }
        ],
    }
    result = evaluate(write(tmp_path, "scan.sarif", json.dumps(log)))
    assert result.measurement is not None
    assert dict(result.measurement.findings) == {"error": 2, "warning": 1, "note": 1, "none": 1}
    assert result.measured == "scanner: 2 errors, 1 warning, 1 note, 1 result without level"
    assert result.status == FAILING
    assert evaluate(write(tmp_path, "scan.sarif", json.dumps(log)), "none").status == FAILING


@pytest.mark.parametrize(
    ("text", "value"),
    [("80", 80.0), ("80%", 80.0), (">= 80.5 %", 80.5), ("at least 95 % of lines", 95.0)],
)
def test_coverage_thresholds(text: str, value: float) -> None:
    assert percent_threshold(text) == value


@pytest.mark.parametrize("text", ["", "most lines", "80% lines, 70% branches", "150%"])
def test_coverage_thresholds_that_are_not_one_percentage(text: str) -> None:
    with pytest.raises(EvidenceError):
        percent_threshold(text)
    measurement = Measurement("coverage", "coverage.py JSON", percent=50.0)
    result = judge(measurement, text)
    assert result.status == UNKNOWN
    assert result.problem


def test_sarif_thresholds() -> None:
    assert sarif_levels("") == ("error",)
    assert sarif_levels("Warning, error") == ("error", "warning")
    with pytest.raises(EvidenceError, match="does not name SARIF levels"):
        sarif_levels("high, critical")


def test_shown_coverage_never_reaches_a_threshold_it_misses() -> None:
    result = judge(Measurement("coverage", "Cobertura XML", percent=79.99), "80%")
    assert (result.status, result.measured) == (FAILING, "coverage 79.9% < 80%")
    precise = judge(Measurement("coverage", "Cobertura XML", percent=79.996), "79.99")
    assert (precise.status, precise.measured) == (PASSING, "coverage 79.99% >= 79.99%")


# -- what cannot be used: always a reason, never an exception --------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<testsuites><testsuite name="&lol9;"><testcase name="a"/></testsuite></testsuites>
"""


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    start = time.perf_counter()
    result = evaluate(write(tmp_path, "laughs.xml", BILLION_LAUGHS))
    assert time.perf_counter() - start < 1
    assert result.status == UNKNOWN
    assert "entity declarations or external references" in result.problem


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "TOP-SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<testsuites><testsuite name="&x;"><testcase name="a"/></testsuite></testsuites>'
    )
    result = evaluate(write(tmp_path, "xxe.xml", xxe))
    assert result.status == UNKNOWN
    assert "TOP-SECRET" not in result.problem + result.measured


def test_truncated_report_is_malformed(tools: Evidence, tmp_path: Path) -> None:
    for report in (tools.junit_passing, tools.coverage_xml, tools.coverage_json):
        data = report.read_bytes()
        truncated = write(tmp_path, f"cut-{report.name}", data[: len(data) // 2])
        result = evaluate(truncated, "80%")
        assert result.status == UNKNOWN
        assert result.problem.startswith("is malformed"), result.problem


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[]", "JSON of an unknown shape"),
        ('{"meta": {}}', "JSON of an unknown shape"),
        ('{"totals": {"percent_covered": "83"}}', "percent_covered is not a percentage"),
        ('{"totals": {"percent_covered": 120}}', "percent_covered is not a percentage"),
        ('{"totals": {"percent_covered": NaN}}', "percent_covered is not a percentage"),
        ('{"totals": {"percent_covered": true}}', "percent_covered is not a percentage"),
        ('{"runs": "all"}', "runs is not a list"),
        ('{"runs": [{"tool": {}}]}', "has no results list"),
        ('{"runs": [{"results": [1]}]}', "is not an object"),
        ('{"runs": [{"results": [{"level": "fatal"}]}]}', "SARIF result level 'fatal'"),
        ("{", "malformed JSON"),
        ("[" * 100_000, "malformed"),
        ("<report/>", "root element <report>"),
        ('<coverage line-rate="lots"/>', "line-rate='lots' is not a number"),
        ('<testsuite tests="-1"/>', "tests='-1' is negative"),
        ("<testsuites><testsuite>", "malformed XML"),
        ("plain text", "is not JUnit XML, coverage.py JSON, Cobertura XML or SARIF"),
        ("  \n\t", "is empty"),
        ("", "is empty"),
    ],
)
def test_unusable_content(tmp_path: Path, content: str, problem: str) -> None:
    result = evaluate(write(tmp_path, "evidence", content), "80%")
    assert result.status == UNKNOWN
    assert problem in result.problem
    assert result.measured == ""


def test_unusable_paths(tmp_path: Path) -> None:
    assert evaluate(tmp_path).problem == "is a directory, not a file"
    assert evaluate(tmp_path / "missing.xml").problem == "does not exist"
    assert evaluate(Path("bad\0name")).status == UNKNOWN
    if Path("/dev/null").exists():
        assert evaluate(Path("/dev/null")).problem == "is not a regular file"
    latin1 = write(tmp_path, "latin1.json", '{"totals": "é"}'.encode("latin-1"))
    assert evaluate(latin1).problem == "is malformed: not UTF-8 text"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_no_content_raises(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = evaluate(write(Path(folder), "evidence", data), "80%")
    assert result.status in (PASSING, FAILING, UNKNOWN)
    assert bool(result.problem) == (result.status == UNKNOWN)


# -- numbers that do not fit ---------------------------------------------------------

_HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        # JUnit counts: overflowing, not finite, negative, not a count
        ('<testsuite tests="1e400"/>', "tests='1e400' is not a finite number"),
        ('<testsuite tests="inf" failures="0"/>', "tests='inf' is not a finite number"),
        ('<testsuite tests="-inf"/>', "tests='-inf' is not a finite number"),
        ('<testsuite tests="NaN"/>', "tests='NaN' is not a finite number"),
        ('<testsuite tests="3" failures="-0.5"/>', "failures='-0.5' is negative"),
        (f'<testsuite tests="{_HUGE}"/>', "is not a finite number"),
        ('<testsuite tests="1e300"/>', "tests='1e300' is not a plausible count"),
        ('<testsuite tests="²"/>', "tests='²' is not a number"),
        # Cobertura: rates and totals that are not finite, or give no percentage
        ('<coverage line-rate="nan"/>', "line-rate='nan' is not a finite number"),
        ('<coverage line-rate="1e400"/>', "line-rate='1e400' is not a finite number"),
        ('<coverage line-rate="-0.1"/>', "line-rate='-0.1' is negative"),
        (
            '<coverage line-rate="1" lines-valid="1e308" lines-covered="1e308" '
            'branches-valid="1e308" branches-covered="1e308"/>',
            "Cobertura XML whose totals give no percentage",
        ),
        (
            '<coverage line-rate="1" lines-valid="inf" lines-covered="inf"/>',
            "lines-valid='inf' is not a finite number",
        ),
        # coverage.py JSON: huge, infinite, negative
        ('{"totals": {"percent_covered": 1e400}}', "percent_covered is not a percentage"),
        ('{"totals": {"percent_covered": Infinity}}', "percent_covered is not a percentage"),
        ('{"totals": {"percent_covered": -1}}', "percent_covered is not a percentage"),
        (f'{{"totals": {{"percent_covered": {_HUGE}}}}}', "percent_covered is not a percentage"),
        (f'{{"totals": {{"percent_covered": -{_HUGE}}}}}', "percent_covered is not a percentage"),
        (  # too large for a float, not for int()
            '{"totals": {"percent_covered": 1' + "0" * 305 + "}}",
            "percent_covered is not a percentage",
        ),
        # SARIF: a number where a level is expected
        ('{"runs": [{"results": [{"level": NaN}]}]}', "SARIF result level 'nan'"),
    ],
)
def test_numbers_that_overflow_or_are_not_finite(
    tmp_path: Path, content: str, problem: str
) -> None:
    for threshold in ("80%", "", "error"):
        result = evaluate(write(tmp_path, "evidence", content), threshold)
        assert result.status == UNKNOWN
        assert problem in result.problem


def test_huge_sarif_rule_index_falls_back_to_the_default_level(tmp_path: Path) -> None:
    content = f'{{"runs": [{{"results": [{{"ruleIndex": {_HUGE}}}]}}]}}'
    result = evaluate(write(tmp_path, "evidence.sarif", content), "warning")
    assert (result.status, result.measured) == (FAILING, "1 warning")


def test_a_measurement_that_is_not_a_percentage_is_not_judged() -> None:
    for percent in (math.nan, math.inf, -1.0, 101.0):
        result = judge(Measurement("coverage", "Cobertura XML", percent=percent), "80%")
        assert result.status == UNKNOWN
        assert "is not a percentage" in result.problem


def test_a_gate_with_overflowing_evidence_warns_and_is_unknown(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinxcontrib_designdoc"]\n', "utf-8")
    (srcdir / "junit.xml").write_text('<testsuite tests="1e400" failures="0"/>', "utf-8")
    (srcdir / "cobertura.xml").write_text(
        '<coverage line-rate="1" lines-valid="1e308" lines-covered="1e308" '
        'branches-valid="1e308" branches-covered="1e308"/>',
        "utf-8",
    )
    (srcdir / "index.rst").write_text(
        "Gates\n=====\n\n"
        ".. quality-gate:: Tests\n   :id: QG-tests\n   :check: tests\n"
        "   :evidence: junit.xml\n\n"
        ".. quality-gate:: Coverage\n   :id: QG-cov\n   :check: coverage\n"
        "   :threshold: 80%\n   :evidence: cobertura.xml\n",
        "utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    found = [(w.path, w.line, w.message) for w in designdoc_warnings(app, "evidence")]
    assert found == [
        (
            "index.rst",
            4,
            "QG-tests: evidence 'junit.xml' is malformed: tests='1e400' is not a finite "
            "number; status unknown",
        ),
        (
            "index.rst",
            9,
            "QG-cov: evidence 'cobertura.xml' is malformed: Cobertura XML whose totals "
            "give no percentage; status unknown",
        ),
    ]
    assert len(build_warnings(app)) == 2
    gates = {e.id: e.status for e in get_domain(app.env).all_entries()}
    assert gates == {"QG-tests": UNKNOWN, "QG-cov": UNKNOWN}
