"""A real design document: an abridged Kubernetes Enhancement Proposal.

``test-kep-rst`` and ``test-kep-myst`` hold the same abridged KEP-4742 (Node
Topology Labels via Downward API, from kubernetes/enhancements, Apache-2.0; see
each root's ``NOTICE``), one in reStructuredText, one in MyST Markdown. KEP
stages are quality levels (``alpha``, ``beta``, ``stable``), the graduation
criteria local gates, and the KEP's metadata fields added to ``design-doc``
from ``conf.py``. Both must build with ``-W`` and give the same entries.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.compliance import COMPLIANT
from sphinxcontrib_designdoc.extension.quality import compliance_by_component

from .conftest import ROOTS, build_warnings, exported, resolved_doctree
from .corpus import build, plain

# MyST-Parser's reference resolver uses an API Sphinx 9 deprecates (not ours)
pytestmark = pytest.mark.filterwarnings(
    "ignore:'myst_parser.*MystReferenceResolver.app' is deprecated"
)

SYNTAXES = ("rst", "myst")
COMPONENTS = ("C-admission-plugin", "C-binding-rest")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SphinxTestApp]:
    """Both roots, each built once for HTML with warnings as errors (``-W``)."""
    apps = {}
    for syntax in SYNTAXES:
        srcdir = tmp_path_factory.mktemp(f"kep-{syntax}") / "src"
        shutil.copytree(ROOTS / f"test-kep-{syntax}", srcdir)
        apps[syntax] = build("html", srcdir, warningiserror=True)
    return apps


def _entries(app: SphinxTestApp) -> dict[str, dict[str, Any]]:
    """ID -> exported entry, without its line (RST and MyST lines differ)."""
    return {e["id"]: {k: v for k, v in e.items() if k != "line"} for e in exported(app)["entries"]}


def _report(app: SphinxTestApp, name: str) -> list[nodes.container]:
    """The reports of one kind on the reports page, as the builder writes them."""
    doctree = resolved_doctree(app, "reports")
    return [n for n in doctree.findall(nodes.container) if f"dd-report-{name}" in n["classes"]]


def _body_rows(report: nodes.Element) -> list[list[str]]:
    return [
        [cell.astext() for cell in row.children]
        for row in report.findall(nodes.row)
        if not isinstance(row.parent, nodes.thead)
    ]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_the_kep_builds_without_a_warning(built: dict[str, SphinxTestApp], syntax: str) -> None:
    app = built[syntax]
    assert build_warnings(app) == []
    assert plain(app.warning.getvalue()) == ""
    assert app.statuscode == 0


def test_rst_and_myst_give_the_same_entries(built: dict[str, SphinxTestApp]) -> None:
    rst, myst = (_entries(built[s]) for s in SYNTAXES)
    assert list(rst) == list(myst)  # the same IDs in the same order
    for entry_id, entry in rst.items():
        assert entry == myst[entry_id], entry_id
    assert len(rst) == 42
    kinds = {e["kind"] for e in rst.values()}
    assert kinds == {
        "doc",
        "goal",
        "non-goal",
        "decision",
        "interface",
        "story",
        "risk",
        "component",
        "entity",
        "gate",
        "milestone",
        "question",
        "alternative",
    }
    rst_export, myst_export = (exported(built[s]) for s in SYNTAXES)
    for key in ("kinds", "quality_levels", "checks"):
        assert rst_export[key] == myst_export[key], key
    # titles with inline code and a mitigation written as a section, alike in both
    for export in (rst_export, myst_export):
        entries = {e["id"]: e for e in export["entries"]}
        assert entries["C-admission-plugin"]["title"] == "PodTopologyLabels admission plugin"
        assert entries["C-admission-plugin"]["title_markup"][0] == {
            "text": "PodTopologyLabels",
            "style": "code",
        }
        assert entries["R-stale-data"]["fields"]["mitigation"].startswith(
            "Information obtained through node labels"
        )


def test_the_kep_metadata_is_on_the_design_doc(built: dict[str, SphinxTestApp]) -> None:
    entries = _entries(built["rst"])
    kep = entries["KEP-4742"]
    assert kep["title"] == "KEP-4742: Node Topology Labels via Downward API"
    assert kep["fields"] == {
        "status": "implementable",
        "owners": "andrewsykim, docandrew",
        "reviewers": "dchen1107, SergeyKanzhelev, thockin",
        "quality": "alpha",
        "target-quality": "beta",
        "created": "2025-02-05",
        "approvers": "dchen1107, SergeyKanzhelev, thockin",
        "owning-sig": "sig-node",
        "latest-milestone": "v1.35",
        "feature-gates": "PodTopologyLabelsAdmission",
    }
    # stories motivate goals, risks are mitigated by decisions, alternatives
    # are alternatives to them
    assert entries["G-standard-labels"]["incoming"]["motivates"] == [
        "US-ml-training",
        "US-sharded-database",
        "US-cni-plugin",
    ]
    assert entries["R-scope-creep"]["fields"]["mitigation"].startswith("limiting the node labels")
    assert entries["D-standard-labels-only"]["incoming"] == {
        "mitigated-by": ["R-scope-creep", "R-sensitive-data"],
        "alternative-to": ["ALT-all-node-labels"],
    }
    assert entries["D-binding-admission"]["incoming"]["alternative-to"] == [
        "ALT-helper-controller",
        "ALT-init-container",
    ]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_the_roadmap_lists_alpha_beta_and_ga_in_order(
    built: dict[str, SphinxTestApp], syntax: str
) -> None:
    (roadmap,) = _report(built[syntax], "roadmap")
    # ID, milestone, status, date, late, target quality, delivers, document
    assert [row[:3] + row[5:6] for row in _body_rows(roadmap)] == [
        ["M-alpha", "Alpha", "done", "alpha"],
        ["M-beta", "Beta", "planned", "beta"],
        ["M-ga", "GA", "planned", "stable"],
    ]


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_components_on_their_way_to_beta_do_not_fail_the_build(
    built: dict[str, SphinxTestApp], syntax: str
) -> None:
    app = built[syntax]
    records = compliance_by_component(app.env)
    for component in COMPONENTS:
        record = records[component]
        assert (record.level, record.target, record.verdict) == ("alpha", "beta", COMPLIANT)
        # the beta criteria are pending: shown as the way to beta, not required yet
        assert [c.check for c in record.to_target] == ["beta-tests", "upgrade-rollback"]
        assert record.promotion == "to reach beta: beta-tests, upgrade-rollback"
    # the level's own checks, then the KEP's alpha criteria, each met by one gate
    plugin = {c.check: c.gate for c in records["C-admission-plugin"].checks}
    assert plugin == {
        "tests": "QG-unit-tests",
        "review": "QG-prr",
        "integration-tests": "QG-integration-tests",
        "e2e-tests": "QG-e2e-tests",
        "standard-labels": "QG-alpha-standard-labels",
        "feature-gate": "QG-alpha-feature-gate",
        "label-prefix-fix": "QG-alpha-label-fix",
    }
    # a criterion applies to the components it names only
    assert "label-prefix-fix" not in records["C-binding-rest"].required
    (gates,) = _report(app, "gates")
    assert "2 of 2 components meet the checks of their quality level." in gates.astext()


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_open_questions_and_uncovered_goals_are_shown(
    built: dict[str, SphinxTestApp], syntax: str
) -> None:
    app = built[syntax]
    (questions,) = _report(app, "questions")
    assert [row[:2] for row in _body_rows(questions)] == [
        ["Q-ga-criteria", "What are the GA graduation criteria?"],
        ["Q-ga-release", "In which release does the feature graduate to GA?"],
    ]
    by_story, by_goal = _report(app, "matrix")
    assert "3 of 3" in by_story.astext()
    assert "1 of 2 goals covered." in by_goal.astext()
    # no user story motivates the goal of exposing additional labels
    coverage = {row[0]: row[-1] for row in _body_rows(by_goal)}
    assert coverage == {"G-standard-labels": "3", "G-additional-labels": "not covered"}
