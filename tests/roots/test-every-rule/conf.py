project = "Every rule"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
designdoc_today = "2024-06-01"
designdoc_warn_overdue = True
designdoc_warn_failing_gates = True
