"""Markdown reports from an export, for a pull-request comment or a CI job summary.

Each report is computed from the exported data alone (an :class:`Export`),
so the ``designdoc`` builder writes them next to ``designdoc.json`` and a
pipeline can render them from an export produced elsewhere.  IDs and
document titles link to the HTML pages when the export has a base URL
(``designdoc_html_baseurl``, else ``html_baseurl``).  Text from the documents
is escaped: a title cannot break a table or inject markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..core.model import Entry, parse_date
from ..core.questions import is_blocking, question_order
from .check import Finding, check_export, compliance_reasons
from .load import COMPLIANT, Export
from .markdown_text import code, counts, doc_link, document, escape, link, plural, ref, refs, table

INDEX = "index.md"

_LEVELS = {"low": 1, "medium": 2, "high": 3}


# -- the reports -----------------------------------------------------------------


def open_questions(export: Export) -> str:
    """Open questions, blocking first, then the oldest."""
    questions = sorted(
        (q for q in export.of_kind("question") if q.status == "open"), key=question_order
    )
    if not questions:
        return document("Open questions", ["No open questions."])
    derived = [export.derived(q) for q in questions]
    blocking = sum(map(is_blocking, questions))
    overdue = sum(1 for d in derived if d.get("overdue_days"))
    intro = [
        f"{plural(len(questions), 'open question')} as of {export.data['build_date']}: "
        f"{blocking} blocking, {overdue} overdue."
    ]
    rows = []
    for q, d in zip(questions, derived, strict=True):
        age, late = d.get("age_days"), d.get("overdue_days")
        rows.append(
            [
                ref(export, q.id),
                escape(q.title),
                "**blocking**" if is_blocking(q) else escape(q.shown("priority")),
                escape(q.owner),
                q.shown("raised"),
                "" if age is None else str(age),
                q.shown("due"),
                str(late) if late else "",
                refs(export, q.targets("affects")),
                doc_link(export, q.docname),
            ]
        )
    header = (
        "ID",
        "Question",
        "Priority",
        "Owner",
        "Raised",
        "Age (days)",
        "Due",
        "Overdue (days)",
        "Affects",
        "Document",
    )
    return document("Open questions", intro, table(header, rows))


def _verdict(record: Mapping[str, Any] | None) -> str:
    if record is None:
        return ""
    verdict = str(record.get("verdict", ""))
    return verdict if verdict == COMPLIANT else f"**{escape(verdict)}**"


def components(export: Export) -> str:
    """Every component: status, quality level, links, gates and compliance."""
    entries = export.of_kind("component")
    if not entries:
        return document("Components", ["No components."])
    with_compliance = export.has_compliance
    header = [
        "ID",
        "Component",
        "Status",
        "Quality",
        "Owner",
        "Depends on",
        "Satisfies",
        "Quality gates",
    ]
    if with_compliance:
        header.append("Compliance")
    header.append("Document")
    rows = []
    for c in entries:
        row = [
            ref(export, c.id),
            escape(c.title),
            escape(c.shown("status")),
            escape(c.shown("quality")),
            escape(c.owner),
            refs(export, c.targets("depends-on")),
            refs(export, c.targets("satisfies")),
            refs(export, export.incoming(c, "applies-to")),
        ]
        if with_compliance:
            record = export.compliance(c)
            row.append(_verdict(record))
        row.append(doc_link(export, c.docname))
        rows.append(row)
    intro = [f"{plural(len(entries), 'component')}: {counts(export, entries)}."]
    return document("Components", intro, table(header, rows))


def _risk_order(indexed: tuple[int, Entry]) -> tuple[bool, int, int]:
    position, risk = indexed
    score = _LEVELS.get(risk.get("likelihood"), 0) * _LEVELS.get(risk.get("impact"), 0)
    return (risk.status != "open", -score, position)


def risks(export: Export) -> str:
    """Risks: open ones first, then by likelihood times impact."""
    entries = [r for _, r in sorted(enumerate(export.of_kind("risk")), key=_risk_order)]
    if not entries:
        return document("Risks", ["No risks."])
    header = (
        "ID",
        "Risk",
        "Status",
        "Likelihood",
        "Impact",
        "Mitigation",
        "Mitigated by",
        "Affects",
        "Document",
    )
    rows = [
        [
            ref(export, r.id),
            escape(r.title),
            escape(r.shown("status")),
            escape(r.shown("likelihood")),
            escape(r.shown("impact")),
            escape(r.shown("mitigation")),
            refs(export, r.targets("mitigated-by")),
            refs(export, r.targets("affects")),
            doc_link(export, r.docname),
        ]
        for r in entries
    ]
    intro = [f"{plural(len(entries), 'risk')}: {counts(export, entries)}."]
    return document("Risks", intro, table(header, rows))


def _decision_order(indexed: tuple[int, Entry]) -> tuple[bool, int, int]:
    position, decision = indexed
    date = parse_date(decision.get("date"))
    return (date is None, -date.toordinal() if date else 0, position)


def decisions(export: Export) -> str:
    """Decisions, newest first, with what they supersede and resolve."""
    entries = [d for _, d in sorted(enumerate(export.of_kind("decision")), key=_decision_order)]
    if not entries:
        return document("Decisions", ["No decisions."])
    header = (
        "ID",
        "Decision",
        "Status",
        "Date",
        "Deciders",
        "Supersedes",
        "Superseded by",
        "Resolves",
        "Affects",
        "Document",
    )
    rows = [
        [
            ref(export, d.id),
            escape(d.title),
            escape(d.shown("status")),
            d.shown("date"),
            escape(d.shown("deciders")),
            refs(export, d.targets("supersedes")),
            refs(export, export.incoming(d, "supersedes")),
            refs(export, export.incoming(d, "resolved-by")),
            refs(export, d.targets("affects")),
            doc_link(export, d.docname),
        ]
        for d in entries
    ]
    intro = [f"{plural(len(entries), 'decision')}, newest first: {counts(export, entries)}."]
    return document("Decisions", intro, table(header, rows))


def _levels_line(export: Export) -> str:
    parts = []
    for level, checks in export.data["quality_levels"].items():
        parts.append(f"{escape(level)} ({escape(', '.join(checks)) or 'no checks'})")
    return (
        "Quality levels, lowest first, each with the checks it adds to the levels below: "
        + ", ".join(parts)
        + "."
    )


def _gates_of(export: Export, component: Entry) -> str:
    gates = []
    for gate_id in export.incoming(component, "applies-to"):
        gate = export.by_id.get(gate_id)
        shown = gate.shown("status") if gate else ""
        status = f" ({escape(shown)})" if shown else ""
        gates.append(ref(export, gate_id) + status)
    return ", ".join(gates)


def _compliance_block(export: Export, entries: Sequence[Entry]) -> list[str]:
    records = [export.compliance(c) for c in entries]
    compliant = sum(1 for r in records if r is not None and r.get("verdict") == COMPLIANT)
    rows = []
    for c, record in zip(entries, records, strict=True):
        level = (record.get("level") if record else None) or c.get("quality")
        reasons = "; ".join(compliance_reasons(record)) if record else ""
        rows.append(
            [
                ref(export, c.id),
                escape(c.title),
                escape(str(level or "")),
                _verdict(record),
                escape(reasons),
                doc_link(export, c.docname),
            ]
        )
    summary = f"{compliant} of {plural(len(entries), 'component')} compliant."
    header = ("ID", "Component", "Level", "Verdict", "Missing and failing checks", "Document")
    return ["## Components", "", summary, "", *table(header, rows)]


def _levels_block(export: Export, entries: Sequence[Entry]) -> list[str]:
    note = (
        "Compliance data is absent from this export: the build that wrote it "
        "did not check components against their quality level."
    )
    rows = [
        [
            ref(export, c.id),
            escape(c.title),
            escape(c.shown("quality")),
            _gates_of(export, c),
            doc_link(export, c.docname),
        ]
        for c in entries
    ]
    header = ("ID", "Component", "Level", "Quality gates", "Document")
    return ["## Components", "", note, *(["", *table(header, rows)] if rows else [])]


def _gates_block(export: Export, gates: Sequence[Entry]) -> list[str]:
    rows = [
        [
            ref(export, g.id),
            escape(g.title),
            escape(g.shown("check")),
            escape(g.shown("level")),
            escape(g.shown("status")),
            refs(export, g.targets("applies-to")),
            code(g.get("evidence")) if g.get("evidence") else "",
        ]
        for g in gates
    ]
    header = ("ID", "Gate", "Check", "Level", "Status", "Applies to", "Evidence")
    summary = f"{plural(len(gates), 'quality gate')}: {counts(export, gates)}."
    return ["## Quality gates", "", summary, "", *table(header, rows)]


def quality(export: Export) -> str:
    """Each component's quality level and verdict (or gates); the quality gates."""
    entries = export.of_kind("component")
    gates = export.of_kind("gate")
    components_block = (
        _compliance_block(export, entries)
        if export.has_compliance
        else _levels_block(export, entries)
    )
    gates_block = _gates_block(export, gates) if gates else []
    return document("Quality", [_levels_line(export)], components_block, gates_block)


