extensions = ["myst_parser", "sphinxcontrib_designdoc"]
project = "Export"
version = "1.2"
copyright = "2026, Export"
exclude_patterns = ["_build"]
