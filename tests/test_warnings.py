"""Every ``designdoc.<subtype>`` warning: triggered, located, and suppressible."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core import linkgraph, model
from sphinxcontrib_designdoc.core.subtypes import Subtype
from sphinxcontrib_designdoc.extension import cards as render
from sphinxcontrib_designdoc.extension import config, directives, domain, resolve
from sphinxcontrib_designdoc.extension.domain import get_domain

from .conftest import build_warnings, designdoc_warnings, entry_divs, read_page

PATTERN = "'^[A-Z][A-Z0-9]*-[A-Za-z0-9][A-Za-z0-9._-]*$'"

#: What the ``warnings`` root reports: subtype -> (file, line, message).
EXPECTED: dict[Subtype, list[tuple[str, int, str]]] = {
    Subtype.duplicate_id: [
        (
            "second.rst",
            4,
            "duplicate ID 'G-good': also used by the goal 'A good goal' in 'problems'",
        ),
    ],
    Subtype.invalid_id: [
        (
            "problems.rst",
            13,
            f"ID 'not an id' does not match designdoc_id_pattern {PATTERN}; "
            "using 'G-an-entry-with-a-bad-id'",
        ),
    ],
    Subtype.unknown_ref: [
        # a link field, and the design:ref role in RST and in MyST
        ("problems.rst", 26, "C-links: :depends-on: names unknown entry 'C-missing'"),
        ("problems.rst", 36, "design:ref names unknown entry 'G-nowhere'"),
        ("markdown.md", 8, "design:ref names unknown entry 'G-absent'"),
    ],
    Subtype.link_kind: [
        (
            "problems.rst",
            26,
            "C-links: :satisfies: may point to goal, not to the component 'C-links'",
        ),
    ],
    Subtype.invalid_value: [
        # a bad choice, an unknown option, malformed dates; in RST and in MyST
        ("problems.rst", 16, "G-values: priority 'urgent' is not one of: must, should, could"),
        (
            "problems.rst",
            16,
            "design-goal: unknown option :colour: "
            "(allowed: id, tags, owner, status, priority, metric, target)",
        ),
        ("problems.rst", 21, "Q-dates: raised '2024-13-45' is not an ISO date (YYYY-MM-DD)"),
        ("problems.rst", 21, "Q-dates: due '01/02/2024' is not an ISO date (YYYY-MM-DD)"),
        (
            "markdown.md",
            3,
            "G-markdown: priority 'sometimes' is not one of: must, should, could",
        ),
    ],
    Subtype.missing_title: [("problems.rst", 31, "design-risk has no title")],
    Subtype.duplicate_doc: [
        ("problems.rst", 34, "a document holds at most one design-doc; this one is ignored"),
    ],
    Subtype.self_link: [
        # also of the wrong kind (a link_kind warning above)
        ("problems.rst", 26, "C-links: :satisfies: names the entry itself"),
        ("second.rst", 7, "D-self: :supersedes: names the entry itself"),
    ],
}

#: What the ``warnings-config`` root's conf.py reports (configuration has no
#: document location).
EXPECTED_CONFIG = [
    "designdoc_checks must be of type list; using the default",
    "designdoc_id_pattern is not a valid regular expression "
    "(missing ), unterminated subpattern at position 0); using the default",
    "designdoc_quality_levels must map level names to lists of check names; using the default",
    "designdoc_kinds: kind 'x' must be a dict; kind ignored",
    "designdoc_kinds: kind 'goal' clashes with a built-in kind; ignored",
]

WARNINGS = pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
CONFIG = pytest.mark.sphinx("html", testroot="warnings-config", freshenv=True)


def _expected(without: str = "") -> list[tuple[str, int, str, str]]:
    return sorted(
        (path, line, f"designdoc.{subtype.value}", message)
        for subtype, rows in EXPECTED.items()
        if subtype.value != without
        for path, line, message in rows
    )


def _found(app: SphinxTestApp) -> list[tuple[str, int, str, str]]:
    return sorted((w.path, w.line, w.type, w.message) for w in build_warnings(app))


def test_every_subtype_of_the_entry_code_is_covered() -> None:
    """Each subtype that entry reading, linking or the configuration can emit
    is triggered (and suppressed) below."""
    emitted = set()
    for module in (config, directives, domain, linkgraph, model, render, resolve):
        emitted |= set(re.findall(r"Subtype\.(\w+)", inspect.getsource(module)))
    assert emitted == {s.value for s in (*EXPECTED, Subtype.config)}


@WARNINGS
@pytest.mark.parametrize("subtype", list(EXPECTED), ids=lambda s: s.value)
def test_warning_is_triggered_and_located(app: SphinxTestApp, subtype: Subtype) -> None:
    app.build()
    found = designdoc_warnings(app, subtype.value)
    assert sorted((w.path, w.line, w.message) for w in found) == sorted(EXPECTED[subtype])
    srcdir = Path(app.srcdir).as_posix()
    for warning in found:
        assert warning.text.startswith(f"{srcdir}/{warning.path}:{warning.line}: WARNING: ")
        assert warning.text.endswith(f" [designdoc.{subtype.value}]")


@WARNINGS
def test_the_warnings_root_reports_nothing_else(app: SphinxTestApp) -> None:
    app.build()
    assert _found(app) == _expected()
    assert len(app.warning.getvalue().splitlines()) == len(_expected())


@pytest.mark.parametrize(
    "subtype",
    [
        pytest.param(
            s.value,
            marks=pytest.mark.sphinx(
                "html",
                testroot="warnings",
                freshenv=True,
                confoverrides={"suppress_warnings": [f"designdoc.{s.value}"]},
            ),
            id=s.value,
        )
        for s in EXPECTED
    ],
)
def test_warning_is_suppressed_and_the_rest_unchanged(app: SphinxTestApp, subtype: str) -> None:
    app.build()
    assert not designdoc_warnings(app, subtype)
    assert _found(app) == _expected(without=subtype)


@pytest.mark.sphinx(
    "html", testroot="warnings", freshenv=True, confoverrides={"suppress_warnings": ["designdoc"]}
)
def test_all_designdoc_warnings_are_suppressed_by_type(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""


@WARNINGS
def test_good_entries_render_next_to_bad_ones(app: SphinxTestApp) -> None:
    app.build()
    divs = entry_divs(read_page(app, "problems"))
    assert list(divs) == [
        "DOC-the-first-design-document",
        "G-good",
        "G-an-entry-with-a-bad-id",  # the generated ID replaces the bad one
        "G-values",
        "Q-dates",
        "C-links",
        "R-untitled",
        "DOC-a-second-design-document",
    ]
    assert "This goal renders next to the broken entries." in divs["G-good"]
    assert 'href="#C-links"' in divs["G-good"]  # the valid :satisfies: link
    # bad values are shown as written, flagged, never as another value
    invalid = '<span class="dd-invalid-value">{}</span> <span class="dd-invalid-note">(invalid)'
    assert invalid.format("urgent") in divs["G-values"]
    assert "<p>must</p>" not in divs["G-values"]
    assert "colour" not in divs["G-values"]  # an unknown option is not a field
    for field in ("raised", "due"):
        flagged = rf'<dd class="dd-field-{field}[^"]*"><p><span class="dd-invalid">'
        assert re.search(flagged, divs["Q-dates"])
    # the untitled entry shows its kind's label as title
    assert '<strong class="dd-title">Risk</strong>' in divs["R-untitled"]
    # a link to nothing is shown, marked broken, not linked
    assert (
        '<code class="dd-broken docutils literal notranslate"><span class="pre">C-missing</span>'
        in divs["C-links"]
    )
    # the duplicate ID: the first entry (in document-name order) keeps it
    owner = get_domain(app.env).index.resolve("G-good")
    assert owner is not None
    assert (owner.docname, owner.title) == ("problems", "A good goal")
    assert 'href="#G-good" title="A good goal"' in read_page(app, "problems")
    assert "G-good" in entry_divs(read_page(app, "second"))
    assert "G-markdown" in entry_divs(read_page(app, "markdown"))


@CONFIG
def test_config_warnings_are_typed(app: SphinxTestApp) -> None:
    app.build()
    found = designdoc_warnings(app, "config")
    assert sorted(w.message for w in found) == sorted(EXPECTED_CONFIG)
    assert len(app.warning.getvalue().splitlines()) == len(EXPECTED_CONFIG)
    for warning in found:
        assert warning.text.endswith(" [designdoc.config]")
    # the bad values fell back to their defaults; the valid user kind works
    assert app.config.designdoc_id_pattern == PATTERN.strip("'")
    assert app.config.designdoc_checks == []
    assert list(app.config.designdoc_kinds) == ["contract"]
    divs = entry_divs(read_page(app, "index"))
    assert list(divs) == ["G-works", "CT-api", "C-api"]
    assert 'href="#CT-api"' in divs["C-api"]


@CONFIG
def test_config_warnings_are_located(app: SphinxTestApp) -> None:
    app.build()
    found = designdoc_warnings(app, "config")
    assert found
    assert all(w.path == "conf.py" and w.line > 0 for w in found)


@pytest.mark.sphinx(
    "html",
    testroot="warnings-config",
    freshenv=True,
    confoverrides={"suppress_warnings": ["designdoc.config"]},
)
def test_config_warnings_are_suppressed(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert app.config.designdoc_checks == []  # the fallback still happens
    assert list(entry_divs(read_page(app, "index"))) == ["G-works", "CT-api", "C-api"]


# -- one anchor per ID ------------------------------------------------------------------

_ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')


@pytest.mark.parametrize(
    "builder",
    [
        pytest.param(
            name,
            marks=pytest.mark.sphinx(name, testroot="duplicate-anchors", freshenv=True),
            id=name,
        )
        for name in ("html", "singlehtml")
    ],
)
def test_an_id_is_the_anchor_of_its_owner_only(app: SphinxTestApp, builder: str) -> None:
    app.build()
    assert [w.type for w in build_warnings(app)].count("designdoc.duplicate_id") == 3
    pages = sorted(Path(app.outdir).glob("*.html"))
    assert len(pages) == (1 if builder == "singlehtml" else 4)  # with genindex, search
    for page in pages:
        ids = _ID_ATTRIBUTE.findall(page.read_text("utf-8"))
        assert len(ids) == len(set(ids)), (page.name, sorted(i for i in ids if ids.count(i) > 1))
    html = read_page(app, "index")
    # the owners (first in document-name, then source order) keep their anchor
    for entry_id, title in (("G-shared", "The owner"), ("D-unique", "Unique")):
        card = re.search(rf'<div class="dd-entry [^"]*" id="{entry_id}">(.*?)</p>', html, re.S)
        assert card is not None
        assert f'<strong class="dd-title">{title}</strong>' in card[1]
    # the duplicates and the second design-doc are shown, without it
    text = html if builder == "singlehtml" else html + read_page(app, "later")
    for title in ("Same ID on the same page", "Same ID on another page", "Same ID as a later"):
        assert title in text
    assert text.count('class="dd-entry dd-kind-doc') == 2
    assert 'href="#G-shared"' in html
