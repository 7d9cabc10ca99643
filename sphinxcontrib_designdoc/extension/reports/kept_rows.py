"""The rows of reports' entry tables, kept between builds by their digest.

A report made of tables of one row per entry (``design-index``: see
:meth:`~...core.reports.query.Query.entry_tables`) has a digest made of its
tables' captions and headers and of the digest of each row.  A row shows its
entry and what the entry's page shows of other documents, so it can change
only in a build that renews the entry generation of the entry's document (see
:mod:`..freshness`).  The digest of every other row is the one kept in the
environment, per report and document, from the build that made the row, and
the row is not made again: after a one-entry edit, a report of 15,000 rows
makes one.  HTML builders keep each row's HTML under its digest (see
:mod:`.html_cache`), so it is not rendered again either.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...core.model import Entry
from ...core.reports.content import Content, Row
from ...core.reports.query import EntryTable, Query, ReportContext, tables_content
from ..domain import get_domain
from ..kept import KeptByDocument
from ..shown import digest_of

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


@dataclass(frozen=True)
class TableRows:
    """The entry tables of a report, with the digest of each row, and the
    rows made in this build (by document and serial of their entry)."""

    tables: tuple[EntryTable, ...]
    digests: tuple[tuple[str, ...], ...]
    made: dict[tuple[str, int], Row]

    def row(self, query: Query, entry: Entry, cx: ReportContext) -> Row:
        """The row of an entry: made at most once per build."""
        key = (entry.docname, entry.serial)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = query.entry_row(entry, cx)
        return found

    def content(self, query: Query, cx: ReportContext) -> Content:
        return tables_content(query.report, self.tables, lambda e: self.row(query, e, cx))

    def digest(self, report: str) -> str:
        """The digest of the report's content."""
        return digest_of(
            [
                report,
                [(t.caption, t.header, d) for t, d in zip(self.tables, self.digests, strict=True)],
            ]
        )

    def big(self, min_rows: int) -> bool:
        """Whether a table has at least ``min_rows`` rows."""
        return any(len(table.entries) >= min_rows for table in self.tables)


def table_rows(
    env: BuildEnvironment,
    query: Query,
    cx: ReportContext,
    tables: tuple[EntryTable, ...],
    keep: bool,
) -> TableRows:
    """The digests of the rows of ``tables``: those of the entries whose
    document has the entry generation they were made in kept (``keep``), the
    others made (and stored for the next build)."""
    domain = get_domain(env)
    stored = domain.row_digests
    kept: KeptByDocument[dict[int, str]] = KeptByDocument.loads(
        domain, stored.get(query) if keep else None
    )
    by_doc: dict[str, dict[int, str]] = {}
    rows = TableRows(tables, (), {})
    digests = []
    for table in tables:
        found = []
        for entry in table.entries:
            doc = kept.get(entry.docname)
            digest = None if doc is None else doc.get(entry.serial)
            if digest is None:
                digest = digest_of(rows.row(query, entry, cx))
            by_doc.setdefault(entry.docname, {})[entry.serial] = digest
            found.append(digest)
        digests.append(tuple(found))
    for docname, doc_digests in by_doc.items():
        kept.put(docname, doc_digests)
    stored[query] = kept.dumps()
    return dataclasses.replace(rows, digests=tuple(digests))
