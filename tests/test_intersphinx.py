"""``design:ref`` reaches entries of another project through intersphinx.

Project A is built; its objects.inv lists every entry once, as its kind
(``design:goal``, shown as its ID), one of them a kind project B does not
have.  Project B refers to A's entries with plain ``design:ref`` roles and maps
``a`` to A's inventory as a local file with a public base URL.
"""

from __future__ import annotations

import re
import shutil
import zlib
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from .corpus import build, decoded_inventory, warning_lines

BASE = "https://a.example.org/"


@pytest.fixture
def inventory_a(rootdir: Path, tmp_path: Path) -> Path:
    srcdir = tmp_path / "a"
    shutil.copytree(rootdir / "test-intersphinx-a", srcdir)
    app = build("html", srcdir)
    assert warning_lines(app.warning.getvalue()) == []
    return Path(app.outdir) / "objects.inv"


def build_b(rootdir: Path, tmp_path: Path, **overrides: Any) -> SphinxTestApp:
    srcdir = tmp_path / "b"
    shutil.copytree(rootdir / "test-intersphinx-b", srcdir)
    return build("html", srcdir, confoverrides=overrides)


def test_inventory_lists_entries(inventory_a: Path) -> None:
    lines = decoded_inventory(inventory_a)
    design = [line for line in lines if " design:" in line]
    assert sorted(design) == [
        "C-STORE design:component 1 architecture.html#$ -",
        "CT-WIRE design:contract 1 architecture.html#$ -",
        "D-MEMORY design:decision 1 plans.html#$ -",
        "G-FAST design:goal 1 index.html#$ -",
    ]


#: The titles of project A's entries, as inventories of earlier versions listed them.
TITLES = {
    "C-STORE": "Shared link store",
    "CT-WIRE": "Wire format",
    "D-MEMORY": "Keep the store in memory",
    "G-FAST": "Answers arrive fast",
}


def as_earlier_versions_wrote_it(inventory: Path, out: Path) -> Path:
    """A copy of ``inventory`` whose entries are listed as earlier versions
    listed them: under ``design:entry``, with their titles."""
    lines = decoded_inventory(inventory)
    header, body = lines[:4], lines[4:]
    rewritten = []
    for line in body:
        name, type_, _, uri, _ = line.split(" ", 4)
        if type_.startswith("design:"):
            line = f"{name} design:entry -1 {uri} {TITLES[name]}"
        rewritten.append(line)
    data = "\n".join(header).encode() + b"\n"
    data += zlib.compress("".join(f"{line}\n" for line in rewritten).encode())
    out.write_bytes(data)
    return out


def external(html: str, url: str) -> str:
    """The text of the external link to ``url`` (it must exist)."""
    link = rf'<a class="reference external" href="{re.escape(url)}"[^>]*>(.*?)</a>'
    found = re.search(link, html)
    assert found, f"no link to {url}"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_design_ref_resolves_in_an_inventory_of_earlier_versions(
    rootdir: Path, tmp_path: Path, inventory_a: Path
) -> None:
    """Such an inventory resolves, and its titles show."""
    inventory = as_earlier_versions_wrote_it(inventory_a, tmp_path / "objects.inv")
    app = build_b(rootdir, tmp_path, intersphinx_mapping={"a": (BASE, str(inventory))})
    assert warning_lines(app.warning.getvalue()) == []
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert external(index, f"{BASE}architecture.html#C-STORE") == "Shared link store"
    assert external(index, f"{BASE}architecture.html#CT-WIRE") == "Wire format"
    assert external(index, f"{BASE}index.html#G-FAST") == "the goal"


def test_design_ref_resolves_to_other_project(
    rootdir: Path, tmp_path: Path, inventory_a: Path
) -> None:
    app = build_b(rootdir, tmp_path, intersphinx_mapping={"a": (BASE, str(inventory_a))})
    assert warning_lines(app.warning.getvalue()) == []
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    usage = (Path(app.outdir) / "usage.html").read_text(encoding="utf-8")
    # as a link to one of the project's own entries: the ID, or the text given
    assert external(index, f"{BASE}architecture.html#C-STORE") == "C-STORE"
    assert external(index, f"{BASE}index.html#G-FAST") == "the goal"
    assert external(usage, f"{BASE}plans.html#D-MEMORY") == "D-MEMORY"
    # a kind project B does not have
    assert external(index, f"{BASE}architecture.html#CT-WIRE") == "CT-WIRE"
    # the project's own entries still resolve locally
    assert 'href="#C-CLIENT"' in index
    assert 'href="index.html#C-CLIENT"' in usage


def test_without_inventory_the_refs_warn(rootdir: Path, tmp_path: Path) -> None:
    app = build_b(rootdir, tmp_path)
    warnings = warning_lines(app.warning.getvalue())
    assert len(warnings) == 4
    for target in ("C-STORE", "G-FAST", "D-MEMORY", "CT-WIRE"):
        assert any(
            f"design:ref names unknown entry '{target}' [designdoc.unknown_ref]" in w
            for w in warnings
        )
    assert "a.example.org" not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
