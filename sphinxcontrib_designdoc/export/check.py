"""``designdoc check``: what fails a CI pipeline, from an export alone.

The problems are those ``sphinx-build -W`` fails on, so that a pipeline can
check an export produced elsewhere and reach the same verdict:

- the warnings the build logged while it read the documents (the export's
  ``warnings``: :func:`document_problems`);
- the problems the rules of :mod:`..core.rules` find in the project of the
  export (:func:`rule_problems`): duplicate IDs, unknown link targets, links to
  the wrong kind, self-links, overdue and blocking questions, dependency
  cycles, missing and failing gates, with the settings the build had (and
  without the subtypes its ``suppress_warnings`` silenced).

A component's compliance verdict is shown by the reports, and is not a problem
by itself: an incomplete component (a pending gate) does not fail a build, so
it does not fail the check either; a missing gate does, and a failing one does
when ``designdoc_warn_failing_gates`` is set.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import Entry
from ..core.rules import check_project
from .load import Export


@dataclass(frozen=True)
class Finding:
    """A problem ``designdoc check`` reports, as the build shows the warning."""

    #: ``source.rst:LINE`` the problem points to.
    location: str
    #: The warning subtype (``designdoc.<subtype>``).
    subtype: str
    message: str
    #: The entry it is about (None for a warning recorded while reading).
    entry: Entry | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message} [designdoc.{self.subtype}]"


def document_problems(export: Export) -> list[Finding]:
    """The warnings recorded in the export, in its order (document name, then
    source order); none for an export written before they were recorded."""
    return [
        Finding(f"{w['source']}:{w['line']}", w["subtype"], w["message"])
        for w in export.data.get("warnings", [])
    ]


def rule_problems(export: Export) -> list[Finding]:
    """The problems the rules find in the project of the export, in the order
    a build logs them."""
    suppressed = export.suppressed
    return [
        Finding(export.location(p.entry), p.subtype.value, p.message, p.entry)
        for p in check_project(export.as_project)
        if p.subtype.value not in suppressed
    ]


def unresolved_references(export: Export) -> list[Finding]:
    """The ``design:ref`` roles recorded as naming no entry when the pages were
    written (a build reports them last, while it writes)."""
    return [
        Finding(f"{w['source']}:{w['line']}", w["subtype"], w["message"])
        for w in export.data.get("unresolved", [])
    ]


def check_export(export: Export) -> list[Finding]:
    """Every problem, in the order a build reports them: those recorded while
    reading, those of the rules, then the references that name no entry."""
    return [*document_problems(export), *rule_problems(export), *unresolved_references(export)]
