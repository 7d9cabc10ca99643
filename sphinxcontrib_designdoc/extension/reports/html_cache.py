"""Reports' HTML kept between builds: a page rewritten for one report does not
compute or render the others again, nor the rows of a big report that did
not change (see :mod:`.kept_rows`).

On HTML builders, :class:`.placeholder.FillReports` renders a report with the
builder's own translator (a theme's too) when the page is resolved, and puts
the HTML into the page as one :class:`report_html` node.  The HTML is kept in a file of the
doctree folder under the page, the report and the digest of its content
(:func:`.compute.report_digests`), so a report whose content did not change
is neither computed nor rendered again.  Whatever build wrote the file, its
HTML is right for its key: the key holds what the HTML is made from, and
what the HTML depends on besides the content (the builder, its translator and
configuration, the versions and the source of the packages that render it) is
the file's signature; another signature discards the file.  Saving keeps only
the HTML of the reports as they are now.

The page's search index gets no text of a report rendered this way: a report
repeats the IDs and titles of entries that the index already finds on their
own pages and as objects (see the reports how-to in the documentation).
"""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docutils
import sphinx
from docutils import nodes
from docutils.utils import new_document

from ... import __version__
from ..domain import get_domain
from ..files import source_stamp, write_atomic

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator


#: Bump when the shape of the file changes.
CACHE_VERSION = 2

#: (page, report's document, report's serial, digest of its content)
Key = tuple[str, str, int, str]
#: (page, digest of a row of an entry table: see kept_rows)
RowKey = tuple[str, str]
#: The classes of a row, and the HTML of its cells.
RowHtml = tuple[tuple[str, ...], str]


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
    """The reports' HTML of one builder, loaded when a page first needs it."""

    def __init__(self, builder: Builder) -> None:
        self.path = Path(builder.doctreedir) / f"designdoc-reports-{builder.name}.pickle"
        self.signature = _signature(builder)
        self.html: dict[Key, str] = {}
        self.rows: dict[RowKey, RowHtml] = {}
        self._load()
        self.changed = False
        #: The pages whose entry tables were rendered, and the rows they hold.
        self.rendered: dict[str, set[str]] = {}
        #: The reports whose HTML is kept for this build only.
        self.unsaved: set[Key] = set()

    def _load(self) -> None:
        try:
            with self.path.open("rb") as file:
                data = pickle.load(file)
        except Exception:  # none yet, or damaged (unpickling raises many kinds)
            return  # the reports are rendered again
        if not isinstance(data, dict) or data.get("signature") != self.signature:
            return
        html, rows = data.get("html"), data.get("rows")
        if isinstance(html, dict) and isinstance(rows, dict):
            self.html, self.rows = html, rows

    def get(self, key: Key) -> str | None:
        return self.html.get(key)

    def put(self, key: Key, html: str, save: bool = True) -> None:
        """Keep a report's HTML (``save`` False: for this build only)."""
        self.html[key] = html
        if save:
            self.changed = True
        else:
            self.unsaved.add(key)

    def row(self, page: str, digest: str) -> RowHtml | None:
        """The HTML of a row rendered on the page by an earlier build."""
        self.rendered.setdefault(page, set()).add(digest)
        return self.rows.get((page, digest))

    def put_row(self, page: str, digest: str, row: RowHtml) -> None:
        self.rendered.setdefault(page, set()).add(digest)
        self.rows[page, digest] = row
        self.changed = True

    def save(self, current: set[tuple[str, int, str]], documents: Set[str]) -> None:
        """Keep the HTML of the reports whose (document, serial, digest) is
        ``current``, and of the rows of the pages there are that this build
        did not render, or rendered with them; write the file if that changed
        it."""
        kept = {
            key: html
            for key, html in self.html.items()
            if key[1:] in current and key not in self.unsaved
        }
        rows = {
            (page, digest): row
            for (page, digest), row in self.rows.items()
            if page in documents and digest in self.rendered.get(page, (digest,))
        }
        if len(kept) != len(self.html) or len(rows) != len(self.rows):
            self.html, self.rows, self.changed = kept, rows, True
        if self.changed:
            data = {"signature": self.signature, "html": self.html, "rows": self.rows}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            self.changed = False


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
