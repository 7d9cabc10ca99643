"""Quality levels and gates: the policy, every verdict, the warnings, the report.

The ``test-quality`` root's evidence files were written by pytest, coverage.py
and ruff (``python -m tests.evidence``): the sample project's run has four
tests of which one fails on purpose (three when it is left out), 75% coverage
of lines and branches, and three ruff findings in the file with findings.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.compliance import COMPLIANT, INCOMPLETE, ComponentCompliance
from sphinxcontrib_designdoc.core.evidence import FAILING
from sphinxcontrib_designdoc.core.kinds import DEFAULT_QUALITY_LEVELS
from sphinxcontrib_designdoc.core.model import Entry
from sphinxcontrib_designdoc.core.policy import Policy, Requirement, project_policy
from sphinxcontrib_designdoc.extension.quality import compliance_by_component
from sphinxcontrib_designdoc.extension.reports.placeholder import report_placeholder

from .conftest import (
    build_warnings,
    copy_root,
    designdoc_warnings,
    entry_divs,
    read_page,
    resolved_doctree,
)
from .corpus import PageDates, assert_same_files, files, plain, set_mtime

REPORT_PAGES = ("rst/gates_report", "md/gates_report")
HOUR = 3600.0


def reports_in(app: SphinxTestApp, docname: str) -> list[nodes.container]:
    doctree = resolved_doctree(app, docname)
    assert not list(doctree.findall(report_placeholder))
    return [n for n in doctree.findall(nodes.container) if "dd-report-gates" in n["classes"]]


def page_text(path: Path) -> str:
    """The text of an HTML page, without its tags, on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text("utf-8")).split())


def rows(report: nodes.Element) -> list[list[str]]:
    return [[cell.astext() for cell in row.children] for row in report.findall(nodes.row)]


# -- the policy -------------------------------------------------------------------


def checks(policy: Policy, level: str) -> list[str]:
    return [r.check for r in policy.required(level)]


def test_each_level_requires_what_the_levels_below_require() -> None:
    policy = project_policy(DEFAULT_QUALITY_LEVELS)
    assert checks(policy, "experiment") == []
    assert checks(policy, "prototype") == ["tests"]
    assert checks(policy, "production") == ["tests", "lint", "coverage", "review"]
    assert checks(policy, "secure") == [
        "tests",
        "lint",
        "coverage",
        "review",
        "security-scan",
        "threat-model",
    ]
    assert [policy.next_level(level) for level in policy.levels] == [
        "prototype",
        "production",
        "secure",
        "",
    ]


def test_levels_from_the_configuration() -> None:
    policy = project_policy({"alpha": ["tests"], "beta": ["fuzzing", "tests"], "gamma": []})
    assert checks(policy, "alpha") == ["tests"]
    assert checks(policy, "beta") == ["tests", "fuzzing"]
    assert checks(policy, "gamma") == ["tests", "fuzzing"]
    assert policy.next_level("gamma") == ""
    assert checks(policy, "unknown-level") == []


def gate(id: str, applies_to: str = "", **fields: str) -> Entry:
    links = (("applies-to", (applies_to,)),) if applies_to else ()
    return Entry(id, "gate", id, "doc", 1, fields=tuple(fields.items()), links=links)


def test_policy_gates_add_checks_and_thresholds() -> None:
    policy = project_policy(DEFAULT_QUALITY_LEVELS).with_gates(
        [
            gate("QG-load", check="load-test", level="production"),
            gate("QG-cov", check="coverage", level="production", threshold="80%"),
            gate("QG-cov-secure", check="coverage", level="secure", threshold="90%"),
            gate("QG-lint-again", check="lint", level="secure"),
            gate("QG-early", check="review", level="experiment"),
            # not policy gates: a gate of a component, one without a level
            gate("QG-applied", check="fuzzing", level="prototype", applies_to="C-x"),
            gate("QG-no-level", check="fuzzing"),
        ]
    )
    assert checks(policy, "experiment") == ["review"]
    assert checks(policy, "prototype") == ["review", "tests"]
    production = {r.check: r for r in policy.required("production")}
    assert list(production) == ["review", "tests", "lint", "coverage", "load-test"]
    assert production["coverage"] == Requirement("coverage", "production", "80%", "QG-cov")
    assert production["load-test"] == Requirement("load-test", "production", "", "QG-load")
    secure = {r.check: r for r in policy.required("secure")}
    # the highest level's threshold; a check stated again without one keeps its own
    assert secure["coverage"] == Requirement("coverage", "production", "90%", "QG-cov-secure")
    assert secure["lint"] == Requirement("lint", "production", "", "")


