project = "Rich text"
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
designdoc_today = "2025-03-01"
