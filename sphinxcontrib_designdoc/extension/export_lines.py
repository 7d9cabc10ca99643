"""The entries of ``designdoc.json`` kept between builds, per document.

After a one-entry edit, the export next to HTML output encoded every record
again (50,000 in the largest benchmark).  Each document's records are kept as
the lines the file holds them in, in a file of the doctree folder, under the
document's *entry generation*: the generation of the last build that could
have changed what any of its records hold (:mod:`.freshness` renews it for
the pages a build can change: those whose entries, links, backlinks or
compliance can have changed; all of them when the build stamp changes).  A
document whose generation is the one its lines were kept under gets them
back; the others are encoded again.  What the records depend on besides (the
builder, the configuration the export shows, the source folder, the package)
is the file's signature; another signature discards the file.  The file is
written after the export, atomically, and keeps only the documents there are.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..core.model import Entry
from ..export.format import Lines, lines
from .domain import get_domain
from .export import EntryRecords, TargetUri, project_data
from .files import source_stamp, write_atomic
from .kept import KeptByDocument

if TYPE_CHECKING:
    from sphinx.builders import Builder

#: Bump when the shape of the file changes.
CACHE_VERSION = 1


class KeptLines:
    """The lines of the records of each document, as a builder last wrote them."""

    def __init__(self, builder: Builder, inputs: str) -> None:
        self.path = Path(builder.doctreedir) / f"designdoc-export-{builder.name}.pickle"
        self.signature = (CACHE_VERSION, __version__, source_stamp(), inputs, str(builder.srcdir))
        self.docs: KeptByDocument[Lines] = KeptByDocument(get_domain(builder.env), self._load())

    def _load(self) -> dict[str, tuple[str, Lines]]:
        try:
            with self.path.open("rb") as file:
                data = pickle.load(file)
        except Exception:  # none yet, or damaged (unpickling raises many kinds)
            return {}  # every record is encoded again
        if not isinstance(data, dict) or data.get("signature") != self.signature:
            return {}
        kept = data.get("docs")
        return kept if isinstance(kept, dict) else {}

    def lines(self, docname: str, encode: Callable[[], Lines]) -> Lines:
        """The lines of a document's records: kept where its generation is the
        one they were kept under, else ``encode()``."""
        found = self.docs.get(docname)
        if found is None:
            found = encode()
        self.docs.put(docname, found)
        return found

    def save(self) -> None:
        """Keep the lines of this export (written only if they changed)."""
        if self.docs.now != self.docs.kept:
            data = {"signature": self.signature, "docs": self.docs.now}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def kept_export_data(builder: Builder, target_uri: TargetUri, kept: KeptLines) -> dict[str, Any]:
    """:func:`.export.export_data`, with the entries of each document as lines
    (kept from an earlier build where they are the same)."""
    env = builder.env
    records = EntryRecords(env, target_uri)

    def encoder(entries: list[Entry]) -> Callable[[], Lines]:
        return lambda: lines(records.record(e) for e in entries)

    chunks = [
        kept.lines(docname, encoder(entries))
        for docname, entries in get_domain(env).index.by_doc.items()
    ]
    return project_data(env, records.target_uri, chunks)
