"""``design-roadmap``: milestones by date, late ones flagged, in RST and MyST.

The ``roadmap`` root dates its build (``designdoc_today = "2025-06-01"``) and
holds milestones that are done, planned (before, after and without a date),
slipped and dropped, in a reStructuredText and a MyST document.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.kinds import BUILTIN, DEFAULT_QUALITY_LEVELS, Registry
from sphinxcontrib_designdoc.core.linkgraph import build_index
from sphinxcontrib_designdoc.core.model import Entry
from sphinxcontrib_designdoc.core.project import Project, Settings
from sphinxcontrib_designdoc.core.reports.content import NO_MATCH, Content, Table
from sphinxcontrib_designdoc.core.reports.query import Query, ReportContext
from sphinxcontrib_designdoc.core.reports.roadmap import RoadmapQuery
from sphinxcontrib_designdoc.export.load import read_export
from sphinxcontrib_designdoc.extension.domain import get_domain
from sphinxcontrib_designdoc.extension.reports.compute import computed

from .conftest import ROOTS, designdoc_warnings
from .test_reports import reports_in

HEADER = [
    "ID",
    "Milestone",
    "Status",
    "Date",
    "Late (days)",
    "Target quality",
    "Delivers",
    "Document",
]


@dataclass
class Row:
    classes: list[str]
    cells: list[str]
    #: The link targets of the "Delivers" cell.
    delivers: list[str]


@dataclass
class Report:
    text: str
    rows: list[Row]


@dataclass
class Built:
    reports: dict[str, list[Report]]
    warnings: list[str]
    #: Every report of the build, with the content the build computed.
    computed: list[tuple[Query, Content]]
    export: Path


def _href(ref: nodes.reference) -> str:
    """Where a link goes (a link within its page has a ``refid``)."""
    return str(ref.get("refuri") or f"#{ref['refid']}")


def _report(container: nodes.Element) -> Report:
    rows = []
    for row in container.findall(nodes.row):
        if isinstance(row.parent, nodes.thead):
            assert [c.astext() for c in row.children] == HEADER
            continue
        entries = [c for c in row.children if isinstance(c, nodes.entry)]
        delivers = next(c for c in entries if "dd-col-delivers" in c["classes"])
        rows.append(
            Row(
                list(row["classes"]),
                [c.astext() for c in row.children],
                [_href(ref) for ref in delivers.findall(nodes.reference)],
            )
        )
    return Report(container.astext(), rows)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The roadmap root, built once for HTML (the app is cleaned up at once: see
    ``test_reports.built``)."""
    srcdir = tmp_path_factory.mktemp("roadmap") / "src"
    shutil.copytree(ROOTS / "test-roadmap", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        specs = [s for specs in get_domain(app.env).data["reports"].values() for s in specs]
        return Built(
            {d: [_report(r) for r in reports_in(app, d)] for d in ("index", "more")},
            [w.message for w in designdoc_warnings(app)],
            [(s.query, computed(app.env, s.query)) for s in specs],
            Path(app.outdir) / "designdoc.json",
        )
    finally:
        app.cleanup()


def test_milestones_by_date_undated_last_late_ones_flagged(built: Built) -> None:
    assert built.warnings == []
    (report,) = built.reports["index"]
    assert report.text.startswith("Days late as of 2025-06-01.")
    # by date; the undated ones last, in document order (RST page, then MyST page)
    assert [(r.cells[0], r.cells[2], r.cells[3], r.cells[4]) for r in report.rows] == [
        ("M-alpha", "done", "2025-01-15", ""),
        ("M-migrate", "planned", "2025-03-01", "92"),
        ("M-launch", "slipped", "2025-04-01", ""),  # past, but not planned: not late
        ("M-beta", "planned", "2025-05-02", "30"),
        ("M-ga", "planned", "2025-09-01", ""),
        ("M-flag", "planned", "", ""),  # the default status, no date
        ("M-retire", "dropped", "", ""),
    ]
    late = [r.cells[0] for r in report.rows if "dd-late" in r.classes]
    assert late == ["M-migrate", "M-beta"]
    beta = report.rows[3]
    assert beta.cells[1:] == [
        "Beta",
        "planned",
        "2025-05-02",
        "30",
        "prototype",
        "C-api, C-db",
        "Rollout",
    ]


def test_delivered_entries_are_links_across_documents(built: Built) -> None:
    (report,) = built.reports["index"]
    delivers = {r.cells[0]: r.delivers for r in report.rows}
    assert delivers["M-beta"] == ["#C-api", "more.html#C-db"]
    assert delivers["M-ga"] == ["#C-api", "#G-fast"]
    assert delivers["M-migrate"] == ["more.html#C-db"]
    assert delivers["M-launch"] == []
    planned, _ = built.reports["more"]
    assert {r.cells[0]: r.delivers for r in planned.rows}["M-beta"] == [
        "index.html#C-api",
        "#C-db",
    ]


def test_filter_and_empty_roadmap(built: Built) -> None:
    planned, secure = built.reports["more"]
    assert [r.cells[0] for r in planned.rows] == ["M-migrate", "M-beta", "M-ga", "M-flag"]
    assert [r.cells[0] for r in planned.rows if "dd-late" in r.classes] == ["M-migrate", "M-beta"]
    assert (secure.text, secure.rows) == (NO_MATCH, [])


def test_the_export_computes_the_roadmap_the_build_computed(built: Built) -> None:
    export = read_export(built.export)
    from_export = ReportContext(export.as_project)
    assert [type(q) for q, _ in built.computed] == [RoadmapQuery] * 3
    for query, content in built.computed:
        assert query.compute(from_export) == content, query


def _milestone(mid: str, **fields: str) -> Entry:
    return Entry(
        kind="milestone", id=mid, title=mid, docname="d", lineno=1, fields=tuple(fields.items())
    )


def test_a_milestone_due_on_the_build_date_is_not_late() -> None:
    reg = Registry(BUILTIN, tuple(DEFAULT_QUALITY_LEVELS), ("tests",))
    milestones = [
        _milestone("M-today", status="planned", date="2025-06-01"),
        _milestone("M-yesterday", status="planned", date="2025-05-31"),
    ]
    project = Project(build_index(milestones, reg), reg, dt.date(2025, 6, 1), Settings(), {})
    _, table = RoadmapQuery().compute(ReportContext(project)).blocks
    assert isinstance(table, Table)
    assert [(r.cells[0].text, r.cells[4].text, r.classes) for r in table.rows] == [
        ("M-yesterday", "1", ("dd-late",)),
        ("M-today", "", ()),
    ]
