"""What the rules of :mod:`.rules` read: one project, however it was obtained.

A Sphinx build makes a :class:`Project` from its environment (the entries of
the ``design`` domain, the configuration); ``designdoc check`` makes one from a
``designdoc.json`` (its entries, the settings and compliance it records).  The
rules see no difference, so the build and the check report the same problems.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compliance import ComponentCompliance
    from .kinds import Registry
    from .linkgraph import LinkIndex

#: The statuses of a design document that is no longer in force: the rules
#: leave its entries out, and reports mark it ("Title (superseded)").
#: ``withdrawn`` counts once ``designdoc_extra_fields`` adds it to the lifecycle.
INACTIVE_STATUSES = ("rejected", "superseded", "withdrawn", "replaced")


def inactive_docs(index: LinkIndex) -> dict[str, str]:
    """Document name -> the status of its ``design-doc``, for the documents
    whose design document is no longer in force (:data:`INACTIVE_STATUSES`)."""
    found: dict[str, str] = {}
    for entry in index.by_kind.get("doc", ()):
        if entry.docname not in found:
            found[entry.docname] = entry.status
    return {doc: status for doc, status in found.items() if status in INACTIVE_STATUSES}


@dataclass(frozen=True)
class Settings:
    """The settings that choose what the rules report (``designdoc_*`` values)."""

    #: ``designdoc_warn_overdue``: report open questions past their due date.
    warn_overdue: bool = False
    #: ``designdoc_warn_failing_gates``: report failing gates a level requires.
    warn_failing_gates: bool = False
    #: ``designdoc_quality_levels``: level -> the checks it adds, lowest first.
    quality_levels: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: ``designdoc_default_quality``: the level of a component that states none.
    default_quality: str = ""

    def to_json(self) -> dict[str, Any]:
        """The settings an export records (the levels have a key of their own)."""
        return {
            "warn_overdue": self.warn_overdue,
            "warn_failing_gates": self.warn_failing_gates,
            "default_quality": self.default_quality,
        }


@dataclass(frozen=True, eq=False)
class Project:
    """The entries and facts of a project that the rules check."""

    #: The link index: entries owning their ID, links, and the problems found
    #: while it was built (duplicate IDs, unknown targets, link kinds, self-links).
    index: LinkIndex
    registry: Registry
    #: The build date (overdue questions).
    today: dt.date
    settings: Settings
    #: Component ID -> its compliance with its quality level.
    compliance: Mapping[str, ComponentCompliance]
    #: Document name -> title.
    titles: Mapping[str, str] = field(default_factory=dict)

    @functools.cached_property
    def inactive_docs(self) -> Mapping[str, str]:
        """Document name -> the status of its ``design-doc``, for the documents
        whose design document is no longer in force (:data:`INACTIVE_STATUSES`)."""
        return inactive_docs(self.index)
