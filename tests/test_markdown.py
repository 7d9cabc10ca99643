"""The Markdown reports of the ``designdoc`` builder: one snapshot per report.

The reports are built from ``tests/roots/test-export-reports`` (RST and MyST
documents, a base URL, a fixed build date).  Compliance comes from a stand-in
for the quality checks, so these snapshots show how the reports render
compliance records, whatever the quality checks decide.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_regressions.file_regression import FileRegressionFixture

from sphinxcontrib_designdoc.export.check import check_export
from sphinxcontrib_designdoc.export.load import Export
from sphinxcontrib_designdoc.export.markdown import REPORTS
from sphinxcontrib_designdoc.export.markdown_text import code, escape, table
from sphinxcontrib_designdoc.extension import export as export_data
from sphinxcontrib_designdoc.extension.builder import REPORTS_DIR

from .conftest import ROOTS
from .corpus import build

REPORT_FILES = ["index.md", *REPORTS]


@dataclass(frozen=True)
class FakeCompliance:
    """A compliance record in the shape ``designdoc.json`` documents."""

    record: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return self.record


#: C-store has no record at all (its cell stays empty).
FAKE_RECORDS = {
    "C-api": FakeCompliance(
        {"verdict": "compliant", "level": "prototype", "missing": [], "failing": []}
    ),
    "C-worker": FakeCompliance(
        {
            "verdict": "incomplete",
            "level": "production",
            "missing": ["lint", "coverage"],
            "failing": [
                {"check": "tests", "gate": "QG-worker-tests", "status": "failing", "reason": ""},
                {"check": "review", "gate": "", "status": "pending", "reason": "no reviewer"},
            ],
            "extra": {"ignored": True},
        }
    ),
}


@dataclass(frozen=True)
class Reports:
    outdir: Path
    files: dict[str, str]
    data: dict[str, Any]


def _build_reports(tmp: Path, **confoverrides: Any) -> Reports:
    app = build(
        "designdoc",
        ROOTS / "test-export-reports",
        builddir=tmp,
        confoverrides=confoverrides,
    )
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    files = {p.name: p.read_text("utf-8") for p in sorted((outdir / REPORTS_DIR).iterdir())}
    return Reports(outdir, files, json.loads((outdir / "designdoc.json").read_text("utf-8")))


@pytest.fixture(scope="module")
def monkeymodule() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, monkeymodule: pytest.MonkeyPatch) -> Reports:
    monkeymodule.setattr(export_data, "compliance_by_component", lambda env: FAKE_RECORDS)
    return _build_reports(tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="module")
def plain_reports(
    tmp_path_factory: pytest.TempPathFactory, monkeymodule: pytest.MonkeyPatch
) -> Reports:
    """No compliance data and no base URL."""
    monkeymodule.setattr(export_data, "compliance_by_component", lambda env: {})
    return _build_reports(tmp_path_factory.mktemp("plain"), designdoc_html_baseurl="")


def test_the_builder_writes_every_report(reports: Reports) -> None:
    assert sorted(reports.files) == sorted(REPORT_FILES)
    index = reports.files["index.md"]
    for name, (title, _) in REPORTS.items():
        assert f"| [{title}]({name}) |" in index


@pytest.mark.parametrize("name", REPORT_FILES)
def test_snapshot(reports: Reports, name: str, file_regression: FileRegressionFixture) -> None:
    file_regression.check(reports.files[name], basename=name.removesuffix(".md"), extension=".md")


def test_snapshot_without_compliance_data(
    plain_reports: Reports, file_regression: FileRegressionFixture
) -> None:
    text = plain_reports.files["quality.md"]
    assert "Compliance data is absent from this export" in text
    file_regression.check(text, basename="quality_without_compliance", extension=".md")


def test_without_a_base_url_ids_are_code_without_links(plain_reports: Reports) -> None:
    assert plain_reports.data["html_baseurl"] == ""
    for name, text in plain_reports.files.items():
        # the only links are those of the index to the other reports
        links = re.findall(r"\]\(([^)]*)\)", text)
        assert set(links) <= set(REPORTS), name
    assert "| `C-api` | Query API |" in plain_reports.files["components.md"]
    assert "Compliance" not in plain_reports.files["components.md"].splitlines()[4]


def test_links_point_to_the_entries_pages(reports: Reports) -> None:
    baseurl = "https://docs.example.org/design"
    targets = {e["id"]: e["target"] for e in reports.data["entries"]}
    text = "".join(reports.files.values())
    links = re.findall(r"\[`([^`]+)`\]\(([^)]+)\)", text)
    assert {url for _, url in links} == {f"{baseurl}/{targets[i]}" for i, _ in links}
    shown = {entry_id for entry_id, _ in links}
    listed = {"component", "risk", "decision", "gate"}
    assert {e["id"] for e in reports.data["entries"] if e["kind"] in listed} <= shown
    documents = re.findall(r"\[([^]`]+)\]\((https://[^)#]+)\)", text)
    assert {url for _, url in documents} == {
        f"{baseurl}/{d['target']}" for d in reports.data["documents"].values()
    }


def test_the_checks_of_the_index_are_those_of_designdoc_check(reports: Reports) -> None:
    lines = reports.files["index.md"].splitlines()
    checks = lines[lines.index("## Checks") :]
    # the fake record of C-worker: two required checks without a gate; a failing
    # and a pending gate are not problems (designdoc_warn_failing_gates is off)
    assert checks[2] == "`designdoc check` fails: 2 problems."
    assert checks[4:6] == [
        f"- `plans.md:9`: C-worker: no quality gate of check {check!r} applies to it; "
        "level 'production' requires one (`designdoc.missing_gate`)"
        for check in ("lint", "coverage")
    ]
    printed = [str(p) for p in check_export(Export.from_data(reports.data))]
    assert len(printed) == 2
    for line, shown in zip(printed, checks[4:6], strict=True):
        location, _, rest = line.partition(": ")
        message, _, subtype = rest.rpartition(" [")
        assert shown == f"- `{location}`: {escape(message)} (`{subtype[:-1]}`)"


def test_text_from_documents_cannot_break_a_table() -> None:
    assert escape("a | b <i>*x*</i> [l](u) & `c`\n  next") == (
        r"a \| b \<i\>\*x\*\</i\> \[l\](u) \& \`c\` next"
    )
    assert code("C-1") == "`C-1`"
    assert code("odd`id|x") == "`` odd`id\\|x ``"
    rows = table(("A", "B"), [["1", escape("x|y")]])
    assert rows == ["| A | B |", "| --- | --- |", "| 1 | x\\|y |"]
    # every row has as many unescaped cell separators as the header
    assert {len(re.findall(r"(?<!\\)\|", row)) for row in rows} == {3}


def test_reports_render_from_an_export_alone(reports: Reports) -> None:
    """The builder's reports are a function of designdoc.json: rendering them
    again from the file gives the same text (what a pipeline consuming an
    export produced elsewhere gets)."""
    from sphinxcontrib_designdoc.export.markdown import all_reports

    export = Export.from_data(reports.data)
    assert all_reports(export) == reports.files


# -- mentions and issue references -----------------------------------------------------

#: What GitHub and GitLab turn into a mention, an issue or a merge-request link.
LIVE_REFERENCE = re.compile(r"(?<![A-Za-z0-9])@[A-Za-z0-9]|#[0-9]|(?<![A-Za-z0-9])![0-9]")


def shown(markdown: str) -> str:
    """The text a reader sees: backslash escapes and entities resolved, and the
    zero-width space (which is not seen) removed."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown)).replace("\u200b", "")


