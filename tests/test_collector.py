"""The garbage collector during a build (``extension/collector.py``): paused
while the environment loads, the loaded environment out of its reach during
the build, and everything as it was after it, except in the ``sphinx-build``
command's own process, which exits."""

from __future__ import annotations

import gc
import pickle
import sys
import time
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.extension.collector import (
    FULL_COLLECTION_FACTOR,
    SETTLE_SHARE,
    SETTLED_FACTOR,
    exits_after_build,
    pause,
)

from .conftest import copy_root
from .corpus import write_corpus


def _build(srcdir: Path, seen: list[int], thresholds: list[Any] | None = None) -> None:
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=False)
    app.connect("env-updated", lambda *args: seen.append(gc.get_freeze_count()))
    if thresholds is not None:
        app.connect("env-updated", lambda *args: thresholds.append(gc.get_threshold()))
    try:
        app.build()
    finally:
        app.cleanup()


def test_the_environment_is_frozen_while_building_and_thawed_after(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "reports")
    seen: list[int] = []
    before = gc.get_threshold()
    during: list[Any] = []
    _build(srcdir, seen, during)
    assert gc.get_freeze_count() == 0
    (srcdir / "design.rst").write_text((srcdir / "design.rst").read_text() + "\nMore.\n")
    _build(srcdir, seen, during)
    # the second build loaded the environment of the first: it was frozen
    assert seen[-1] > 1000, seen
    # full collections waited longer during the incremental build only, and
    # no longer after it
    assert during == [before, (before[0], before[1], before[2] * FULL_COLLECTION_FACTOR)]
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
    assert gc.isenabled()


def _note_freeze_count(counts: list[int]) -> list[str]:
    counts.append(gc.get_freeze_count())
    return []


def test_an_edit_freezes_the_entries_it_loads_once_it_has_read(tmp_path: Path) -> None:
    """An incremental build that read one document in ten or fewer loads the
    entries of the others (for its link index) and freezes them; one that
    read more, or nothing, does not."""
    srcdir = tmp_path / "src"
    documents = write_corpus(srcdir, 2 * SETTLE_SHARE, mtime=time.time() - 100)[2:]
    before: list[int] = []  # freeze counts before and after the collector settles
    after: list[int] = []

    def build(thresholds: list[tuple[int, int, int]] | None = None) -> None:
        app = SphinxTestApp("html", srcdir=srcdir, freshenv=False)
        if thresholds is not None:
            app.connect("doctree-resolved", lambda *a: thresholds.append(gc.get_threshold()))
        # before and after the collector settles (priority 400)
        app.connect("env-get-updated", lambda *a: _note_freeze_count(before), 300)
        app.connect("env-get-updated", lambda *a: _note_freeze_count(after), 450)
        try:
            app.build()
        finally:
            app.cleanup()

    def touch(paths: list[Path]) -> None:
        for path in paths:
            path.write_text(path.read_text("utf-8") + "\nMore.\n", "utf-8")

    defaults = gc.get_threshold()
    build()
    touch(documents[3:4])
    thresholds: list[tuple[int, int, int]] = []
    build(thresholds)
    # the entries loaded, and what else was made, frozen; full collections
    # wait longer still
    assert after[-1] > before[-1] > 0
    assert set(thresholds) == {(defaults[0], defaults[1], defaults[2] * SETTLED_FACTOR)}
    build()  # nothing read
    assert after[-1] == before[-1]
    touch(documents[:3])
    build()  # more than one document in ten read
    assert after[-1] == before[-1]
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == defaults


def test_the_collector_is_paused_while_the_environment_loads(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "reports")
    _build(srcdir, [])
    enabled: list[bool] = []
    real_load = pickle.load

    def load(*args: Any, **kwargs: Any) -> Any:
        enabled.append(gc.isenabled())
        return real_load(*args, **kwargs)

    with patch("pickle.load", load):
        app = SphinxTestApp("html", srcdir=srcdir, freshenv=False)
    app.cleanup()
    assert enabled == [False]  # the environment was loaded with the collector paused
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_start_that_failed_is_undone_by_the_next_app(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "reports")
    # as if an application's start failed after the pause, before the builder
    pause(None, None)  # type: ignore[arg-type]
    assert not gc.isenabled()
    app = SphinxTestApp("html", srcdir=srcdir)
    app.cleanup()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_the_command_keeps_its_objects_frozen_as_it_exits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir = copy_root(tmp_path, "reports")
    monkeypatch.setattr(sys, "argv", ["/usr/bin/sphinx-build", "-b", "html"])
    assert exits_after_build()
    before = gc.get_threshold()
    try:
        _build(srcdir, [])
        assert gc.get_freeze_count() > 1000
        assert gc.get_threshold() == before
    finally:
        gc.unfreeze()


def test_what_runs_the_command() -> None:
    assert not exits_after_build()  # pytest
    with patch.object(sys, "argv", ["/venv/bin/sphinx-build"]):
        assert exits_after_build()
    with patch.object(sys, "argv", ["/venv/bin/sphinx-autobuild"]):
        assert not exits_after_build()


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
    assert gc.isenabled()
