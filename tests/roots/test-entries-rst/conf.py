project = "Entries (reStructuredText)"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