@pytest.mark.parametrize(
    "text",
    [
        "@alice reviews",
        "ask @org/team (cc @bob)",
        "Fixes #123 and org/repo#45",
        "see !12 (GitLab)",
        "*@bold* `@code` [#1]",
        "#1#2@a@b",
    ],
)
def test_mentions_and_issue_references_stay_text(text: str) -> None:
    escaped = escape(text)
    assert not LIVE_REFERENCE.search(html.unescape(escaped)), escaped
    assert "&#8203;" in escaped
    assert shown(escaped) == text


@pytest.mark.parametrize(
    "text", ["mail a@b.example", "C# 9", "# heading-ish", "wow!3", "@ alone", "issue #x"]
)
def test_text_that_references_nothing_is_unchanged(text: str) -> None:
    assert escape(text) == text


def test_no_markdown_output_mentions_or_links_an_issue(reports: Reports) -> None:
    from sphinxcontrib_designdoc import cli
    from sphinxcontrib_designdoc.core.reports.index import IndexQuery
    from sphinxcontrib_designdoc.export.diff import diff_exports
    from sphinxcontrib_designdoc.export.markdown import all_reports

    data = json.loads(json.dumps(reports.data))
    hostile = "@alice: fix #12 before !3"
    for entry in data["entries"]:
        entry["title"] = f"{entry['title']} {hostile}"
        entry["owner"] = "@owners"
        for name in entry["fields"]:
            if entry["fields"][name] and name in ("mitigation", "deciders", "owners"):
                entry["fields"][name] += " @someone #7"
    for document in data["documents"].values():
        document["title"] += " #99"
    data["project"]["name"] = "@project"
    export = Export.from_data(data)
    outputs = dict(all_reports(export))
    outputs["diff"] = diff_exports(Export.from_data(reports.data), export)
    query = IndexQuery((), None, cli.report_columns(export, None))
    outputs["cli"] = cli.render_report(export, query, "markdown")
    for name, text in outputs.items():
        without_urls = html.unescape(re.sub(r"\]\([^)]*\)", "]()", text))
        assert not LIVE_REFERENCE.search(without_urls), (name, text)
    assert hostile in shown(outputs["cli"])
    assert f"Decision Z {hostile}" not in outputs["decisions.md"]
    assert hostile in shown(outputs["decisions.md"])


def test_markup_only_escaping_leaves_references_as_written() -> None:
    """For a Markdown source a person edits (a scaffolded document), not a comment."""
    from sphinxcontrib_designdoc.export.markdown_text import escape_markup

    assert escape_markup("Support @team #12 | *now*") == r"Support @team #12 \| \*now\*"
    assert escape("Support @team #12 | *now*") == (r"Support @&#8203;team #&#8203;12 \| \*now\*")
