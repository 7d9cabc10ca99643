"""What a build changed, and which pages it can show on.

A build reads the documents that changed; the domain keeps what their entries
were before (``BuildState.cleared``).  Comparing them with what was read gives
the entries whose identity changed (added, removed, or shown differently where
others link to them: ID, title, document) and the links that were added or
removed.  A page shows another document's entry only through a link, a
backlink, a ``design:ref`` or a report, so the pages whose links or role
targets can have changed are few: :func:`affected_pages`.  A report shows
other entries by their identity and links, and the fields of the entries its
query reads: where neither changed, it keeps its content
(:func:`reusable_reports`).  :mod:`.freshness` recomputes what those pages and
reports show, and keeps what the others showed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..core.kinds import Registry
from ..core.model import Entry
from .domain import DesignDomain, get_domain
from .shown import entry_data

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.linkgraph import LinkIndex
    from ..core.reports.query import Query

APPLIES_TO = "applies-to"


def _identities(entries: Iterable[Entry]) -> dict[str, list[object]]:
    """ID -> how links show each entry of that ID (duplicates too), and the
    ``only`` expressions that decide whether it exists for the builder."""
    found: dict[str, list[object]] = {}
    for e in entries:
        found.setdefault(e.id, []).append((entry_data(e), e.only))
    return found


def _links(entries: Iterable[Entry]) -> set[tuple[str, str, str]]:
    return {
        (e.id, name, target) for e in entries for name, targets in e.links for target in targets
    }


def _before(domain: DesignDomain) -> list[Entry]:
    """The entries of the documents this build read or removed, before."""
    return [e for entries in domain.build.cleared.values() for e in entries]


def _after(domain: DesignDomain) -> list[Entry]:
    """The entries of the documents this build read or removed, now."""
    return [e for docname in domain.build.cleared for e in domain.doc_entries(docname)]


def _before_and_after(domain: DesignDomain) -> list[Entry]:
    return _before(domain) + _after(domain)


#: (IDs whose entry was added, removed or shown differently; links added or
#: removed): see :func:`changed_ids`.
Changes = tuple[set[str], set[tuple[str, str, str]]]


def changed_ids(domain: DesignDomain) -> Changes:
    """(IDs whose entry was added, removed or shown differently; links added or
    removed) by the documents this build read or removed."""
    before, after = _before(domain), _after(domain)
    old, new = _identities(before), _identities(after)
    ids = {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    return ids, _links(before) ^ _links(after)


def gated_ids(domain: DesignDomain) -> set[str]:
    """The components that a quality gate of a document this build read or
    removed applies to (before or after): their progress may have changed."""
    return {target for gate in _before_and_after(domain) for target in gate.targets(APPLIES_TO)}


def affected_pages(domain: DesignDomain, index: LinkIndex, changes: Changes) -> set[str]:
    """The pages whose links, backlinks, progress or ``design:ref`` targets can
    have changed in this build (a superset: never one too few)."""
    ids, links = changes
    # the links of a changed entry are backlinks shown on their targets' pages
    # (a new set: ``changes`` is shared with the reports, see freshness)
    changed = [e for e in _before_and_after(domain) if e.id in ids]
    links = links | {(e.id, n, t) for e in changed for n, targets in e.links for t in targets}
    pages = set(domain.build.cleared)
    pages.update(index.by_id[i].docname for i in gated_ids(domain) if i in index.by_id)
    if ids:
        for entry in domain.all_entries():
            # the pages of entries with a changed ID (duplicates too: which one
            # owns an ID decides which shows its backlinks), and of links to a
            # changed entry, which show it (also where it is gone: as its ID)
            if entry.id in ids or any(not ids.isdisjoint(t) for _, t in entry.links):
                pages.add(entry.docname)
    # a link added or removed is a backlink of its target
    for _, _, target_id in links:
        owner = index.resolve(target_id)
        if owner is not None:
            pages.add(owner.docname)
    for key in ("refs", "anyrefs"):
        for docname, targets in domain.data[key].items():
            if ids.intersection(targets):
                pages.add(docname)
    return pages


def doc_title(env: BuildEnvironment, docname: str) -> str | None:
    title = env.titles.get(docname)
    return None if title is None else title.astext()


def note_title(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Keep the title of a document about to be read again or removed (before
    Sphinx forgets it): reports show it with the document's entries."""
    get_domain(env).build.titles.setdefault(docname, doc_title(env, docname))


def reusable_reports(
    domain: DesignDomain, reg: Registry, changes: Changes
) -> Callable[[Query], bool]:
    """Whether a report shows what it showed before this build: no entry's
    identity and no link changed, and the report shows none of the entries of
    the documents this build read or removed, before or after (see
    :meth:`~..core.reports.query.Query.shows_entry`)."""
    ids, links = changes
    if ids or links:
        return lambda query: False
    touched = changed_entries(domain)
    return lambda query: not any(query.shows_entry(e, reg) for e in touched)


def _as_shown(entry: Entry) -> Entry:
    """An entry without where it is written (its line, its included file),
    which no report shows."""
    return dataclasses.replace(entry, lineno=0, source="")


def changed_entries(domain: DesignDomain) -> list[Entry]:
    """The entries of the documents this build read or removed that changed,
    as they were and as they are: all of a document whose title changed (a
    report may show it with them)."""
    before, after = _before(domain), _after(domain)
    old, new = {_as_shown(e) for e in before}, {_as_shown(e) for e in after}
    titles = domain.build.titles
    retitled = {d for d in domain.build.cleared if titles.get(d) != doc_title(domain.env, d)}
    return [
        *(e for e in before if e.docname in retitled or _as_shown(e) not in new),
        *(e for e in after if e.docname in retitled or _as_shown(e) not in old),
    ]
