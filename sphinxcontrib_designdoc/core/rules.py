"""The rules about a whole project: every cross-document problem, written once.

Each rule is a function of a :class:`~.project.Project` that yields the
:class:`~.subtypes.Problem` records it finds, in document order; :data:`RULES`
lists them in the order they are reported.  A Sphinx build logs the problems
of :func:`check_project` as warnings (once every document is read), and
``designdoc check`` prints those of the project of an export: the same rules,
over the same data, so ``sphinx-build -W`` and ``designdoc check`` agree.

The entries of a design document that is no longer in force (rejected,
superseded, withdrawn: :data:`~.project.INACTIVE_STATUSES`) are history: no
rule reports them, but for duplicate IDs, which change what every link to the
ID means.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from .compliance import MISSING
from .evidence import FAILING, UNKNOWN
from .linkgraph import CYCLE_FIELD, LinkIndex
from .model import Entry, suggestion
from .policy import GATE, Policy, is_local_criterion, project_policy
from .project import Project
from .questions import QUESTION, SETTLED, days_overdue, is_blocking
from .subtypes import Problem, Subtype

#: A rule: the problems it finds in a project, in document order.
Rule = Callable[[Project], Iterable[Problem]]


def _index_problems(project: Project, *subtypes: Subtype) -> list[Problem]:
    return [p for p in project.index.problems if p.subtype in subtypes]


def duplicate_ids(project: Project) -> list[Problem]:
    """An entry whose ID an earlier entry (in document-name, then source order)
    already has: it is left out of the index, and reported."""
    return _index_problems(project, Subtype.duplicate_id)


def link_targets(project: Project) -> list[Problem]:
    """A link field naming an ID that no entry has (an entry that exists but not
    for this builder does not count), or an entry of a kind the field may not
    point to."""
    return _index_problems(project, Subtype.unknown_ref, Subtype.link_kind)


def self_links(project: Project) -> list[Problem]:
    """An entry naming itself in a link field (but ``depends-on``: see
    :func:`dependency_cycles`)."""
    return _index_problems(project, Subtype.self_link)


def questions(project: Project) -> list[Problem]:
    """Overdue open questions (with ``warn_overdue``) and open blocking questions
    of documents that are already approved or implemented."""
    today = project.today
    docs: dict[str, Entry] = {}
    for entry in project.index.by_kind.get("doc", ()):
        docs.setdefault(entry.docname, entry)
    problems = []
    for q in project.index.by_kind.get(QUESTION, ()):
        if q.status != "open":
            continue
        overdue = days_overdue(q, today)
        if project.settings.warn_overdue and overdue:
            problems.append(
                Problem(
                    q,
                    Subtype.overdue_question,
                    f"{q.id}: open question is {overdue} day{'s' * (overdue != 1)} overdue "
                    f"(due {q.get('due')}, build date {today.isoformat()})",
                )
            )
        doc = docs.get(q.docname)
        if is_blocking(q) and doc is not None and doc.status in SETTLED:
            problems.append(
                Problem(
                    q,
                    Subtype.blocking_question,
                    f"{q.id}: blocking question is still open, but the design document "
                    f"{doc.id} is {doc.status}",
                )
            )
    return problems


def dependency_cycles(project: Project) -> list[Problem]:
    """One problem per cycle of ``depends-on`` links, at its entry that comes
    first in document order (an entry depending on itself is a cycle)."""
    return cycles(project.index)


def cycles(index: LinkIndex, link: str = CYCLE_FIELD) -> list[Problem]:
    """One problem per cycle of ``link`` links (strongly connected component),
    located at its entry that comes first in document order."""
    # only entries with links can be on a cycle: the others are left out
    graph: dict[str, list[str]] = {}
    by_id = index.by_id
    for entry in index.entries:
        named = entry.targets(link)
        if named:
            targets = [t for t in dict.fromkeys(named) if t in by_id]
            if targets:
                graph[entry.id] = targets
    graph = _cyclic_part(graph)
    if not graph:
        return []
    order = {entry.id: i for i, entry in enumerate(index.entries)}
    problems = []
    for component in _strongly_connected(graph, list(graph)):
        members = set(component)
        start = min(component, key=order.__getitem__)
        if len(component) == 1 and start not in graph.get(start, ()):
            continue
        path = _shortest_cycle(graph, start, members)
        problems.append(
            Problem(
                index.by_id[start],
                Subtype.dependency_cycle,
                f"dependency cycle through :{link}: links: {' -> '.join(path)}",
            )
        )
    problems.sort(key=lambda p: order[p.entry.id])
    return problems


def _cyclic_part(graph: dict[str, list[str]]) -> dict[str, list[str]]:
    """``graph`` (whose nodes all have successors) without the nodes from
    which no cycle can be reached: those are removed from the end (nodes with
    no successor left), as a topological sort would, so an acyclic graph is
    left empty."""
    predecessors: dict[str, list[str]] = {}
    successors: dict[str, int] = {}
    for node, targets in graph.items():
        successors[node] = len(targets)
        for target in targets:
            predecessors.setdefault(target, []).append(node)
    ends = [node for node in predecessors if node not in graph]
    while ends:
        for node in predecessors.get(ends.pop(), ()):
            successors[node] -= 1
            if not successors[node]:
                ends.append(node)
    return {node: targets for node, targets in graph.items() if successors[node]}


def _strongly_connected(graph: dict[str, list[str]], nodes_: list[str]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit on long chains)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in nodes_:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = graph.get(node, ())
            if i < len(successors):
                work.append((node, i + 1))
                succ = successors[i]
                if succ not in index:
                    work.append((succ, 0))
                elif succ in on_stack:
                    low[node] = min(low[node], index[succ])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _shortest_cycle(graph: dict[str, list[str]], start: str, members: set[str]) -> list[str]:
    """The shortest path from ``start`` back to itself inside ``members``."""
    parents: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for succ in graph.get(node, ()):
            if succ == start:
                path = [node]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                return [*reversed(path), start]
            if succ in members and succ not in parents:
                parents[succ] = node
                queue.append(succ)
    return [start, start]  # not reached for a strongly connected component


def _of_kinds(index: LinkIndex, kinds: Iterable[str]) -> list[Entry]:
    """The entries of ``kinds``, kind by kind (see :func:`_in_index_order`)."""
    return [entry for kind in kinds for entry in index.by_kind.get(kind, ())]


def _in_index_order(index: LinkIndex, problems: list[Problem]) -> list[Problem]:
    """Problems at entries of the index, in the order of their entries."""

    def position(problem: Problem) -> tuple[str, int]:
        entry = problem.entry
        return entry.docname, index.by_doc[entry.docname].index(entry)

    return sorted(problems, key=position)


def _unknown_checks(project: Project) -> list[Problem]:
    """Check names that are not registered checks, but for local criteria.

    They are judged here rather than while an entry is read because whether a
    name may be new depends on the gate's other options (a ``:level:`` and an
    ``:applies-to:`` make it a local criterion, see :mod:`.policy`).
    """
    known = project.registry.checks
    check_fields = {
        kind.name: fields
        for kind in project.registry.kinds.values()
        if (fields := [fld for fld in kind.fields if fld.type == "check"])
    }
    problems = []
    for entry in _of_kinds(project.index, check_fields):
        kind = project.registry.kinds.get(entry.kind)
        for fld in check_fields[entry.kind]:
            value = entry.get(fld.name)
            if not value or value in known:
                continue
            if fld.name == "check" and is_local_criterion(entry, known):
                continue
            if not known:
                message = f"{fld.name} {value!r}: no check is defined"
            else:
                message = f"{fld.name} {value!r} is not one of: {', '.join(known)}"
                hint = suggestion(value, known)
                message += f"; {hint}" if hint else ""
            if kind is not None and kind.name == GATE:
                message += " (a gate with :level: and :applies-to: may name a check of its own)"
            problems.append(Problem(entry, Subtype.invalid_value, f"{entry.id}: {message}"))
    return _in_index_order(project.index, problems)


def _targets(project: Project) -> list[Problem]:
    """A ``:target-quality:`` at or below the level of the entry stating it: a
    component's against its level, a design document's against its own."""
    policy: Policy = project_policy(project.settings.quality_levels)
    default = project.settings.default_quality
    default = default if default in policy.levels else (policy.levels or ("",))[0]
    problems = []
    for entry in _of_kinds(project.index, ("component", "doc")):
        target = entry.get("target-quality")
        if entry.kind == "component" and target:
            record = project.compliance.get(entry.id)
            level = record.level if record is not None else ""
        elif entry.kind == "doc" and target and not entry.invalid_value("quality"):
            level = entry.get("quality") or default
        else:
            continue
        if level and 0 <= policy.rank(target) <= policy.rank(level):
            problems.append(
                Problem(
                    entry,
                    Subtype.invalid_value,
                    f"{entry.id}: target-quality {target!r} is not above its quality "
                    f"level {level!r}; it is ignored",
                )
            )
    return _in_index_order(project.index, problems)


def quality_gates(project: Project) -> list[Problem]:
    """Required checks without a gate, failing gates (with ``warn_failing_gates``),
    policy thresholds that do not fit a gate's evidence, check names that are not
    checks (but for local criteria) and quality targets that are no promotion."""
    index = project.index
    problems: list[Problem] = [*_unknown_checks(project), *_targets(project)]
    seen: set[tuple[str, str]] = set()
    inactive = project.inactive_docs
    for component_id, record in project.compliance.items():
        component = index.by_id.get(component_id)
        # a component no longer in force: none of its gates' problems either
        if component is None or component.docname in inactive:
            continue
        for check in record.checks:
            if check.status == MISSING:
                problems.append(
                    Problem(
                        component,
                        Subtype.missing_gate,
                        f"{component_id}: no quality gate of check {check.check!r} applies "
                        f"to it; level {record.level!r} requires one",
                    )
                )
            elif check.problem and (check.gate, check.threshold) not in seen:
                seen.add((check.gate, check.threshold))
                problems.append(
                    Problem(
                        index.by_id.get(check.gate, component),
                        Subtype.evidence,
                        f"{check.gate}: {check.problem} (the threshold level "
                        f"{record.level!r} requires for {check.check!r}); status {UNKNOWN}",
                    )
                )
            elif project.settings.warn_failing_gates and check.status == FAILING:
                problems.append(
                    Problem(
                        component,
                        Subtype.failing_gate,
                        f"{component_id}: quality gate {check.gate} ({check.check}) is failing"
                        + (f": {check.measured}" if check.measured else ""),
                    )
                )
    return problems


#: Every rule, in the order its problems are reported.
RULES: tuple[Rule, ...] = (
    duplicate_ids,
    link_targets,
    self_links,
    questions,
    dependency_cycles,
    quality_gates,
)


#: The rules whose problems are reported in inactive documents too.
_ALWAYS: tuple[Rule, ...] = (duplicate_ids,)


def check_project(project: Project, rules: Iterable[Rule] = RULES) -> list[Problem]:
    """The problems of every rule, rule by rule, each rule's in document order
    (those at entries of inactive documents left out)."""
    inactive = project.inactive_docs
    return [
        problem
        for rule in rules
        for problem in rule(project)
        if rule in _ALWAYS or problem.entry.docname not in inactive
    ]
