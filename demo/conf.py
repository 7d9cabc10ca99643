"""Demo project: the design documents of Fernhill Payments' ledger platform.

Build it with ``make demo`` (or ``sphinx-build -W -n -b html demo demo/_build/html``).
"""

project = "Fernhill ledger platform"
author = "Fernhill Payments, Ledger team"
copyright = "2025, Fernhill Payments"
version = release = "2025.3"
language = "en"

extensions = ["myst_parser", "sphinxcontrib_designdoc"]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
today_fmt = "%Y-%m-%d"

# -- sphinxcontrib-designdoc -------------------------------------------------

# A check of our own that quality gates may name besides the built-in ones.
designdoc_checks = ["load-test"]

# A kind of our own: what Finance and Audit require, traced to what implements
# and verifies it (see docs/howto/own-kinds.rst).
designdoc_kinds = {
    "requirement": {
        "prefix": "REQ",
        "label": "Requirement",
        "fields": {
            "status": {"values": ["draft", "agreed", "retired"], "default": "draft"},
            "criticality": ["low", "high"],
            "source": "text",
        },
        "links": {
            "implemented-by": {"targets": ["component"], "reverse": "Implements"},
            "verified-by": {"targets": ["gate"], "reverse": "Verifies"},
        },
    },
}

# -- HTML ----------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = "Fernhill ledger"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
}

# -- Other builders ------------------------------------------------------------

latex_documents = [
    (
        root_doc,
        "fernhill-ledger-designs.tex",
        "Fernhill ledger platform: design documents",
        author,
        "manual",
    ),
]

man_pages = [
    (root_doc, "fernhill-ledger-designs", "Fernhill ledger platform design documents", [author], 7),
]

epub_basename = "fernhill-ledger-designs"
epub_show_urls = "no"

# ``sphinx-build -b epub demo OUT`` keeps its doctree cache in OUT/.doctrees, and
# the epub builder warns about each file there (environment.pickle, *.doctree)
# because it has no media type.  They are not content and are left out of the
# book either way; with ``-M epub`` or ``-d DIR`` the cache lives elsewhere and
# the warning does not occur.
suppress_warnings = ["epub.unknown_project_files"]
