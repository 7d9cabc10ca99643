"""Incremental builds give the same result as fresh builds of the same sources.

One project is built, then changed four times (an entry edited, a document
deleted, a document added, an entry moved to another document); after each
change it is rebuilt incrementally (same output and doctree directories) and,
for comparison, from scratch into another directory.  Every HTML page,
objects.inv and the warnings must be the same.  The pages that show data of the
changed document (through link fields, backlinks, ``design:ref`` and ``any``
roles, reports) must be rewritten even when they are not its toctree parent and
were not edited themselves, and a page that shows nothing of it must not be
rewritten.

Sphinx decides what to re-read and rewrite from file modification times, so
the test sets them explicitly: every source is dated an hour back before each
change, and the changed file a few seconds into the future.  Before each
incremental build the output pages are dated an hour into the future
(:class:`~tests.corpus.PageDates`): no page is then rewritten because of its
date alone, only because the environment says so, which is what is tested; a
rewritten page is recognised by its changed modification time, which must
agree with the builder's status lines.

The documents that are deleted and added are orphans (outside every toctree):
adding or removing a toctree member changes the navigation (sidebar tree,
previous/next links) of other pages, which Sphinx itself does not rewrite on an
incremental build; that is Sphinx's behaviour for every project and not what
this test is about.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .corpus import (
    CONF,
    Entry,
    PageDates,
    assert_same_files,
    build,
    decoded_inventory,
    document,
    files,
    plain,
    ref,
    set_mtime,
    warning_lines,
    write,
)

HOUR = 3600.0

INDEX = """\
Incremental project
===================

.. toctree::

   goals
   components
   risks
   decisions
   notes
   glossary
   overview
   untouched
"""

GOALS = document(
    "Goals",
    "rst",
    [
        Entry("goal", "Builds stay fast", {"id": "G-FAST", "status": "accepted"}),
        Entry("goal", "Output is safe", {"id": "G-SAFE", "priority": "should"}),
    ],
)


def components(core_title: str, core_status: str, core_satisfies: str) -> str:
    return document(
        "Components",
        "md",
        [
            Entry(
                "component",
                core_title,
                {"id": "C-CORE", "status": core_status, "satisfies": core_satisfies},
                body="The core.",
            ),
            Entry("component", "User interface", {"id": "C-UI", "depends-on": "C-CORE, C-OLD"}),
        ],
    )


RISKS = document(
    "Risks",
    "rst",
    [
        Entry(
            "risk",
            "Builds get slow",
            {"id": "R-SLOW", "affects": "G-FAST", "mitigated-by": "C-CORE, D-CACHE"},
        ),
        "The old core is " + ref("C-OLD", "rst") + ".",
    ],
)

DECISIONS = document(
    "Decisions",
    "md",
    [Entry("decision", "Cache the link index", {"id": "D-CACHE", "affects": "C-CORE"})],
)

NOTES = document("Notes", "rst", ["We decided: " + ref("D-CACHE", "rst") + "."])

# an ``any`` role resolves to an entry too (and so does a default role of "any")
GLOSSARY = document("Glossary", "md", ["The core is {any}`C-CORE`."])

# reports show every entry of the project: any change must rewrite this page
OVERVIEW = document("Overview", "rst", [".. design-index::", ".. design-summary::"])

UNTOUCHED = document(
    "Untouched",
    "md",
    [
        Entry("goal", "Stand alone", {"id": "G-ALONE"}),
        Entry("non-goal", "Everything else", {"id": "NG-ELSE"}),
    ],
)

LEGACY = document(
    "Legacy",
    "rst",
    [Entry("component", "Old core", {"id": "C-OLD", "status": "deprecated"})],
    orphan=True,
)

EXTRA = document(
    "Extra",
    "md",
    [
        Entry(
            "risk",
            "The interface lags",
            {"id": "R-LAG", "mitigated-by": "C-UI", "affects": "G-SAFE"},
        ),
        Entry("component", "Old core, revived", {"id": "C-OLD", "status": "planned"}),
    ],
    orphan=True,
)

SOURCES = {
    "conf.py": CONF,
    "index.rst": INDEX,
    "goals.rst": GOALS,
    "components.md": components("Core engine", "in-progress", "G-FAST"),
    "risks.rst": RISKS,
    "decisions.md": DECISIONS,
    "notes.rst": NOTES,
    "glossary.md": GLOSSARY,
    "overview.rst": OVERVIEW,
    "untouched.md": UNTOUCHED,
    "legacy.rst": LEGACY,
}

WRITING = re.compile(r"writing output\.\.\. \[\s*\d+%\] (\S+)")


@dataclass
class Build:
    outdir: Path
    warnings: list[str]
    written: set[str]


def html_build(srcdir: Path, builddir: Path, *, fresh: bool) -> Build:
    app = build("html", srcdir, builddir=builddir, freshenv=fresh)
    status = plain(app.status.getvalue())
    assert "build succeeded" in status
    return Build(
        outdir=Path(app.outdir),
        warnings=warning_lines(app.warning.getvalue()),
        written=set(WRITING.findall(status)),
    )


class Project:
    """The sources, one incremental build directory and numbered fresh ones."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.src = root / "src"
        self.fresh_count = 0
        for name, text in SOURCES.items():
            write(self.src / name, text)
        self._age_sources()
        first = html_build(self.src, root / "incremental", fresh=True)
        assert first.warnings == [], first.warnings
        self.outdir = first.outdir

    def _age_sources(self) -> None:
        set_mtime(self.src.rglob("*.*"), time.time() - HOUR)

    def change(self, changes: dict[str, str | None]) -> None:
        """Write (or with ``None`` delete) sources, dated after every build."""
        self._age_sources()
        for name, text in changes.items():
            path = self.src / name
            if text is None:
                path.unlink()
            else:
                write(path, text, mtime=time.time() + 10)

    def rebuild(self) -> Build:
        """Rebuild incrementally; return the build with the pages it rewrote."""
        dates = PageDates(self.outdir)
        result = html_build(self.src, self.root / "incremental", fresh=False)
        # genindex and search are written on every build ("additional pages")
        assert dates.rewritten() - {"genindex", "search"} == result.written
        return result

    def fresh(self) -> Build:
        self.fresh_count += 1
        builddir = self.root / f"fresh-{self.fresh_count}"
        shutil.rmtree(builddir, ignore_errors=True)
        return html_build(self.src, builddir, fresh=True)


