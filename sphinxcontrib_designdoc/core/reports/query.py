"""What a report asks for, and what it is computed from.

A :class:`Query` is a frozen record of a report's options; its
:meth:`~Query.compute` turns a :class:`ReportContext` (a project, however it
was obtained) into renderer-neutral :class:`~.content.Content`.  A Sphinx build
computes each distinct query once per build from the environment's project
(:mod:`...extension.reports.compute`); the Markdown reports and ``designdoc
report`` run the same queries over the project of a ``designdoc.json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..filters import Filter
from ..kinds import Registry
from ..linkgraph import LinkIndex
from ..model import Entry
from ..project import Project
from .content import Broken, Cell, Content, DocRef, Ref, Row, Table, no_match


class QueryError(ValueError):
    """A report option with a value that cannot be used (the message says which)."""


@dataclass(frozen=True)
class Query:
    """What a report asks for; equal queries give equal content.

    Each report subclasses it with its options and a :meth:`compute`.
    """

    report: ClassVar[str] = ""

    def compute(self, cx: ReportContext) -> Content:
        raise NotImplementedError

    def entry_tables(self, cx: ReportContext) -> tuple[EntryTable, ...] | None:
        """The content as tables of one row per entry, before their rows are
        made (:meth:`entry_row` makes them); () where no entry matches; None
        where the content is not made of such tables.

        What a row shows is made from its entry and from what the entry's
        page shows (its links' targets, its backlinks, its compliance) only,
        so that a build can keep the rows of the entries whose page can show
        nothing new."""
        return None

    def entry_row(self, entry: Entry, cx: ReportContext) -> Row:
        """The row of an entry in one of the :meth:`entry_tables`."""
        raise NotImplementedError

    def shows_entry(self, entry: Entry, reg: Registry) -> bool:
        """Whether the content can change with ``entry``'s fields and document.

        Any report shows the entries it links to, and the links between them,
        by their identity (ID, title, document); a change of those can change
        any report.  Beyond that, a report that answers False here for an
        entry, before and after a change, keeps its content.  True (the
        default) where the report may read any entry."""
        return True


@dataclass(frozen=True)
class EntryTable:
    """A table of one row per entry, before its rows are made."""

    header: tuple[Cell, ...]
    entries: tuple[Entry, ...]
    caption: str = ""


def tables_content(
    report: str, tables: tuple[EntryTable, ...], row: Callable[[Entry], Row]
) -> Content:
    """The content of entry tables, with the row ``row`` makes of each entry."""
    if not tables:
        return no_match(report)
    return Content(
        report,
        tuple(Table(t.header, tuple(row(e) for e in t.entries), caption=t.caption) for t in tables),
    )


def selected(entry: Entry, kinds: Sequence[str], flt: Filter | None) -> bool:
    """Whether :meth:`ReportContext.select` picks ``entry`` (where it exists)."""
    return (not kinds or entry.kind in kinds) and (flt is None or flt.matches(entry))


@dataclass
class ReportContext:
    """What reports are computed from: a project and a few facts of the output."""

    project: Project
    #: Whether Graphviz's ``dot`` can be run (graphs are drawn, or listed).
    dot: bool = False
    #: Values derived from the project that several reports share.
    cache: dict[Any, Any] = field(default_factory=dict)

    @property
    def index(self) -> LinkIndex:
        return self.project.index

    @property
    def registry(self) -> Registry:
        return self.project.registry

    @property
    def today(self) -> dt.date:
        return self.project.today

    @property
    def titles(self) -> Mapping[str, str]:
        return self.project.titles

    def select(self, kinds: Sequence[str] = (), flt: Filter | None = None) -> list[Entry]:
        """The entries of ``kinds`` (all if empty) matching ``flt``, in index order."""
        pinned = flt.documents() if flt is not None else None
        pool: Iterable[Entry]
        if pinned is not None:
            pool = [e for d in sorted(pinned) for e in self.index.by_doc.get(d, ())]
        elif len(kinds) == 1:
            pool = self.index.by_kind.get(kinds[0], ())
        else:
            pool = self.index.entries
        return [e for e in pool if selected(e, kinds, flt)]

    def ref(self, entry: Entry, label: str = "") -> Ref:
        return Ref(entry.id, entry.docname, entry.title, label)

    def title_ref(self, entry: Entry) -> Ref:
        """A link to an entry showing its title (with its markup)."""
        return Ref(entry.id, entry.docname, entry.title, entry.title, entry.title_spans)

    def target(self, target_id: str) -> Ref | Broken:
        entry = self.index.resolve(target_id)
        if entry is None:
            return Broken(target_id, self.index.is_hidden(target_id))
        return self.ref(entry)

    def doc(self, docname: str) -> DocRef:
        return DocRef(docname, self.titles.get(docname, docname))
