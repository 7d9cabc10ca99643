"""Quality stages: target quality, local criteria and dropped criteria.

``test-stages`` has a design document at ``prototype`` aiming for
``production`` (``api.rst``), whose components meet local criteria (gates with
a ``:level:`` and a check of their own), one of them dropped; and a MyST page
whose component states its own target (``worker.md``).  The root builds
without a warning: only the checks of the current level can fail a build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.compliance import COMPLIANT, DROPPED, ComponentCompliance
from sphinxcontrib_designdoc.core.evidence import FAILING, PASSING
from sphinxcontrib_designdoc.core.reports.query import ReportContext
from sphinxcontrib_designdoc.export.load import read_export
from sphinxcontrib_designdoc.extension.domain import get_domain
from sphinxcontrib_designdoc.extension.quality import compliance_by_component
from sphinxcontrib_designdoc.extension.reports.compute import computed, report_context

from .conftest import REPO, ROOTS, build_warnings, designdoc_warnings, resolved_doctree
from .corpus import build

# MyST-Parser's reference resolver uses an API Sphinx 9 deprecates (not ours)
pytestmark = pytest.mark.filterwarnings(
    "ignore:'myst_parser.*MystReferenceResolver.app' is deprecated"
)

#: A page added to a copy of the root: what is wrong with stages.
BROKEN = """\
Broken
======

.. design-doc::
   :target-quality: experiment

.. design-component:: Cache
   :id: C-cache
   :quality: production
   :target-quality: prototype

.. quality-gate:: Cache tests
   :id: QG-cache-tests
   :check: reveiw
   :status: passing
   :applies-to: C-cache

.. quality-gate:: Queue tests
   :id: QG-queue-tests
   :check: tests
   :status: dropped
   :applies-to: C-queue

.. design-component:: Queue
   :id: C-queue
   :quality: prototype
