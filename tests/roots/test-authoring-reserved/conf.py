project = "Reserved document names"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