# -- the quality root: every verdict ------------------------------------------------


@dataclass
class Built:
    records: dict[str, ComponentCompliance]
    cached: bool
    reports: dict[str, list[nodes.container]]
    cards: dict[str, str]
    warnings: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    srcdir = copy_root(tmp_path_factory.mktemp("built"), "quality")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        records = compliance_by_component(app.env)
        return Built(
            records=records,
            cached=compliance_by_component(app.env) is records,
            reports={page: reports_in(app, page) for page in REPORT_PAGES},
            cards={**entry_divs(read_page(app, "service")), **entry_divs(read_page(app, "secure"))},
            warnings=plain(app.warning.getvalue()),
        )
    finally:
        app.cleanup()


def test_the_root_builds_without_warnings(built: Built) -> None:
    assert built.warnings == ""


def test_compliance_is_computed_once_per_build(built: Built) -> None:
    assert built.cached


def test_every_verdict_and_what_a_promotion_costs(built: Built) -> None:
    summary = {
        cid: (r.level, r.level_from, r.verdict, r.promotion) for cid, r in built.records.items()
    }
    assert summary == {
        # other.md: no design-doc; the default level is the lowest
        "C-lib": ("experiment", "default", COMPLIANT, "to reach prototype: tests"),
        "C-tool": (
            "prototype",
            "component",
            INCOMPLETE,
            "to reach production: tests, lint, coverage, review",
        ),
        # other.md: the policy gates of service.rst do not apply here
        "C-daemon": (
            "production",
            "component",
            INCOMPLETE,
            "to reach secure: review, security-scan, threat-model",
        ),
        "C-vault": ("secure", "document", FAILING, "highest level"),
        "C-api": (
            "production",
            "document",
            COMPLIANT,
            "to reach secure: security-scan, threat-model",
        ),
        "C-worker": (
            "production",
            "component",
            FAILING,
            "to reach secure: tests, lint, coverage, load-test, security-scan, threat-model",
        ),
        "C-cli": (
            "prototype",
            "component",
            INCOMPLETE,
            "to reach production: tests, lint, coverage, review, load-test",
        ),
        "C-spike": ("experiment", "component", COMPLIANT, "to reach prototype: tests"),
    }


def test_status_and_measured_value_of_each_check(built: Built) -> None:
    def statuses(component: str) -> dict[str, tuple[str, bool, str]]:
        return {c.check: (c.status, c.met, c.measured) for c in built.records[component].checks}

    assert statuses("C-worker") == {
        "tests": ("failing", False, "4 tests, 1 failure"),
        "lint": ("failing", False, "ruff: 3 errors"),
        "coverage": ("failing", False, "coverage 75.0% < 80%"),
        "review": ("waived", True, ""),  # with the reason in its body
        "load-test": ("pending", False, ""),  # required by service.rst's policy gate
    }
    assert statuses("C-tool") == {"tests": ("waived", False, "no reason given")}
    vault = statuses("C-vault")
    # the gate passes its own threshold (70%), not the one secure.rst requires
    assert vault["coverage"] == ("failing", False, "coverage 75.0% < 90%")
    assert vault["security-scan"] == ("passing", True, "ruff: 0 errors, 0 warnings")
    assert vault["threat-model"] == ("waived", True, "")


def test_gate_cards_show_the_status_the_evidence_gives(built: Built) -> None:
    worker_tests = built.cards["QG-worker-tests"]
    assert "dd-status-failing" in worker_tests
    assert '<dd class="dd-field-measured field-odd"><p>4 tests, 1 failure</p>' in worker_tests
    vault = built.cards["QG-vault-coverage"]
    assert "dd-status-passing" in vault
    assert "coverage 75.0% &gt;= 70%" in vault
    # an absolute evidence path is relative to the source folder
    assert "ruff: 0 errors" in built.cards["QG-lint-clean"]


def test_compliance_as_json(built: Built) -> None:
    data = json.loads(json.dumps({cid: r.to_json() for cid, r in built.records.items()}))
    worker = data["C-worker"]
    assert worker["verdict"] == "failing"
    assert worker["level"] == "production"
    assert worker["required"] == ["tests", "lint", "coverage", "review", "load-test"]
    assert worker["missing"] == []
    assert [(f["check"], f["status"]) for f in worker["failing"]] == [
        ("tests", "failing"),
        ("lint", "failing"),
        ("coverage", "failing"),
        ("load-test", "pending"),
    ]
    assert worker["next_level"] == "secure"
    assert data["C-vault"]["next_level"] is None
    assert data["C-api"]["checks"][0] == {
        "check": "tests",
        "status": "passing",
        "met": True,
        "measured": "3 tests, 0 failures",
        "gate": "QG-api-tests",
        "gates": ["QG-api-tests"],
        "threshold": "",
        "required_at": "prototype",
    }


