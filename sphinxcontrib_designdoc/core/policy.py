"""Quality levels and the checks each one requires.

``designdoc_quality_levels`` lists the levels lowest first, each with the
checks it adds to those of the levels below it.  A document adds to that
policy for its own components with *policy gates*: a ``quality-gate`` with
``:level:`` and ``:check:`` but no ``:applies-to:``.  It requires its check (and
``:threshold:``, if it gives one) at that level and at every level above::

    .. quality-gate:: Load test before production
       :check: load-test
       :level: production
       :threshold: 5,000 events/s

A check required at several levels keeps the threshold of the highest of them
that names one, so a document can ask for 80% coverage at ``production`` and
90% at ``secure``.

A *local criterion* needs no policy gate: a gate that ``:applies-to:``
components, with a ``:level:`` and a ``:check:`` that no level of the policy
requires (any name: "e2e-stable-two-releases"), makes its check required at that
level and above for exactly the components it applies to, and meets it by its
own ``:status:`` (see :meth:`Policy.with_criteria`)::

    .. quality-gate:: End-to-end tests stable for two releases
       :check: e2e-stable
       :level: production
       :applies-to: C-api
       :status: pending
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .model import Entry

GATE = "gate"


@dataclass(frozen=True)
class Requirement:
    """A check a quality level requires."""

    check: str
    #: The lowest level that requires it.
    level: str
    threshold: str = ""
    #: The policy gate that states it (its ID); "" for ``designdoc_quality_levels``.
    source: str = ""


@dataclass(frozen=True)
class Policy:
    """The levels, lowest first, and what each one adds to those below it."""

    levels: tuple[str, ...]
    #: Every requirement, in the order the levels and then the sources state them.
    added: tuple[Requirement, ...] = ()

    def rank(self, level: str) -> int:
        return self.levels.index(level) if level in self.levels else -1

    def next_level(self, level: str) -> str:
        """The level above ``level`` ("" at the top)."""
        rank = self.rank(level)
        return self.levels[rank + 1] if 0 <= rank < len(self.levels) - 1 else ""

    def required(self, level: str) -> tuple[Requirement, ...]:
        """Every check ``level`` requires: its own and those of the levels below.

        In the order they are first required; each with the threshold of the
        highest level (up to ``level``) that names one.
        """
        rank = self.rank(level)
        found: dict[str, Requirement] = {}
        for requirement in sorted(self.added, key=lambda r: self.rank(r.level)):
            if self.rank(requirement.level) > rank:
                break
            before = found.get(requirement.check)
            if before is None:
                found[requirement.check] = requirement
            elif requirement.threshold:
                found[requirement.check] = Requirement(
                    before.check, before.level, requirement.threshold, requirement.source
                )
        return tuple(found.values())

    @property
    def checks(self) -> frozenset[str]:
        """Every check some level requires."""
        return frozenset(r.check for r in self.added)

    def with_criteria(self, gates: Iterable[Entry]) -> Policy:
        """This policy with the local criteria among ``gates`` (the gates that
        apply to one component, dropped ones left out): each requires its check
        from its level up, the lowest level of its gates if several name it."""
        known = self.checks
        extra = tuple(
            Requirement(g.get("check"), g.get("level"), "", g.id)
            for g in gates
            if is_local_criterion(g, known) and g.get("level") in self.levels
        )
        return Policy(self.levels, self.added + extra) if extra else self

    def with_gates(self, gates: Iterable[Entry]) -> Policy:
        """This policy with what the policy gates among ``gates`` add."""
        extra = tuple(
            Requirement(g.get("check"), g.get("level"), g.get("threshold"), g.id)
            for g in gates
            if is_policy_gate(g) and g.get("level") in self.levels
        )
        return Policy(self.levels, self.added + extra) if extra else self


def is_policy_gate(entry: Entry) -> bool:
    """A quality gate that states a requirement instead of applying to components."""
    return (
        entry.kind == GATE
        and not entry.targets("applies-to")
        and bool(entry.get("level"))
        and bool(entry.get("check"))
    )


def is_local_criterion(entry: Entry, required: Iterable[str]) -> bool:
    """A gate applying to components that states its own requirement: it has a
    ``:level:`` and a ``:check:`` that is none of the ``required`` checks."""
    return (
        entry.kind == GATE
        and bool(entry.targets("applies-to"))
        and bool(entry.get("level"))
        and bool(entry.get("check"))
        and entry.get("check") not in required
    )


def project_policy(levels: Mapping[str, Sequence[str]]) -> Policy:
    """The policy of ``designdoc_quality_levels`` (validated)."""
    return Policy(
        tuple(levels),
        tuple(Requirement(check, level) for level, checks in levels.items() for check in checks),
    )
