project = "Quality"
copyright = "2024, Quality authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
designdoc_checks = ["load-test"]
