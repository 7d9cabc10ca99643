"""The ``designdoc_*`` configuration values: defaults, type and shape checks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.extension.config import (
    PREFIX,
    DesignDocConfig,
    config_fields,
    registry,
)

from .conftest import build_warnings, designdoc_warnings, entry_divs, read_page

DEFAULTS = DesignDocConfig()


def _wrong_value(types: tuple[type, ...]) -> Any:
    """A value of none of ``types`` (and not a string, which Sphinx would convert)."""
    return next(v for v in (42, 4.2, ["x"], {"x": ["y"]}) if not isinstance(v, types))


def _wrong_type_params() -> list[Any]:
    params = []
    for f in config_fields():
        value = _wrong_value(f.metadata["types"])
        params.append(
            pytest.param(
                f,
                marks=pytest.mark.sphinx(
                    "html", testroot="entries-rst", confoverrides={PREFIX + f.name: value}
                ),
                id=f.name,
            )
        )
    return params


@pytest.mark.parametrize(
    "root",
    [
        pytest.param(root, marks=pytest.mark.sphinx("html", testroot=root, freshenv=True))
        for root in ("entries-rst", "entries-myst", "user-kinds", "xss")
    ],
)
def test_good_projects_build_without_any_warning(app: SphinxTestApp, root: str) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert entry_divs(read_page(app, "index"))


@pytest.mark.sphinx("html", testroot="entries-rst")
def test_defaults(app: SphinxTestApp) -> None:
    for f in config_fields():
        assert getattr(app.config, PREFIX + f.name) == getattr(DEFAULTS, f.name), f.name
    reg = registry(app.config)
    assert list(reg.levels) == ["experiment", "prototype", "production", "secure"]
    assert {"tests", "lint", "coverage", "review", "security-scan", "threat-model"} <= set(
        reg.checks
    )


@pytest.mark.parametrize("field", _wrong_type_params())
def test_wrong_type_warns_and_falls_back_to_the_default(
    app: SphinxTestApp, field: dataclasses.Field[Any]
) -> None:
    app.build()
    name = PREFIX + field.name
    expected_type = field.metadata["types"][0].__name__
    assert [(w.type, w.message) for w in build_warnings(app)] == [
        ("designdoc.config", f"{name} must be of type {expected_type}; using the default"),
    ]
    assert getattr(app.config, name) == getattr(DEFAULTS, field.name)
    assert "G-fast" in entry_divs(read_page(app, "goals"))  # the project still builds


GOOD_KIND = {"prefix": "API", "fields": {"stage": ["alpha", "beta"]}}


#: id -> (value name, bad value, start of the warning, the value used instead)
BAD_SHAPES: dict[str, tuple[str, Any, str, Any]] = {
    "bad-regex": (
        "id_pattern",
        "(",
        "designdoc_id_pattern is not a valid regular expression",
        DEFAULTS.id_pattern,
    ),
    "no-levels": (
        "quality_levels",
        {},
        "designdoc_quality_levels must map level names to lists of check names",
        DEFAULTS.quality_levels,
    ),
    "level-not-a-list": (
        "quality_levels",
        {"basic": "tests"},
        "designdoc_quality_levels must map level names to lists of check names",
        DEFAULTS.quality_levels,
    ),
    "empty-check": (
        "checks",
        ["lint", ""],
        "designdoc_checks must be a list of non-empty strings",
        [],
    ),
    "kind-not-a-dict": (
        "kinds",
        {"x": 3},
        "designdoc_kinds: kind 'x' must be a dict; kind ignored",
        {},
    ),
    "kind-clash": (
        "kinds",
        {"goal": {"prefix": "GG"}},
        "designdoc_kinds: kind 'goal' clashes with a built-in kind; ignored",
        {},
    ),
    "directive-clash": (
        "kinds",
        {"api": {"directive": "design-goal"}},
        "designdoc_kinds: kind 'api' clashes with a built-in kind; ignored",
        {},
    ),
    "bad-prefix": (
        "kinds",
        {"api": {"prefix": "A-B"}},
        "designdoc_kinds: kind 'api': prefix must be letters and digits; kind ignored",
        {},
    ),
    "unknown-key": (
        "kinds",
        {"api": {"colour": "red"}},
        "designdoc_kinds: kind 'api' has unknown keys: colour; kind ignored",
        {},
    ),
    "unknown-field-type": (
        "kinds",
        {"api": {"fields": {"size": "number"}}},
        "designdoc_kinds: kind 'api': field 'size' has unknown type 'number'; kind ignored",
        {},
    ),
    "reserved-field-name": (
        "kinds",
        {"api": {"fields": {"id": "text"}}},
        "designdoc_kinds: kind 'api': invalid field name 'id'; kind ignored",
        {},
    ),
    "bad-reverse": (
        "kinds",
        {"api": {"links": {"uses": {"targets": ["component"], "reverse": 3}}}},
        "designdoc_kinds: kind 'api': link 'uses' reverse must be a string; kind ignored",
        {},
    ),
    "partly-valid": (  # the valid part of the value is kept
        "kinds",
        {"api": GOOD_KIND, "x": 3},
        "designdoc_kinds: kind 'x' must be a dict; kind ignored",
        {"api": GOOD_KIND},
    ),
}


@pytest.mark.parametrize(
    ("name", "value", "message", "effective"),
    [
        pytest.param(
            *case,
            marks=pytest.mark.sphinx(
                "html", testroot="entries-rst", confoverrides={PREFIX + case[0]: case[1]}
            ),
            id=case_id,
        )
        for case_id, case in BAD_SHAPES.items()
    ],
)
def test_bad_shape_warns_and_keeps_the_valid_part(
    app: SphinxTestApp, name: str, value: Any, message: str, effective: Any
) -> None:
    warnings = designdoc_warnings(app)
    assert [w.type for w in warnings] == ["designdoc.config"]
    assert warnings[0].message.startswith(message), warnings[0].message
    assert getattr(app.config, PREFIX + name) == effective


@pytest.mark.sphinx(
    "html",
    testroot="entries-rst",
    freshenv=True,
    confoverrides={
        "designdoc_quality_levels": {"alpha": [], "beta": ["tests", "fuzzing"]},
        "designdoc_checks": ["perf"],
    },
)
def test_quality_levels_and_checks_decide_the_allowed_values(app: SphinxTestApp) -> None:
    reg = registry(app.config)
    assert reg.levels == ("alpha", "beta")
    assert {"tests", "fuzzing", "perf"} <= set(reg.checks)
    app.build()
    assert sorted((w.path, w.line, w.type, w.message) for w in build_warnings(app)) == [
        (
            "components.rst",
            4,
            "designdoc.invalid_value",
            "C-cache: quality 'prototype' is not one of: alpha, beta",
        ),
        (
            "components.rst",
            30,
            "designdoc.invalid_value",
            "QG-cache-tests: level 'prototype' is not one of: alpha, beta",
        ),
        (
            "index.rst",
            4,
            "designdoc.invalid_value",
            "DOC-build-pipeline-redesign: quality 'production' is not one of: alpha, beta",
        ),
    ]


# -- user kinds whose directive exists already -----------------------------------------

#: A kind of these would replace (or, in a domain, be hidden by) a directive of
#: docutils, Sphinx or another extension.
CLASHING_KINDS = {
    "tree": ("toctree", "Sphinx's own"),
    "aside": ("note", "docutils', loaded on first use"),
    "listing": ("code-block", "Sphinx's own"),
    "widget": ("design-widget", "another extension's"),
    "term": ("glossary", "the standard domain's"),
    "routine": ("function", "the default (Python) domain's"),
}
CLASHES_CONF = """\
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
extensions = ["widgets", "sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
designdoc_kinds = {kinds!r}
"""
WIDGETS = """\
from docutils import nodes
from docutils.parsers.rst import Directive


class Widget(Directive):
    has_content = True

    def run(self):
        return [nodes.paragraph(text="a widget of another extension")]


def setup(app):
    app.add_directive("design-widget", Widget)
    return {"parallel_read_safe": True}
"""
CLASHES_INDEX = """\
Clashes
=======

.. toctree::

   other

.. note:: Still docutils' note.

.. design-widget::

.. design-contract:: A kind that clashes with nothing
   :id: CT-ok
"""


def test_a_user_kind_never_replaces_an_existing_directive(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    kinds: dict[str, Any] = {
        name: {"prefix": "X", "fields": {}, "directive": directive}
        for name, (directive, _) in CLASHING_KINDS.items()
    }
    del kinds["widget"]["directive"]  # design-widget: the default directive name
    kinds["contract"] = {"prefix": "CT", "fields": {}}
    (tmp_path / "conf.py").write_text(CLASHES_CONF.format(kinds=kinds), "utf-8")
    (tmp_path / "widgets.py").write_text(WIDGETS, "utf-8")
    (tmp_path / "index.rst").write_text(CLASHES_INDEX, "utf-8")
    (tmp_path / "other.rst").write_text("Other\n=====\n", "utf-8")
    app = make_app("html", srcdir=tmp_path, freshenv=True)
    app.build()
    warnings = designdoc_warnings(app, "config")
    assert sorted(w.message for w in warnings) == sorted(
        f"designdoc_kinds: kind {name!r}: directive {directive!r} already exists "
        + (
            "(in a Sphinx domain); kind ignored"
            if name in ("term", "routine")
            else "(of docutils, Sphinx or another extension); kind ignored"
        )
        for name, (directive, _) in CLASHING_KINDS.items()
    )
    assert all((w.path, w.line) == ("conf.py", 7) for w in warnings)
    assert len(build_warnings(app)) == len(CLASHING_KINDS)
    assert list(app.config.designdoc_kinds) == ["contract"]
    assert set(registry(app.config).kinds) >= {"contract"}
    assert not set(registry(app.config).kinds) & set(CLASHING_KINDS)
    html = read_page(app, "index")
    # the existing directives still work: the toctree, the note, the widget
    assert 'href="other.html"' in html
    assert 'class="admonition note"' in html
    assert "a widget of another extension" in html
    assert list(entry_divs(html)) == ["CT-ok"]


@pytest.mark.sphinx("html", testroot="user-kinds", freshenv=True)
def test_a_user_kind_is_registered_again_in_a_second_build(app: SphinxTestApp) -> None:
    """A user kind's own directive, left registered by an earlier build in the
    same process, is not taken for a clash."""
    app.build()
    assert designdoc_warnings(app) == []
