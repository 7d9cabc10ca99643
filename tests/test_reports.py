"""The report directives: what they show, in RST and MyST, in every builder."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from docutils import nodes
from sphinx.ext.graphviz import graphviz
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.builddate import build_date
from sphinxcontrib_designdoc.core.reports.content import Ref
from sphinxcontrib_designdoc.core.reports.index import IndexQuery
from sphinxcontrib_designdoc.core.reports.questions import QuestionsQuery
from sphinxcontrib_designdoc.core.rules import cycles
from sphinxcontrib_designdoc.extension.reports.graph import Graph, Look, rankdir, ranks
from sphinxcontrib_designdoc.extension.reports.placeholder import report_placeholder
from sphinxcontrib_designdoc.extension.reports.render import RenderContext

from .conftest import build_warnings, copy_root, resolved_doctree

#: A ``dot`` that is not installed: graphs are shown as lists.
NO_DOT = {"graphviz_dot": "designdoc-test-no-dot"}
SNIPPETS = [
    "index_report",
    "questions_report",
    "matrix_report",
    "graph_report",
    "summary_report",
    "empty_report",
]
BUILDERS = ["html", "dirhtml", "singlehtml", "latex", "text", "man", "texinfo", "epub"]
HAS_DOT = shutil.which("dot") is not None
N = TypeVar("N", bound=nodes.Node)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(app: SphinxTestApp) -> str:
    return _ANSI.sub("", app.warning.getvalue())


def reports_in(app: SphinxTestApp, docname: str) -> list[nodes.container]:
    doctree = resolved_doctree(app, docname)
    assert not list(doctree.findall(report_placeholder))
    return [n for n in doctree.findall(nodes.container) if "dd-report" in n["classes"]]


def rows(table: nodes.table) -> list[list[str]]:
    return [[cell.astext() for cell in row.children] for row in table.findall(nodes.row)]


def first(node: nodes.Element, cls: type[N]) -> N:
    """The first descendant of a class (there must be one)."""
    found = node.next_node(cls)
    assert found is not None, f"no {cls.__name__} in {node.tagname}"
    return found


def captions(report: nodes.Element) -> list[str]:
    return [first(t, nodes.title).astext() for t in report.findall(nodes.table)]


def row_of(table: nodes.table, first_cell: str) -> nodes.row:
    return next(r for r in table.findall(nodes.row) if r.children[0].astext() == first_cell)


@dataclass
class Built:
    """What a build of the reports root left: the reports of each page, the logs."""

    reports: dict[str, list[nodes.container]]
    status: str
    warnings: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The reports root, built once for HTML, with graphs shown as lists.

    The application is cleaned up at once (only one may live at a time: docutils
    node classes are registered globally); the tests read what it left.
    """
    srcdir = copy_root(tmp_path_factory.mktemp("built"), "reports")
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides=NO_DOT)
    try:
        app.build()
        docnames = [f"{syntax}/{name}" for syntax in ("rst", "md") for name in SNIPPETS]
        return Built(
            {docname: reports_in(app, docname) for docname in docnames},
            _ANSI.sub("", app.status.getvalue()),
            warnings_of(app),
        )
    finally:
        app.cleanup()


# -- what users see: one snapshot for RST and MyST ---------------------------------


@pytest.mark.parametrize("syntax", ["rst", "md"])
@pytest.mark.parametrize("name", SNIPPETS)
def test_snapshot(built: Built, name: str, syntax: str, file_regression: Any) -> None:
    reports = built.reports[f"{syntax}/{name}"]
    assert reports
    text = "\n".join(report.pformat() for report in reports)
    # IDs of captioned tables name their document; the rest is the same
    text = text.replace(f'ids="dd-{syntax}-', 'ids="dd-DOC-')
    # docutils >= 0.22 writes boolean attributes as 1
    text = text.replace('internal="1"', 'internal="True"')
    file_regression.check(text, basename=name, extension=".xml")


