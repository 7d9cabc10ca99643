"""The entries of each document, kept pickled until a build reads them.

Entries are most of what the environment holds (at 50,000 entries, 17.8 MB of
its 21.7 MB pickle), and Sphinx loads the whole environment at the start of
every build.  :class:`EntryStore` keeps each document's entries as the bytes
they were saved as, and unpickles them when they are first asked for: a build
that reads nothing and computes nothing (a no-op rebuild) loads bytes, not
50,000 records, and saving the environment writes the bytes of every document
whose entries did not change instead of pickling them again.  (A worker
process of a parallel build sends the entries it read as they are: the main
process merges them at once.)

A document's entries change only while it is read: after ``clear_doc``
(:meth:`EntryStore.__delitem__`) they are written anew with
:meth:`EntryStore.append` and :meth:`EntryStore.replace`, or set whole by a
parallel build's merge.  Those documents are pickled again when the
environment is saved; the list of a document that was only read is never
changed in place.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Iterator, Mapping, MutableMapping

from ..core.model import Entry


class EntryStore(MutableMapping[str, list[Entry]]):
    """Document -> its entries in source order, unpickled when first read."""

    def __init__(self, state: Mapping[str, bytes | list[Entry]] | None = None) -> None:
        #: Document -> its entries as pickled when the environment was saved.
        self._saved: dict[str, bytes] = {}
        #: Document -> its entries, once read or written in this process.
        self._lists: dict[str, list[Entry]] = {}
        for docname, value in (state or {}).items():
            if isinstance(value, bytes):
                self._saved[docname] = value
            else:
                self._lists[docname] = value

    def __getitem__(self, docname: str) -> list[Entry]:
        entries = self._lists.get(docname)
        if entries is None:
            entries = self._lists[docname] = pickle.loads(self._saved[docname])
        return entries

    def __setitem__(self, docname: str, entries: list[Entry]) -> None:
        self._saved.pop(docname, None)
        self._lists[docname] = entries

    def __delitem__(self, docname: str) -> None:
        found = self._lists.pop(docname, None) is not None
        if self._saved.pop(docname, None) is None and not found:
            raise KeyError(docname)

    def __iter__(self) -> Iterator[str]:
        yield from self._saved
        yield from (docname for docname in self._lists if docname not in self._saved)

    def __len__(self) -> int:
        return len(self._saved.keys() | self._lists.keys())

    def __contains__(self, docname: object) -> bool:
        return docname in self._saved or docname in self._lists

    def append(self, docname: str, entry: Entry) -> None:
        """Add an entry to a document being read."""
        entries = self.get(docname, [])
        self[docname] = entries  # to be pickled again
        entries.append(entry)

    def replace(self, docname: str, serial: int, entry: Entry) -> None:
        """Replace the entry at ``serial`` of a document being read."""
        entries = self[docname]
        self[docname] = entries  # to be pickled again
        entries[serial] = entry

    def loaded(self) -> int:
        """How many documents' entries were unpickled or written in this process."""
        return len(self._lists)

    def __reduce__(self) -> tuple[object, tuple[dict[str, bytes | list[Entry]]]]:
        # A worker of a parallel build sends its environment to be merged at
        # once: the documents it changed go as they are (pickling each apart
        # there raised the peak memory of a ``-j 2`` build by 13 MB).
        worker = multiprocessing.parent_process() is not None
        state: dict[str, bytes | list[Entry]] = {}
        for docname in self:
            saved = self._saved.get(docname)
            if saved is None and not worker:
                saved = pickle.dumps(self._lists[docname], pickle.HIGHEST_PROTOCOL)
            state[docname] = saved if saved is not None else self._lists[docname]
        return EntryStore, (state,)

    def __repr__(self) -> str:
        return f"EntryStore({len(self)} documents, {self.loaded()} loaded)"
