"""Incremental builds that are never stale, even after an interrupted build.

A page shows data of other documents: the titles of the entries it links to,
the entries that link to it, the targets of its ``design:ref`` roles, and
everything its reports show.
After reading, a digest of that data, and of when the page's own document was
read, is computed for every page (and kept in the environment, so a build that
reads nothing computes nothing).  Which
digest each page had when it was *written* is kept in a state file of the
output folder (:class:`OutputState`), saved only when a build finishes without
error and only for the pages that build wrote.  Pages whose current digest
differs from the one they were written with are returned from
``env-get-updated``, so Sphinx rewrites exactly those: also when a previous
build was killed after the environment was saved but before the pages were
written, and when another builder shares the doctree folder.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from .changes import affected_pages, changed_ids, note_title, reusable_reports
from .config import registry
from .domain import get_domain
from .files import write_atomic
from .shown import ALWAYS, digest_of, page_data
from .stamp import digest_stamp

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: Name of a kind of data a page shows (see :mod:`.shown`) -> its digest.
Parts = dict[str, str]

#: The state file in a builder's output folder.
STATE_FILE = ".designdoc-state.json"
#: Bump when the shape of the state file changes (an older file is ignored).
STATE_VERSION = 1


# -- the state of an output folder ---------------------------------------------


def packs_output(builder: Builder) -> bool:
    """Whether the builder packs its output folder into an archive (epub): the
    state file is then kept in the doctree folder, out of the package."""
    return builder.name.startswith("epub")


def writes_pages(builder: Builder) -> bool:
    """Whether the builder writes pages (the ``designdoc`` builder does not)."""
    return bool(getattr(builder, "writes_pages", True))


class OutputState:
    """What the outputs of the builders writing into one folder were made from.

    Per builder name: ``pages`` (docname -> the page digest the page was
    written with) and ``export`` (see :mod:`.builder`).  Loaded once per build,
    saved (atomically) at the end of a build that finished without error.
    """

    def __init__(self, builder: Builder) -> None:
        if packs_output(builder):
            self.path = Path(builder.doctreedir) / f"designdoc-state-{builder.name}.json"
        else:
            self.path = Path(builder.outdir) / STATE_FILE
        self.builder = builder.name
        self.data = self._load()
        self.changed = False

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}  # none yet, or damaged: every page is rewritten once
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            return {}
        return data if isinstance(data.get("builders"), dict) else {}

    def _own(self) -> dict[str, Any]:
        own = self.data.get("builders", {}).get(self.builder)
        return own if isinstance(own, dict) else {}

    @property
    def pages(self) -> dict[str, str]:
        """Docname -> digest the builder last wrote the page with."""
        pages = self._own().get("pages")
        return pages if isinstance(pages, dict) else {}

    @property
    def export(self) -> object:
        return self._own().get("export")

    def update(self, **values: object) -> None:
        """Set ``pages`` or ``export`` of the builder."""
        own = self._own()
        new = {**own, **values}
        if new != own or self.data.get("version") != STATE_VERSION:
            builders = {**self.data.get("builders", {}), self.builder: new}
            self.data = {"version": STATE_VERSION, "builders": builders}
            self.changed = True

    def save(self) -> None:
        if self.changed:
            text = json.dumps(self.data, sort_keys=True, separators=(",", ":"))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, text.encode("utf-8"))
            self.changed = False


def output_state(app: Sphinx) -> OutputState:
    """The state of the builder's output folder, loaded once per build."""
    domain = get_domain(app.env)
    if domain.build.output_state is None:
        domain.build.output_state = OutputState(app.builder)
    state = domain.build.output_state
    assert isinstance(state, OutputState)
    return state


# -- page digests ----------------------------------------------------------------


def page_digests(env: BuildEnvironment) -> dict[str, str]:
    """Docname -> digest of what the page shows: when its document was read
    (for its own content), and what it shows of other documents (as declared
    in :mod:`.shown`), computed afresh for every page and report: what the
    digests an incremental build keeps must equal."""
    from .reports.compute import report_digests

    get_domain(env).report_digests = report_digests(env, keep=False)
    parts = {docname: _parts(env, docname) for docname in env.all_docs}
    return {docname: _page_digest(env, docname, parts[docname]) for docname in sorted(parts)}


def _parts(env: BuildEnvironment, docname: str, names: Iterable[str] | None = None) -> Parts:
    """The digest of each kind of data the page shows (of ``names``, or all)."""
    return {name: digest_of(data) for name, data in page_data(env, docname, names)}


