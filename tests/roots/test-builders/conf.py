project = "Builders"
author = "Design team"
copyright = "2025, Design team"
version = release = "1.0"
language = "en"
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]

designdoc_kinds = {
    "contract": {
        "prefix": "CT",
        "label": "Contract",
        "fields": {"status": ["draft", "stable"], "protocol": "text"},
        "links": {"implemented-by": {"targets": ["component"], "reverse": "Implements"}},
    },
}

latex_documents = [("index", "builders.tex", "Builders", author, "manual")]
man_pages = [("index", "builders", "Builders", [author], 7)]
texinfo_documents = [("index", "builders", "Builders", author, "builders", "Builders.", "Misc")]
epub_basename = "builders"