"""


def _copy(tmp_path: Path, broken: bool = False) -> Path:
    srcdir = tmp_path / "stages"
    shutil.copytree(ROOTS / "test-stages", srcdir)
    if broken:
        (srcdir / "broken.rst").write_text(BROKEN, "utf-8")
        index = srcdir / "index.rst"
        index.write_text(index.read_text("utf-8") + "   broken\n", "utf-8")
    return srcdir


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    return build("html", _copy(tmp_path_factory.mktemp("stages")))


def _records(app: SphinxTestApp) -> dict[str, ComponentCompliance]:
    return compliance_by_component(app.env)


def _report_rows(app: SphinxTestApp) -> dict[str, list[str]]:
    """Component ID -> the cells of its row of the ``design-gates`` report."""
    doctree = resolved_doctree(app, "gates")
    (report,) = (n for n in doctree.findall(nodes.container) if "dd-report-gates" in n["classes"])
    rows = [[cell.astext() for cell in row.children] for row in report.findall(nodes.row)]
    return {row[0]: row for row in rows[1:]} | {"header": rows[0]}


def test_a_target_above_the_level_does_not_warn(stages: SphinxTestApp) -> None:
    assert build_warnings(stages) == []
    records = _records(stages)
    api = records["C-api"]
    assert (api.level, api.level_from, api.target) == ("prototype", "document", "production")
    assert api.verdict == COMPLIANT
    # lint is met; the local criterion "canary" is required from production up
    assert [c.check for c in api.to_target] == ["coverage", "review", "canary"]
    assert api.promotion == "to reach production: coverage, review, canary"
    # the component's own target, in a MyST page without a design-doc
    worker = records["C-worker"]
    assert (worker.level, worker.target) == ("prototype", "secure")
    assert worker.next_level == "production"
    assert [c.check for c in worker.to_target] == [
        "lint",
        "coverage",
        "review",
        "security-scan",
        "threat-model",
    ]


def test_the_gates_report_shows_the_next_step(stages: SphinxTestApp) -> None:
    rows = _report_rows(stages)
    assert rows["header"][-1] == "Next level"
    assert rows["C-api"][-1] == "to reach production: coverage, review, canary"
    assert rows["C-scheduler"][-1] == "to reach production: week-uptime, lint, coverage, review"
    assert rows["C-worker"][-1].startswith("to reach secure: lint, coverage")


def test_a_local_criterion_is_required_and_met_by_its_status(stages: SphinxTestApp) -> None:
    records = _records(stages)
    api = {c.check: c for c in records["C-api"].checks}
    assert list(api) == ["tests", "e2e-stable"]
    assert (api["e2e-stable"].status, api["e2e-stable"].met) == (PASSING, True)
    assert api["e2e-stable"].gate == "QG-api-e2e"
    scheduler = records["C-scheduler"]
    assert scheduler.required == ("tests", "week-uptime")
    assert scheduler.verdict == FAILING
    # only for the components it applies to
    assert "e2e-stable" not in scheduler.required
    assert "week-uptime" not in records["C-api"].required
    row = _report_rows(stages)
    header = row["header"]
    assert row["C-scheduler"][header.index("week-uptime")].startswith("failing")
    assert row["C-api"][header.index("week-uptime")] == ""


def test_a_failing_local_criterion_warns_like_any_failing_gate(tmp_path: Path) -> None:
    app = build("html", _copy(tmp_path), confoverrides={"designdoc_warn_failing_gates": True})
    assert [w.message for w in designdoc_warnings(app)] == [
        "C-scheduler: quality gate QG-scheduler-uptime (week-uptime) is failing"
    ]


def test_a_dropped_criterion_is_listed_and_not_required(stages: SphinxTestApp) -> None:
    api = _records(stages)["C-api"]
    assert "soak-test" not in api.required
    assert [(c.check, c.status, c.gate) for c in api.dropped] == [
        ("soak-test", DROPPED, "QG-api-soak")
    ]
    rows = _report_rows(stages)
    cell = rows["C-api"][rows["header"].index("soak-test")]
    assert cell.startswith(DROPPED)
    assert "QG-api-soak" in cell


def test_a_dropped_gate_stays_dropped_whatever_its_evidence(tmp_path: Path) -> None:
    srcdir = _copy(tmp_path)
    shutil.copy(REPO / "tests" / "evidence" / "junit-passing.xml", srcdir / "junit.xml")
    api = srcdir / "api.rst"
    text = api.read_text("utf-8")
    api.write_text(
        text.replace("   :status: dropped\n", "   :status: dropped\n   :evidence: junit.xml\n", 1),
        "utf-8",
    )
    app = build("html", srcdir)
    assert designdoc_warnings(app) == []
    gate = get_domain(app.env).index.by_id["QG-api-soak"]
    assert gate.status == DROPPED
    assert [c.gate for c in _records(app)["C-api"].dropped] == ["QG-api-soak"]


def test_what_is_wrong_with_stages_warns(tmp_path: Path) -> None:
    app = build("html", _copy(tmp_path, broken=True))
    found = [(w.path, w.line, w.type, w.message) for w in designdoc_warnings(app)]
    assert found == [
        (
            "broken.rst",
            12,
            "designdoc.invalid_value",
            "QG-cache-tests: check 'reveiw' is not one of: tests, lint, coverage, review, "
            "security-scan, threat-model; did you mean 'review'? (a gate with :level: and "
            ":applies-to: may name a check of its own)",
        ),
        (
            "broken.rst",
            4,
            "designdoc.invalid_value",
            "DOC-broken: target-quality 'experiment' is not above its quality level "
            "'experiment'; it is ignored",
        ),
        (
            "broken.rst",
            7,
            "designdoc.invalid_value",
            "C-cache: target-quality 'prototype' is not above its quality level "
            "'production'; it is ignored",
        ),
        *(
            (
                "broken.rst",
                7,
                "designdoc.missing_gate",
                f"C-cache: no quality gate of check {check!r} applies to it; "
                "level 'production' requires one",
            )
            for check in ("tests", "lint", "coverage", "review")
        ),
        (
            "broken.rst",
            24,
            "designdoc.missing_gate",
            "C-queue: no quality gate of check 'tests' applies to it; "
            "level 'prototype' requires one",
        ),
    ]
    records = _records(app)
    assert records["C-cache"].target == ""
    # a dropped gate of a level's check does not meet it, and is named
    (queue,) = records["C-queue"].checks
    assert (queue.status, queue.measured) == ("missing", "dropped: QG-queue-tests")
    assert records["C-queue"].dropped == ()


def test_the_export_records_what_the_build_judged(stages: SphinxTestApp) -> None:
    export = read_export(Path(stages.outdir) / "designdoc.json")
    built = report_context(stages.env)
    assert export.as_project.compliance == built.project.compliance
    api = export.compliance(export.by_id["C-api"])
    assert api is not None
    assert api["target"] == "production"
    assert [c["check"] for c in api["to_target"]] == ["coverage", "review", "canary"]
    assert [(c["check"], c["status"]) for c in api["dropped"]] == [("soak-test", DROPPED)]
    # the gates report computed from the export is the one of the build
    from_export = ReportContext(export.as_project, dot=built.dot)
    specs = [s for specs in get_domain(stages.env).data["reports"].values() for s in specs]
    assert specs
    for spec in specs:
        assert spec.query.compute(from_export) == computed(stages.env, spec.query)
