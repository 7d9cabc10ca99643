project = "User kinds"
extensions = ["sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]

designdoc_kinds = {
    "interface": {
        "prefix": "IF",
        "label": "Interface",
        "fields": {"status": ["draft", "stable"], "protocol": "text"},
        "links": {"implemented-by": ["component"]},
    }
}
