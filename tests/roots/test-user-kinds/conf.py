project = "User kinds"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]

designdoc_kinds = {
    "contract": {
        "prefix": "CT",
        "label": "Contract",
        "fields": {"status": ["draft", "stable"], "protocol": "text"},
        "links": {"implemented-by": ["component"]},
    }
}
