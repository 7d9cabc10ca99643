"""The ``designdoc`` builder, and the export written next to HTML output.

``sphinx-build -b designdoc SRC OUT`` reads the project and writes, without
rendering any page::

    OUT/designdoc.json            every entry, with links and derived data
    OUT/designdoc.schema.json     the JSON Schema that file follows
    OUT/reports/index.md          Markdown reports for a pull-request comment or a
    OUT/reports/open-questions.md CI job summary (components.md, risks.md,
    ...                           decisions.md, quality.md), linking to the HTML
                                  pages when designdoc_html_baseurl is set

HTML builds write ``designdoc.json`` and its schema into their output folder
when ``designdoc_emit_json`` is set (epub is left alone: it packs its folder).
Files are only rewritten when their content changes.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders import Builder

from .domain import get_domain
from .export.data import EXPORT_FILE, SCHEMA_FILE, dumps, export_data, schema_text
from .export.load import Export
from .export.markdown import all_reports

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: HTML builders whose output folder receives ``designdoc.json``.
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
#: The folder of the Markdown reports, in the designdoc builder's output.
REPORTS_DIR = "reports"


def write_export(builder: Builder) -> dict[str, Any]:
    """Write ``designdoc.json`` and its schema into the builder's output folder."""
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
    _write_if_changed(outdir / SCHEMA_FILE, schema_text())
    return data


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


class DesignDocBuilder(Builder):
    """Writes the design data of the project and reports on it, not its pages."""

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

    def get_asset_paths(self) -> list[str]:
        # Sphinx leaves these paths out of the sources: when the output folder
        # is inside the source folder, the Markdown reports of the previous
        # build must not be read as documents of a MyST project.
        try:
            inside = Path(self.outdir).resolve().relative_to(Path(self.srcdir).resolve())
        except ValueError:
            return []
        return [inside.as_posix()] if inside.parts else []

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        # No page is rendered: the per-page write phase is skipped entirely.
        pass

    def finish(self) -> None:
        data = write_export(self)
        reports = Path(self.outdir) / REPORTS_DIR
        reports.mkdir(exist_ok=True)
        for name, text in all_reports(Export.from_data(data, EXPORT_FILE)).items():
            _write_if_changed(reports / name, text)


def _export_next_to_html(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None and app.config.designdoc_emit_json and app.builder.name in HTML_BUILDERS:
        unchanged = not get_domain(app.env).refreshed  # a no-op build: nothing to redo
        if not (unchanged and (Path(app.outdir) / EXPORT_FILE).is_file()):
            write_export(app.builder)


def setup_builder(app: Sphinx) -> None:
    app.add_builder(DesignDocBuilder)
    app.connect("build-finished", _export_next_to_html)
