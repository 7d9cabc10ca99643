project = "Authoring mistakes (RST)"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
