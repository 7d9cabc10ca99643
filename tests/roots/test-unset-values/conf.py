extensions = ["myst_parser", "sphinxcontrib_designdoc"]
project = "Unset values"
designdoc_today = "2025-06-01"
designdoc_kinds = {
    "contract": {
        "fields": {
            "status": {"values": ["draft", "stable"], "default": "draft"},
            "stability": ["experimental", "stable"],
            "protocol": {"type": "text", "default": "HTTPS"},
        },
    },
}
