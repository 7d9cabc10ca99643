"""What pages show of other documents, declared by what shows it.

A page shows data of other documents through the placeholders and roles the
package fills after reading: an entry's links and backlinks, ``design:ref``
targets, reports.  The module that fills each declares, with :func:`shows`,
a function giving what it shows on a page; :mod:`.freshness` puts all of them
into the page's digest, so a page is rewritten exactly when what it shows
changed, with no list of its own to keep up to date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..core.model import Entry
from .files import sha256

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: ``what(env, docname)``: what the page of ``docname`` shows, as comparable data.
PageData = Callable[["BuildEnvironment", str], Iterable[object]]

#: Name -> what it shows, in the order declared.
SHOWN: dict[str, PageData] = {}


def shows(name: str) -> Callable[[PageData], PageData]:
    """Declare what the placeholders or roles called ``name`` show on a page."""

    def declare(what: PageData) -> PageData:
        SHOWN[name] = what
        return what

    return declare


#: What any change can alter on any page: computed for every page after every
#: change, from the digests of the reports' content (kept where a report shows
#: nothing the change touched: see :func:`.changes.reusable_reports`;
#: :func:`.changes.affected_pages` says which pages the others can change on).
ALWAYS = ("reports",)


def page_data(
    env: BuildEnvironment, docname: str, names: Iterable[str] | None = None
) -> list[tuple[str, list[object]]]:
    """What the page of ``docname`` shows of other documents (of ``names``, or all)."""
    wanted = SHOWN.keys() if names is None else set(names)
    return [
        (name, list(what(env, docname))) for name, what in sorted(SHOWN.items()) if name in wanted
    ]


def entry_data(entry: Entry | str | None) -> tuple[object, ...] | str | None:
    """What a page shows of an entry it links to (or the ID that names none)."""
    if isinstance(entry, Entry):
        return (entry.id, entry.title, entry.title_spans, entry.docname)
    return entry


def digest_of(value: object) -> str:
    """A digest of comparable data (of its ``repr``)."""
    return sha256(repr(value).encode())