def test_build_is_clean_and_says_once_that_graphviz_draws_graphs(built: Built) -> None:
    assert built.warnings == ""
    notices = [line for line in built.status.splitlines() if "install Graphviz" in line]
    # six graphs on two pages, one line (an INFO line: -W builds pass)
    assert len(notices) == 1
    assert "'designdoc-test-no-dot' program was not found" in notices[0]


# -- each report ------------------------------------------------------------------


def test_index_rows_link_to_their_entries(built: Built) -> None:
    everything, components, goals, security = built.reports["rst/index_report"]

    [table] = everything.findall(nodes.table)
    assert rows(table)[0] == ["ID", "Title", "Kind", "Status", "Document"]
    assert [r[0] for r in rows(table)[1:]] == [
        "DOC-pay",
        "G-fast",
        "G-safe",
        "G-observe",
        "C-api",
        "C-ledger",
        "C-vault",
        "R-leak",
        "Q-db",
        "Q-currency",
        "Q-retry",
        "Q-tokens",
        "Q-region",
        "D-tokens",
    ]
    api = row_of(table, "C-api")
    ref = next(api.children[0].findall(nodes.reference))
    assert ref["refuri"] == "../design.html#C-api"
    assert ref["reftitle"] == "API gateway"
    [pill] = api.children[3].findall(nodes.inline)
    assert pill["classes"] == ["dd-status", "dd-status-done"]
    doc = next(api.children[4].findall(nodes.reference))
    assert (doc["refuri"], doc.astext()) == ("../design.html", "Payment service")

    # :columns: with link fields, sorted by status, descending (workflow order)
    [table] = components.findall(nodes.table)
    assert rows(table) == [
        ["ID", "Title", "Owner", "Status", "Depends on", "Satisfies", "Tags"],
        ["C-api", "API gateway", "alice", "done", "C-ledger, C-vault", "G-fast", "edge"],
        ["C-ledger", "Ledger", "bob", "in-progress", "", "G-fast", ""],
        ["C-vault", "Card vault", "carol", "planned", "C-ledger", "G-safe", "security"],
    ]
    links = [r["refuri"] for r in row_of(table, "C-api").children[4].findall(nodes.reference)]
    assert links == ["../design.html#C-ledger", "../design.html#C-vault"]

    # :group-by: one table per group, each with a caption
    assert captions(goals) == ["Priority: must"]
    assert captions(security) == ["Tags: compliance", "Tags: security"]
    # without an ID column, the title links to the entry
    last = list(security.findall(nodes.table))[-1]
    assert [r[0] for r in rows(last)[1:]] == [
        "Card data is never stored",
        "Card data leaks through logs",
        "Card vault",
    ]
    assert next(last.findall(nodes.reference))["refuri"] == "../design.html#G-safe"


def test_questions_blocking_first_then_oldest(built: Built) -> None:
    open_, by_owner, by_document = built.reports["rst/questions_report"]
    assert first(open_, nodes.paragraph).astext() == "Age and days overdue as of 2024-06-01."
    [table] = open_.findall(nodes.table)
    assert rows(table) == [
        [
            "ID",
            "Question",
            "Owner",
            "Priority",
            "Raised",
            "Age (days)",
            "Due",
            "Overdue (days)",
            "Affects",
            "Document",
        ],
        [
            "Q-db",
            "Which ledger database?",
            "bob",
            "blocking",
            "2024-04-01",
            "61",
            "2024-05-01",
            "31",
            "C-ledger",
            "Questions",
        ],
        [
            "Q-retry",
            "What retry budget for the gateway?",
            "",
            "normal",
            "2024-03-15",
            "78",
            "2024-07-01",
            "",
            "C-api",
            "Questions",
        ],
        [
            "Q-currency",
            "Do we need several currencies?",
            "alice",
            "normal",
            "2024-05-20",
            "12",
            "",
            "",
            "G-fast",
            "Questions",
        ],
    ]
    assert row_of(table, "Q-db")["classes"] == ["dd-blocking", "dd-overdue"]
    assert row_of(table, "Q-retry")["classes"] == []

    assert captions(by_owner) == ["Owner: alice", "Owner: bob", "Owner: (none)"]
    assert "Q-region" in by_owner.astext()  # deferred, as the filter asks
    assert captions(by_document) == ["Questions"]


