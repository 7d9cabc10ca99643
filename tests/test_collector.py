"""The loaded environment is out of the garbage collector's reach during a
build, and nothing stays frozen after it (``extension/collector.py``)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

from .conftest import copy_root


def _build(srcdir: Path, seen: list[int]) -> None:
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=False)
    app.connect("env-updated", lambda *args: seen.append(gc.get_freeze_count()))
    try:
        app.build()
    finally:
        app.cleanup()


def test_the_environment_is_frozen_while_building_and_thawed_after(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "reports")
    seen: list[int] = []
    _build(srcdir, seen)
    assert gc.get_freeze_count() == 0
    (srcdir / "design.rst").write_text((srcdir / "design.rst").read_text() + "\nMore.\n")
    _build(srcdir, seen)
    # the second build loaded the environment of the first: it was frozen
    assert seen[-1] > 1000, seen
    assert gc.get_freeze_count() == 0


def test_a_host_that_froze_objects_is_left_as_it_is(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "reports")
    held: list[Any] = [object() for _ in range(10)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen >= len(held)
        seen: list[int] = []
        _build(srcdir, seen)
        # nothing more was frozen (objects freed since count no longer), and
        # the host's objects are still frozen after the build
        assert len(seen) == 1
        assert 0 < seen[0] <= frozen
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_an_app_never_built_freezes_nothing(tmp_path: Path) -> None:
    app = SphinxTestApp("html", srcdir=copy_root(tmp_path, "reports"))
    app.cleanup()
    assert gc.get_freeze_count() == 0