#: File name -> (title, report), in the order the index lists them.
REPORTS: dict[str, tuple[str, Callable[[Export], str]]] = {
    "open-questions.md": ("Open questions", open_questions),
    "components.md": ("Components", components),
    "risks.md": ("Risks", risks),
    "decisions.md": ("Decisions", decisions),
    "quality.md": ("Quality", quality),
}


def _summaries(export: Export) -> dict[str, str]:
    questions = [q for q in export.of_kind("question") if q.status == "open"]
    blocking = sum(map(is_blocking, questions))
    overdue = sum(1 for q in questions if export.derived(q).get("overdue_days"))
    comps = export.of_kind("component")
    if export.has_compliance:
        compliant = sum(
            1 for c in comps if (export.compliance(c) or {}).get("verdict") == COMPLIANT
        )
        quality_summary = f"{compliant} of {plural(len(comps), 'component')} compliant"
    else:
        quality_summary = "compliance data absent"
    gates = export.of_kind("gate")
    if gates:
        quality_summary += f"; {plural(len(gates), 'quality gate')}: {counts(export, gates)}"

    def kinds(kind: str, word: str) -> str:
        entries = export.of_kind(kind)
        detail = counts(export, entries)
        return plural(len(entries), word) + (f": {detail}" if detail else "")

    return {
        "open-questions.md": f"{plural(len(questions), 'open question')}: "
        f"{blocking} blocking, {overdue} overdue",
        "components.md": kinds("component", "component"),
        "risks.md": kinds("risk", "risk"),
        "decisions.md": kinds("decision", "decision"),
        "quality.md": quality_summary,
    }