def test_matrix_marks_coverage_and_uncovered_rows(built: Built) -> None:
    goals, components, must = built.reports["rst/matrix_report"]
    [table] = goals.findall(nodes.table)
    assert rows(table) == [
        ["ID", "Goal", "C-api", "C-ledger", "C-vault", "Coverage"],
        ["G-fast", "Payments settle within a second", "\u2714", "\u2714", "", "2"],
        ["G-safe", "Card data is never stored", "", "", "\u2714", "1"],
        ["G-observe", "Operators see every failure", "", "", "", "not covered"],
    ]
    assert row_of(table, "G-observe")["classes"] == ["dd-uncovered"]
    assert row_of(table, "G-fast")["classes"] == []
    # the coverage line comes first, above the grid
    assert goals.children[0].astext() == "2 of 3 goals covered."

    # the same link read the other way round (goals hold no link to components)
    [table] = components.findall(nodes.table)
    assert rows(table)[1:] == [
        ["C-api", "API gateway", "\u2714", "", "", "1"],
        ["C-ledger", "Ledger", "\u2714", "", "", "1"],
        ["C-vault", "Card vault", "", "\u2714", "", "1"],
    ]
    assert components.children[0].astext() == "3 of 3 components covered."
    # :filter: selects the rows (components have no priority: every column stays)
    assert must.children[0].astext() == "2 of 2 goals covered."
    assert rows(first(must, nodes.table))[0][2:5] == ["C-api", "C-ledger", "C-vault"]


