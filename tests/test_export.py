"""The ``designdoc`` builder and the ``designdoc.json`` export."""

from __future__ import annotations

import copy
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.export.format import EXPORT_FILE, schema
from sphinxcontrib_designdoc.export.markdown import REPORTS
from sphinxcontrib_designdoc.export.validate import ANNOTATIONS, KEYWORDS, first_error
from sphinxcontrib_designdoc.extension.builder import REPORTS_DIR

from .conftest import REPO, ROOTS, exported
from .corpus import assert_same_files, build, corpus_document, files, write, write_corpus

#: Documents of the generated project of the byte-identity test.
DOCUMENTS = 36


@pytest.mark.sphinx("designdoc", testroot="export")
def test_designdoc_builder_writes_valid_export_without_pages(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    assert sorted(p.name for p in outdir.iterdir() if p.is_file()) == [
        "designdoc.json",
        "designdoc.schema.json",
    ]
    data = exported(app)
    jsonschema.validate(data, schema())
    assert data["project"] == {"name": "Export", "version": "1.2"}
    by_id = {e["id"]: e for e in data["entries"]}
    assert list(by_id) == ["DOC-export", "G-fresh", "C-collector", "Q-history"]
    goal = by_id["G-fresh"]
    assert goal["target"] == "index.html#G-fresh"
    assert goal["fields"] == {"status": "proposed", "priority": "must"}
    assert goal["tags"] == ["ci", "perf"]
    assert goal["body"] == "Every report is correct after an incremental build."
    assert goal["incoming"] == {"satisfies": ["C-collector"]}
    component = by_id["C-collector"]
    assert component["document"] == "parts"
    assert component["links"] == {"satisfies": ["G-fresh"]}
    assert component["incoming"] == {"affects": ["Q-history"]}
    assert component["owner"] == "bob"


@pytest.mark.sphinx("dirhtml", testroot="export")
def test_html_builds_emit_the_export_with_their_own_urls(app: SphinxTestApp) -> None:
    app.build()
    data = exported(app)
    jsonschema.validate(data, schema())
    targets = {e["id"]: e["target"] for e in data["entries"]}
    assert targets["C-collector"] == "parts/#C-collector"


@pytest.mark.sphinx("html", testroot="export", confoverrides={"designdoc_emit_json": False})
def test_emit_json_can_be_switched_off(app: SphinxTestApp) -> None:
    app.build()
    assert not (Path(app.outdir) / "designdoc.json").exists()


@pytest.mark.sphinx("epub", testroot="export")
def test_epub_output_is_left_alone(app: SphinxTestApp) -> None:
    app.build()
    assert not (Path(app.outdir) / "designdoc.json").exists()
    assert "WARNING" not in app.warning.getvalue()


def test_schema_rejects_a_wrong_shape() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "entries": [{"id": ""}]}, schema())


# -- the export: every field, reproducible, valid ---------------------------------


def _agrees_with_jsonschema(data: Any) -> bool:
    """Whether the package's own validator (used by the command line) and
    jsonschema reach the same verdict on ``data``; asserts a valid export."""
    published = schema()
    mine = first_error(data, published, published)
    try:
        jsonschema.validate(data, published)
    except jsonschema.ValidationError:
        return mine is not None
    return mine is None


