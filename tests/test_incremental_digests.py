"""After an edit, the page digests are recomputed only for the pages the edit
can change (``extension/changes.py``), and are exactly what recomputing every
page gives: each case edits the generated corpus, builds again, and compares
the digests the build kept with :func:`freshness.page_digests` of every page.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core import compliance
from sphinxcontrib_designdoc.export.format import dumps
from sphinxcontrib_designdoc.extension import export_lines, freshness
from sphinxcontrib_designdoc.extension.builder import export_target_uri
from sphinxcontrib_designdoc.extension.domain import get_domain
from sphinxcontrib_designdoc.extension.export import export_data
from sphinxcontrib_designdoc.extension.freshness import page_digests
from sphinxcontrib_designdoc.extension.quality import compliance_by_component
from sphinxcontrib_designdoc.extension.reports import compute

from .corpus import write_corpus

N = 24
EXTRA_GATE = """
.. quality-gate:: Cross-document gate
   :id: QG-cross
   :check: review
   :status: passing
   :applies-to: C-04
"""
TARGET = "   :quality: prototype\n"
#: As the new text of an edit: the block of options that starts with the old
#: text goes into an ``only`` directive false for every builder.
ONLY = "(only)"

#: name -> (edits before the first build, edits before the second): each edit
#: is (file, old text, new text); new text None removes the file.
CASES: dict[str, tuple[list[tuple[str, str, str | None]], list[tuple[str, str, str | None]]]] = {
    "a status no link shows": ([], [("doc03.md", ":status: in-progress", ":status: done")]),
    "a title that links show": ([], [("doc02.rst", "Component 2", "Component two")]),
    "a title gets markup": ([], [("doc02.rst", "Component 2", "Component ``2``")]),
    "a link added": ([], [("doc06.rst", ":affects: G-05", ":affects: G-05, C-09")]),
    "a link removed": ([], [("doc06.rst", ":affects: G-05", ":affects: G-03")]),
    "a gate in another document fails": (
        [
            ("doc04.rst", TARGET, TARGET + "   :target-quality: production\n"),
            ("doc08.rst", "", EXTRA_GATE),
        ],
        [
            (
                "doc08.rst",
                ":status: passing\n   :applies-to: C-04",
                ":status: failing\n   :applies-to: C-04",
            )
        ],
    ),
    "a document superseded": ([], [("doc06.rst", ":status: draft", ":status: superseded")]),
    "a duplicate ID goes": ([], [("doc05.md", ":id: G-04\n", ":id: G-05b\n")]),
    "an entry added with a role pointing at it": (
        [],
        [("doc10.rst", "", "\n.. design-goal:: New goal\n   :id: MISSING-10\n")],
    ),
    "a document removed": ([], [("doc07.md", "", None)]),
    "a document retitled": (
        [],
        [("doc04.rst", "Document 4\n==========", "Document four\n=============")],
    ),
    "an entry leaves the build (only)": (
        [],
        [("doc08.rst", ".. design-component:: Component 8", ONLY)],
    ),
}
#: Cases that recompute every page: a document's entries become marked.
FULL = {"a document superseded"}
#: Reports that show some kinds or some entries only, on the root page (the
#: corpus has an index and a summary of every entry).
REPORTS = """
.. design-index::
   :kinds: risk
   :filter: status=open

.. design-index::
   :kinds: component
   :columns: id, title, verdict

.. design-questions::

.. design-matrix::
   :rows: goal
   :columns: component

.. design-roadmap::

.. design-matrix::
   :rows: goal
   :columns: component
   :filter: status!=done
   :group-by: document
"""
#: Case -> the reports of the root page (by position: the index and summary of
#: every entry, then those of REPORTS) whose content the edit cannot change,
#: computed in the first build only.
KEPT = {
    # a component's status: shown by the component index and the summary, and
    # read by the verdict column (gates are read from the whole project) and
    # by the filter of the second matrix; the first matrix shows the
    # component's ID, title and links only
    "a status no link shows": {2, 4, 5, 6},
}


def _edit(srcdir: Path, edits: list[tuple[str, str, str | None]], when: float) -> None:
    for name, old, new in edits:
        path = srcdir / name
        if new is None:
            path.unlink()
            continue
        text = path.read_text("utf-8")
        if new == ONLY:
            start = text.index(old)
            end = text.index("\n\n", start) + 1
            block = "".join(f"   {line}" for line in text[start:end].splitlines(True))
            text = f"{text[:start]}.. only:: never\n\n{block}{text[end:]}"
        elif old:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        else:
            text += new
        path.write_text(text, "utf-8")
        # a different modification time whatever the file system's resolution
        os.utime(path, (when, when))


def _build(srcdir: Path) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=False)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture
def affected(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The pages each build found affected by what it read (none: it
    recomputed every page)."""
    found: list[set[str]] = []
    original = freshness.affected_pages

    def spy(*args: Any) -> set[str]:
        found.append(original(*args))
        return found[-1]

    monkeypatch.setattr(freshness, "affected_pages", spy)
    return found


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The queries of the reports whose content's digest was computed, in order."""
    found: list[Any] = []
    original = compute._digest

    def spy(env: Any, query: Any, keep: bool = True) -> Any:
        found.append(query)
        return original(env, query, keep)

    monkeypatch.setattr(compute, "_digest", spy)
    return found


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents whose records the export encoded (the others were kept)."""
    found: list[str] = []
    original = export_lines.KeptLines.lines

    def spy(self: Any, docname: str, encode: Any) -> Any:
        def counted() -> Any:
            found.append(docname)
            return encode()

        return original(self, docname, counted)

    monkeypatch.setattr(export_lines.KeptLines, "lines", spy)
    return found


def _forget_what_was_kept(app: SphinxTestApp) -> None:
    """Make what is computed from the project anew, keeping nothing an
    earlier build made (compliance, rows of reports)."""
    domain = get_domain(app.env)
    domain._derived = None
    domain.build.generations_current = False


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents of the components whose compliance was judged."""
    found: list[str] = []
    original = compliance._Project.compliance

    def spy(self: Any, component: Any) -> Any:
        found.append(component.docname)
        return original(self, component)

    monkeypatch.setattr(compliance._Project, "compliance", spy)
    return found


