"""Reports' HTML kept between builds: a page rewritten for one report does not
compute or render the others again, nor the rows of a big report that did
not change (see :mod:`.kept_rows`).

On HTML builders, :class:`.placeholder.FillReports` renders a report with the
builder's own translator (a theme's too) when the page is resolved, and puts
the HTML into the page as one :class:`report_html` node.  Each report's HTML
is kept in a file of its own, in a folder of the doctree folder, under the
page, the report and the digest of its content (:func:`.compute.report_digests`);
a report made of big entry tables keeps the HTML of its rows with it.  A
report whose content did not change is neither computed nor rendered again,
and after an edit only the files of the reports it changed are written.  The
folder's index names the file of each report; it is written after the files,
and the files it no longer names are removed after it, so an interrupted
build leaves an index naming files that hold what it says.  Whatever build
wrote a file, its HTML is right for its key: the key holds what the HTML is
made from, and what the HTML depends on besides the content (the builder,
its translator and configuration, the versions and the source of the
packages that render it) is the folder's signature, also part of each file's
name; another signature discards the index.

The page's search index gets no text of a report rendered this way: a report
repeats the IDs and titles of entries that the index already finds on their
own pages and as objects (see the reports how-to in the documentation).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import docutils
import sphinx
from docutils import nodes
from docutils.utils import new_document

from ... import __version__
from ..domain import get_domain
from ..files import read_pickle, read_signed, source_stamp, write_pickle, write_signed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator


#: Bump when the shape of the files changes.
CACHE_VERSION = 3
INDEX_FILE = "index.pickle"

#: (page, report's document, report's serial)
ReportKey = tuple[str, str, int]
#: The classes of a row, and the HTML of its cells.
RowHtml = tuple[tuple[str, ...], str]


class Rendered(NamedTuple):
    """A report as a build rendered it on a page."""

    #: The digest of the report's content.
    digest: str
    html: str
    #: Digest of a row -> its HTML, for the rows of big entry tables.
    rows: Mapping[str, RowHtml]


class report_html(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A report rendered for the page (``html``)."""


def visit_report_html(self: HTML5Translator, node: report_html) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def _signature(builder: Builder) -> tuple[object, ...]:
    translator = builder.get_translator_class()
    info = getattr(builder, "build_info", None)
    return (
        CACHE_VERSION,
        __version__,
        source_stamp(),
        sphinx.__version__,
        docutils.__version__,
        builder.name,
        f"{translator.__module__}.{translator.__qualname__}",
        getattr(info, "config_hash", None),
        getattr(info, "tags_hash", None),
    )


