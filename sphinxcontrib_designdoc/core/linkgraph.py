"""What is computed once per build from all entries: the link graph.

Built after every document is read and merged, in document-name order, so the
result is the same for serial, parallel and incremental builds.  Rendering and
reports read it; they never scan the entries themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from .kinds import Registry
from .model import Entry
from .subtypes import Problem, Subtype


class Backlink(NamedTuple):
    """A valid link to an entry: the link field, and the entry stating it."""

    field: str
    source: Entry


@dataclass
class LinkIndex:
    #: Every entry that owns its ID, in document-name then source order.
    entries: list[Entry] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)
    #: Document name -> its entries of :attr:`entries`, in source order.
    by_doc: dict[str, list[Entry]] = field(default_factory=dict)
    #: Kind -> its entries of :attr:`entries`, in the same order.
    by_kind: dict[str, list[Entry]] = field(default_factory=dict)
    #: Target ID -> entries linking to it (only valid links).
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: ID -> the first entry of that ID hidden from the builder (inside an
    #: ``only`` directive whose expression is false), when no visible entry
    #: owns the ID: links to it are shown unlinked, and not reported.  (None:
    #: only the ID is known, as an export records it.)
    hidden: dict[str, Entry | None] = field(default_factory=dict)

    def resolve(self, target: str) -> Entry | None:
        return self.by_id.get(target)

    def is_hidden(self, target: str) -> bool:
        return target in self.hidden


#: Whether an entry exists for the current builder (see :attr:`Entry.only`).
Visibility = Callable[[Entry], bool]


def build_index(
    all_entries: Iterable[Entry],
    registry: Registry,
    visible: Visibility | None = None,
    hidden_ids: Iterable[str] = (),
) -> LinkIndex:
    """The index of the entries ``visible`` keeps (all without it); IDs of
    ``hidden_ids`` exist, but not for the builder (as ``visible`` would say)."""
    index = LinkIndex()
    by_id, by_kind, hidden, problems = index.by_id, index.by_kind, index.hidden, index.problems
    hidden.update(dict.fromkeys(hidden_ids))
    for entry in all_entries:
        if visible is not None and entry.only and not visible(entry):
            hidden.setdefault(entry.id, entry)
            continue
        owner = by_id.get(entry.id)
        if owner is not None:
            problems.append(
                Problem(
                    entry,
                    Subtype.duplicate_id,
                    f"duplicate ID {entry.id!r}: also used by the {owner.kind} "
                    f"{owner.title!r} in {owner.docname!r}",
                )
            )
            continue
        by_id[entry.id] = entry
        index.entries.append(entry)
        index.by_doc.setdefault(entry.docname, []).append(entry)
        by_kind.setdefault(entry.kind, []).append(entry)
    for target_id in hidden.keys() & by_id.keys():
        del hidden[target_id]
    backlinks = index.backlinks
    kinds = registry.kinds
    for entry in index.entries:
        if not entry.links:
            continue
        kind = kinds.get(entry.kind)
        for name, targets in entry.links:
            link = kind.link(name) if kind else None
            for target_id in targets:
                target = by_id.get(target_id)
                if target is None:
                    if target_id not in hidden:  # else: exists, not for this builder
                        problems.append(
                            Problem(
                                entry,
                                Subtype.unknown_ref,
                                f"{entry.id}: :{name}: names unknown entry {target_id!r}",
                            )
                        )
                elif link is not None and not link.allows(target.kind):
                    problems.append(
                        Problem(
                            entry,
                            Subtype.link_kind,
                            f"{entry.id}: :{name}: may point to "
                            f"{', '.join(link.targets)}, not to the {target.kind} "
                            f"{target_id!r}",
                        )
                    )
                else:
                    backlinks.setdefault(target_id, []).append(Backlink(name, entry))
    index.problems.extend(self_link_problems(index.entries))
    return index


#: A self-link of this field is a dependency cycle of one entry, and reported as
#: one (``designdoc.dependency_cycle``, see :func:`.rules.dependency_cycles`).
CYCLE_FIELD = "depends-on"


def self_link_problems(entries: Iterable[Entry]) -> list[Problem]:
    """A ``self_link`` problem per entry and field by which it names itself, but
    for :data:`CYCLE_FIELD`."""
    return [
        Problem(entry, Subtype.self_link, f"{entry.id}: :{name}: names the entry itself")
        for entry in entries
        for name, targets in entry.links
        if entry.id in targets and name != CYCLE_FIELD
    ]
