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
is the files' signature; another signature discards a file.  The lines are
kept in :data:`FILES` files of a folder of the doctree folder, each document
in the file its name hashes to, so an edit rewrites one file, not all the
lines.  The files are written after the export, atomically, and keep only
the documents there are.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..core.model import Entry
from ..export.format import Lines, lines
from .domain import get_domain
from .export import EntryRecords, TargetUri, project_data
from .files import read_signed, source_stamp, write_signed
from .kept import KeptByDocument

if TYPE_CHECKING:
    from sphinx.builders import Builder

#: Bump when the shape of the files changes.
CACHE_VERSION = 2
#: How many files the lines are kept in.
FILES = 32

Kept = dict[str, tuple[str, Lines]]


def _file_of(docname: str) -> int:
    return zlib.crc32(docname.encode("utf-8", "surrogatepass")) % FILES


class KeptLines:
    """The lines of the records of each document, as a builder last wrote them."""

    def __init__(self, builder: Builder, inputs: str) -> None:
        self.folder = Path(builder.doctreedir) / f"designdoc-export-{builder.name}"
        self.signature = (CACHE_VERSION, __version__, source_stamp(), inputs, str(builder.srcdir))
        #: File -> the documents it holds.
        self.files: dict[int, Kept] = {
            n: read_signed(self._path(n), self.signature, "docs") for n in range(FILES)
        }
        kept = {name: found for docs in self.files.values() for name, found in docs.items()}
        self.docs: KeptByDocument[Lines] = KeptByDocument(get_domain(builder.env), kept)

    def _path(self, number: int) -> Path:
        return self.folder / f"{number}.pickle"

    def lines(self, docname: str, encode: Callable[[], Lines]) -> Lines:
        """The lines of a document's records: kept where its generation is the
        one they were kept under, else ``encode()``."""
        found = self.docs.get(docname)
        if found is None:
            found = encode()
        self.docs.put(docname, found)
        return found

    def save(self) -> None:
        """Keep the lines of this export: each file whose documents changed
        is written again."""
        files: dict[int, Kept] = {n: {} for n in range(FILES)}
        for docname, found in self.docs.now.items():
            files[_file_of(docname)][docname] = found
        for number, docs in files.items():
            if docs != self.files[number]:
                write_signed(self._path(number), self.signature, "docs", docs)
                # the one file of earlier versions
                self.folder.with_suffix(".pickle").unlink(missing_ok=True)
        self.files = files


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
