"""Documents as the unit of change: proposals that change shared components.

``test-doc-changes`` extends the built-in ``design-doc`` from ``conf.py``
(``designdoc_extra_fields``: statuses of its own, approvers, a milestone,
feature flags); two proposals (RST and MyST) state ``:changes:`` of components
defined in another document and are ``:related:`` to each other; a superseded
and a withdrawn document hold components that break rules, unreported.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.cli import main
from sphinxcontrib_designdoc.core.kinds import BUILTIN
from sphinxcontrib_designdoc.core.project import INACTIVE_STATUSES
from sphinxcontrib_designdoc.core.reports.content import DocRef, part_text
from sphinxcontrib_designdoc.export.load import read_export
from sphinxcontrib_designdoc.export.markdown import components
from sphinxcontrib_designdoc.extension.checks import env_project
from sphinxcontrib_designdoc.extension.config import registry

from .conftest import (
    ROOTS,
    build_warnings,
    copy_root,
    designdoc_warnings,
    entry_divs,
    exported,
    html_words,
    read_page,
)
from .corpus import build

# MyST-Parser's reference resolver uses an API Sphinx 9 deprecates (not ours)
pytestmark = pytest.mark.filterwarnings(
    "ignore:'myst_parser.*MystReferenceResolver.app' is deprecated"
)


def _links(card: str) -> list[tuple[str, str]]:
    """(label, IDs of the targets) of each row of a card's links section."""
    section = card[card.index("dd-links") :]
    rows = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", section, re.S)
    return [
        (
            html_words(label).rstrip(" :"),
            ", ".join(html_words(i) for i in re.findall(_ID, targets, re.S)),
        )
        for label, targets in rows
    ]


_ID = r'<code class="dd-id[^"]*">(.*?)</code>'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    return build("html", copy_root(tmp_path_factory.mktemp("doc-changes"), "doc-changes"))


# -- design-doc fields from conf.py ------------------------------------------------------


def test_extra_statuses_and_fields_extend_the_doc_kind(built: SphinxTestApp) -> None:
    assert build_warnings(built) == []
    doc = registry(built.config).kinds["doc"]
    status = doc.field("status")
    assert status is not None
    builtin = BUILTIN["doc"].field("status")
    assert builtin is not None
    # added after the built-in lifecycle, which keeps its default
    assert status.choices == (*builtin.choices, "provisional", "implementable", "withdrawn")
    assert status.default == "draft"
    assert [(f.name, f.type) for f in doc.fields[-3:]] == [
        ("approvers", "list"),
        ("milestone", "text"),
        ("feature-flags", "list"),
    ]
    data = exported(built)
    assert data["kinds"]["doc"]["fields"]["status"]["values"] == list(status.choices)
    kep1 = next(e for e in data["entries"] if e["id"] == "KEP-1")
    assert kep1["fields"] == {
        "status": "implementable",
        "approvers": "alice, bob",
        "milestone": "v2.0",
        "feature-flags": "tiered-storage",
    }
    card = html_words(entry_divs(read_page(built, "kep-1"))["KEP-1"])
    assert "Approvers : alice, bob Milestone : v2.0 Feature flags : tiered-storage" in card
    assert "implementable" in card


REFUSED = {
    "doc": {
        "owners": "text",  # a built-in list field
        "status": {"values": ["withdrawn"], "default": "withdrawn"},  # a new default
        "quality": ["high"],  # a level, not a choice
        "supersedes": "text",  # a link
        "approvers": "list",  # fine
        "signed-off": "number",  # no such type
    },
    "requirement": {"source": "text"},  # not a built-in kind
    "goal": "list",  # not a dict of fields
}


def test_redefining_a_builtin_field_is_refused(tmp_path: Path) -> None:
    app = build(
        "html",
        copy_root(tmp_path, "doc-changes"),
        confoverrides={"designdoc_extra_fields": REFUSED},
    )
    messages = [w.message for w in designdoc_warnings(app, "config")]
    assert messages == [
        "designdoc_extra_fields: kind 'doc': field 'owners' is built in (list); only the "
        "values of a choice field can be extended (a list of values); field ignored",
        "designdoc_extra_fields: kind 'doc': field 'status' is built in (choice); only the "
        "values of a choice field can be extended (a list of values); field ignored",
        "designdoc_extra_fields: kind 'doc': field 'quality' is built in (level); only the "
        "values of a choice field can be extended (a list of values); field ignored",
        "designdoc_extra_fields: kind 'doc': field 'supersedes' is a link of the kind; "
        "field ignored",
        "designdoc_extra_fields: kind 'doc': field 'signed-off' has unknown type 'number'; "
        "field ignored",
        "designdoc_extra_fields: 'requirement' is not a built-in kind (the fields of your "
        "own kinds are set in designdoc_kinds); ignored",
        "designdoc_extra_fields: kind 'goal': must map field names to fields; ignored",
    ]
    assert app.config.designdoc_extra_fields == {"doc": {"approvers": "list"}}
    doc = registry(app.config).kinds["doc"]
    assert doc.field("owners") == BUILTIN["doc"].field("owners")
    assert doc.field("status") == BUILTIN["doc"].field("status")
    assert doc.field("approvers") is not None
    # the statuses the root uses are no longer allowed: flagged where written
    invalid = {w.path for w in designdoc_warnings(app, "invalid_value")}
    assert invalid == {"kep-1.rst", "kep-2.md", "withdrawn.rst"}


# -- :changes: and :related: --------------------------------------------------------------


