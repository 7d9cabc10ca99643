"""What is made of each document's entries, kept between builds under the
document's entry generation.

A document's entry generation is renewed by every build that can change
what its page shows (see :mod:`.freshness`), so what was made of its entries
with what the page shows in a build of the same generation is still right.
The export's lines (:mod:`.export_lines`), the digests of report rows
(:mod:`.reports.kept_rows`) and compliance (:mod:`.quality`) are kept this
way, by :class:`KeptByDocument`.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from .domain import DesignDomain

T = TypeVar("T")


class KeptByDocument(Generic[T]):
    """A value per document, made by an earlier build (``kept``: docname ->
    (its entry generation then, the value)), and those of this build."""

    def __init__(self, domain: DesignDomain, kept: Mapping[str, tuple[str, T]] | None = None):
        #: Empty until this build renewed the generations: nothing is kept then.
        self.generations = domain.entry_generations()
        self.kept: Mapping[str, tuple[str, T]] = kept or {}
        #: docname -> (its entry generation, its value), for the next build.
        self.now: dict[str, tuple[str, T]] = {}

    @classmethod
    def loads(cls, domain: DesignDomain, data: bytes | None) -> KeptByDocument[T]:
        """Of what :meth:`dumps` gave (None: nothing kept)."""
        current = data is not None and domain.entry_generations()
        return cls(domain, pickle.loads(data) if current and data is not None else None)

    def dumps(self) -> bytes:
        return pickle.dumps(self.now, protocol=pickle.HIGHEST_PROTOCOL)

    @property
    def current(self) -> bool:
        """Whether this build's generations are known (what it makes is kept)."""
        return bool(self.generations)

    def get(self, docname: str) -> T | None:
        """The document's value kept from a build of its generation now."""
        found = self.kept.get(docname)
        if found is None or found[0] != self.generations.get(docname):
            return None
        return found[1]

    def put(self, docname: str, value: T) -> None:
        """Keep the document's value made in this build."""
        generation = self.generations.get(docname)
        if generation is not None:
            self.now[docname] = (generation, value)
