project = "Project A"
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
# a kind project B does not have
designdoc_kinds = {"contract": {"prefix": "CT", "label": "Contract"}}