def _finding(problem: Finding) -> str:
    """A problem of ``designdoc check`` as a list item, as the command prints it."""
    subtype = code(f"designdoc.{problem.subtype}")
    return f"- {code(problem.location)}: {escape(problem.message)} ({subtype})"


def index(export: Export) -> str:
    """The overview: a line per report, the documents, and what fails the check."""
    docnames = list(export.data["documents"])
    intro = [
        f"Build date {export.data['build_date']}: "
        f"{plural(len(export.entries), 'entry', 'entries')} in "
        f"{plural(len(docnames), 'document')}."
    ]
    summaries = _summaries(export)
    reports = table(
        ("Report", "Summary"),
        ([link(title, name), summaries[name]] for name, (title, _) in REPORTS.items()),
    )
    sizes = Counter(e.docname for e in export.entries)
    doc_rows = []
    for docname in docnames:
        doc = export.design_doc(docname)
        doc_rows.append(
            [
                doc_link(export, docname),
                escape(doc.shown("status")) if doc else "",
                escape(doc.shown("quality")) if doc else "",
                escape(doc.shown("owners")) if doc else "",
                str(sizes[docname]),
            ]
        )
    header = ("Document", "Status", "Quality", "Owners", "Entries")
    documents = ["## Documents", "", *table(header, doc_rows)]
    problems = check_export(export)
    if problems:
        found = [f"`designdoc check` fails: {plural(len(problems), 'problem')}.", ""]
        found += [_finding(p) for p in problems]
    else:
        found = ["`designdoc check` passes: no problem found."]
    return document(
        f"Design reports: {escape(export.project)}",
        intro,
        reports,
        documents if doc_rows else [],
        ["## Checks", "", *found],
    )


def all_reports(export: Export) -> dict[str, str]:
    """File name -> Markdown text of every report, the index first."""
    return {INDEX: index(export), **{name: report(export) for name, (_, report) in REPORTS.items()}}
