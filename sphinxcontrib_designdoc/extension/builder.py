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
Files are written atomically (a temporary file replaces the old one), and only
when their content changes.  A build that reads nothing does not compute the
export again unless the files on disk are not what was last written (damaged,
edited, deleted) or the configuration the export depends on changed; what was
written is recorded in the output folder's state file (:mod:`.freshness`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders import Builder

from .config import PREFIX
from .domain import get_domain
from .files import file_hash, sha256, write_atomic
from .freshness import output_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .export import TargetUri

#: HTML builders whose output folder receives ``designdoc.json``.
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
#: The folder of the Markdown reports, in the designdoc builder's output.
REPORTS_DIR = "reports"
#: Sphinx's configuration values the export shows (besides every ``designdoc_*``).
EXPORT_CONFIG = (
    "project",
    "version",
    "root_doc",
    "html_baseurl",
    "html_file_suffix",
    "suppress_warnings",
)


def export_target_uri(builder: Builder) -> TargetUri:
    """docname -> the URL of its page that the export records."""
    config = builder.config
    if builder.name == "singlehtml":

        def target_uri(docname: str) -> str:
            return builder.get_target_uri(config.root_doc)

    elif builder.format == "html":
        target_uri = builder.get_target_uri
    else:

        def target_uri(docname: str) -> str:
            return docname + (config.html_file_suffix or ".html")

    return target_uri


def write_export(builder: Builder, data: dict[str, Any]) -> dict[str, str]:
    """Write ``designdoc.json`` (of ``data``) and its schema into the builder's
    output folder; return file name -> sha256 of what the files hold."""
    from ..export.format import EXPORT_FILE, SCHEMA_FILE, pieces, schema_text

    outdir = Path(builder.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    return {
        EXPORT_FILE: _write_if_changed(outdir / EXPORT_FILE, pieces(data)),
        SCHEMA_FILE: _write_if_changed(outdir / SCHEMA_FILE, schema_text()),
    }


def _write_if_changed(path: Path, text: str | Iterable[str]) -> str:
    """Write ``text`` (or its pieces, in order) atomically unless the file
    holds it; return its sha256."""
    data = [text.encode("utf-8")] if isinstance(text, str) else [t.encode("utf-8") for t in text]
    digest = hashlib.sha256()
    for piece in data:
        digest.update(piece)
    try:  # (a file of another size is not read: designdoc.json can be big)
        size = sum(map(len, data))
        same = path.stat().st_size == size and path.read_bytes() == b"".join(data)
    except OSError:
        same = False
    if not same:
        write_atomic(path, data)
    return digest.hexdigest()


def export_inputs(app: Sphinx, generation: bool = True) -> str:
    """A digest of what the export next to HTML output is made from besides
    the entries: the builder, the build stamp and the configuration it shows
    (and the generation of the entries, unless ``generation`` is False)."""
    config = app.config
    values = {
        item.name: item.value
        for item in config
        if item.name.startswith(PREFIX) or item.name in EXPORT_CONFIG
    }
    domain = get_domain(app.env)
    key = [
        app.builder.name,
        domain.data.get("generation") if generation else None,
        domain.data.get("stamp"),
        values,
    ]
    return sha256(json.dumps(key, sort_keys=True, default=repr).encode("utf-8"))


class DesignDocBuilder(Builder):
    """Writes the design data of the project and reports on it, not its pages."""

    name = "designdoc"
    format = "designdoc"
    epilog = "The design data is in %(outdir)s."
    allow_parallel = True
    #: No page is written (see freshness): the export and the reports are made
    #: anew by every build, and each file rewritten when its content changed.
    writes_pages = False

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
        from ..export.format import EXPORT_FILE
        from ..export.load import Export
        from ..export.markdown import all_reports
        from .export import export_data

        data = export_data(self.env, export_target_uri(self))
        write_export(self, data)
        reports = Path(self.outdir) / REPORTS_DIR
        reports.mkdir(exist_ok=True)
        for name, text in all_reports(Export.from_data(data, EXPORT_FILE)).items():
            _write_if_changed(reports / name, text)


def _export_next_to_html(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not app.config.designdoc_emit_json:
        return
    if app.builder.name not in HTML_BUILDERS:
        return
    state = output_state(app)
    inputs = export_inputs(app)
    recorded = state.export
    if isinstance(recorded, dict) and recorded.get("inputs") == inputs:
        files = recorded.get("files")
        outdir = Path(app.outdir)
        if (
            isinstance(files, dict)
            and files
            and all(file_hash(outdir / name) == digest for name, digest in files.items())
        ):
            return  # made from the same data, and on disk as written
    from .export_lines import KeptLines, kept_export_data

    kept = KeptLines(app.builder, export_inputs(app, generation=False))
    hashes = write_export(
        app.builder, kept_export_data(app.builder, export_target_uri(app.builder), kept)
    )
    kept.save()
    state.update(export={"inputs": inputs, "files": hashes})


def setup_builder(app: Sphinx) -> None:
    app.add_builder(DesignDocBuilder)
    app.connect("build-finished", _export_next_to_html)
