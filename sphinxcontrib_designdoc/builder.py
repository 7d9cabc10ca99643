"""The ``designdoc`` builder, and the export written next to HTML output.

``sphinx-build -b designdoc SRC OUT`` reads the project and writes
``designdoc.json`` (and the JSON Schema it follows) without rendering pages.
HTML builds write the same export into their output folder when
``designdoc_emit_json`` is set (epub is left alone: it packs its folder).
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders import Builder

from .export.data import EXPORT_FILE, SCHEMA_FILE, dumps, export_data, schema

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: HTML builders whose output folder receives ``designdoc.json``.
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")


def write_export(builder: Builder) -> None:
    config = builder.config
    if builder.name == "singlehtml":

        def target_uri(docname: str) -> str:
            return builder.get_target_uri(config.root_doc)

    elif builder.format == "html":
        target_uri = builder.get_target_uri
    else:

        def target_uri(docname: str) -> str:
            return docname + (config.html_file_suffix or ".html")

    data = export_data(builder.env, target_uri)
    outdir = Path(builder.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    _write_if_changed(outdir / EXPORT_FILE, dumps(data))
    _write_if_changed(outdir / SCHEMA_FILE, dumps(schema()))


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


class DesignDocBuilder(Builder):
    """Writes the design data of the project, not its pages."""

    name = "designdoc"
    format = "designdoc"
    epilog = "The design data is in %(outdir)s."
    allow_parallel = True

    def init(self) -> None:
        pass

    def get_outdated_docs(self) -> set[str]:
        # Pages are not written; the export always reflects the whole project.
        return set(self.env.found_docs)

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname + (self.config.html_file_suffix or ".html")

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        write_export(self)

    def finish(self) -> None:
        pass


def _export_next_to_html(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None and app.config.designdoc_emit_json and app.builder.name in HTML_BUILDERS:
        write_export(app.builder)


def setup_builder(app: Sphinx) -> None:
    app.add_builder(DesignDocBuilder)
    app.connect("build-finished", _export_next_to_html)