# -- the report -------------------------------------------------------------------


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_snapshot(built: Built, page: str, file_regression: Any) -> None:
    reports = built.reports[page]
    assert len(reports) == 3
    text = "\n".join(report.pformat() for report in reports)
    text = text.replace('internal="1"', 'internal="True"')  # docutils >= 0.22
    file_regression.check(text, basename="gates_report", extension=".xml")


def test_report_columns_and_filters(built: Built) -> None:
    everything, production, secure_doc = built.reports["rst/gates_report"]
    head, *lines = rows(everything)
    assert head == [
        "ID",
        "Component",
        "Level",
        "tests",
        "lint",
        "coverage",
        "review",
        "load-test",
        "security-scan",
        "threat-model",
        "Verdict",
        "Next level",
    ]
    assert [line[0] for line in lines] == list(built.records)
    assert "3 of 8 components meet the checks of their quality level." in everything.astext()
    api = next(line for line in lines if line[0] == "C-api")
    assert api[3:6] == [
        "passing 3 tests, 0 failures",
        "passing ruff: 0 errors",
        "passing coverage 75.0% >= 70%",
    ]
    assert api[7:10] == ["passing QG-api-load", "", ""]  # secure's checks: not required
    # the measured value links to the gate's card
    ref = next(everything.findall(nodes.reference))
    assert ref["refuri"] == "../other.html#C-lib"
    api_row = next(r for r in everything.findall(nodes.row) if r.children[0].astext() == "C-api")
    links = [r["refuri"] for r in api_row.findall(nodes.reference)]
    assert "../service.html#QG-api-tests" in links

    assert [line[0] for line in rows(production)[1:]] == ["C-daemon", "C-api", "C-worker"]
    assert [line[0] for line in rows(secure_doc)[1:]] == ["C-vault"]


# -- warnings ---------------------------------------------------------------------


def located(app: SphinxTestApp) -> list[tuple[int, str, str]]:
    return [(w.line, w.type.removeprefix("designdoc."), w.message) for w in designdoc_warnings(app)]


@pytest.mark.sphinx("html", testroot="quality-warnings", freshenv=True)
def test_problems_are_located_warnings(app: SphinxTestApp) -> None:
    app.build()
    warnings = located(app)
    assert len(warnings) == len(build_warnings(app)) == len(app.warning.getvalue().splitlines())
    assert [(line, subtype) for line, subtype, _ in warnings] == [
        (16, "evidence"),
        (22, "evidence"),
        (28, "evidence"),
        (34, "evidence"),
        (40, "evidence"),
        (46, "evidence_mismatch"),
        (67, "invalid_value"),
        # once every document is read: at the component, then the gate
        (4, "missing_gate"),
        (4, "missing_gate"),
        (8, "missing_gate"),
        (61, "evidence"),
    ]
    messages = [message for _, _, message in warnings]
    assert messages[0] == (
        "QG-nofile: evidence 'evidence/missing.xml' does not exist; status unknown"
    )
    assert messages[1].endswith("'evidence' is a directory, not a file; status unknown")
    assert "entity declarations" in messages[3]
    assert messages[4].startswith("QG-vague: threshold 'most lines' is not one percentage")
    assert messages[5] == (
        "QG-claims: :status: passing contradicts the evidence (4 tests, 1 failure): failing"
    )
    assert messages[6].startswith("design-gates: :levels: unknown quality level 'golden'")
    assert messages[7:10] == [
        "C-bare: no quality gate of check 'tests' applies to it; level 'prototype' requires one",
        "C-bare: no quality gate of check 'lint' applies to it; level 'prototype' requires one",
        "C-broken: no quality gate of check 'lint' applies to it; level 'prototype' requires one",
    ]
    assert messages[10].startswith("QG-lint: threshold '90%' does not name SARIF levels")
    records = compliance_by_component(app.env)
    broken = records["C-broken"].checks[0]
    assert (broken.status, broken.gates) == (
        "unknown",
        ("QG-nofile", "QG-folder", "QG-empty", "QG-laughs"),
    )
    assert records["C-failing"].verdict == FAILING
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()


@pytest.mark.sphinx(
    "html",
    testroot="quality-warnings",
    freshenv=True,
    confoverrides={"designdoc_warn_failing_gates": True},
)
def test_failing_gates_warn_when_asked_to(app: SphinxTestApp) -> None:
    app.build()
    [failing] = designdoc_warnings(app, "failing_gate")
    assert (failing.path, failing.line) == ("index.rst", 12)
    assert failing.message == (
        "C-failing: quality gate QG-claims (tests) is failing: 4 tests, 1 failure"
    )


