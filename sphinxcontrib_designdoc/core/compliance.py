"""How each component meets the checks of its quality level, once per build.

A component's level is its ``:quality:``, else the ``:quality:`` of its
document's ``design-doc``, else ``designdoc_default_quality`` (empty: the
lowest level).  Each check the level requires (see :mod:`.policy`) is met when
every quality gate of that check that ``:applies-to:`` the component is
``passing`` (also against the threshold the level requires, where its evidence
was measured) or ``waived`` with a reason in its body.

The verdict is ``compliant`` when every required check is met, ``failing``
when a required gate fails, and ``incomplete`` otherwise (a check without a
gate, or one that is pending, unknown or waived without a reason).  Each
component also gets what stands between it and the next level up, or its
target: a component may aim for a level above its own with
``:target-quality:`` (else its document's).  Only the checks of its current
level decide its verdict and the warnings; the target's are what is left to do.

A local criterion (a gate with ``:applies-to:``, ``:level:`` and a check no level
requires, see :mod:`.policy`) is required for the components it applies to.  A
``dropped`` gate neither meets nor fails its check: a level's check with only
dropped gates is missing, and a local criterion whose gates are all dropped is
no longer required but is listed (:attr:`ComponentCompliance.dropped`) so that
reports show it was given up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .evidence import FAILING, PASSING, UNKNOWN, judge
from .linkgraph import LinkIndex
from .model import Entry
from .policy import (
    GATE,
    Policy,
    Requirement,
    is_local_criterion,
    is_policy_gate,
    project_policy,
)

COMPONENT = "component"
APPLIES_TO = "applies-to"
PENDING = "pending"
WAIVED = "waived"
MISSING = "missing"
DROPPED = "dropped"

COMPLIANT = "compliant"
INCOMPLETE = "incomplete"
VERDICTS = (COMPLIANT, FAILING, INCOMPLETE)

#: Which of several gates of a check decides what is shown: the worst.
_RANK = {FAILING: 0, UNKNOWN: 1, PENDING: 2, WAIVED: 3, PASSING: 4}


@dataclass(frozen=True)
class CheckResult:
    """One required check of one component."""

    check: str
    #: ``passing``, ``failing``, ``pending``, ``waived``, ``missing``, ``unknown``
    #: or (for a dropped local criterion, never required) ``dropped``.
    status: str
    met: bool
    #: What the deciding gate measured ("coverage 83.4% >= 80%"), or why it
    #: does not count ("no reason given").
    measured: str = ""
    #: The gate that decides the status ("" when missing), and every gate of the check.
    gate: str = ""
    gates: tuple[str, ...] = ()
    #: The threshold the level requires ("" if none) and the lowest level requiring it.
    threshold: str = ""
    required_at: str = ""
    #: Why a policy threshold could not be applied to the gate's evidence.
    problem: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "met": self.met,
            "measured": self.measured,
            "gate": self.gate or None,
            "gates": list(self.gates),
            "threshold": self.threshold,
            "required_at": self.required_at,
            **({"problem": self.problem} if self.problem else {}),
        }


@dataclass(frozen=True)
class ComponentCompliance:
    """A component's level, its required checks, verdict and next level."""

    component: str
    level: str
    #: Where the level comes from: ``component``, ``document`` or ``default``.
    level_from: str
    checks: tuple[CheckResult, ...]
    verdict: str
    #: The level above (``""`` at the top) and its checks that are not met yet.
    next_level: str = ""
    to_next_level: tuple[CheckResult, ...] = ()
    #: A ``:quality:`` written that is not a level (``level`` is then ""): nothing
    #: is checked and the verdict is ``incomplete``, whatever the gates say.
    invalid_level: str = ""
    #: The level aimed for (``""``: none, or none above ``level``) and the checks
    #: it requires, those of the levels in between too, that are not met yet.
    target: str = ""
    to_target: tuple[CheckResult, ...] = ()
    #: Local criteria up to ``level`` whose every gate is ``dropped``: not
    #: required, listed so that they are shown as given up.
    dropped: tuple[CheckResult, ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.check for c in self.checks)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c.check for c in self.checks if c.status == MISSING)

    @property
    def unmet(self) -> tuple[CheckResult, ...]:
        """Required checks with a gate that is not met (failing, pending, ...)."""
        return tuple(c for c in self.checks if not c.met and c.status != MISSING)

    @property
    def reasons(self) -> tuple[str, ...]:
        """``missing: lint, coverage`` and ``failing: tests (QG-t failing: 3 failed)``."""
        reasons = []
        if self.missing:
            reasons.append(f"missing: {', '.join(self.missing)}")
        if self.unmet:
            reasons.append(f"failing: {', '.join(map(_unmet_text, self.unmet))}")
        return tuple(reasons)

    @property
    def promotion(self) -> str:
        """What a promotion costs: "to reach secure: security-scan, threat-model"
        (to the target if one is set, else to the next level)."""
        if self.invalid_level:
            return f"{self.invalid_level!r} is not a quality level"
        if self.target:
            if not self.to_target:
                return f"ready for {self.target}"
            return f"to reach {self.target}: {', '.join(c.check for c in self.to_target)}"
        if not self.next_level:
            return "highest level"
        if not self.to_next_level:
            return f"ready for {self.next_level}"
        return f"to reach {self.next_level}: {', '.join(c.check for c in self.to_next_level)}"

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (for ``designdoc.json``)."""
        return {
            "level": self.level or None,
            "level_from": self.level_from,
            "verdict": self.verdict,
            "required": list(self.required),
            "missing": list(self.missing),
            "failing": [
                {"check": c.check, "gate": c.gate, "status": c.status, "reason": c.measured}
                for c in self.unmet
            ],
            "checks": [c.to_json() for c in self.checks],
            "next_level": self.next_level or None,
            "to_next_level": [c.check for c in self.to_next_level],
            "next_level_checks": [c.to_json() for c in self.to_next_level],
            **({"invalid_level": self.invalid_level} if self.invalid_level else {}),
            **({"target": self.target} if self.target else {}),
            **({"to_target": [c.to_json() for c in self.to_target]} if self.target else {}),
            **({"dropped": [c.to_json() for c in self.dropped]} if self.dropped else {}),
        }


def _unmet_text(result: CheckResult) -> str:
    """A check that is not met, with its gate, status and what it measured."""
    detail = " ".join(x for x in (result.gate, result.status) if x and x != result.check)
    if result.measured:
        detail = f"{detail}: {result.measured}" if detail else result.measured
    return f"{result.check} ({detail})" if detail else result.check


def _gate_result(gate: Entry, requirement: Requirement) -> CheckResult:
    """What one gate says about one required check."""
    status = gate.status or PENDING
    evidence = gate.evidence
    measured = evidence.measured if evidence is not None else ""
    if not gate.status and gate.invalid_value("status"):
        # an invalid status is not taken for another one: the gate's state is unknown
        status, measured = UNKNOWN, f"invalid status {gate.invalid_value('status')!r}"
    met = status == PASSING
    problem = ""
    if status == WAIVED:
        met = bool(gate.body.strip())
        measured = measured if met else "no reason given"
    elif (
        met and requirement.threshold and evidence is not None and evidence.measurement is not None
    ):
        # the level may require more than the gate's own threshold
        again = judge(evidence.measurement, requirement.threshold)
        status, measured, problem = again.status, again.measured, again.problem
        met = status == PASSING
    return CheckResult(
        requirement.check,
        status,
        met,
        measured,
        gate.id,
        (gate.id,),
        requirement.threshold,
        requirement.level,
        problem,
    )


def check_result(
    requirement: Requirement, gates: Iterable[Entry], dropped: Sequence[Entry] = ()
) -> CheckResult:
    """How the gates of a check, applying to one component, meet a requirement
    (``dropped``: its dropped gates, named when no other gate is left)."""
    results = [_gate_result(gate, requirement) for gate in gates]
    if not results:
        return CheckResult(
            requirement.check,
            MISSING,
            False,
            f"{DROPPED}: {', '.join(g.id for g in dropped)}" if dropped else "",
            threshold=requirement.threshold,
            required_at=requirement.level,
        )
    worst = min(results, key=lambda r: (r.met, _RANK.get(r.status, 0)))
    return CheckResult(
        worst.check,
        worst.status,
        all(r.met for r in results),
        worst.measured,
        worst.gate,
        tuple(r.gate for r in results),
        worst.threshold,
        worst.required_at,
        worst.problem,
    )


def verdict_of(checks: Iterable[CheckResult]) -> str:
    checks = list(checks)
    if all(c.met for c in checks):
        return COMPLIANT
    if any(c.status == FAILING for c in checks):
        return FAILING
    return INCOMPLETE


class _Project:
    """The index, read once: levels of documents, policies, gates per component."""

    def __init__(self, index: LinkIndex, levels: Mapping[str, Sequence[str]], default: str) -> None:
        self.index = index
        self.policy = project_policy(levels)
        self.default = default if default in self.policy.levels else self.policy.levels[0]
        self.docs: dict[str, Entry] = {}
        policy_gates: dict[str, list[Entry]] = {}
        for entry in index.by_kind.get("doc", ()):
            self.docs.setdefault(entry.docname, entry)
        for entry in index.by_kind.get(GATE, ()):
            if is_policy_gate(entry):
                policy_gates.setdefault(entry.docname, []).append(entry)
        self.policies = {d: self.policy.with_gates(g) for d, g in policy_gates.items()}

    def target(self, component: Entry, level: str) -> str:
        """The ``:target-quality:`` of a component, else of its document, if it is
        above ``level`` (one at or below it is reported by the rules)."""
        doc = self.docs.get(component.docname)
        for entry in (component, doc):
            if entry is not None and entry.get("target-quality") in self.policy.levels:
                target = entry.get("target-quality")
                return target if self.policy.rank(target) > self.policy.rank(level) else ""
        return ""

    def level(self, component: Entry) -> tuple[str, str, str]:
        """(level, where it comes from, the invalid level written instead)."""
        doc = self.docs.get(component.docname)
        for entry, source in ((component, "component"), (doc, "document")):
            if entry is None:
                continue
            if entry.get("quality") in self.policy.levels:
                return entry.get("quality"), source, ""
            if entry.invalid_value("quality"):
                return "", source, entry.invalid_value("quality")
        return self.default, "default", ""

    def gates(self, component: Entry) -> dict[str, list[Entry]]:
        """The gates applying to a component, by check, in document order."""
        found: dict[str, list[Entry]] = {}
        for backlink in self.index.backlinks.get(component.id, []):
            gate = backlink.source
            if backlink.field == APPLIES_TO and gate.kind == GATE and gate.get("check"):
                found.setdefault(gate.get("check"), []).append(gate)
        return found

    def compliance(self, component: Entry) -> ComponentCompliance:
        level, source, invalid = self.level(component)
        if invalid:
            return ComponentCompliance(
                component.id, "", source, (), INCOMPLETE, invalid_level=invalid
            )
        applying = self.gates(component)
        live = {c: [g for g in gs if g.status != DROPPED] for c, gs in applying.items()}
        given_up = {c: [g for g in gs if g.status == DROPPED] for c, gs in applying.items()}
        document: Policy = self.policies.get(component.docname, self.policy)
        policy = document.with_criteria(g for gs in live.values() for g in gs)

        def unmet(upto: str) -> tuple[CheckResult, ...]:
            results = (
                check_result(r, live.get(r.check, ()), given_up.get(r.check, ()))
                for r in policy.required(upto)
            )
            return tuple(result for result in results if not result.met)

        checks = tuple(
            check_result(r, live.get(r.check, ()), given_up.get(r.check, ()))
            for r in policy.required(level)
        )
        next_level = policy.next_level(level)
        target = self.target(component, level)
        return ComponentCompliance(
            component.id,
            level,
            source,
            checks,
            verdict_of(checks),
            next_level,
            unmet(next_level),
            target=target,
            to_target=unmet(target) if target else (),
            dropped=self._dropped(policy, level, given_up),
        )

    def _dropped(
        self, policy: Policy, level: str, given_up: Mapping[str, list[Entry]]
    ) -> tuple[CheckResult, ...]:
        """The local criteria up to ``level`` that only dropped gates state."""
        required = policy.checks
        found: dict[str, CheckResult] = {}
        for check, gates in given_up.items():
            criteria = [
                g
                for g in gates
                if is_local_criterion(g, required)
                and 0 <= policy.rank(g.get("level")) <= policy.rank(level)
            ]
            if criteria:
                lowest = min(criteria, key=lambda g: policy.rank(g.get("level")))
                found[check] = CheckResult(
                    check,
                    DROPPED,
                    False,
                    gate=criteria[0].id,
                    gates=tuple(g.id for g in criteria),
                    required_at=lowest.get("level"),
                )
        return tuple(found.values())


def compliance_for(
    index: LinkIndex,
    levels: Mapping[str, Sequence[str]],
    default_quality: str = "",
    cache: dict[Any, Any] | None = None,
    kept: Callable[[Entry], ComponentCompliance | None] | None = None,
) -> dict[str, ComponentCompliance]:
    """Component ID -> compliance, in index order (cached in ``cache`` if
    given); ``kept`` gives the record of a component known to be the same as
    when it was judged (None: judged again)."""
    found = cache.get("compliance") if cache is not None else None
    if found is None:
        project = _Project(index, levels, default_quality)
        found = {}
        for entry in index.by_kind.get(COMPONENT, ()):
            record = kept(entry) if kept is not None else None
            found[entry.id] = record if record is not None else project.compliance(entry)
        if cache is not None:
            cache["compliance"] = found
    return found
