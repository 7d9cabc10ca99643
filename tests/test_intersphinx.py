"""``design:ref`` reaches entries of another project through intersphinx.

Project A is built; its objects.inv lists every entry twice: as its kind
(``design:goal``, shown as its ID) and as ``design:entry`` with its title.
Project B refers to A's entries with plain ``design:ref`` roles and maps ``a``
to A's inventory as a local file with a public base URL.
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
    assert "G-FAST design:goal 1 index.html#$ -" in lines
    assert "G-FAST design:entry -1 index.html#$ Answers arrive fast" in lines
    assert "C-STORE design:component 1 architecture.html#$ -" in lines
    assert "C-STORE design:entry -1 architecture.html#$ Shared link store" in lines
    assert "D-MEMORY design:decision 1 plans.html#$ -" in lines
    assert "D-MEMORY design:entry -1 plans.html#$ Keep the store in memory" in lines


def rewritten(inventory: Path, out: Path, keep: str) -> Path:
    """A copy of ``inventory`` with the design objects of one type only:
    ``entry`` (as written before entries had their kind as type) or
    ``kind`` (types project B may not have)."""
    lines = decoded_inventory(inventory)
    header, body = lines[:4], lines[4:]
    design = [line for line in body if " design:" in line]
    kept = [line for line in design if (" design:entry " in line) == (keep == "entry")]
    assert kept
    assert len(kept) < len(design)
    others = [line for line in body if " design:" not in line]
    data = "\n".join(header).encode() + b"\n"
    data += zlib.compress("".join(f"{line}\n" for line in [*others, *kept]).encode())
    out.write_bytes(data)
    return out


@pytest.mark.parametrize("keep", ["entry", "kind"])
def test_design_ref_resolves_with_either_type(
    rootdir: Path, tmp_path: Path, inventory_a: Path, keep: str
) -> None:
    """An inventory of an earlier version (``design:entry`` only) resolves, and
    so do entries listed only under their kind."""
    inventory = rewritten(inventory_a, tmp_path / "objects.inv", keep)
    app = build_b(rootdir, tmp_path, intersphinx_mapping={"a": (BASE, str(inventory))})
    assert warning_lines(app.warning.getvalue()) == []
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert f'href="{BASE}architecture.html#C-STORE"' in index
    assert f'href="{BASE}index.html#G-FAST"' in index


def test_design_ref_resolves_to_other_project(
    rootdir: Path, tmp_path: Path, inventory_a: Path
) -> None:
    app = build_b(rootdir, tmp_path, intersphinx_mapping={"a": (BASE, str(inventory_a))})
    assert warning_lines(app.warning.getvalue()) == []
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    usage = (Path(app.outdir) / "usage.html").read_text(encoding="utf-8")

    def external(html: str, url: str) -> str:
        """The text of the external link to ``url`` (it must exist)."""
        found = re.search(
            rf'<a class="reference external" href="{re.escape(url)}"[^>]*>(.*?)</a>', html
        )
        assert found, f"no link to {url}"
        return re.sub(r"<[^>]+>", "", found.group(1))

    # without an explicit title, the link shows the entry's title from the inventory
    assert external(index, f"{BASE}architecture.html#C-STORE") == "Shared link store"
    assert external(index, f"{BASE}index.html#G-FAST") == "the goal"
    assert external(usage, f"{BASE}plans.html#D-MEMORY") == "Keep the store in memory"
    # the project's own entries still resolve locally
    assert 'href="#C-CLIENT"' in index
    assert 'href="index.html#C-CLIENT"' in usage


def test_without_inventory_the_refs_warn(rootdir: Path, tmp_path: Path) -> None:
    app = build_b(rootdir, tmp_path)
    warnings = warning_lines(app.warning.getvalue())
    assert len(warnings) == 3
    for target in ("C-STORE", "G-FAST", "D-MEMORY"):
        assert any(
            f"design:ref names unknown entry '{target}' [designdoc.unknown_ref]" in w
            for w in warnings
        )
    assert "a.example.org" not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