@pytest.mark.sphinx(
    "html",
    testroot="quality-warnings",
    freshenv=True,
    confoverrides={
        "suppress_warnings": ["designdoc.missing_gate", "designdoc.evidence"],
        "designdoc_warn_failing_gates": True,
    },
)
def test_suppress_warnings_silences_each_subtype(app: SphinxTestApp) -> None:
    app.build()
    assert {w.type for w in build_warnings(app)} == {
        "designdoc.evidence_mismatch",
        "designdoc.invalid_value",
        "designdoc.failing_gate",
    }


@pytest.mark.sphinx(
    "html",
    testroot="quality-warnings",
    freshenv=True,
    confoverrides={"designdoc_quality_levels": {"prototype": ["tests", "review"], "more": []}},
)
def test_levels_from_the_configuration_decide_what_is_missing(app: SphinxTestApp) -> None:
    app.build()
    missing = [(w.line, w.message.split("'")[1]) for w in designdoc_warnings(app, "missing_gate")]
    # review from the configuration; lint from the document's policy gate
    assert missing == [
        (4, "tests"),
        (4, "review"),
        (4, "lint"),
        (8, "review"),
        (8, "lint"),
        (12, "review"),
    ]


@pytest.mark.sphinx(
    "html",
    testroot="quality",
    freshenv=True,
    confoverrides={"designdoc_default_quality": "prototype"},
)
def test_default_quality_for_components_without_a_level(app: SphinxTestApp) -> None:
    app.build()
    [missing] = designdoc_warnings(app)
    assert (missing.path, missing.type) == ("other.md", "designdoc.missing_gate")
    assert missing.message.startswith("C-lib: no quality gate of check 'tests'")
    assert compliance_by_component(app.env)["C-lib"].level_from == "default"


@pytest.mark.sphinx(
    "html", testroot="quality", freshenv=True, confoverrides={"designdoc_default_quality": "gold"}
)
def test_unknown_default_quality_falls_back(app: SphinxTestApp) -> None:
    app.build()
    [warning] = build_warnings(app)
    assert warning.type == "designdoc.config"
    assert "designdoc_default_quality must be one of the quality levels" in warning.message
    assert compliance_by_component(app.env)["C-lib"].level == "experiment"


@pytest.mark.parametrize("builder", ["latex", "text", "man", "singlehtml"])
def test_every_builder_writes_the_report(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str
) -> None:
    app = make_app(builder, srcdir=copy_root(tmp_path, "quality"))
    app.build()
    assert plain(app.warning.getvalue()) == ""
    out = Path(app.outdir)
    text = " ".join(
        p.read_text("utf-8") for p in out.rglob("*") if p.suffix in {".tex", ".txt", ".1", ".html"}
    )
    assert "3 of 8 components meet the checks of their quality level." in " ".join(text.split())


# -- incremental builds -------------------------------------------------------------


def test_changed_evidence_refreshes_the_gate_and_its_reports(tmp_path: Path) -> None:
    """CI rewrites a report: the pages of the gates that read it and every page
    whose report shows those gates are rewritten, like in a fresh build."""
    src = copy_root(tmp_path, "quality")
    set_mtime(src.rglob("*.*"), time.time() - HOUR)
    first = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "incremental")
    try:
        first.build()
    finally:
        first.cleanup()
    out = Path(first.outdir)
    assert "passing 3 tests, 0 failures" in page_text(out / "rst" / "gates_report.html")

    # the next CI run: a test fails
    evidence = src / "evidence" / "junit-passing.xml"
    shutil.copyfile(src / "evidence" / "junit-failing.xml", evidence)
    set_mtime([evidence], time.time() + 10)
    dates = PageDates(out)
    again = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "incremental")
    try:
        again.build()
    finally:
        again.cleanup()
    assert plain(again.warning.getvalue()) == ""
    rewritten = dates.rewritten() - {"genindex", "search"}
    # the documents of the three gates that read the file, and both report pages
    # (which are no toctree parents of them); not the notes
    assert {"service", "secure", "other", *REPORT_PAGES} <= rewritten
    assert "notes" not in rewritten

    report = page_text(out / "rst" / "gates_report.html")
    assert "failing 4 tests, 1 failure" in report
    assert "passing 3 tests, 0 failures" not in report

    fresh = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "fresh")
    try:
        fresh.build()
    finally:
        fresh.cleanup()
    assert_same_files(files(out, ".html"), files(Path(fresh.outdir), ".html"))
