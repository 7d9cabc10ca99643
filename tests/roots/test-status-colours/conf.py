extensions = ["sphinxcontrib_designdoc"]
project = "Status colours"
html_theme = "pydata_sphinx_theme"
designdoc_today = "2025-06-01"
