"""A parallel build writes exactly what a serial build writes.

The project is large enough for Sphinx to split the reading (and the HTML
writing) into chunks handled by worker processes: 36 linked documents, RST and
MyST alternating, every kind, links and ``design:ref`` and ``any`` roles
across documents, reports of all entries, and some entries that warn.  Each
build records the process IDs that read sources and wrote pages, which proves
the parallel build really used workers.

What parallel readers collect is merged into the main environment; data that
only incremental builds use (which pages show which entries) is checked by
rebuilding a parallel build's environment after an edit.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp
from sphinx.util.parallel import parallel_available

from .corpus import (
    PageDates,
    assert_same_files,
    corpus_document,
    decoded_inventory,
    files,
    plain,
    warning_lines,
    write,
    write_corpus,
)

DOCUMENTS = 36
HOUR = 3600.0


def _build(
    srcdir: Path, builddir: Path, parallel: int
) -> tuple[SphinxTestApp, dict[str, set[int]]]:
    pids: dict[str, set[int]] = {"read": set(), "write": set()}
    log = builddir / "pids.log"
    builddir.mkdir(parents=True, exist_ok=True)
    log.write_text("", encoding="utf-8")

    # Workers are forked processes: they report through a file, not memory.
    def record(phase: str) -> None:
        with log.open("a", encoding="utf-8") as stream:
            stream.write(f"{phase} {os.getpid()}\n")

    def on_read(*args: Any) -> None:
        record("read")

    def on_page(*args: Any) -> None:
        record("write")

    app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir, parallel=parallel)
    app.connect("source-read", on_read)
    app.connect("html-page-context", on_page)
    try:
        app.build()
    finally:
        app.cleanup()
    for line in log.read_text(encoding="utf-8").splitlines():
        phase, pid = line.split()
        pids[phase].add(int(pid))
    return app, pids


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    assert parallel_available, "this platform cannot build in parallel"
    srcdir = tmp_path / "src"
    write_corpus(srcdir, DOCUMENTS)

    serial, serial_pids = _build(srcdir, tmp_path / "serial", parallel=1)
    parallel, parallel_pids = _build(srcdir, tmp_path / "parallel", parallel=2)

    # the parallel build really read and wrote in worker processes
    main = os.getpid()
    assert parallel.parallel == 2
    assert parallel_pids["read"] - {main}, "no source was read by a worker process"
    assert parallel_pids["write"] - {main}, "no page was written by a worker process"
    assert serial_pids == {"read": {main}, "write": {main}}
    assert "build succeeded" in plain(parallel.status.getvalue())

    serial_out, parallel_out = Path(serial.outdir), Path(parallel.outdir)
    pages = files(serial_out, ".html")
    assert len(pages) >= DOCUMENTS + 1  # every document, the index and generated pages
    assert_same_files(pages, files(parallel_out, ".html"))
    assert (serial_out / "objects.inv").read_bytes() == (parallel_out / "objects.inv").read_bytes()
    inventory = decoded_inventory(serial_out / "objects.inv")
    assert "C-07 design:component 1 doc07.html#$ -" in inventory
    assert "C-07 design:component 1 doc07.html#$ -" in inventory

    serial_warnings = warning_lines(serial.warning.getvalue())
    assert serial_warnings == warning_lines(parallel.warning.getvalue())
    # the project's deliberate problems are all reported, located and typed
    subtypes = set(re.findall(r"\[designdoc\.(\w+)\]$", "\n".join(serial_warnings), re.MULTILINE))
    assert {"unknown_ref", "link_kind", "invalid_value", "duplicate_id"} <= subtypes
    assert all(
        re.match(rf"{re.escape(str(srcdir))}/doc\d\d\.(rst|md):\d+: ", w) for w in serial_warnings
    )


def test_parallel_environment_serves_incremental_builds(tmp_path: Path) -> None:
    """The per-document data merged from parallel readers keeps later builds fresh.

    ``NG-10``'s title shows only in the tooltips of a ``design:ref`` role in
    ``doc09`` and of an ``any`` role in ``doc08`` (and in the reports of the
    index): no link field names a non-goal.  After its title changes, those
    pages are rewritten only if the parallel readers' record of the roles
    reached the main environment.
    """
    srcdir = tmp_path / "src"
    write_corpus(srcdir, DOCUMENTS, mtime=time.time() - HOUR)
    _build(srcdir, tmp_path / "parallel", parallel=2)

    name, text = corpus_document(10, DOCUMENTS, with_problems=True)
    assert "Non-goal 10\n" in text
    write(srcdir / name, text.replace("Non-goal 10\n", "Non-goal ten\n"), mtime=time.time() + 10)
    dates = PageDates(tmp_path / "parallel" / "html")
    rebuilt, pids = _build(srcdir, tmp_path / "parallel", parallel=2)
    assert pids["read"] - {os.getpid()}
    # (the status lines of a parallel write name chunks, not pages: use the dates)
    rewritten = dates.rewritten() - {"genindex", "search"}
    # index: its reports show every entry (and it is doc10's toctree parent);
    # every fifth document has a design:ref to a missing entry, and its page is
    # rewritten by every build so that the reference is reported every time
    dangling = {f"doc{i:02d}" for i in range(0, DOCUMENTS, 5)}
    assert rewritten == {"doc08", "doc09", "doc10", "index"} | dangling

    fresh, _ = _build(srcdir, tmp_path / "fresh", parallel=1)
    assert_same_files(files(Path(fresh.outdir), ".html"), files(Path(rebuilt.outdir), ".html"))
    out = Path(rebuilt.outdir)
    for page in ("doc08", "doc09"):
        html = (out / f"{page}.html").read_text(encoding="utf-8")
        assert 'href="doc10.html#NG-10" title="Non-goal ten"' in html
