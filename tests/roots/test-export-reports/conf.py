extensions = ["myst_parser", "sphinxcontrib_designdoc"]
project = "Reports"
version = "2.0"
copyright = "2026, Reports"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
designdoc_today = "2026-03-01"
designdoc_html_baseurl = "https://docs.example.org/design/"
exclude_patterns = ["_build"]
