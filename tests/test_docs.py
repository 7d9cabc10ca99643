"""The project's documentation: its generated reference and its strict build.

``make test`` also builds the docs for latex, text and man (``make docs-all``),
after the test runs whose reports the docs' quality gates read.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sphinxcontrib_designdoc.core.kinds import (
    BUILTIN,
    BUILTIN_CHECKS,
    COMMON_OPTIONS,
    DEFAULT_QUALITY_LEVELS,
    Registry,
)
from sphinxcontrib_designdoc.core.subtypes import Subtype
from sphinxcontrib_designdoc.extension import reference
from sphinxcontrib_designdoc.extension.config import PREFIX, config_fields

from .conftest import REPO

DOCS = REPO / "docs"
REGISTRY = Registry(BUILTIN, tuple(DEFAULT_QUALITY_LEVELS), BUILTIN_CHECKS)


def test_every_entry_directive_and_option_is_in_the_reference() -> None:
    text = "\n".join(reference.kinds_rst(REGISTRY))
    for kind in BUILTIN.values():
        assert f".. rst:directive:: .. {kind.directive}::" in text
    gate = "\n".join(reference.kind_rst(BUILTIN["gate"], REGISTRY))
    for option in BUILTIN["gate"].option_names:
        assert f".. rst:directive:option:: {option}\n" in gate
    # allowed values: choices with their default, levels and checks from the registry
    assert "One of ``pending``, ``passing``, ``failing``" in gate
    assert "``pending`` if left out" in gate
    assert "``experiment``, ``prototype``, ``production``, ``secure``" in gate
    assert "``security-scan``, ``threat-model``" in gate
    assert "Links to component entries. The target lists this entry under *Quality gates*" in gate


def test_project_kinds_and_levels_reach_the_reference() -> None:
    """A project's own kinds and levels are documented like the built-in ones."""
    from sphinxcontrib_designdoc.core.kinds import parse_kind

    interface = parse_kind(
        "interface",
        {"prefix": "IF", "fields": {"status": ["draft", "stable"]}, "links": {"used-by": ["*"]}},
    )
    registry = Registry({**BUILTIN, "interface": interface}, ("low", "high"), ("tests",))
    text = "\n".join(reference.kinds_rst(registry))
    assert ".. rst:directive:: .. design-interface:: title" in text
    assert "Links to entries of any kind." in text
    assert "A quality level (``designdoc_quality_levels``): ``low``, ``high``." in text


def test_common_options_are_described() -> None:
    assert set(reference.COMMON_OPTION_HELP) == set(COMMON_OPTIONS)


def test_every_config_value_is_in_the_reference() -> None:
    text = "\n".join(reference.config_rst())
    for f in config_fields():
        assert f".. confval:: {PREFIX}{f.name}\n" in text
    assert ":type: ``bool``\n   :default: ``False``" in text
    assert ":default: ``{'experiment': [], 'prototype': ['tests']," in text


def test_every_warning_subtype_has_its_docstring_in_the_reference() -> None:
    docs = reference.member_docs(Subtype)
    assert set(docs) == {s.name for s in Subtype}
    assert all(len(doc) > 40 for doc in docs.values()), docs
    text = "\n".join(reference.warnings_rst())
    for subtype in Subtype:
        assert f"``designdoc.{subtype.value}``\n   {docs[subtype.name].splitlines()[0]}" in text


def test_css_tokens_are_read_with_their_comments() -> None:
    css = """
    :where(body) {
      /* what it is for */
      --dd-a: var(--pst-color-x, #fff);
      --dd-b: 1rem;
      /* two
         lines */
      --dd-c: color-mix(in srgb, red 10%,
                        blue);
    }
    .dd-entry { --dd-d: 0; }
    """
    assert reference.css_tokens(css) == [
        reference.Token("--dd-a", "var(--pst-color-x, #fff)", "what it is for"),
        reference.Token("--dd-b", "1rem", ""),
        reference.Token("--dd-c", "color-mix(in srgb, red 10%, blue)", "two lines"),
    ]
    shipped = reference.css_tokens()
    assert {"--dd-text", "--dd-danger", "--dd-on-danger"} <= {t.name for t in shipped}
    assert all(t.about for t in shipped), [t.name for t in shipped if not t.about]


def test_docs_build_strictly(tmp_path: Path) -> None:
    """``sphinx-build -W -n`` of the docs (html): no warning (so the generated
    reference is valid markup, and the report directives' documentation follows
    the code), every reference page generated.  The other builders run in
    ``make test`` (``make docs-all``)."""
    out = tmp_path / "html"
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-n", "--keep-going", "-b", "html"]
    command += ["-d", str(tmp_path / "doctrees"), str(DOCS), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert not result.stderr.strip(), result.stderr
    directives = (out / "reference" / "directives.html").read_text("utf-8")
    for kind in BUILTIN.values():
        assert f'id="directive-{kind.directive}"' in directives
    warnings = (out / "reference" / "warnings.html").read_text("utf-8")
    assert all(f"designdoc.{s.value}" in warnings for s in Subtype)
    design = (out / "design" / "components.html").read_text("utf-8")
    assert 'class="dd-entry dd-kind-component' in design
