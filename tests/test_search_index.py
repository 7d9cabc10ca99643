"""Sphinx's search finds entries by their ID and names their kind ("Goal"),
the project's own kinds included; objects.inv types entries by kind."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from .corpus import build, decoded_inventory, warning_lines


def search_index(outdir: Path) -> dict[str, Any]:
    """The data of ``searchindex.js`` (``Search.setIndex({...})``)."""
    text = (outdir / "searchindex.js").read_text("utf-8")
    found = re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S)
    assert found, text[:80]
    data: dict[str, Any] = json.loads(found[1])
    return data


def design_objects(index: dict[str, Any]) -> dict[str, str]:
    """Name -> the name search results give its type, for every design entry.

    Each is shown and linked by its name: its anchor is the name (``""``)."""
    names = {
        int(i): name for i, (domain, _, name) in index["objnames"].items() if domain == "design"
    }
    found = {}
    for prefix, entries in index["objects"].items():
        for _, type_index, priority, anchor, name in entries:
            if type_index in names:
                assert (prefix, anchor, priority) == ("", "", 1), (prefix, name, anchor)
                found[name] = names[type_index]
    return found


def test_search_results_name_the_kind(rootdir: Path, tmp_path: Path) -> None:
    srcdir = tmp_path / "user-kinds"
    shutil.copytree(rootdir / "test-user-kinds", srcdir)
    app = build("html", srcdir)
    assert warning_lines(app.warning.getvalue()) == []
    index = search_index(Path(app.outdir))
    found = design_objects(index)
    assert found["CT-build-api"] == "Contract"  # a kind of the project's own
    assert found["CT-events-stream"] == "Contract"
    assert set(found.values()) == {"Contract", "Component"}, found
    objtypes = {value for value in index["objtypes"].values() if value.startswith("design:")}
    assert objtypes == {"design:contract", "design:component"}
    lines = decoded_inventory(Path(app.outdir) / "objects.inv")
    assert any(line.startswith("CT-build-api design:contract 1 ") for line in lines), lines


def test_search_finds_builtin_kinds_by_id(rootdir: Path, tmp_path: Path) -> None:
    srcdir = tmp_path / "entries"
    shutil.copytree(rootdir / "test-entries-rst", srcdir)
    app = build("html", srcdir)
    found = design_objects(search_index(Path(app.outdir)))
    assert found["G-fast"] == "Goal"
    assert found["R-poison"] == "Risk"
    assert found["DOC-build-pipeline-redesign"] == "Design document"
    assert "design entry" not in found.values()