def _page_digest(env: BuildEnvironment, docname: str, parts: Parts) -> str:
    return digest_of([env.all_docs[docname], sorted(parts.items())])


def _updated_digests(env: BuildEnvironment, full: bool) -> dict[str, str]:
    """The page digests after this build read what it read: what the pages it
    can have changed show (:func:`.changes.affected_pages`) and the content of
    the reports it can have changed (:func:`.changes.reusable_reports`) are
    recomputed (``full``: everything of every page and report).

    Those pages get this build's generation as their *entry generation*: what
    is made of their entries together with what their page shows (links,
    backlinks, compliance) can have changed; the export's records
    (:mod:`.export_lines`) and reports' rows (:mod:`.reports.kept_rows`) made
    in a build of the same entry generation are kept."""
    from .reports.compute import report_digests

    domain = get_domain(env)
    known: dict[str, Parts] = domain.data.get("page_parts") or {}
    full = full or not known
    changes = None if full else changed_ids(domain)
    pages = set(env.all_docs) if changes is None else affected_pages(domain, domain.index, changes)
    renewed = {d for d in env.all_docs if d in pages or d not in known}
    generation: str = domain.data["generation"]
    previous: dict[str, str] = domain.data.get("entry_generations") or {}
    domain.data["entry_generations"] = {
        d: generation if d in renewed else previous.get(d, generation) for d in sorted(env.all_docs)
    }
    domain.build.generations_current = True
    reusable = None if changes is None else reusable_reports(domain, registry(env.config), changes)
    domain.report_digests = report_digests(env, reusable)
    parts: dict[str, Parts] = {}
    for docname in sorted(env.all_docs):
        if docname in renewed:
            parts[docname] = _parts(env, docname)
        else:
            parts[docname] = {**known[docname], **_parts(env, docname, ALWAYS)}
    domain.data["page_parts"] = parts
    return {docname: _page_digest(env, docname, p) for docname, p in parts.items()}


def current_digests(env: BuildEnvironment) -> dict[str, str]:
    """The page digests of the current sources, computed only when a document
    was read or removed, or the stamp changed, since they were last computed."""
    domain = get_domain(env)
    stamp = digest_stamp(env)
    if domain.build.changed or domain.data.get("generation") is None:
        # what the export is made from changed (see builder)
        domain.data["generation"] = uuid.uuid4().hex
    if domain.build.changed or domain.data.get("stamp") != stamp:
        inactive = domain.inactive_docs()
        full = domain.data.get("stamp") != stamp or domain.data.get("inactive") != inactive
        domain.data["rendered"] = _updated_digests(env, full)
        domain.data["stamp"] = stamp
        domain.data["inactive"] = inactive
        domain.object_list()  # kept for a build that reads nothing (see there)
    domain.build.generations_current = True
    rendered: dict[str, str] = domain.data["rendered"]
    return rendered


def _begin_build(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    get_domain(env).begin_build()
    return []


def outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages not written with what they show now."""
    current = current_digests(env)
    if not writes_pages(app.builder):
        return []
    written = output_state(app).pages
    return [d for d, digest in current.items() if written.get(d) != digest]


def _note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Note a page about to be written, with the documents it holds when the
    builder assembles several into one (singlehtml, latex, texinfo, man)."""
    resolved = get_domain(app.env).build.resolved
    resolved.add(docname)
    resolved.update(node["docname"] for node in doctree.findall(addnodes.start_of_file))


def save_output_state(app: Sphinx, exception: BaseException | None) -> None:
    """Record the digests of the pages this build wrote (after the export, see
    :mod:`.builder`, which records its own)."""
    if exception is not None or app.builder is None:
        return
    domain = get_domain(app.env)
    if writes_pages(app.builder):
        state = output_state(app)
        current: dict[str, str] = domain.data["rendered"]
        documents = app.env.all_docs
        pages = {d: digest for d, digest in state.pages.items() if d in documents}
        for docname in domain.build.resolved:
            if docname in current and docname not in domain.build.rewrite:
                pages[docname] = current[docname]
            else:
                pages.pop(docname, None)
        state.update(pages=pages)
    if domain.build.output_state is not None:
        output_state(app).save()


def setup_freshness(app: Sphinx) -> None:
    app.connect("env-get-outdated", _begin_build, priority=100)
    # before Sphinx's title collector forgets the title (priority 500)
    app.connect("env-purge-doc", note_title, priority=100)
    app.connect("env-get-updated", outdated_pages)
    app.connect("doctree-resolved", _note_written)
    app.connect("build-finished", save_output_state, priority=800)
