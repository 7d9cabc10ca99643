"""``design-gates``: each component's quality level, its checks and verdict.

::

    .. design-gates::
       :filter: document=ingestion
       :levels: production, secure

One row per component (those matching ``:filter:``, with one of ``:levels:``
if given), in document order: its level, one column per check that any shown
level requires, those of the lowest levels first (the gate's status and what
it measured, linking to the gate),
the verdict and what stands between the component and its target (its
``:target-quality:``), else the next level up: "to reach production: lint,
review".  A local criterion whose gates are all dropped is not required; its
cell says ``dropped`` (linking to the gate) so that it is seen to be given up.
A line above the table counts the compliant components.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..compliance import COMPLIANT, CheckResult, ComponentCompliance
from ..filters import Filter
from ..text import css_token
from .columns import column_cell, header, plural
from .content import Cell, Content, Invalid, Para, Part, Pill, Row, Table, no_match
from .query import Query, ReportContext

COMPONENT = "component"
#: What the report says of a project whose components were not checked (an
#: export written without compliance data).
NOT_CHECKED = (
    "No compliance data: the build that wrote this project did not check "
    "components against their quality level."
)


def check_cell(result: CheckResult | None, cx: ReportContext) -> Cell:
    """A check's status, and what its gate measured (or the gate's ID), linking to the gate."""
    if result is None:
        return Cell((), ("dd-not-required",))
    parts: list[Part] = [Pill(result.status)]
    gate = cx.index.resolve(result.gate) if result.gate else None
    if gate is not None:
        parts += [" ", cx.ref(gate, result.measured)]
    elif result.measured:
        parts += [" ", result.measured]
    return Cell(tuple(parts), (f"dd-check-{css_token(result.status)}",))


def level_cell(record: ComponentCompliance) -> Cell:
    if record.invalid_level:
        return Cell((Invalid(record.invalid_level),), ("dd-col-level",))
    text = record.level + (" (default)" if record.level_from == "default" else "")
    return Cell((text,), ("dd-col-level",))


@dataclass(frozen=True)
class GatesQuery(Query):
    report: ClassVar[str] = "gates"

    filter: Filter | None
    levels: tuple[str, ...] = ()

    def compute(self, cx: ReportContext) -> Content:
        records = cx.project.compliance
        components = cx.select((COMPONENT,), self.filter)
        if components and not records:
            return Content(self.report, (Para((NOT_CHECKED,), ("dd-no-match",)),))
        shown = [
            (component, record)
            for component in components
            if (record := records.get(component.id)) is not None
            and (not self.levels or record.level in self.levels)
        ]
        if not shown:
            return no_match(self.report)
        # columns: the checks of the lowest levels first
        rank: dict[str, int] = {}
        for _, record in shown:
            for result in (*record.checks, *record.dropped):
                level = cx.registry.levels.index(result.required_at)
                rank[result.check] = min(rank.get(result.check, level), level)
        checks = sorted(rank, key=rank.__getitem__)
        rows = []
        for component, record in shown:
            by_check = {c.check: c for c in (*record.dropped, *record.checks)}
            cells = (
                column_cell(component, "id", cx),
                column_cell(component, "title", cx),
                level_cell(record),
                *(check_cell(by_check.get(check), cx) for check in checks),
                Cell((Pill(record.verdict),), ("dd-col-verdict",)),
                Cell((record.promotion,), ("dd-col-next-level",)),
            )
            rows.append(Row(cells, (f"dd-verdict-{record.verdict}",)))
        compliant = sum(1 for _, r in shown if r.verdict == COMPLIANT)
        summary = (
            f"{compliant} of {len(shown)} {plural('component', len(shown))} "
            "meet the checks of their quality level."
        )
        head = header(("ID", "Component", "Level", *checks, "Verdict", "Next level"))
        return Content(self.report, (Para((summary,), ("dd-summary",)), Table(head, tuple(rows))))
