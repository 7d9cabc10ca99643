"""``design-matrix``: a traceability matrix between two kinds.

::

    .. design-matrix::
       :rows: goal
       :columns: component
       :link: satisfies
       :group-by: document
       :hide-unlinked: columns

A line such as "5 of 6 goals covered." above the grid, a mark where a link
exists and a last column counting the links of each row.  Rows without a link
get the class ``dd-uncovered`` and say "not covered" (visible in every
builder).  The link may go either way: the kinds registry says which kind has
the link field.  ``:link:`` may be left out when exactly one link field joins
the two kinds.

``:filter:`` selects rows and columns: each clause selects the entries of the
kinds that can match it (see :func:`selects`), so ``priority=must`` picks
goals and leaves the components alone, while ``document=...`` picks both.
``:group-by: document`` puts the rows of each document under a row naming it
(with its coverage), in document order.  ``:hide-unlinked:`` leaves out rows,
columns or both that have no link; the coverage line still counts every row.

A grid of more than ``:max-columns:`` columns (default :data:`MAX_COLUMNS`)
no longer fits the text column of a wide screen, so the report then lists, for
each row, the entries it is linked to, with the same coverage column and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..fields import COMMON_FIELDS
from ..filters import STATES, Clause, Filter
from ..kinds import Kind, Registry
from ..model import Entry
from .columns import column_cell, joined, plural
from .content import Cell, Content, Mark, Para, Row, Table, no_match
from .query import Query, QueryError, ReportContext

#: The widest grid, in columns of entries.  Measured in pydata-sphinx-theme at
#: a 1440 px wide screen, where the text column is 720 px wide: an ID column of
#: 18-character IDs takes 167 px, the title column its least, 144 px, the
#: coverage column 86 px (saying "not covered"), and each entry column 26.5 px
#: (its ID set sideways), so 12 columns make 715 px and 13 would make 742 px.
MAX_COLUMNS = 12
#: The values of ``:group-by:`` and ``:hide-unlinked:``.
GROUP_BY = ("document",)
HIDE_UNLINKED = ("rows", "columns")


def selects(clause: Clause, kind: Kind, reg: Registry) -> bool:
    """Whether a filter clause selects entries of ``kind``: its field is common
    to all kinds (``document``, ``owner``, ``tags``, ...), or the kind has it
    and, where the field has a fixed set of values, may hold one of the
    clause's values (``status=accepted`` selects goals, not components)."""
    if clause.field == "kind":
        return clause.op == "~" or kind.name in clause.values
    if clause.field in COMMON_FIELDS:
        return True
    field = kind.field(clause.field)
    if field is None:
        return kind.link(clause.field) is not None
    allowed = reg.allowed(field)
    if not allowed or clause.op == "~":
        return True
    return any(value in allowed or value in STATES for value in clause.values)


def kind_filter(flt: Filter | None, kind: Kind, reg: Registry) -> Filter | None:
    """The clauses of ``flt`` that select entries of ``kind`` (None: no clause)."""
    if flt is None:
        return None
    clauses = tuple(c for c in flt.clauses if selects(c, kind, reg))
    return Filter(clauses) if clauses else None


def unselective_clauses(flt: Filter | None, kinds: tuple[Kind, ...], reg: Registry) -> list[str]:
    """The clauses of ``flt`` that select entries of none of ``kinds``."""
    if flt is None:
        return []
    return [str(c) for c in flt.clauses if not any(selects(c, k, reg) for k in kinds)]