@pytest.mark.sphinx("designdoc", testroot="export")
def test_export_carries_build_date_documents_and_derived_data(
    app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768478400")  # 2026-01-15 12:00 UTC
    app.build()
    data = exported(app)
    jsonschema.validate(data, schema())
    assert list(data) == [
        "schema_version",
        "project",
        "build_date",
        "html_baseurl",
        "quality_levels",
        "kinds",
        "documents",
        "entries",
        "checks",
    ]
    assert data["checks"] == {
        "warn_overdue": False,
        "warn_failing_gates": False,
        "default_quality": "",
    }
    assert data["build_date"] == "2026-01-15"
    assert data["html_baseurl"] == ""
    assert data["documents"] == {
        "index": {"title": "Export", "source": "index.rst", "target": "index.html"},
        "parts": {"title": "Parts", "source": "parts.md", "target": "parts.html"},
    }
    by_id = {e["id"]: e for e in data["entries"]}
    # raised 2026-01-05, no due date
    assert by_id["Q-history"]["derived"] == {"age_days": 10, "overdue_days": 0}
    assert by_id["G-fresh"]["derived"] == {}
    assert list(by_id["G-fresh"]) == [
        "id",
        "kind",
        "title",
        "document",
        "line",
        "target",
        "fields",
        "links",
        "incoming",
        "tags",
        "owner",
        "body",
        "derived",
    ]
    reports = Path(app.outdir) / REPORTS_DIR
    assert sorted(p.name for p in reports.iterdir()) == sorted(["index.md", *REPORTS])


@pytest.mark.sphinx(
    "designdoc", testroot="export", confoverrides={"html_baseurl": "https://example.org/x/"}
)
def test_base_url_falls_back_to_html_baseurl(app: SphinxTestApp) -> None:
    app.build()
    assert exported(app)["html_baseurl"] == "https://example.org/x/"
    index = (Path(app.outdir) / REPORTS_DIR / "index.md").read_text("utf-8")
    assert "[Parts](https://example.org/x/parts.html)" in index


def test_demo_export_follows_the_schema(tmp_path: Path) -> None:
    app = build("designdoc", REPO / "demo", builddir=tmp_path)
    data = json.loads((Path(app.outdir) / EXPORT_FILE).read_text("utf-8"))
    jsonschema.validate(data, schema())
    assert _agrees_with_jsonschema(data)
    kinds = {e["kind"] for e in data["entries"]}
    assert kinds == set(data["kinds"])  # the demo uses every kind, its own included
    questions = [e for e in data["entries"] if e["kind"] == "question"]
    assert questions
    assert all(isinstance(q["derived"]["overdue_days"], int) for q in questions)


def test_html_builds_export_what_the_designdoc_builder_exports(tmp_path: Path) -> None:
    root = ROOTS / "test-export-reports"
    designdoc = build("designdoc", root, builddir=tmp_path / "a")
    html = build("html", root, builddir=tmp_path / "b")
    assert html.warning.getvalue() == ""
    exported = (Path(designdoc.outdir) / EXPORT_FILE).read_bytes()
    assert (Path(html.outdir) / EXPORT_FILE).read_bytes() == exported
    # an html build writes the data, not the Markdown reports
    assert not (Path(html.outdir) / REPORTS_DIR).exists()


def test_reports_inside_the_sources_are_not_read_back(tmp_path: Path) -> None:
    """Output inside the source folder of a MyST project, not excluded: the
    second build does not read the first build's Markdown reports."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-export-reports", srcdir)
    overrides: dict[str, Any] = {"exclude_patterns": []}
    first = build("designdoc", srcdir, builddir=srcdir / "out", confoverrides=overrides)
    assert (srcdir / "out" / "designdoc" / REPORTS_DIR / "index.md").is_file()
    second = build("designdoc", srcdir, builddir=srcdir / "out", confoverrides=overrides)
    assert second.warning.getvalue() == ""
    assert sorted(second.env.found_docs) == ["index", "legacy", "plans"]
    assert (Path(second.outdir) / EXPORT_FILE).read_bytes() == (
        Path(first.outdir) / EXPORT_FILE
    ).read_bytes()


def _outputs(app: SphinxTestApp) -> dict[str, bytes]:
    outdir = Path(app.outdir)
    found = {**files(outdir, ".json"), **files(outdir, ".md")}
    assert EXPORT_FILE in found
    assert f"{REPORTS_DIR}/index.md" in found
    return found


def _build_recording_readers(
    srcdir: Path, builddir: Path, parallel: int
) -> tuple[SphinxTestApp, set[int]]:
    """Build with the designdoc builder; return the IDs of the processes that read."""
    log = builddir / "readers.log"
    builddir.mkdir(parents=True, exist_ok=True)
    log.write_text("", "utf-8")

    def on_read(*args: Any) -> None:
        with log.open("a", encoding="utf-8") as stream:  # workers are forked processes
            stream.write(f"{os.getpid()}\n")

    app = SphinxTestApp(
        "designdoc",
        srcdir=srcdir,
        builddir=builddir,
        parallel=parallel,
        confoverrides={"designdoc_today": "2024-06-01"},
    )
    app.connect("source-read", on_read)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, {int(pid) for pid in log.read_text("utf-8").split()}


def test_export_is_byte_identical_for_serial_parallel_and_incremental_builds(
    tmp_path: Path,
) -> None:
    srcdir = tmp_path / "src"
    write_corpus(srcdir, DOCUMENTS, mtime=time.time() - 3600)

    serial, serial_readers = _build_recording_readers(srcdir, tmp_path / "serial", 1)
    parallel, parallel_readers = _build_recording_readers(srcdir, tmp_path / "parallel", 2)
    assert serial_readers == {os.getpid()}
    assert parallel_readers - {os.getpid()}, "no document was read by a worker process"
    before = _outputs(serial)
    assert_same_files(before, _outputs(parallel))
    data = json.loads(before[EXPORT_FILE])
    assert len(data["entries"]) >= 8 * DOCUMENTS
    jsonschema.validate(data, schema())

    # edit one document and delete another, then build incrementally (in parallel)
    name, text = corpus_document(5, DOCUMENTS, with_problems=True)
    edited = text.replace("Component 5\n", "Component five\n")
    assert edited != text
    write(srcdir / name, edited, mtime=time.time() + 10)
    (srcdir / f"doc{DOCUMENTS - 1:02d}.rst").unlink(missing_ok=True)
    (srcdir / f"doc{DOCUMENTS - 1:02d}.md").unlink(missing_ok=True)
    incremental, _ = _build_recording_readers(srcdir, tmp_path / "parallel", 2)
    fresh, _ = _build_recording_readers(srcdir, tmp_path / "fresh", 1)
    after = _outputs(incremental)
    assert after != before
    assert '"title": "Component five"' in after[EXPORT_FILE].decode()
    assert_same_files(_outputs(fresh), after)


# -- compliance of components (from the quality checks) --------------------------


def test_compliance_comes_from_the_quality_checks(tmp_path: Path) -> None:
    app = build("designdoc", ROOTS / "test-export-reports", builddir=tmp_path)
    data = json.loads((Path(app.outdir) / EXPORT_FILE).read_text("utf-8"))
    jsonschema.validate(data, schema())
    verdicts = {
        e["id"]: e["derived"]["compliance"]["verdict"]
        for e in data["entries"]
        if e["kind"] == "component"
    }
    # C-api: its tests gate passes; C-store: experiment requires nothing;
    # C-worker: its tests gate fails
    assert verdicts == {"C-api": "compliant", "C-store": "compliant", "C-worker": "failing"}
    assert all(
        "compliance" not in e["derived"] for e in data["entries"] if e["kind"] != "component"
    )


# -- the schema, and the validator the command line uses ---------------------------


def _keywords(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*map(_keywords, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set(node)
    for key, value in node.items():
        if key in ("properties", "$defs"):
            found |= set().union(*map(_keywords, value.values())) if value else set()
        elif key not in ("required", "enum", "const"):
            found |= _keywords(value)
    return found


def test_the_schema_uses_only_keywords_the_package_validator_knows() -> None:
    assert _keywords(schema()) <= KEYWORDS | ANNOTATIONS


@pytest.mark.sphinx("designdoc", testroot="export-reports")
def test_the_package_validator_agrees_with_jsonschema(app: SphinxTestApp) -> None:
    app.build()
    valid = exported(app)
    assert first_error(valid, schema(), schema()) is None

    def mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        data = copy.deepcopy(valid)
        change(data)
        return data

    mutations: dict[str, Callable[[dict[str, Any]], None]] = {
        "missing key": lambda d: d.pop("entries"),
        "unknown key": lambda d: d.update(extra=1),
        "wrong version": lambda d: d.update(schema_version=2),
        "bad date": lambda d: d.update(build_date="1 March"),
        "entry not an object": lambda d: d["entries"].append("x"),
        "empty id": lambda d: d["entries"][0].update(id=""),
        "negative line": lambda d: d["entries"][0].update(line=-1),
        "bool line": lambda d: d["entries"][0].update(line=True),
        "float line": lambda d: d["entries"][0].update(line=3.0),
        "field not text": lambda d: d["entries"][0]["fields"].update(status=3),
        "link not a list": lambda d: d["entries"][1]["links"].update(x="G-1"),
        "unknown field type": lambda d: d["kinds"]["goal"]["fields"]["metric"].update(type="x"),
        "age not a number": lambda d: next(e for e in d["entries"] if e["kind"] == "question")[
            "derived"
        ].update(age_days="3"),
        "null age": lambda d: next(e for e in d["entries"] if e["kind"] == "question")[
            "derived"
        ].update(age_days=None),
        "compliance without verdict": lambda d: d["entries"][0]["derived"].update(compliance={}),
        "loose compliance": lambda d: d["entries"][0]["derived"].update(
            compliance={"verdict": "x", "anything": [1]}
        ),
        "unknown derived": lambda d: d["entries"][0]["derived"].update(other=1),
    }
    outcomes = {}
    for name, change in mutations.items():
        data = mutated(change)
        assert _agrees_with_jsonschema(data), name
        outcomes[name] = first_error(data, schema(), schema()) is None
    assert {name for name, ok in outcomes.items() if ok} == {
        "float line",
        "null age",
        "loose compliance",
    }
