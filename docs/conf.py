"""The documentation of sphinxcontrib-designdoc, built with the extension itself.

``make docs`` builds the HTML (``-W -n``); ``make test`` also builds latex,
text and man.  The reference pages are generated from the code
(``_ext/designdoc_reference.py``); the extension's own design document in
``design/`` reads the evidence of ``make test`` (``_evidence/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

from sphinxcontrib_designdoc import __version__  # noqa: E402

project = "sphinxcontrib-designdoc"
author = "sphinxcontrib-designdoc contributors"
copyright = "2025, sphinxcontrib-designdoc contributors"
version = release = __version__
language = "en"

extensions = ["myst_parser", "sphinxcontrib_designdoc", "designdoc_reference"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_evidence", "Thumbs.db", ".DS_Store"]
nitpicky = True

# -- the extension's own design document -----------------------------------------

# Reports count ages from a fixed date, so the pages do not change every day.
designdoc_today = "2025-06-01"
# This project's levels (design/quality.rst): production needs lint and
# coverage, and a recorded review makes a component "released".
designdoc_quality_levels = {
    "experiment": [],
    "prototype": ["tests"],
    "production": ["lint", "coverage"],
    "released": ["review"],
}

# The quality gates of design/quality.rst read the JUnit XML and coverage JSON
# that ``make test`` writes into _evidence/.  Before the first ``make test`` the
# files are not there: the gates then show the status "unknown" and the build
# does not fail on it (a present but unreadable file still does).
EVIDENCE = HERE / "_evidence"
EVIDENCE_FILES = ("pytest-oldest.xml", "pytest-newest.xml", "coverage.json", "ruff.sarif")
if not all((EVIDENCE / name).is_file() for name in EVIDENCE_FILES):
    suppress_warnings = ["designdoc.evidence"]

# -- HTML ------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = "sphinxcontrib-designdoc"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False

# -- Other builders ----------------------------------------------------------------

latex_documents = [
    (root_doc, "sphinxcontrib-designdoc.tex", "sphinxcontrib-designdoc", author, "manual"),
]
man_pages = [
    (root_doc, "sphinxcontrib-designdoc", "design documents in Sphinx", [author], 7),
]
