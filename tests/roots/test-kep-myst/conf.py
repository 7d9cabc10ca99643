# An abridged conversion of a real Kubernetes Enhancement Proposal, in MyST Markdown.
#
# Source: kubernetes/enhancements, keps/sig-node/4742-node-topology-downward-api/
# README.md and kep.yaml (commit ce244995fdb4aec2623daacf3408b4484c1fa05a),
# licensed under the Apache License 2.0. Abridged and converted: see NOTICE.
# test-kep-rst is the same project in reStructuredText; both must give the same entries.

project = "KEP-4742 (MyST Markdown)"
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
designdoc_today = "2026-01-15"

# KEP stages as quality levels. Each adds the checks every KEP needs at that stage
# (unit tests and a production readiness review from alpha, conformance tests for
# GA); a KEP's own graduation criteria are local gates, not listed here.
designdoc_quality_levels = {
    "alpha": ["tests", "review"],
    "beta": [],
    "stable": ["conformance"],
}

# kep.yaml's metadata on the built-in kinds: KEP statuses (implemented and rejected
# are built in), the fields a design-doc lacks, the release of a milestone.
designdoc_extra_fields = {
    "doc": {
        "status": ["provisional", "implementable", "deferred", "withdrawn", "replaced"],
        "approvers": "list",
        "owning-sig": "text",
        "latest-milestone": "text",
        "feature-gates": "list",
    },
    "milestone": {"release": "text"},
}