def test_matrix_wider_than_max_columns_lists_the_links(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = copy_root(tmp_path, "reports")
    (srcdir / "wide.rst").write_text(
        ":orphan:\n\nWide\n====\n\n"
        ".. design-matrix::\n   :rows: goal\n   :columns: component\n   :max-columns: 2\n\n"
        ".. design-matrix::\n   :rows: goal\n   :columns: component\n   :max-columns: many\n"
    )
    app = make_app("html", srcdir=srcdir, confoverrides=NO_DOT)
    app.build()
    [report] = reports_in(app, "wide")
    [table] = report.findall(nodes.table)
    assert rows(table) == [
        ["ID", "Goal", "Component", "Coverage"],
        ["G-fast", "Payments settle within a second", "C-api, C-ledger", "2"],
        ["G-safe", "Card data is never stored", "C-vault", "1"],
        ["G-observe", "Operators see every failure", "", "not covered"],
    ]
    assert row_of(table, "G-observe")["classes"] == ["dd-uncovered"]
    assert report.children[0].astext() == "2 of 3 goals covered."
    assert "wide.rst:11: WARNING: design-matrix: :max-columns: must be a whole number" in (
        warnings_of(app)
    )


def test_graph_as_a_list_where_dot_is_missing(built: Built) -> None:
    dependencies, mixed, risks = built.reports["rst/graph_report"]
    assert dependencies.astext().split("\n\n") == [
        "C-api API gateway",
        "Depends on: C-ledger Ledger, C-vault Card vault",
        "C-ledger Ledger",
        "C-vault Card vault",
        "Depends on: C-ledger Ledger",
    ]
    assert "Satisfies: G-safe Card data is never stored" in mixed.astext()
    assert "Mitigated by: C-vault Card vault" in risks.astext()
    refs = [r["refuri"] for r in dependencies.findall(nodes.reference)]
    assert refs[:3] == ["../design.html#C-api", "../design.html#C-ledger", "../design.html#C-vault"]


def test_summary_counts_by_kind_and_status(built: Built) -> None:
    everything, chosen = built.reports["rst/summary_report"]
    [table] = everything.findall(nodes.table)
    assert rows(table) == [
        ["Kind", "Entries", "By status"],
        ["Design document", "1", "draft 1"],
        ["Goal", "3", "proposed 2, accepted 1"],
        ["Component", "3", "planned 1, in-progress 1, done 1"],
        ["Question", "5", "open 3, answered 1, deferred 1"],
        ["Risk", "1", "open 1"],
        ["Decision", "1", "accepted 1"],
        ["Total", "14", ""],
    ]
    [table] = chosen.findall(nodes.table)
    assert rows(table)[1:] == [
        ["Question", "4", "open 3, deferred 1"],
        ["Goal", "3", "proposed 2, accepted 1"],
        ["Non-goal", "0", ""],
        ["Total", "7", ""],
    ]


def test_no_matching_entries(built: Built) -> None:
    reports = built.reports["rst/empty_report"]
    assert [r.astext() for r in reports] == ["No entries match."] * 5
    assert [r["classes"][1] for r in reports] == [
        "dd-report-index",
        "dd-report-questions",
        "dd-report-matrix",
        "dd-report-graph",
        "dd-report-summary",
    ]


def test_a_project_without_entries(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["sphinxcontrib_designdoc"]\n')
    directives = ["design-index", "design-questions", "design-graph", "design-summary"]
    body = "".join(f".. {d}::\n\n" for d in directives)
    body += ".. design-matrix::\n   :rows: goal\n   :columns: component\n"
    (tmp_path / "index.rst").write_text(f"Empty\n=====\n\n{body}")
    app = make_app("text", srcdir=tmp_path)
    app.build()
    assert warnings_of(app) == ""
    text = (Path(app.outdir) / "index.txt").read_text()
    assert text.count("No entries match.") == 5


# -- computed once per build ----------------------------------------------------------


def test_each_distinct_report_is_computed_once_per_build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []

    def counting(compute: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(self: object, cx: object) -> Any:
            calls.append(self)
            return compute(self, cx)

        return wrapper

    # an index is tables of a row per entry: its rows are made (or kept) one by one
    monkeypatch.setattr(IndexQuery, "entry_tables", counting(IndexQuery.entry_tables))
    monkeypatch.setattr(QuestionsQuery, "compute", counting(QuestionsQuery.compute))
    app = make_app("html", srcdir=copy_root(tmp_path, "reports"), confoverrides=NO_DOT)
    app.build()
    # rst/ and md/ ask the same questions: each distinct query once, not per page
    specs = [s for ss in app.env.domaindata["design"]["reports"].values() for s in ss]
    asked = [s.query for s in specs if isinstance(s.query, IndexQuery | QuestionsQuery)]
    assert len(asked) == 2 * (4 + 3 + 2)
    assert len(calls) == len(set(calls)) == len(set(asked)) == 4 + 3 + 2


# -- every builder, strictly --------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "overrides"),
    [*((b, {}) for b in BUILDERS), ("latex", NO_DOT)],
    ids=[*BUILDERS, "latex-without-dot"],
)
def test_every_builder(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str, overrides: dict
) -> None:
    """No warning (as with ``-W``) in any builder, with Graphviz if it is installed."""
    app = make_app(builder, srcdir=copy_root(tmp_path, "reports"), confoverrides=overrides)
    app.build()
    assert warnings_of(app) == ""
    out = Path(app.outdir)
    text = "\n".join(
        p.read_text("utf-8", errors="replace")
        for p in sorted(out.rglob("*"))
        if p.suffix in {".html", ".xhtml", ".tex", ".txt", ".1", ".texi"}
    )
    assert "2 of 3 goals covered." in text
    assert "No entries match." in text
    if builder in {"latex", "man", "text", "texinfo"}:
        assert "\u2714" not in text  # the ASCII mark outside HTML
    if builder == "latex":
        drawn = HAS_DOT and not overrides
        assert ("\\sphinxincludegraphics[]{graphviz-" in text) == drawn
        assert ("Depends on: " in text) != drawn


#: A graph's SVG in a page: its ``<svg>`` element to its end.
_SVG = re.compile(r"<svg .*?</svg>", re.DOTALL)
#: A node of Graphviz's SVG: its classes and, inside, its link.
_SVG_NODE = re.compile(r'<g id="[^"]*" class="node ([^"]*)">.*?<a xlink:href="([^"]*)"', re.DOTALL)


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
def test_graphs_are_svg_in_html_pages_with_nodes_linking_to_entries(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = make_app("html", srcdir=copy_root(tmp_path, "reports"))
    app.build()
    assert warnings_of(app) == ""
    assert "install Graphviz" not in app.status.getvalue()
    page = Path(app.outdir) / "rst" / "graph_report.html"
    html = page.read_text()
    svgs = _SVG.findall(html)
    assert len(svgs) == 3
    for picture in ("<img", "<object", "<map"):
        assert picture not in html
    # the dependencies: three components, each node a link to its entry
    dependencies = svgs[0]
    assert dependencies.startswith(
        '<svg class="dd-graph-svg" width="401" height="89" '
        'style="max-width: 401px; min-width: 274px" '
        'aria-label="Graph of 3 entries and 3 links"'
    )
    assert "<title>Graph of 3 entries and 3 links</title>" in dependencies
    found = _SVG_NODE.findall(dependencies)
    assert dependencies.count("<a ") == len(found) == 3
    for _, href in found:
        target = (page.parent / href.split("#")[0]).resolve()
        assert f'id="{href.split("#")[1]}"' in target.read_text(), href
    classes = [c.replace("&#45;", "-") for c, _ in found]
    assert classes == [
        "dd-graph-node dd-kind-component dd-status-done",
        "dd-graph-node dd-kind-component dd-status-in-progress",
        "dd-graph-node dd-kind-component dd-status-planned",
    ]
    assert [href for _, href in found] == [
        "../design.html#C-api",
        "../design.html#C-ledger",
        "../design.html#C-vault",
    ]
    # components and goals: kinds told apart; IDs unique in the page
    assert "dd&#45;kind&#45;goal dd&#45;status&#45;proposed" in svgs[1]
    ids = re.findall(r' id="([^"]*)"', html)
    assert len(ids) == len(set(ids))
    section = html.split('id="dependencies"')[1].split("</section>")[0]
    assert "<li>" not in section


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
def test_graphs_are_lists_where_dot_fails(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """A ``dot`` that runs but fails (here ``false``): lists, and a located
    ``designdoc.graph`` warning for each graph, in RST and MyST."""
    app = make_app(
        "html", srcdir=copy_root(tmp_path, "reports"), confoverrides={"graphviz_dot": "false"}
    )
    app.build()
    assert "install Graphviz" not in app.status.getvalue()
    found = sorted((w.path, w.line, w.message) for w in build_warnings(app))
    message = (
        "design-graph: Graphviz's 'false' failed (exit status 1); the graph is shown as a list"
    )
    assert found == [
        (path, line, message)
        for path, lines in (
            ("md/graph_report.md", (5, 10, 17)),
            ("rst/graph_report.rst", (7, 12, 19)),
        )
        for line in lines
    ]
    html = (Path(app.outdir) / "rst" / "graph_report.html").read_text()
    assert "<svg" not in html
    assert html.count('class="dd-graph-list') == 3
    # a build with nothing to read writes those pages again, and says so again
    again = make_app(
        "html", srcdir=app.srcdir, confoverrides={"graphviz_dot": "false"}, freshenv=False
    )
    again.build()
    shown = [w for w in build_warnings(again) if w.type.startswith("designdoc.")]
    assert sorted((w.path, w.line, w.message) for w in shown) == found
    # once dot draws them, they are pictures and the warnings are gone
    fixed = make_app("html", srcdir=app.srcdir, freshenv=False)
    fixed.build()
    assert [w for w in build_warnings(fixed) if w.type.startswith("designdoc.")] == []
    assert "<svg" in (Path(fixed.outdir) / "rst" / "graph_report.html").read_text()


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed")
def test_graphs_are_pictures_in_latex_and_lists_in_text(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = copy_root(tmp_path, "reports")
    app = make_app("latex", srcdir=srcdir)
    app.build()
    drawn = list(resolved_doctree(app, "rst/graph_report").findall(graphviz))
    assert [node["classes"] for node in drawn] == [["dd-graph"]] * 3
    assert "URL=" not in drawn[0]["code"]
    assert 'class="dd-graph-node dd-kind-component dd-status-done"' in drawn[0]["code"]

    app = make_app("text", srcdir=srcdir)
    app.build()
    text = (Path(app.outdir) / "rst" / "graph_report.txt").read_text()
    assert '* "C-api" API gateway\n\n  * Depends on: "C-ledger" Ledger, "C-vault"' in text


def test_dot_source_links_relative_to_each_builder(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = copy_root(tmp_path, "reports")
    graph = Graph(
        entries=(Ref("C-api", "design", 'API "gateway"'), Ref("C-db", "design", "DB")),
        edges=(("C-api", "Depends on", "C-db"),),
        labelled=False,
        dot=True,
        looks=(Look("component", "Component", "done"), Look("component", "Component", "")),
    )
    expected = {"html": "../design.html#C-api", "dirhtml": "../../design/#C-api"}
    expected["singlehtml"] = "#C-api"
    for builder, uri in expected.items():
        app = make_app(builder, srcdir=srcdir, confoverrides=NO_DOT)
        app.build()
        rx = RenderContext(app.builder, "rst/graph_report")
        rx.report = "rst/graph_report-0"
        source = graph.source(rx)
        assert f'URL="{uri}", target="_top"' in source, builder
    assert source.startswith(
        'digraph "dd_graph_rst_graph_report_0" {\n'
        '  graph [id="dd_graph_rst_graph_report_0", rankdir=LR, bgcolor="transparent"'
    )
    assert (
        '"C-api" [label="C-api\\nAPI \\"gateway\\"", '
        'class="dd-graph-node dd-kind-component dd-status-done", '
        'tooltip="Component (done): API \\"gateway\\"", id="dd_graph_rst_graph_report_0-n1"'
    ) in source
    assert 'class="dd-graph-node dd-kind-component", tooltip="Component: DB"' in source
    assert '  "C-api" -> "C-db" [id="dd_graph_rst_graph_report_0-e1"];\n' in source

    app = make_app("latex", srcdir=srcdir, confoverrides=NO_DOT)
    assert "URL=" not in graph.source(RenderContext(app.builder, "index"))


def _edges(*pairs: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((pair[0], "Depends on", pair[1]) for pair in pairs)


def test_graphs_run_top_to_bottom_where_left_to_right_is_wider() -> None:
    # a chain of five: five ranks of one node
    assert ranks(tuple("abcde"), _edges("ab", "bc", "cd", "de")) == [0, 1, 2, 3, 4]
    assert rankdir(tuple("abcde"), _edges("ab", "bc", "cd", "de")) == "TB"
    # short chains, or as many nodes side by side as ranks: left to right
    assert rankdir(tuple("abc"), _edges("ab", "bc")) == "LR"
    assert rankdir(tuple("abcdefgh"), _edges("ab", "ac", "ad", "ae", "af", "fg", "gh")) == "LR"
    assert rankdir(tuple("abcdefgh"), ()) == "LR"
    # a cycle is broken at its first node; a link to itself is no rank
    assert ranks(tuple("abcd"), _edges("ab", "bc", "ca", "cd", "dd")) == [0, 1, 2, 3]
    assert rankdir((), ()) == "LR"


# -- invalid options -----------------------------------------------------------------

INVALID = [
    (11, "invalid_filter", "design-index: :filter: unknown status value 'opne'"),
    (14, "invalid_filter", "unknown field 'colour' in 'colour=red'"),
    (17, "invalid_filter", "malformed clause 'status open'"),
    (20, "invalid_value", ":kinds: unknown kind 'gaol'"),
    (23, "invalid_value", ":columns: unknown column 'colour'"),
    (26, "invalid_value", ":sort: unknown column 'colour'"),
    (29, "invalid_value", ":group-by: unknown column 'nothing'"),
    (32, "invalid_value", "design-index: unknown option :colour:"),
    (35, "invalid_value", ":group-by: unknown column 'priority' (columns: document, owner)"),
    (38, "invalid_value", ":rows: and :columns: are required"),
    (41, "invalid_value", ":link: neither goal nor question has a link 'satisfies'"),
    (46, "invalid_value", ":links: no kind shown"),
    (49, "invalid_value", "design-summary: :kinds: needs a value"),
]


def test_invalid_options_warn_where_they_are_and_render_nothing(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = make_app("text", srcdir=copy_root(tmp_path, "reports-invalid"))
    app.build()
    found = [
        (m["path"], int(m["line"]), m["subtype"], m["message"])
        for m in re.finditer(
            r"^.*/(?P<path>[\w.]+):(?P<line>\d+): WARNING: (?P<message>.*) "
            r"\[designdoc\.(?P<subtype>\w+)\]$",
            warnings_of(app),
            re.M,
        )
    ]
    assert len(found) == len(INVALID) + 2 == len(warnings_of(app).splitlines())
    for (path, line, subtype, message), (eline, esubtype, emessage) in zip(
        found, INVALID, strict=False
    ):
        assert (path, line, subtype) == ("index.rst", eline, esubtype), message
        assert emessage in message
        assert message.endswith("; report left out")
    assert found[-2][:3] == ("myst.md", 3, "invalid_value")
    assert "unknown option :colour:" in found[-2][3]
    assert found[-1][:3] == ("myst.md", 7, "invalid_filter")
    assert "clause 'tags~' has no value" in found[-1][3]
    assert reports_in(app, "index") == []
    assert app.env.domaindata["design"]["reports"].get("index", []) == []


def test_suppress_warnings_silences_invalid_reports(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = make_app(
        "text",
        srcdir=copy_root(tmp_path, "reports-invalid"),
        confoverrides={
            "suppress_warnings": ["designdoc.invalid_filter", "designdoc.invalid_value"]
        },
    )
    app.build()
    assert warnings_of(app) == ""


# -- checks once per build -----------------------------------------------------------


def designdoc_warnings(app: SphinxTestApp) -> list[tuple[str, int, str, str]]:
    return [
        (m["path"], int(m["line"]), m["subtype"], m["message"])
        for m in re.finditer(
            r"^.*/(?P<path>[\w.]+):(?P<line>\d+): WARNING: (?P<message>.*) "
            r"\[designdoc\.(?P<subtype>\w+)\]$",
            warnings_of(app),
            re.M,
        )
    ]


def test_blocking_questions_and_cycles(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = make_app("html", srcdir=copy_root(tmp_path, "reports-checks"))
    app.build()
    assert designdoc_warnings(app) == [
        (
            "approved.rst",
            8,
            "blocking_question",
            "Q-block: blocking question is still open, but the design document "
            "DOC-approved is approved",
        ),
        (
            "cycles.rst",
            4,
            "dependency_cycle",
            "dependency cycle through :depends-on: links: C-a -> C-b -> C-c -> C-a",
        ),
        (
            "cycles.rst",
            12,
            "dependency_cycle",
            "dependency cycle through :depends-on: links: C-self -> C-self",
        ),
    ]
    assert len(warnings_of(app).splitlines()) == 3

    # once per build: an incremental build reports them once more, not twice
    first = warnings_of(app)
    index = Path(app.srcdir) / "index.rst"
    index.write_text(index.read_text() + "\nMore text.\n")
    app.build()
    assert warnings_of(app) == first * 2


def test_overdue_questions_warn_when_asked(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app = make_app(
        "html",
        srcdir=copy_root(tmp_path, "reports-checks"),
        confoverrides={
            "designdoc_warn_overdue": True,
            "suppress_warnings": ["designdoc.dependency_cycle"],
        },
    )
    app.build()
    assert designdoc_warnings(app) == [
        (
            "approved.rst",
            8,
            "overdue_question",
            "Q-block: open question is 121 days overdue (due 2024-02-01, build date 2024-06-01)",
        ),
        ("approved.rst", 8, "blocking_question", designdoc_warnings(app)[1][3]),
        (
            "approved.rst",
            14,
            "overdue_question",
            "Q-late: open question is 1 day overdue (due 2024-05-31, build date 2024-06-01)",
        ),
    ]


def test_cycles_are_found_deterministically() -> None:
    from sphinxcontrib_designdoc.core.linkgraph import build_index
    from sphinxcontrib_designdoc.core.model import Entry

    from .test_filters import REGISTRY

    def component(cid: str, doc: str, *depends: str) -> Entry:
        return Entry(cid, "component", cid, doc, 1, links=(("depends-on", depends),))

    entries = [
        component("C-z", "a", "C-y"),
        component("C-y", "a", "C-x", "C-z"),
        component("C-x", "b", "C-z"),
        component("C-w", "b", "C-w"),
        component("C-free", "b", "C-x"),
        component("C-long", "c", *(f"C-{i}" for i in range(2000))),
    ]
    chain = [component(f"C-{i}", "d", f"C-{i + 1}") for i in range(2000)]
    problems = cycles(build_index([*entries, *chain], REGISTRY))
    assert [p.message.rsplit(": ", 1)[1] for p in problems] == [
        "C-z -> C-y -> C-z",
        "C-w -> C-w",
    ]
    assert [p.entry.id for p in problems] == ["C-z", "C-w"]


def _reached(links: dict[str, list[str]], start: str) -> set[str]:
    """The nodes a walk of ``links`` reaches from ``start``."""
    seen: set[str] = set()
    todo = list(links[start])
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(links[node])
    return seen


def test_cycles_match_mutual_reachability() -> None:
    """On random graphs, one problem per set of entries that reach each other
    (or an entry that names itself), at its first entry: as a reference that
    walks the whole graph from every entry finds them."""
    import random

    from sphinxcontrib_designdoc.core.linkgraph import build_index
    from sphinxcontrib_designdoc.core.model import Entry

    from .test_filters import REGISTRY

    rng = random.Random(7)
    for _ in range(200):
        size = rng.randint(1, 12)
        ids = [f"C-{i}" for i in range(size)]
        links = {c: rng.sample(ids, rng.randint(0, min(3, size))) for c in ids}
        entries = [
            Entry(c, "component", c, "doc", 1, links=(("depends-on", tuple(links[c])),))
            for c in ids
        ]

        reached = {c: _reached(links, c) for c in ids}
        expected: list[str] = []
        for c in ids:  # document order: the first entry of each cycle
            if c in reached[c] and not any(o in reached[c] and c in reached[o] for o in expected):
                expected.append(c)
        problems = cycles(build_index(entries, REGISTRY))
        assert [p.entry.id for p in problems] == expected, links


# -- the build date -----------------------------------------------------------------


def test_build_date_sources() -> None:
    epoch = str(int(dt.datetime(2024, 7, 1, 23, 30, tzinfo=dt.UTC).timestamp()))
    assert build_date("2024-06-01", {"SOURCE_DATE_EPOCH": epoch}) == dt.date(2024, 6, 1)
    assert build_date("", {"SOURCE_DATE_EPOCH": epoch}) == dt.date(2024, 7, 1)
    assert build_date("", {"SOURCE_DATE_EPOCH": "yesterday"}) == dt.date.today()
    assert build_date("", {}) == dt.date.today()


def test_build_date_from_source_date_epoch(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719835200")  # 2024-07-01 12:00 UTC
    app = make_app(
        "html",
        srcdir=copy_root(tmp_path, "reports"),
        confoverrides={**NO_DOT, "designdoc_today": ""},
    )
    app.build()
    [report, *_] = reports_in(app, "rst/questions_report")
    assert first(report, nodes.paragraph).astext() == "Age and days overdue as of 2024-07-01."
    table = first(report, nodes.table)
    assert rows(table)[1][5:8] == ["91", "2024-05-01", "61"]


def test_invalid_build_date_falls_back(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719835200")
    app = make_app(
        "html",
        srcdir=copy_root(tmp_path, "reports-checks"),
        confoverrides={"designdoc_today": "2024-13-01"},
    )
    assert app.config.designdoc_today == ""
    assert "designdoc_today '2024-13-01' is not an ISO date" in warnings_of(app)
    assert "[designdoc.config]" in warnings_of(app)
