"""Benchmark of sphinxcontrib-designdoc against plain Sphinx and sphinx-needs."""
