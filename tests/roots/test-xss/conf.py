project = "Markup in entries"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
