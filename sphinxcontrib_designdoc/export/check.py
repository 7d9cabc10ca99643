"""``designdoc check``: what should fail a CI pipeline, from an export alone.

Three rules, computed from the exported data so that a pipeline can check an
export produced elsewhere:

- a component whose compliance verdict (``derived.compliance.verdict``) is not
  ``compliant`` (only when the export carries compliance data);
- an open question of priority ``blocking`` in a document whose
  ``design-doc`` is ``approved`` or ``implemented``;
- an entry that names itself in a link field (a build warns about it too:
  ``designdoc.self_link``, or ``designdoc.dependency_cycle`` for
  ``:depends-on:``).

Before them, :func:`document_problems` reports the warnings the build logged
while it read the documents (the export's ``warnings``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.linkgraph import self_link_message, self_links
from ..core.model import Entry
from ..core.questions import SETTLED, is_blocking
from .load import COMPLIANT, Export


@dataclass(frozen=True)
class Problem:
    entry: Entry
    #: ``source.rst:LINE`` of the entry.
    location: str
    #: What is wrong with the entry (without its ID).
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.entry.id}: {self.message}"


def item_text(item: Any) -> str:
    """A check named in a compliance record, as text: ``coverage`` or, for a
    record of a gate, ``coverage (QG-cov failing: 71% < 80%)``."""
    if not isinstance(item, Mapping):
        return str(item)
    name = str(item.get("check") or item.get("gate") or json.dumps(item, sort_keys=True))
    detail = " ".join(str(item[k]) for k in ("gate", "status") if item.get(k) and item[k] != name)
    reason = item.get("reason")
    if reason:
        detail = f"{detail}: {reason}" if detail else str(reason)
    return f"{name} ({detail})" if detail else name


def compliance_reasons(record: Mapping[str, Any]) -> list[str]:
    """``missing: a, b`` and ``failing: c`` of a compliance record."""
    reasons = []
    for key in ("missing", "failing"):
        items = record.get(key)
        if isinstance(items, list) and items:
            reasons.append(f"{key}: {', '.join(item_text(i) for i in items)}")
    return reasons


def _component_problem(export: Export, entry: Entry) -> Problem | None:
    record = export.compliance(entry)
    if record is None or record.get("verdict") == COMPLIANT:
        return None
    level = record.get("level") or entry.get("quality")
    message = f"component is {record.get('verdict')}"
    if level:
        message += f" for quality level {level}"
    reasons = compliance_reasons(record)
    if reasons:
        message += f" ({'; '.join(reasons)})"
    return Problem(entry, export.location(entry), message)


def _question_problem(export: Export, entry: Entry) -> Problem | None:
    if entry.status != "open" or not is_blocking(entry):
        return None
    doc = export.design_doc(entry.docname)
    if doc is None or doc.status not in SETTLED:
        return None
    return Problem(
        entry,
        export.location(entry),
        f"blocking question is still open, but the design document {doc.id} is {doc.status}",
    )


def check_export(export: Export) -> list[Problem]:
    """Every problem, in the export's order (document name, then source order)."""
    problems = []
    for entry in export.entries:
        if entry.kind == "component":
            problem = _component_problem(export, entry)
        elif entry.kind == "question":
            problem = _question_problem(export, entry)
        else:
            problem = None
        if problem is not None:
            problems.append(problem)
        problems.extend(
            Problem(entry, export.location(entry), self_link_message(name))
            for _, name in self_links([entry])
        )
    return problems


@dataclass(frozen=True)
class DocumentProblem:
    """A warning the build logged while it read a document (the export's
    ``warnings``), such as an option value outside its field's values."""

    #: ``source.rst:LINE`` the warning points to.
    location: str
    subtype: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message} [designdoc.{self.subtype}]"


def document_problems(export: Export) -> list[DocumentProblem]:
    """The warnings recorded in the export, in its order (document name, then
    source order); none for an export written before they were recorded."""
    return [
        DocumentProblem(f"{w['source']}:{w['line']}", w["subtype"], w["message"])
        for w in export.data.get("warnings", [])
    ]
