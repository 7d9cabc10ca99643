"""An entry written in an included file is located in that file, at its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.export.load import Export

from .conftest import designdoc_warnings


@pytest.mark.sphinx("html", testroot="include-locations", freshenv=True)
def test_consistency_warnings_name_the_included_file_and_line(app: SphinxTestApp) -> None:
    app.build()
    found = {(w.path, w.line, w.message) for w in designdoc_warnings(app, "unknown_ref")}
    assert found == {
        ("parts/risks.rst", 1, "R-included: :affects: names unknown entry 'G-missing'"),
        # the entry after the include is still located in the document itself
        ("index.rst", 10, "C-after: :depends-on: names unknown entry 'C-nowhere'"),
    }


@pytest.mark.sphinx("html", testroot="include-locations", freshenv=True)
def test_the_export_names_the_included_file_and_line(app: SphinxTestApp) -> None:
    app.build()
    path = Path(app.outdir) / "designdoc.json"
    data = json.loads(path.read_text("utf-8"))
    entries = {e["id"]: e for e in data["entries"]}
    assert (entries["R-included"]["source"], entries["R-included"]["line"]) == (
        "parts/risks.rst",
        1,
    )
    assert "source" not in entries["C-after"]
    assert entries["C-after"]["line"] == 10
    export = Export.from_data(data)
    by_id = {e.id: e for e in export.entries}
    assert export.location(by_id["R-included"]) == "parts/risks.rst:1"
    assert export.location(by_id["C-after"]) == "index.rst:10"
