project = "Duplicate anchors"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
