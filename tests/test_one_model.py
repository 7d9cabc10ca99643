"""One model: a report shows the same content whether a build computes it from
its environment or ``designdoc report`` and the Markdown reports compute it from
the export the build wrote; and the columns every report shares.

The report queries of :mod:`sphinxcontrib_designdoc.core.reports` run on a
:class:`~sphinxcontrib_designdoc.core.project.Project`; the build makes one from
its environment, an export makes one from ``designdoc.json``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docutils.nodes import make_id

from sphinxcontrib_designdoc.core.kinds import BUILTIN, DEFAULT_QUALITY_LEVELS, Registry
from sphinxcontrib_designdoc.core.linkgraph import build_index
from sphinxcontrib_designdoc.core.model import Entry
from sphinxcontrib_designdoc.core.project import Project, Settings
from sphinxcontrib_designdoc.core.reports.content import Table
from sphinxcontrib_designdoc.core.reports.index import IndexQuery
from sphinxcontrib_designdoc.core.reports.query import ReportContext
from sphinxcontrib_designdoc.core.text import css_token
from sphinxcontrib_designdoc.export.load import read_export
from sphinxcontrib_designdoc.extension.domain import get_domain
from sphinxcontrib_designdoc.extension.reports.compute import computed, report_context
from sphinxcontrib_designdoc.extension.reports.placeholder import ReportSpec

from .conftest import REPO, ROOTS, designdoc_warnings
from .corpus import build
from .test_one_rulebook import _copy

DEMO = REPO / "demo"
COLUMNS = ROOTS / "test-report-columns"


# MyST-Parser's reference resolver uses an API Sphinx 9 deprecates (not ours)
@pytest.mark.filterwarnings("ignore:'myst_parser.*MystReferenceResolver.app' is deprecated")
@pytest.mark.parametrize(
    "source", [DEMO, ROOTS / "test-every-rule", COLUMNS], ids=["demo", "every-rule", "columns"]
)
def test_every_report_of_a_build_is_the_same_computed_from_its_export(
    source: Path, tmp_path: Path
) -> None:
    app = build("html", _copy(source, tmp_path))
    export = read_export(Path(app.outdir) / "designdoc.json")
    built = report_context(app.env)
    from_export = ReportContext(export.as_project, dot=built.dot)
    specs: list[ReportSpec] = [
        spec for specs in get_domain(app.env).data["reports"].values() for spec in specs
    ]
    assert len(specs) >= (0 if source.name == "test-every-rule" else 3)
    for spec in specs:
        assert spec.query.compute(from_export) == computed(app.env, spec.query), spec
    # the compliance the export records is the compliance the build judged
    assert export.as_project.compliance == built.project.compliance


def _text_tables(app_outdir: Path, docname: str) -> list[list[list[str]]]:
    """The tables of a page of the text builder, as rows of cells (IDs unquoted)."""
    text = (app_outdir / f"{docname}.txt").read_text("utf-8")
    tables: list[list[list[str]]] = []
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|") and not line.startswith("|="):
            rows.append([cell.strip().replace('"', "") for cell in line.strip("|").split("|")])
        elif rows and not line.startswith(("+", "|=")):
            tables.append(rows)
            rows = []
    return tables


@pytest.mark.filterwarnings("ignore:'myst_parser.*MystReferenceResolver.app' is deprecated")
def test_backlink_and_computed_columns_sorted_by_several_columns(tmp_path: Path) -> None:
    app = build("text", _copy(COLUMNS, tmp_path))
    assert designdoc_warnings(app) == []
    goals, questions = _text_tables(Path(app.outdir), "index")
    # priority in lifecycle order (must before should), then IDs descending;
    # "Satisfied by" lists the components linking to each goal (RST and MyST)
    assert goals == [
        ["ID", "Priority", "Satisfied by"],
        ["G-safe", "must", "C-store"],
        ["G-fast", "must", "C-api, C-store"],
        ["G-cheap", "should", "C-api"],
    ]
    assert questions == [
        ["ID", "Age (days)", "Overdue (days)"],
        ["Q-old", "59", "28"],
        ["Q-new", "9", ""],
    ]
    assert _text_tables(Path(app.outdir), "more") == [goals]


def test_unknown_columns_name_the_backlink_and_computed_columns(tmp_path: Path) -> None:
    srcdir = _copy(COLUMNS, tmp_path)
    index = srcdir / "index.rst"
    index.write_text(index.read_text("utf-8").replace("-age", "-agee"), "utf-8")
    app = build("text", srcdir)
    (warning,) = designdoc_warnings(app, "invalid_value")
    assert "unknown column 'agee'" in warning.message
    assert re.search(r"\bage, overdue, quality-level, verdict, unmet-checks\b", warning.message)
    assert "satisfied-by" in warning.message
    assert "quality-gates" in warning.message


def test_a_column_of_an_export_without_compliance_is_empty_not_guessed() -> None:
    reg = Registry(BUILTIN, tuple(DEFAULT_QUALITY_LEVELS), ("tests",))
    fields = (("status", "planned"), ("quality", "production"))
    component = Entry(kind="component", id="C-a", title="A", docname="d", lineno=1, fields=fields)
    project = Project(build_index([component], reg), reg, dt.date(2026, 1, 1), Settings(), {})
    query = IndexQuery(("component",), None, ("id", "quality-level", "verdict", "unmet-checks"))
    (table,) = query.compute(ReportContext(project)).blocks
    assert isinstance(table, Table)
    # the level as written; no verdict nobody judged
    assert [c.text for c in table.rows[0].cells] == ["C-a", "production", "", ""]


@pytest.mark.parametrize(
    "value", ["in-review", "A b", "  spaced  out ", "2fa", "Über", "x_y.z", "--", "Ünïcödé kind"]
)
def test_css_tokens_are_the_identifiers_docutils_makes(value: str) -> None:
    assert css_token(value) == (make_id(value) or "none")
