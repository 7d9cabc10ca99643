"""Registering the extension imports only the modules that register
something; the queries, rules, compliance, rendering and the export are
imported by the builds that use them, so a build that reads nothing imports
none of them (not even to unpickle the environment)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_root

#: What ``setup`` imports: the modules that register directives, roles, nodes,
#: transforms, the domain, the builder and event handlers, and what those
#: need to be defined.
SETUP_MODULES = {
    "sphinxcontrib_designdoc",
    "sphinxcontrib_designdoc._version",
    "sphinxcontrib_designdoc.core",
    "sphinxcontrib_designdoc.core.builddate",
    "sphinxcontrib_designdoc.core.kinds",
    "sphinxcontrib_designdoc.core.model",
    "sphinxcontrib_designdoc.core.project",
    "sphinxcontrib_designdoc.core.richtext",
    "sphinxcontrib_designdoc.core.subtypes",
    "sphinxcontrib_designdoc.core.text",
    "sphinxcontrib_designdoc.extension",
    "sphinxcontrib_designdoc.extension.assets",
    "sphinxcontrib_designdoc.extension.authoring",
    "sphinxcontrib_designdoc.extension.builder",
    "sphinxcontrib_designdoc.extension.cards",
    "sphinxcontrib_designdoc.extension.changes",
    "sphinxcontrib_designdoc.extension.checks",
    "sphinxcontrib_designdoc.extension.collector",
    "sphinxcontrib_designdoc.extension.config",
    "sphinxcontrib_designdoc.extension.directives",
    "sphinxcontrib_designdoc.extension.domain",
    "sphinxcontrib_designdoc.extension.field_sections",
    "sphinxcontrib_designdoc.extension.files",
    "sphinxcontrib_designdoc.extension.freshness",
    "sphinxcontrib_designdoc.extension.gate",
    "sphinxcontrib_designdoc.extension.html_nodes",
    "sphinxcontrib_designdoc.extension.kept",
    "sphinxcontrib_designdoc.extension.pickled",
    "sphinxcontrib_designdoc.extension.quality",
    "sphinxcontrib_designdoc.extension.replay",
    "sphinxcontrib_designdoc.extension.reports",
    "sphinxcontrib_designdoc.extension.reports.directives",
    "sphinxcontrib_designdoc.extension.reports.html_cache",
    "sphinxcontrib_designdoc.extension.reports.placeholder",
    "sphinxcontrib_designdoc.extension.resolve",
    "sphinxcontrib_designdoc.extension.shown",
    "sphinxcontrib_designdoc.extension.stamp",
    "sphinxcontrib_designdoc.extension.titles",
    "sphinxcontrib_designdoc.extension.warnings_",
}

#: Modules a build that reads and writes the project imports (and setup must not).
COMPUTING = {
    "sphinxcontrib_designdoc.core.linkgraph",
    "sphinxcontrib_designdoc.core.reports.content",
    "sphinxcontrib_designdoc.core.reports.query",
    "sphinxcontrib_designdoc.core.rules",
    "sphinxcontrib_designdoc.core.compliance",
    "sphinxcontrib_designdoc.extension.reports.compute",
    "sphinxcontrib_designdoc.extension.reports.queries",
    "sphinxcontrib_designdoc.extension.export",
}

BUILD = """
import io, json, sys
from sphinx.application import Sphinx
src, out, build = sys.argv[1], sys.argv[2], sys.argv[3] == "build"
warnings = io.StringIO()
app = Sphinx(src, src, out + "/html", out + "/doctrees", "html", status=io.StringIO(),
             warning=warnings, freshenv=not build)
if build:
    app.build()
modules = sorted(m for m in sys.modules if m.startswith("sphinxcontrib_designdoc"))
print(json.dumps({"modules": modules, "warnings": warnings.getvalue()}))
"""


def _run(srcdir: Path, build: bool) -> tuple[set[str], str]:
    """The package's modules a new process imported, and the warnings logged."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(srcdir), str(srcdir / "_build"), str(build and "build")],
        capture_output=True,
        text=True,
        check=True,
        cwd=srcdir,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    return set(result["modules"]), result["warnings"]


def test_setup_imports_only_what_registering_needs(tmp_path: Path) -> None:
    imported, _ = _run(copy_root(tmp_path, "reports"), build=False)
    assert "sphinxcontrib_designdoc.extension" in imported
    assert imported <= SETUP_MODULES, sorted(imported - SETUP_MODULES)


@pytest.mark.parametrize("root", ["reports", "kep-rst", "quality-warnings"])
def test_a_build_that_reads_nothing_imports_nothing_more(tmp_path: Path, root: str) -> None:
    """quality-warnings: gates whose evidence is absent or unreadable, and
    warnings, printed again from what was kept."""
    srcdir = copy_root(tmp_path, root)
    full, warnings = _run(srcdir, build=True)
    assert full >= COMPUTING, sorted(COMPUTING - full)
    page = srcdir / "_build" / "html" / "index.html"
    written = page.stat().st_mtime_ns
    noop, again = _run(srcdir, build=True)
    assert noop <= SETUP_MODULES, sorted(noop - SETUP_MODULES)
    assert page.stat().st_mtime_ns == written
    assert bool(warnings) == (root == "quality-warnings")
    assert again == warnings


def test_a_build_that_reads_nothing_prints_every_warning_without_the_reports(
    tmp_path: Path,
) -> None:
    """The warnings are printed from what was kept; the pages with unknown
    references are written again (for Sphinx to print its own warnings), but
    no report is computed."""
    srcdir = copy_root(tmp_path, "cached-warnings")
    full, warnings = _run(srcdir, build=True)
    reports = {m for m in full - SETUP_MODULES if ".reports" in m}
    assert "sphinxcontrib_designdoc.extension.reports.compute" in reports
    noop, again = _run(srcdir, build=True)
    assert warnings
    assert again == warnings
    assert not noop & reports, sorted(noop & reports)
