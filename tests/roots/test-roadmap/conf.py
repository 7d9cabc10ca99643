project = "Roadmap"
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
# milestones are late against this date
designdoc_today = "2025-06-01"
