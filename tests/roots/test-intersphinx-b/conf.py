project = "Project B"
extensions = ["myst_parser", "sphinx.ext.intersphinx", "sphinxcontrib_designdoc"]
exclude_patterns = ["_build"]
# the test points "a" at project A's objects.inv (confoverrides)
intersphinx_mapping = {}
