"""The ``designdoc`` builder and the ``designdoc.json`` export."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.export.data import schema


def _export(app: SphinxTestApp) -> dict:
    return json.loads((Path(app.outdir) / "designdoc.json").read_text("utf-8"))


@pytest.mark.sphinx("designdoc", testroot="export")
def test_designdoc_builder_writes_valid_export_without_pages(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    assert sorted(p.name for p in outdir.iterdir() if p.is_file()) == [
        "designdoc.json",
        "designdoc.schema.json",
    ]
    data = _export(app)
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
    data = _export(app)
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
