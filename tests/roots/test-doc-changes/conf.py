project = "Doc changes"
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
designdoc_today = "2025-01-15"

# enhancement proposals: their own lifecycle and fields, on the built-in doc kind
designdoc_extra_fields = {
    "doc": {
        "status": ["provisional", "implementable", "withdrawn"],
        "approvers": "list",
        "milestone": "text",
        "feature-flags": "list",
    },
}