@dataclass(frozen=True)
class MatrixQuery(Query):
    report: ClassVar[str] = "matrix"

    rows: str
    columns: str
    link: str
    #: True: row entries hold the link to column entries; False: the reverse.
    forward: bool
    filter: Filter | None = None
    max_columns: int = MAX_COLUMNS
    #: ``"document"``: a group row per document; ``""``: none.
    group_by: str = ""
    #: What is left out where it has no link: ``"rows"``, ``"columns"``.
    hide_unlinked: tuple[str, ...] = ()

    def shows_entry(self, entry: Entry, reg: Registry) -> bool:
        # a matrix shows its entries' IDs, titles and links only: beyond those,
        # an entry's fields decide whether the filter selects it, and its
        # document's title heads its group
        kind = reg.kinds.get(entry.kind)
        if kind is None or entry.kind not in (self.rows, self.columns):
            return False
        return bool(self.group_by) or kind_filter(self.filter, kind, reg) is not None

    def compute(self, cx: ReportContext) -> Content:
        kinds = cx.registry.kinds
        rows = cx.select((self.rows,), kind_filter(self.filter, kinds[self.rows], cx.registry))
        if not rows:
            return no_match(self.report)
        columns = cx.select(
            (self.columns,), kind_filter(self.filter, kinds[self.columns], cx.registry)
        )
        linked = self._links(rows, columns)
        if "columns" in self.hide_unlinked:
            used = {t for targets in linked.values() for t in targets}
            columns = [c for c in columns if c.id in used]
        row_label = kinds[self.rows].label
        covered = sum(1 for r in rows if linked[r.id])
        summary = f"{covered} of {len(rows)} {plural(row_label, len(rows))} covered."
        if "rows" in self.hide_unlinked and covered < len(rows):
            summary += " Rows without a link are left out."
            rows = [r for r in rows if linked[r.id]]
        blocks: tuple[Para | Table, ...] = (Para((summary,), ("dd-matrix-summary",)),)
        if rows:
            blocks += (self._table(cx, rows, columns, linked),)
        return Content(self.report, blocks)

    def _links(self, rows: list[Entry], columns: list[Entry]) -> dict[str, set[str]]:
        """The IDs of the column entries each row entry is linked to."""
        column_ids = {c.id for c in columns}
        linked: dict[str, set[str]] = {r.id: set() for r in rows}
        if self.forward:
            for r in rows:
                linked[r.id].update(t for t in r.targets(self.link) if t in column_ids)
        else:
            for c in columns:
                for t in c.targets(self.link):
                    if t in linked:
                        linked[t].add(c.id)
        return linked

    def _table(
        self,
        cx: ReportContext,
        rows: list[Entry],
        columns: list[Entry],
        linked: dict[str, set[str]],
    ) -> Table:
        grid = len(columns) <= self.max_columns
        if grid:
            targets = tuple(Cell((cx.ref(c),), ("dd-col-target",)) for c in columns)
        else:
            targets = (Cell((cx.registry.kinds[self.columns].label,)),)
        position = {c.id: i for i, c in enumerate(columns)}
        by_id = {c.id: c for c in columns}
        head = (Cell(("ID",)), Cell((cx.registry.kinds[self.rows].label,)), *targets)
        head += (Cell(("Coverage",)),)

        def row(r: Entry) -> Row:
            count = len(linked[r.id])
            if grid:
                marks = tuple(
                    Cell((Mark(),), ("dd-mark-cell",)) if c.id in linked[r.id] else Cell()
                    for c in columns
                )
            else:
                refs = [cx.ref(by_id[i]) for i in sorted(linked[r.id], key=position.__getitem__)]
                marks = (Cell(joined(refs), ("dd-col-linked",)),)
            cells = (
                column_cell(r, "id", cx),
                column_cell(r, "title", cx),
                *marks,
                Cell((str(count) if count else "not covered",), ("dd-coverage", "dd-col-coverage")),
            )
            return Row(cells, () if count else ("dd-uncovered",))

        if self.group_by != "document":
            return Table(head, tuple(row(r) for r in rows))
        lines: list[Row] = []
        for docname, group in _by_document(rows):
            covered = sum(1 for r in group if linked[r.id])
            count = f": {covered} of {len(group)} covered"
            # one cell for the whole row: renderers span it over every column
            lines.append(Row((Cell((cx.doc(docname), count), ("dd-group",)),), ("dd-group-row",)))
            lines.extend(row(r) for r in group)
        return Table(head, tuple(lines))


def _by_document(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """The entries of each document, in document order."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.docname, []).append(entry)
    return list(groups.items())


def link_direction(reg: Registry, rows: str, columns: str, link: str) -> bool:
    """True if row entries hold ``link`` to column entries, False if the reverse.

    Raises QueryError if neither kind has such a link to the other.
    """
    row_link = reg.kinds[rows].link(link)
    if row_link is not None and row_link.allows(columns):
        return True
    column_link = reg.kinds[columns].link(link)
    if column_link is not None and column_link.allows(rows):
        return False
    raise QueryError(f":link: neither {rows} nor {columns} has a link {link!r} to the other kind")


def joining_links(reg: Registry, rows: str, columns: str) -> list[str]:
    """The link fields that join the two kinds, either way."""
    names = [link.name for link in reg.kinds[rows].links if link.allows(columns)]
    names += [link.name for link in reg.kinds[columns].links if link.allows(rows)]
    return list(dict.fromkeys(names))
