"""Authoring mistakes that Sphinx and docutils accept without a word and that
lose something: each is warned about, located, and can be silenced."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.extension.authoring import lost_fences, reserved_pages
from sphinxcontrib_designdoc.extension.domain import get_domain

from .conftest import build_warnings, designdoc_warnings

IN_BODY = (
    "design-goal: the body starts with {}, read as text, not as options (a blank line "
    "separates them from the title); write the options right under the title"
)
IN_TITLE = (
    "design-goal: the title holds {}, read as title, not as options (on the title's line, "
    "or indented deeper than the title); write the options on lines of their own right "
    "under the title, indented like the body"
)
LOST = (
    "{{{}}}: a backtick fence whose first line holds a backtick is no fence in Markdown: "
    "the directive is lost, and its closing fence starts a code block; open it with ~~~ "
    "(or ::: with the colon_fence extension)"
)
REPLACED = "the {} builder writes {} as {!r}, over this document; rename the document"

#: What each root reports: (path, line, type, message), in the order logged.
EXPECTED: dict[str, list[tuple[str, int, str, str]]] = {
    "authoring-rst": [
        ("index.rst", 21, "designdoc.misplaced_option", IN_BODY.format(":id:, :priority:")),
        ("index.rst", 31, "designdoc.misplaced_option", IN_TITLE.format(":id:, :priority:")),
    ],
    "authoring-myst": [
        ("index.md", 15, "designdoc.backtick_fence", LOST.format("design-goal")),
        # the fence lost above is taken as meant: its closing line opens nothing
        ("index.md", 28, "designdoc.backtick_fence", LOST.format("design-index")),
        ("options.md", 5, "designdoc.misplaced_option", IN_BODY.format(":id:")),
        ("options.md", 12, "designdoc.misplaced_option", IN_TITLE.format(":id:")),
    ],
    "authoring-reserved": [
        (
            "genindex.rst",
            0,
            "designdoc.reserved_docname",
            REPLACED.format("html", "the general index", "genindex"),
        ),
        (
            "py-modindex.rst",
            0,
            "designdoc.reserved_docname",
            REPLACED.format("html", "the Python Module Index", "py-modindex"),
        ),
        (
            "search.rst",
            0,
            "designdoc.reserved_docname",
            REPLACED.format("html", "the search page", "search"),
        ),
    ],
}


def _found(app: SphinxTestApp) -> list[tuple[str, int, str, str]]:
    return [(w.path, w.line, w.type, w.message) for w in build_warnings(app)]


@pytest.mark.parametrize(
    "root",
    [
        pytest.param(root, marks=pytest.mark.sphinx("html", testroot=root, freshenv=True), id=root)
        for root in EXPECTED
    ],
)
def test_each_mistake_is_warned_where_it_is_written(app: SphinxTestApp, root: str) -> None:
    app.build()
    assert _found(app) == EXPECTED[root]
    srcdir = Path(app.srcdir).as_posix()
    for warning in build_warnings(app):
        where = f"{warning.path}:{warning.line}" if warning.line else warning.path
        assert warning.text.startswith(f"{srcdir}/{where}: WARNING: ")


def _suppressed_params() -> list[object]:
    return [
        pytest.param(
            root,
            subtype,
            marks=pytest.mark.sphinx(
                "html",
                testroot=root,
                freshenv=True,
                confoverrides={"suppress_warnings": [subtype]},
            ),
            id=f"{root}-{subtype}",
        )
        for root, rows in EXPECTED.items()
        for subtype in sorted({row[2] for row in rows})
    ]


@pytest.mark.parametrize(("root", "subtype"), _suppressed_params())
def test_each_mistake_is_suppressed_and_the_rest_unchanged(
    app: SphinxTestApp, root: str, subtype: str
) -> None:
    app.build()
    assert _found(app) == [row for row in EXPECTED[root] if row[2] != subtype]


@pytest.mark.sphinx("html", testroot="authoring-rst", freshenv=True)
def test_what_each_rst_form_of_a_wrapped_title_reads(app: SphinxTestApp) -> None:
    """Options right under a wrapped title are read, however its continuation
    lines are indented; after a blank line they are body text, indented deeper
    than the title they are more title: an ID is generated either way."""
    app.build()
    entries = {e.id: e for e in get_domain(app.env).all_entries()}
    assert list(entries) == [
        "G-wrapped",
        "G-deeper",
        "G-a-long-title-that-wraps",
        "G-a-long-title-that-wraps-id-g-indented-priority-must",
        "R-fields",
    ]
    assert dict(entries["G-wrapped"].fields)["priority"] == "must"
    blank = entries["G-a-long-title-that-wraps"]
    assert "priority" not in dict(blank.fields)
    assert blank.body.startswith("id\n\nG-blank")


@pytest.mark.sphinx("html", testroot="authoring-myst", freshenv=True)
def test_a_lost_fence_loses_the_entry(app: SphinxTestApp) -> None:
    app.build()
    ids = [e.id for e in get_domain(app.env).all_entries()]
    assert "G-tildes" in ids  # the tilde fence holds backticks
    assert "G-lost" not in ids


def test_lost_fences_are_found_outside_code_only() -> None:
    ours = {"design-goal", "quality-gate", "contract"}
    text = "\n".join(
        [
            "```{design-goal} Use `a`",  # 1: lost
            ":id: G-a",
            "```",  # closes the lost fence as meant
            "~~~{design-goal} Use `b`",  # a tilde fence may hold backticks
            "~~~",
            "```{note} Not `ours`",  # 6: lost, but not one of ours
            "```",
            "````{note}",  # Markdown in a directive: fences count
            "  ```{contract} A `contract`",  # 9: lost (a project's kind, indented)
            "  ```",
            "````",
            "```python",  # code: a fence in it is text
            "```{quality-gate} Not `read`",
            "```",
            "````{code-block} md",
            "```{design-goal} Not `read` either",
            "````",
            "> ```{QUALITY-GATE} In a `quote`",  # 18: lost
            "```{design-summary} `report`",  # 19: lost (every design-* directive)
        ]
    )
    assert list(lost_fences(text, ours)) == [
        (1, "design-goal"),
        (9, "contract"),
        (18, "quality-gate"),
        (19, "design-summary"),
    ]


def _build_twice(app: SphinxTestApp) -> list[tuple[str, int, str, str]]:
    app.build()
    first = len(build_warnings(app))
    app.build()  # nothing to read
    return _found(app)[first:]


@pytest.mark.sphinx("html", testroot="authoring-reserved", freshenv=True)
def test_reserved_names_are_warned_in_every_build(app: SphinxTestApp) -> None:
    assert _build_twice(app) == EXPECTED["authoring-reserved"]


@pytest.mark.sphinx("html", testroot="authoring-myst", freshenv=True)
def test_lost_fences_are_warned_in_every_build(app: SphinxTestApp) -> None:
    assert _build_twice(app) == EXPECTED["authoring-myst"]


@pytest.mark.sphinx("dirhtml", testroot="authoring-reserved", freshenv=True)
def test_reserved_names_of_the_dirhtml_builder(app: SphinxTestApp) -> None:
    app.build()
    assert _found(app) == [
        (path, line, subtype, message.replace("the html builder", "the dirhtml builder"))
        for path, line, subtype, message in EXPECTED["authoring-reserved"]
    ]


@pytest.mark.parametrize(
    "builder",
    [
        pytest.param(
            name,
            marks=pytest.mark.sphinx(name, testroot="authoring-reserved", freshenv=True),
            id=name,
        )
        for name in ("singlehtml", "text")
    ],
)
def test_builders_that_write_no_such_page_warn_nothing(app: SphinxTestApp, builder: str) -> None:
    app.build()
    assert designdoc_warnings(app) == []


@pytest.mark.sphinx(
    "html",
    testroot="authoring-reserved",
    freshenv=True,
    confoverrides={
        "html_domain_indices": [],
        "html_use_index": False,
        "html_additional_pages": {"genindex": "page.html"},
    },
)
def test_reserved_names_follow_the_configuration(app: SphinxTestApp) -> None:
    """No module index and no general index; a page of html_additional_pages."""
    assert reserved_pages(app, app.builder) == {
        "genindex": "a page of html_additional_pages",
        "search": "the search page",
    }


# -- a kind named like the object type of earlier versions ---------------------------

#: The ``user-kinds`` root's kind, and one named ``entry``.
ENTRY_KIND = {
    "entry": {"prefix": "EN"},
    "contract": {
        "prefix": "CT",
        "label": "Contract",
        "fields": {"status": ["draft", "stable"], "protocol": "text"},
        "links": {"implemented-by": ["component"]},
    },
}


@pytest.mark.sphinx(
    "html", testroot="user-kinds", freshenv=True, confoverrides={"designdoc_kinds": ENTRY_KIND}
)
def test_a_kind_named_entry_is_a_kind(app: SphinxTestApp) -> None:
    """Entries are listed once, under their kind: no object type is reserved."""
    app.build()
    assert _found(app) == []
    assert list(app.config.designdoc_kinds) == ["entry", "contract"]
    assert get_domain(app.env).object_types["entry"].lname == "Entry"
