"""Data that leaves Sphinx: the ``designdoc.json`` export and its schema."""
