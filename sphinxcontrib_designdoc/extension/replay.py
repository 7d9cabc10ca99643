"""Every warning in every build, until its cause is fixed.

Sphinx reads only new and changed documents, and runs the cross-document
checks only when one was read; a warning would otherwise be shown by the build
that finds it and never again, and ``sphinx-build -W`` would pass on the next
cached build.  Three things keep every warning in every build, full,
incremental, parallel or with nothing to do:

- While a document is read, the designdoc warnings about it are held back and
  recorded with the document in the domain (``warnings``: picklable
  :class:`~.warnings_.DocumentWarning` records, cleared and merged per
  document like the entries).  Once reading is done (``env-updated``, emitted
  by every build) the recorded warnings of all documents are logged, in
  document order: those just read and those taken from the cache alike, so
  each is shown once per build, with the same text, location and subtype.
- When Sphinx skips its consistency checks (no document was read or is to be
  rewritten), the problems of the cross-document checks are logged at
  ``build-finished``: those the environment keeps, as nothing changed.
- A page with a ``design:ref`` that names no entry (of this project nor of an
  intersphinx inventory) is rewritten by every build, so the reference
  resolver reports it every time (and links it once the entry exists).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sphinx.util.logging import getLogger

from .checks import log_problems
from .domain import DesignDomain, external_entries, get_domain
from .stamp import digest_stamp
from .warnings_ import DocumentWarning, logger

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_status = getLogger(__name__)


class HoldBack(logging.Filter):
    """Records the designdoc warnings of the document being read in the domain
    instead of letting them through; any other warning passes."""

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__()
        self.env = env

    def filter(self, record: logging.LogRecord) -> bool:
        # no document being read: None, or "" once one was (Sphinx 9)
        docname = self.env.temp_data.get("docname")
        if not docname or record.levelno != logging.WARNING:
            return True
        if getattr(record, "type", None) != "designdoc":
            return True
        recorded = get_domain(self.env).data["warnings"]
        recorded.setdefault(docname, []).append(DocumentWarning.from_record(record))
        return False


def _release() -> None:
    for old in [f for f in logger.logger.filters if isinstance(f, HoldBack)]:
        logger.logger.removeFilter(old)


def _hold_back(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _release()  # one left by a build that failed while reading
    logger.logger.addFilter(HoldBack(env))
    get_domain(env).build.checked = False


def _log_document_warnings(app: Sphinx, env: BuildEnvironment) -> None:
    _release()
    recorded: dict[str, list[DocumentWarning]] = get_domain(env).data["warnings"]
    for docname in sorted(recorded):
        for warning in recorded[docname]:
            warning.log()


def _note_checked(app: Sphinx, env: BuildEnvironment) -> None:
    get_domain(env).build.checked = True


def _check_if_skipped(app: Sphinx, exception: BaseException | None) -> None:
    _release()
    if exception is not None:
        return
    domain = get_domain(app.env)
    if domain.build.checked:
        return
    run_checks(app, domain)


def run_checks(app: Sphinx, domain: DesignDomain) -> None:
    """The cross-document checks, as the consistency check logs them (from the
    problems kept in the environment when nothing changed, see :mod:`.checks`)."""
    log_problems(domain.env)


def _external_ids(env: BuildEnvironment) -> set[str]:
    """The entry IDs of the intersphinx inventories (empty without intersphinx)."""
    return {id_ for items in external_entries(env).values() for id_ in items}


def _unknown_refs(env: BuildEnvironment) -> dict[str, list[str]]:
    """Docname -> the ``design:ref`` targets of the page that name no entry;
    found again only when the entries or the builder's tags changed."""
    data = get_domain(env).data
    key = [data.get("generation"), digest_stamp(env)]
    cached = data.get("unknown_refs")
    if cached is not None and cached[0] == key:
        found: dict[str, list[str]] = cached[1]
        return found
    index = get_domain(env).index
    found = {}
    for docname, targets in sorted(data["refs"].items()):
        unknown = [t for t in targets if index.resolve(t) is None and not index.is_hidden(t)]
        if unknown:
            found[docname] = unknown
    data["unknown_refs"] = (key, found)
    return found


def pages_with_unknown_refs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose ``design:ref`` names an ID no entry has: rewritten (and their
    references reported by the resolver) in every build until fixed."""
    unknown = _unknown_refs(env)
    external = _external_ids(env) if unknown else set()
    pages = [
        docname
        for docname, targets in unknown.items()
        if any(t not in external and t.partition(":")[2] not in external for t in targets)
    ]
    if pages:
        _status.verbose("pages with unknown design:ref targets: %s", ", ".join(pages))
    return pages


def setup_replay(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _hold_back)
    app.connect("env-updated", _log_document_warnings)
    # after freshness renews the generation (as checks does)
    app.connect("env-get-updated", pages_with_unknown_refs, priority=900)
    app.connect("env-check-consistency", _note_checked)
    app.connect("build-finished", _check_if_skipped)
