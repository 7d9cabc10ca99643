"""Incremental builds that are never stale.

A page shows data of other documents: the titles of the entries it links to,
the entries that link to it, the targets of its ``design:ref`` roles, and
everything its reports show.
After reading, a digest of that data is computed for every page and compared
with the previous build's; pages whose digest changed are returned from
``env-get-updated``, so Sphinx rewrites exactly those (and no others).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .config import registry
from .domain import get_domain
from .model import Entry
from .render import link_rows
from .reports.base import build_stamp, shown_reports

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _shown(entry: Entry | str | None) -> tuple[str, ...] | str | None:
    if isinstance(entry, Entry):
        return (entry.id, entry.title, entry.docname)
    return entry


def page_digests(env: BuildEnvironment) -> dict[str, str]:
    """Docname -> digest of what the page shows of other documents."""
    domain = get_domain(env)
    index = domain.index
    reg = registry(env.config)
    xrefs: dict[str, list[str]] = domain.data["xrefs"]
    digests = {}
    for docname in sorted(set(domain.entries) | set(xrefs) | set(domain.data["reports"])):
        shown: list[object] = []
        for entry in domain.doc_entries(docname):
            for name, label, targets in link_rows(entry, reg, index):
                shown.append((entry.serial, name, label, [_shown(t) for t in targets]))
        shown.extend(_shown(index.resolve(t)) for t in xrefs.get(docname, []))
        # everything the page's reports show (computed once per build, then reused)
        shown.extend(shown_reports(env, docname))
        digests[docname] = hashlib.sha256(repr(shown).encode()).hexdigest()
    return digests


def outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = get_domain(env)
    stamp = build_stamp(env)
    if not domain.changed and domain.data.get("stamp") == stamp:
        return []  # nothing read or removed, same build date: nothing can show otherwise
    previous: dict[str, str] = domain.data["rendered"]
    current = page_digests(env)
    domain.data["rendered"] = current
    domain.data["stamp"] = stamp
    domain.refreshed = True
    return [d for d, digest in current.items() if previous.get(d) != digest]


def setup_freshness(app: Sphinx) -> None:
    app.connect("env-get-updated", outdated_pages)
