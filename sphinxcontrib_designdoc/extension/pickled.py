"""Data of the ``design`` domain kept pickled until a build reads it.

Sphinx loads the whole environment at the start of every build.  Entries are
most of what it holds (at 50,000 entries, 17.8 MB of its 21.7 MB pickle), and
the reports' queries are records of modules that only a build computing
reports needs.  :class:`PickledByDocument` keeps each document's entries (or
reports) as the bytes they were saved as, and unpickles them when they are
first asked for; :class:`Pickled` does the same for one value (the digests of
the reports, keyed by query).  A build that reads nothing and computes nothing
(a no-op rebuild) loads bytes, not 50,000 records, and imports no module of the
reports; saving the environment writes the bytes of what did not change instead
of pickling it again.  (A worker process of a parallel build sends the entries
it read as they are: the main process merges them at once.)

A document's entries change only while it is read: after ``clear_doc``
(:meth:`PickledByDocument.__delitem__`) they are written anew with
:meth:`PickledByDocument.append` and :meth:`PickledByDocument.replace`, or set
whole by a parallel build's merge.  Those documents are pickled again when the
environment is saved; the list of a document that was only read is never
changed in place.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Generic, TypeVar

T = TypeVar("T")


class PickledByDocument(MutableMapping[str, list[T]]):
    """Document -> its entries (or reports) in source order, unpickled when first read."""

    def __init__(self, state: Mapping[str, bytes | list[T]] | None = None) -> None:
        #: Document -> its list as pickled when the environment was saved.
        self._saved: dict[str, bytes] = {}
        #: Document -> its list, once read or written in this process.
        self._lists: dict[str, list[T]] = {}
        for docname, value in (state or {}).items():
            if isinstance(value, bytes):
                self._saved[docname] = value
            else:
                self._lists[docname] = value

    def __getitem__(self, docname: str) -> list[T]:
        entries = self._lists.get(docname)
        if entries is None:
            entries = self._lists[docname] = pickle.loads(self._saved[docname])
        return entries

    def __setitem__(self, docname: str, entries: list[T]) -> None:
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

    def append(self, docname: str, entry: T) -> None:
        """Add an entry (or report) to a document being read."""
        entries = self.get(docname, [])
        self[docname] = entries  # to be pickled again
        entries.append(entry)

    def replace(self, docname: str, serial: int, entry: T) -> None:
        """Replace the entry at ``serial`` of a document being read."""
        entries = self[docname]
        self[docname] = entries  # to be pickled again
        entries[serial] = entry

    def loaded(self) -> int:
        """How many documents' lists were unpickled or written in this process."""
        return len(self._lists)

    def __reduce__(self) -> tuple[object, tuple[dict[str, bytes | list[T]]]]:
        # A worker of a parallel build sends its environment to be merged at
        # once: the documents it changed go as they are (pickling each apart
        # there raised the peak memory of a ``-j 2`` build by 13 MB).
        worker = multiprocessing.parent_process() is not None
        state: dict[str, bytes | list[T]] = {}
        for docname in self:
            saved = self._saved.get(docname)
            if saved is None and not worker:
                saved = pickle.dumps(self._lists[docname], pickle.HIGHEST_PROTOCOL)
            state[docname] = saved if saved is not None else self._lists[docname]
        return PickledByDocument, (state,)

    def __repr__(self) -> str:
        return f"PickledByDocument({len(self)} documents, {self.loaded()} loaded)"


class Pickled(Generic[T]):
    """A value, unpickled when first read."""

    def __init__(self, value: T) -> None:
        self._value = value
        self._saved: bytes | None = None

    @classmethod
    def _from_bytes(cls, saved: bytes) -> Pickled[T]:
        found: Pickled[T] = cls.__new__(cls)
        found._saved = saved
        return found

    @property
    def value(self) -> T:
        if self._saved is not None:
            self._value = pickle.loads(self._saved)
            self._saved = None
        return self._value

    @value.setter
    def value(self, value: T) -> None:
        self._value = value
        self._saved = None

    def __reduce__(self) -> tuple[object, tuple[bytes]]:
        saved = self._saved
        if saved is None:
            saved = pickle.dumps(self._value, pickle.HIGHEST_PROTOCOL)
        return Pickled._from_bytes, (saved,)

    def __repr__(self) -> str:
        return "Pickled(not read)" if self._saved is not None else f"Pickled({self._value!r})"
