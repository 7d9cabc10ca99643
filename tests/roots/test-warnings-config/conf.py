project = "Configuration warnings"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]

designdoc_id_pattern = "("
designdoc_kinds = {
    "x": 3,
    "goal": {"prefix": "GG"},
    "contract": {"prefix": "CT", "links": {"implemented-by": ["component"]}},
}
designdoc_checks = "lint"
designdoc_quality_levels = {"basic": "tests"}
