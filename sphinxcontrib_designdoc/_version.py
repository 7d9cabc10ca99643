"""The version of sphinxcontrib-designdoc (read by the build backend too)."""

__version__ = "0.1.0"
