"""Each document's entries stay pickled until a build reads them
(``extension/pickled.py``)."""

from __future__ import annotations

import multiprocessing
import pickle
import zlib
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.model import Entry
from sphinxcontrib_designdoc.extension.domain import get_domain
from sphinxcontrib_designdoc.extension.pickled import PickledByDocument

from .conftest import copy_root


def _entry(docname: str, serial: int) -> Entry:
    return Entry(f"G-{docname}-{serial}", "goal", "A goal", docname, 10 + serial, serial=serial)


def _store() -> PickledByDocument[Entry]:
    store: PickledByDocument[Entry] = PickledByDocument()
    for docname in ("a", "b", "c"):
        for serial in range(3):
            store.append(docname, _entry(docname, serial))
    return store


def test_entries_stay_pickled_until_read() -> None:
    store = pickle.loads(pickle.dumps(_store()))
    assert store.loaded() == 0
    assert sorted(store) == ["a", "b", "c"]
    assert len(store) == 3
    assert "b" in store
    assert "d" not in store
    assert store["b"] == [_entry("b", serial) for serial in range(3)]
    assert store.loaded() == 1
    assert store.get("d") is None
    assert dict(store) == dict(_store())


def test_saving_reuses_the_bytes_of_what_did_not_change() -> None:
    saved = pickle.loads(pickle.dumps(_store()))
    before = saved.__reduce__()[1][0]
    saved["a"]  # read, not changed
    saved.replace("b", 1, _entry("b", 9))
    saved.append("c", _entry("c", 3))
    after = saved.__reduce__()[1][0]
    assert after["a"] is before["a"]
    assert after["b"] != before["b"]
    assert after["c"] != before["c"]
    again = pickle.loads(pickle.dumps(saved))
    assert again["b"][1] == _entry("b", 9)
    assert len(again["c"]) == 4


def test_a_worker_sends_what_it_read_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    saved = pickle.loads(pickle.dumps(_store()))
    saved.append("d", _entry("d", 0))
    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    state = saved.__reduce__()[1][0]
    assert isinstance(state["a"], bytes)  # as loaded: still bytes
    assert state["d"] == [_entry("d", 0)]
    merged = pickle.loads(pickle.dumps(saved))
    assert merged.loaded() == 1  # "d", as sent
    assert dict(merged) == {**dict(_store()), "d": [_entry("d", 0)]}


def test_a_document_removed_is_gone_whether_read_or_not() -> None:
    store = pickle.loads(pickle.dumps(_store()))
    store["a"]
    del store["a"]
    del store["b"]
    assert sorted(store) == ["c"]
    assert pickle.loads(pickle.dumps(store)).keys() == {"c"}
    with pytest.raises(KeyError):
        del store["a"]
    assert store.pop("a", None) is None


def test_a_build_that_reads_nothing_loads_no_entry(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "reports")
    written = []
    for _ in range(2):  # a full build, then one that reads nothing
        app = SphinxTestApp("html", srcdir=srcdir, freshenv=False)
        try:
            app.build()
            entries = get_domain(app.env).entries
            assert len(entries) > 1
        finally:
            app.cleanup()
        outdir = Path(app.outdir)
        written.append([(outdir / name).read_bytes() for name in ("objects.inv", "searchindex.js")])
    assert entries.loaded() == 0
    # the inventory and the search index (which Sphinx 9 writes again) list the
    # same entries without them
    assert written[1] == written[0]
    assert b"G-" in zlib.decompress(written[1][0].split(b"\n", 4)[4])
    # an edit reads the entries of every document (the reports show them)
    design = srcdir / "design.rst"
    design.write_text(design.read_text() + "\nMore.\n")
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=False)
    try:
        app.build()
        entries = get_domain(app.env).entries
        assert entries.loaded() == len(entries)
    finally:
        app.cleanup()