def assert_same(incremental: Build, fresh: Build, deleted: tuple[str, ...] = ()) -> None:
    inc_pages = files(incremental.outdir, ".html")
    # Sphinx never removes the output of a deleted document; only that may differ
    for name in deleted:
        assert inc_pages.pop(f"{name}.html", None) is not None
    fresh_pages = files(fresh.outdir, ".html")
    assert_same_files(inc_pages, fresh_pages)
    assert decoded_inventory(incremental.outdir / "objects.inv") == decoded_inventory(
        fresh.outdir / "objects.inv"
    )
    assert incremental.warnings == fresh.warnings


def page(build: Build, name: str) -> str:
    return (build.outdir / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


def test_edit_delete_add_match_fresh_builds(project: Project) -> None:
    # (a) an entry changes its title, its status and one of its links
    project.change({"components.md": components("Core engine v2", "done", "G-SAFE")})
    inc = project.rebuild()
    assert_same(inc, project.fresh())
    # goals shows the backlinks of G-FAST (lost) and G-SAFE (gained); risks,
    # decisions and glossary show the new title; none of them is edited nor a
    # toctree parent of the edited page
    shows_core = {"components", "goals", "risks", "decisions", "glossary", "overview"}
    assert shows_core <= inc.written <= shows_core | {"index"}  # index: the toctree parent
    # notes and untouched show nothing of the edited document
    assert not {"notes", "untouched"} & inc.written
    goals = page(inc, "goals")
    assert goals.count('href="components.html#C-CORE" title="Core engine v2"') == 1
    assert 'title="Core engine"' not in goals
    assert goals.index('id="G-SAFE"') < goals.index("components.html#C-CORE")
    assert "Core engine v2" in page(inc, "risks")
    assert "Core engine v2" in page(inc, "decisions")
    assert 'title="Core engine v2"' in page(inc, "glossary")
    assert inc.warnings == []

    # (b) a document whose entries others link to disappears
    project.change({"legacy.rst": None})
    inc = project.rebuild()
    assert_same(inc, project.fresh(), deleted=("legacy",))
    assert {"components", "risks", "overview"} <= inc.written
    assert not {"goals", "decisions", "notes", "glossary", "untouched"} & inc.written
    assert "Old core" not in page(inc, "components")
    assert "legacy.html" not in page(inc, "components")
    assert "legacy.html" not in page(inc, "risks")
    assert len(inc.warnings) == 2
    assert any(
        "components.md" in w and "names unknown entry 'C-OLD'" in w and "designdoc.unknown_ref" in w
        for w in inc.warnings
    )
    assert any(
        "risks.rst" in w and "design:ref names unknown entry 'C-OLD'" in w for w in inc.warnings
    )

    # (c) a new document links to existing entries and brings C-OLD back
    project.change({"extra.md": EXTRA})
    inc = project.rebuild()
    assert_same(inc, project.fresh(), deleted=("legacy",))
    assert {"extra", "components", "goals", "risks", "overview"} <= inc.written
    assert not {"decisions", "notes", "glossary", "untouched"} & inc.written
    assert inc.warnings == []
    assert "Old core, revived" in page(inc, "components")
    assert "extra.html#C-OLD" in page(inc, "risks")
    assert "extra.html#R-LAG" in page(inc, "goals")

    # (d) an entry moves to another document: every link to it changes its target
    decision = DECISIONS.split("```{design-decision}")[1].split("```")[0]
    project.change(
        {
            "decisions.md": document("Decisions", "md", ["No decisions here any more."]),
            "goals.rst": GOALS + "\n.. design-decision::" + decision.replace("\n:", "\n   :"),
        }
    )
    inc = project.rebuild()
    assert_same(inc, project.fresh(), deleted=("legacy",))
    # risks links to D-CACHE, components shows its backlink, notes a role to it
    assert {"decisions", "goals", "risks", "components", "notes", "overview"} <= inc.written
    assert not {"glossary", "untouched", "extra"} & inc.written
    for name in ("risks", "components", "notes"):
        assert "goals.html#D-CACHE" in page(inc, name)
        assert "decisions.html#D-CACHE" not in page(inc, name)
    assert inc.warnings == []


def test_nothing_changed_rewrites_nothing(project: Project) -> None:
    inc = project.rebuild()
    assert inc.written == set()
    assert_same(inc, project.fresh())