def test_a_changed_component_lists_the_documents_changing_it(built: SphinxTestApp) -> None:
    cards = entry_divs(read_page(built, "platform"))
    assert ("Changed by", "KEP-1, KEP-2") in _links(cards["C-store"])
    assert ("Changed by", "KEP-2, KEP-3") in _links(cards["C-api"])
    kep2 = entry_divs(read_page(built, "kep-2"))["KEP-2"]
    assert ("Changes", "C-store, C-api") in _links(kep2)


def test_related_documents_see_each_other(built: SphinxTestApp) -> None:
    for page, doc, other in (("kep-1", "KEP-1", "KEP-2"), ("kep-2", "KEP-2", "KEP-1")):
        rows = _links(entry_divs(read_page(built, page))[doc])
        assert ("See also", other) in rows
    data = exported(built)
    assert data["kinds"]["doc"]["links"]["related"] == {
        "targets": ["doc"],
        "reverse": "See also",
        "label": "See also",
    }
    # the export's kinds show the link as the build does
    related = read_export(Path(built.outdir) / "designdoc.json").registry.kinds["doc"]
    assert related.link("related") == registry(built.config).kinds["doc"].link("related")


def test_a_relation_both_sides_state_is_shown_once(built: SphinxTestApp) -> None:
    rows = _links(entry_divs(read_page(built, "kep-1"))["KEP-1"])
    assert [row for row in rows if row[0] == "See also"] == [("See also", "KEP-2")]


# -- inactive documents -----------------------------------------------------------------


def _check(export_file: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check", str(export_file)])
    return code, capsys.readouterr().out


def test_inactive_documents_are_left_out_of_the_checks(
    built: SphinxTestApp, capsys: pytest.CaptureFixture[str]
) -> None:
    assert set(INACTIVE_STATUSES) == {"rejected", "superseded", "withdrawn", "replaced"}
    assert env_project(built.env).inactive_docs == {
        "old-cache": "superseded",
        "withdrawn": "withdrawn",
    }
    assert designdoc_warnings(built) == []
    code, out = _check(Path(built.outdir) / "designdoc.json", capsys)
    assert (code, out.splitlines()[-1:]) == (
        0,
        [f"designdoc check: {built.outdir}/designdoc.json passes (9 entries)"],
    )


def test_the_same_documents_in_force_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = copy_root(tmp_path, "doc-changes")
    for name, old, new in (
        ("old-cache.rst", ":status: superseded", ":status: approved"),
        ("withdrawn.rst", ":status: withdrawn", ":status: provisional"),
    ):
        path = srcdir / name
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    app = build("html", srcdir)
    built = [(w.path, w.type, w.message) for w in designdoc_warnings(app)]
    assert built == [
        (
            "old-cache.rst",
            "designdoc.unknown_ref",
            "C-old-cache: :depends-on: names unknown entry 'C-never-built'",
        ),
        (
            "old-cache.rst",
            "designdoc.missing_gate",
            "C-old-cache: no quality gate of check 'tests' applies to it; "
            "level 'prototype' requires one",
        ),
        (
            "withdrawn.rst",
            "designdoc.missing_gate",
            "C-gateway: no quality gate of check 'tests' applies to it; "
            "level 'prototype' requires one",
        ),
    ]
    code, out = _check(Path(app.outdir) / "designdoc.json", capsys)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in out.splitlines()[:-1]] == [
        f"{message} [{subtype}]" for _, subtype, message in built
    ]


def test_reports_mark_inactive_documents(built: SphinxTestApp) -> None:
    table = read_page(built, "reports")
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table[table.index("<table") :], re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows[1:]]
    assert [html_words(row[2]) for row in cells] == [
        "Old cache design (superseded)",
        "Platform",
        "Platform",
        "Withdrawn proposal (withdrawn)",
    ]
    assert part_text(DocRef("old-cache", "Old cache design", "superseded")) == (
        "Old cache design (superseded)"
    )
    export = read_export(Path(built.outdir) / "designdoc.json")
    markdown = components(export)
    assert "| Old cache design (superseded) |" in markdown
    assert "| Withdrawn proposal (withdrawn) |" in markdown
    assert "| Platform |" in markdown


def test_gates_of_components_no_longer_in_force_report_nothing(tmp_path: Path) -> None:
    """A gate in force that applies only to a component of a superseded
    document: the problems of that component's checks (here, evidence that
    cannot meet the level's threshold, located at the gate) are not reported."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-every-rule", srcdir)
    quality = srcdir / "quality.rst"
    text = quality.read_text("utf-8")
    # the component and the policy of its document move to a superseded one;
    # the gate with the evidence stays in force
    moved = [
        ".. design-component:: Failing\n   :id: C-failing\n   :quality: prototype\n\n",
        ".. quality-gate:: Lint policy\n   :id: QG-lint-policy\n   :check: lint\n"
        "   :level: prototype\n   :threshold: 90%\n\n",
    ]
    for block in moved:
        assert block in text
        text = text.replace(block, "")
    quality.write_text(text, "utf-8")
    (srcdir / "old.rst").write_text(
        "Old\n===\n\n.. design-doc::\n   :status: superseded\n\n" + "".join(moved), "utf-8"
    )
    index = srcdir / "index.rst"
    index.write_text(index.read_text("utf-8") + "\n.. toctree::\n\n   old\n", "utf-8")
    before = build("html", srcdir)
    about = [
        w for w in designdoc_warnings(before) if "QG-lint" in w.message or "C-failing" in w.message
    ]
    assert about == []
    # in force again, the same problems are reported (the test can fail)
    old = srcdir / "old.rst"
    old.write_text(old.read_text("utf-8").replace("superseded", "approved"), "utf-8")
    again = build("html", srcdir, freshenv=True)
    subtypes = {
        w.type
        for w in designdoc_warnings(again)
        if "QG-lint" in w.message or "C-failing" in w.message
    }
    assert "designdoc.evidence" in subtypes
