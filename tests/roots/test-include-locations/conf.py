extensions = ["sphinxcontrib_designdoc"]
project = "Include locations"
exclude_patterns = ["parts"]
