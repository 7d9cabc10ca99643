project = "Stages"
copyright = "2026, Stages authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
