"""design-matrix and design-graph: grouped by document, unlinked entries left
out, the matrix's filter on rows and columns, their options checked, in RST and
MyST and in every format that shows them (HTML, text, Markdown)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.filters import parse_filter
from sphinxcontrib_designdoc.core.reports.matrix import MatrixQuery
from sphinxcontrib_designdoc.core.reports.query import ReportContext
from sphinxcontrib_designdoc.export.load import read_export
from sphinxcontrib_designdoc.export.markdown_text import content_lines
from sphinxcontrib_designdoc.extension.reports.placeholder import report_placeholder

from .conftest import ROOTS, build_warnings, resolved_doctree

#: A ``dot`` that is not installed: graphs are shown as lists.
NO_DOT = {"graphviz_dot": "designdoc-test-no-dot"}
HAS_DOT = shutil.which("dot") is not None
ROOT = pytest.mark.sphinx("html", testroot="matrix-graph", freshenv=True, confoverrides=NO_DOT)
SYNTAXES = ("rst", "md")
#: The header of the goal x component matrices of the root.
HEAD = ["ID", "Goal", "C-ledger", "C-vault", "C-old", "C-index", "Coverage"]
FAST = ["G-fast", "Payments settle within a second"]
OBSERVE = ["G-observe", "Operators see every failure"]
SEARCH = ["G-search", "Results within 100 ms"]


def reports(app: SphinxTestApp, docname: str) -> list[nodes.container]:
    doctree = resolved_doctree(app, docname)
    assert not list(doctree.findall(report_placeholder))
    return [n for n in doctree.findall(nodes.container) if "dd-report" in n["classes"]]


def rows(report: nodes.Element) -> list[list[str]]:
    return [[cell.astext() for cell in row.children] for row in report.findall(nodes.row)]


@ROOT
def test_matrix_rows_grouped_by_document(app: SphinxTestApp) -> None:
    app.build()
    for syntax in SYNTAXES:
        grouped = reports(app, syntax)[0]
        # the coverage line first, above the grid
        assert isinstance(grouped.children[0], nodes.paragraph)
        assert grouped.children[0].astext() == "2 of 3 goals covered."
        assert rows(grouped) == [
            HEAD,
            ["Payments: 1 of 2 covered"],
            [*FAST, "\u2714", "", "", "", "1"],
            [*OBSERVE, "", "", "", "", "not covered"],
            ["Search: 1 of 1 covered"],
            [*SEARCH, "", "", "", "\u2714", "1"],
        ]
        group_rows = [r for r in grouped.findall(nodes.row) if "dd-group-row" in r["classes"]]
        cells = [list(r.findall(nodes.entry)) for r in group_rows]
        assert [len(c) for c in cells] == [1, 1]
        # the one cell spans the seven columns, and links to its document
        assert [c[0]["morecols"] for c in cells] == [6, 6]
        refs = [ref["refuri"] for r in group_rows for ref in r.findall(nodes.reference)]
        assert refs == ["payments.html", "search-service.html"]
        # the header's column classes come from a full row, not a group row
        head = next(next(grouped.findall(nodes.thead)).findall(nodes.entry))
        assert head["classes"] == ["dd-col-id"]


@ROOT
def test_matrix_leaves_out_unlinked_rows_and_columns(app: SphinxTestApp) -> None:
    app.build()
    for syntax in SYNTAXES:
        both, columns = reports(app, syntax)[1:3]
        assert both.children[0].astext() == (
            "2 of 3 goals covered. Rows without a link are left out."
        )
        assert rows(both) == [
            ["ID", "Goal", "C-ledger", "C-index", "Coverage"],
            [*FAST, "\u2714", "", "1"],
            [*SEARCH, "", "\u2714", "1"],
        ]
        assert columns.children[0].astext() == "2 of 3 goals covered."
        assert rows(columns) == [
            ["ID", "Goal", "C-ledger", "C-index", "Coverage"],
            [*FAST, "\u2714", "", "1"],
            [*OBSERVE, "", "", "not covered"],
            [*SEARCH, "", "\u2714", "1"],
        ]


@ROOT
def test_matrix_filter_selects_rows_and_columns(app: SphinxTestApp) -> None:
    app.build()
    for syntax in SYNTAXES:
        by_document, by_status = reports(app, syntax)[3:5]
        # document=: the goals and the components of that document
        assert rows(by_document) == [
            ["ID", "Goal", "C-ledger", "C-vault", "C-old", "Coverage"],
            [*FAST, "\u2714", "", "", "1"],
            [*OBSERVE, "", "", "", "not covered"],
        ]
        # status=accepted,done: accepted goals (no goal is done) and done
        # components (no component is accepted)
        assert rows(by_status) == [
            ["ID", "Goal", "C-ledger", "Coverage"],
            [*FAST, "\u2714", "1"],
        ]
        assert by_status.children[0].astext() == "1 of 1 goal covered."


@ROOT
def test_graph_grouped_by_document_and_without_unlinked_nodes(app: SphinxTestApp) -> None:
    app.build()
    for syntax in SYNTAXES:
        grouped, linked = reports(app, syntax)[5:7]
        assert grouped.astext().split("\n\n") == [
            "Payments",
            "C-ledger Ledger",
            "C-vault Card vault",
            "Depends on: C-ledger Ledger",
            "C-old Old gateway",
            "Search",
            "C-index Search index",
            "Depends on: C-ledger Ledger",
        ]
        refs = [r["refuri"] for r in grouped.findall(nodes.reference)]
        assert refs[0] == "payments.html"
        # C-old has no depends-on link, and none points to it: left out
        assert linked.astext().split("\n\n") == [
            "C-ledger Ledger",
            "C-vault Card vault",
            "Depends on: C-ledger Ledger",
            "C-index Search index",
            "Depends on: C-ledger Ledger",
        ]


@ROOT
def test_invalid_options_are_located_warnings(app: SphinxTestApp) -> None:
    app.build()
    unknown = "design-matrix: :hide-unlinked: unknown value 'cells' (values: rows, columns)"
    group = "design-matrix: :group-by: unknown column 'owner' (columns: document)"
    neither = (
        "design-matrix: :filter: clause 'impact=high' selects neither goal nor component entries"
    )
    flag = "design-graph: :hide-unlinked: takes no value"
    expected = []
    for path, lines in (("rst.rst", (35, 40, 45, 50)), ("md.md", (41, 47, 53, 59))):
        for line, message, subtype in zip(
            lines,
            (unknown, group, neither, flag),
            ("invalid_value", "invalid_value", "invalid_filter", "invalid_value"),
            strict=True,
        ):
            expected.append((path, line, f"designdoc.{subtype}", f"{message}; report left out"))
    found = [(w.path, w.line, w.type, w.message) for w in build_warnings(app)]
    assert sorted(found) == sorted(expected)
    # the reports with a faulty option are left out, the others are there
    assert [len(reports(app, syntax)) for syntax in SYNTAXES] == [7, 7]


@pytest.mark.sphinx("text", testroot="matrix-graph", freshenv=True, confoverrides=NO_DOT)
def test_group_rows_span_the_text_table(app: SphinxTestApp) -> None:
    app.build()
    text = (Path(app.outdir) / "rst.txt").read_text("utf-8")
    assert (
        "|=============|=================================|============|===========|=========|"
        "===========|=============|\n"
        "| Payments: 1 of 2 covered                                                          "
        "                         |\n"
        "+-------------+---------------------------------+------------+-----------+---------+"
        "-----------+-------------+\n"
        '| "G-fast"    | Payments settle within a second | x          |           |         |'
        "           | 1           |\n"
    ) in text


@ROOT
def test_group_rows_in_markdown(app: SphinxTestApp) -> None:
    """A matrix computed from the export, as Markdown: group rows bold, padded."""
    app.build()
    export = read_export(Path(app.outdir) / "designdoc.json")
    query = MatrixQuery(
        "goal",
        "component",
        "satisfies",
        False,  # the components hold the links
        parse_filter("priority=must", export.registry),
        group_by="document",
        hide_unlinked=("columns",),
    )
    lines = content_lines(export, query.compute(ReportContext(export.as_project)))
    assert lines == [
        "2 of 2 goals covered.",
        "",
        "| ID | Goal | `C-ledger` | `C-index` | Coverage |",
        "| --- | --- | --- | --- | --- |",
        "| **Payments: 1 of 1 covered** |  |  |  |  |",
        "| `G-fast` | Payments settle within a second | \u2714 |  | 1 |",
        "| **Search: 1 of 1 covered** |  |  |  |  |",
        "| `G-search` | Results within 100 ms |  | \u2714 | 1 |",
    ]


def test_big_grouped_matrix_keeps_its_group_rows(
    make_app: type[SphinxTestApp], tmp_path: Path
) -> None:
    """A matrix of 50 rows or more is written as compact rows in HTML; its group
    rows stay between them, one cell spanning the row."""
    srcdir = tmp_path / "big"
    shutil.copytree(ROOTS / "test-matrix-graph", srcdir)
    goals = "\n".join(f".. design-goal:: Goal {i}\n   :id: G-{i:02d}\n" for i in range(60))
    (srcdir / "many.rst").write_text(f":orphan:\n\nMany\n====\n\n{goals}\n", "utf-8")
    (srcdir / "rst.rst").write_text(
        "Big\n===\n\n.. design-matrix::\n   :rows: goal\n   :columns: component\n"
        "   :group-by: document\n",
        "utf-8",
    )
    (srcdir / "md.md").write_text("# Nothing\n", "utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides=NO_DOT)
    app.build()
    html = (Path(app.outdir) / "rst.html").read_text("utf-8")
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    groups = [part.split("</tr>")[0] for part in body.split('<tr class="dd-group-row')[1:]]
    assert len(groups) == 3
    assert all('<td class="dd-group" colspan="7">' in g for g in groups)
    assert ">Many</a>: 0 of 60 covered" in groups[0]
    assert body.count("<tr") == 3 + 63


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
@pytest.mark.sphinx("html", testroot="matrix-graph", freshenv=True)
def test_graph_draws_a_box_per_document(app: SphinxTestApp) -> None:
    app.build()
    for page in ("rst.html", "md.html"):
        html = (Path(app.outdir) / page).read_text("utf-8")
        svg = html.split('<div class="dd-graph">')[1].split("</svg>")[0]
        assert svg.count('class="cluster dd&#45;graph&#45;cluster"') == 2
        assert '<a xlink:href="payments.html" xlink:title="Payments" target="_top">' in svg
        assert ">Search</text>" in svg
        assert "cluster_" not in svg  # the DOT names of the boxes
        # not narrower than where its 11pt node text is 10 px high
        width, least = svg.split('style="max-width: ')[1].split("px", 2)[:2]
        assert least.startswith("; min-width: ")
        assert int(least.removeprefix("; min-width: ")) < int(width)