class HtmlCache:
    """The reports' HTML of one builder: the index is loaded when a page
    first needs it, a report's file when its page does."""

    def __init__(self, builder: Builder) -> None:
        self.folder = Path(builder.doctreedir) / f"designdoc-reports-{builder.name}"
        self.signature = _signature(builder)
        #: Report -> the digest of the rendering kept for it.
        self.index: dict[ReportKey, str] = read_signed(
            self.folder / INDEX_FILE, self.signature, "reports"
        )
        self._kept: dict[ReportKey, Rendered | None] = {}
        #: The reports rendered in this build, to save.
        self.now: dict[ReportKey, Rendered] = {}
        #: The reports rendered in this build that are not kept.
        self.unsaved: set[ReportKey] = set()

    def _file(self, report: ReportKey, digest: str) -> Path:
        key = repr((self.signature, report, digest)).encode("utf-8", "surrogatepass")
        return self.folder / f"{hashlib.sha256(key).hexdigest()[:32]}.pickle"

    def kept(self, report: ReportKey) -> Rendered | None:
        """The report as an earlier build rendered it on its page."""
        if report not in self._kept:
            found = None
            digest = self.index.get(report)
            if digest is not None:
                data = read_pickle(self._file(report, digest))
                if isinstance(data, tuple) and len(data) == 2 and data[0] == report:
                    rendered = data[1]
                    if isinstance(rendered, Rendered) and rendered.digest == digest:
                        found = rendered
            self._kept[report] = found
        return self._kept[report]

    def get(self, report: ReportKey, digest: str) -> str | None:
        """The report's HTML, if an earlier build rendered this content."""
        kept = self.kept(report)
        return kept.html if kept is not None and kept.digest == digest else None

    def kept_rows(self, report: ReportKey) -> Mapping[str, RowHtml]:
        """The HTML of the rows of the report's big tables, as an earlier build
        rendered them on its page (by their digest)."""
        kept = self.kept(report)
        return kept.rows if kept is not None else {}

    def put(self, report: ReportKey, rendered: Rendered, save: bool = True) -> None:
        """Keep the report as rendered now (``save`` False: not kept)."""
        if save:
            self.now[report] = rendered
        else:
            self.unsaved.add(report)

    def save(self, current: Set[tuple[str, int, str]], documents: Set[str]) -> None:
        """Keep the reports whose (document, serial, digest) is ``current``, on
        the pages there are: those rendered in this build, and the others as
        kept; write the files of those rendered, then the index, if that
        changed it, and remove the files it no longer names."""
        reports = {**self.index, **{r: rendered.digest for r, rendered in self.now.items()}}
        reports = {
            report: digest
            for report, digest in reports.items()
            if report not in self.unsaved
            and (report[1], report[2], digest) in current
            and report[0] in documents
        }
        for report, rendered in self.now.items():
            if report in reports and self.kept(report) != rendered:
                write_pickle(self._file(report, rendered.digest), (report, rendered))
        if reports == self.index:
            return
        write_signed(self.folder / INDEX_FILE, self.signature, "reports", reports)
        self.folder.with_suffix(".pickle").unlink(missing_ok=True)  # of earlier versions
        self.index = reports
        named = {self._file(report, digest).name for report, digest in reports.items()}
        for path in self.folder.glob("*.pickle"):
            if path.name != INDEX_FILE and path.name not in named:
                with contextlib.suppress(OSError):
                    path.unlink()


def html_cache(builder: Builder, build: Any) -> HtmlCache | None:
    """The builder's cache, loaded once per build (``build``: the domain's
    BuildState); None where reports stay nodes: builders that do not write
    HTML with a translator of docutils (or have no writer settings yet)."""
    if builder.format != "html" or not hasattr(builder, "docsettings"):
        return None
    try:
        builder.get_translator_class()
    except AttributeError:  # Sphinx's way of saying the builder has no translator
        return None
    if build.html_cache is None:
        build.html_cache = HtmlCache(builder)
    cache = build.html_cache
    assert isinstance(cache, HtmlCache)
    return cache


def render_html(builder: Builder, fromdocname: str, box: nodes.Element) -> str:
    """The HTML the builder's translator writes for ``box`` on a page."""
    document = new_document(fromdocname, builder.docsettings)  # type: ignore[attr-defined]
    document += box
    translator: Any = builder.create_translator(document, builder)
    with contextlib.suppress(AttributeError):
        translator.docnames = [fromdocname]
    # the figure numbers of the page, which the builder sets only when it
    # writes it (a report's captioned tables are never numbered: they did
    # not exist when Sphinx numbered the page's figures and tables)
    unset = not hasattr(builder, "fignumbers")
    if unset:
        builder.fignumbers = {}  # type: ignore[attr-defined]
    try:
        box.walkabout(translator)
    finally:
        if unset:
            del builder.fignumbers  # type: ignore[attr-defined]
    document.remove(box)
    return "".join(translator.body)


def save_html_cache(app: Sphinx, exception: BaseException | None) -> None:
    """Save the cache of a build that finished, with the reports as they are."""
    domain = get_domain(app.env)
    cache = domain.build.html_cache
    if exception is not None or not isinstance(cache, HtmlCache):
        return
    digests = domain.report_digests
    specs = domain.reports
    cache.save(
        {
            (spec.docname, spec.serial, digests[spec.query])
            for found in specs.values()
            for spec in found
            if spec.query in digests
        },
        app.env.all_docs.keys(),
    )


def setup_html_cache(app: Sphinx) -> None:
    app.add_node(report_html, html=(visit_report_html, None))
    app.connect("build-finished", save_html_cache)
