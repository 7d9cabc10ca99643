project = "Matrix and graph"
copyright = "2024, Matrix and graph authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
designdoc_today = "2024-06-01"