@pytest.mark.parametrize("case", list(CASES))
def test_kept_digests_equal_recomputed_ones(
    tmp_path: Path,
    affected: list[set[str]],
    computed: list[Any],
    encoded: list[str],
    judged: list[str],
    case: str,
) -> None:
    before, edit = CASES[case]
    srcdir = tmp_path / "src"
    write_corpus(srcdir, N, mtime=time.time() - 100)
    _edit(srcdir, [*before, ("index.rst", "", REPORTS)], time.time() - 50)
    first = _build(srcdir)
    assert get_domain(first.env).data["rendered"] == page_digests(first.env)
    assert affected == []  # a first build computes every page
    with_entries = set(get_domain(first.env).index.by_doc)
    assert set(encoded) == with_entries  # the first export encodes every record
    _edit(srcdir, edit, time.time())
    computed.clear()
    encoded.clear()
    judged.clear()
    again = _build(srcdir)
    judged_again = set(judged)
    recomputed = set(computed)
    kept_reports = dict(get_domain(again.env).report_digests)
    kept_digests = get_domain(again.env).data["rendered"]
    kept_compliance = compliance_by_component(again.env)
    _forget_what_was_kept(again)
    assert compliance_by_component(again.env) == kept_compliance
    assert kept_digests == page_digests(again.env)
    assert kept_reports == get_domain(again.env).report_digests
    # the export, with the records of unchanged documents kept, is what
    # encoding every record gives
    written = (Path(again.outdir) / "designdoc.json").read_text("utf-8")
    assert written == dumps(export_data(again.env, export_target_uri(again.builder)))
    if case in KEPT:
        specs = get_domain(again.env).data["reports"]["index"]
        kept = {i for i, spec in enumerate(specs) if spec.query not in recomputed}
        assert kept == KEPT[case]
    if case in FULL:
        assert affected == [], "an edit that changes every page's marks recomputes all"
        return
    # what each edit recomputed: the edited page, and the pages it shows on
    assert affected, "the digests were recomputed in full"
    assert len(affected[0]) < N / 2, affected
    edited = {name.rpartition(".")[0] for name, _, _ in edit}
    assert edited <= affected[0]
    # the export encodes the records of the affected pages only, and their
    # components only are judged again
    assert set(encoded) == affected[0] & set(get_domain(again.env).index.by_doc)
    assert judged_again <= affected[0]


def test_the_title_of_a_linked_entry_reaches_the_pages_linking_to_it(
    tmp_path: Path, affected: list[set[str]]
) -> None:
    """C-02 is linked from other documents: they are recomputed, others not."""
    srcdir = tmp_path / "src"
    write_corpus(srcdir, N, mtime=time.time() - 100)
    first = _build(srcdir)
    linking = {b.source.docname for b in get_domain(first.env).index.backlinks["C-02"]}
    assert linking - {"doc02"}
    _edit(srcdir, CASES["a title that links show"][1], time.time())
    _build(srcdir)
    assert linking | {"doc02"} <= affected[0]


def test_a_damaged_file_of_kept_records_is_encoded_again(
    tmp_path: Path, affected: list[set[str]], encoded: list[str]
) -> None:
    """The export's records are kept in several files by document: the
    documents of a damaged file are encoded again, the others kept, and the
    export is what encoding every record gives.  The single files that
    earlier versions kept the records and the reports' HTML in are removed."""
    srcdir = tmp_path / "src"
    write_corpus(srcdir, N, mtime=time.time() - 100)
    _edit(srcdir, [("index.rst", "", REPORTS)], time.time() - 50)
    first = _build(srcdir)
    doctrees = Path(first.doctreedir)
    documents = set(get_domain(first.env).index.by_doc)
    damaged = export_lines._file_of("doc05")
    in_damaged = {d for d in documents if export_lines._file_of(d) == damaged}
    (doctrees / "designdoc-export-html" / f"{damaged}.pickle").write_bytes(b"\x80\x05garbage")
    legacy = [doctrees / "designdoc-export-html.pickle", doctrees / "designdoc-reports-html.pickle"]
    for path in legacy:
        path.write_bytes(b"left by an earlier version")
    _edit(srcdir, CASES["a status no link shows"][1], time.time())
    encoded.clear()
    again = _build(srcdir)
    assert "doc05" in in_damaged
    assert len(in_damaged) < len(documents)
    assert set(encoded) == (affected[0] & documents) | in_damaged
    written = (Path(again.outdir) / "designdoc.json").read_text("utf-8")
    assert written == dumps(export_data(again.env, export_target_uri(again.builder)))
    assert not any(path.exists() for path in legacy)
