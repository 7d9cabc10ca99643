project = "Quality warnings"
copyright = "2024, Quality authors"
version = release = "1.0"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
