project = "Compact HTML nodes"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
designdoc_today = "2024-06-01"
