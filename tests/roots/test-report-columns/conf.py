extensions = ["myst_parser", "sphinxcontrib_designdoc"]
project = "Report columns"
designdoc_today = "2026-03-01"
