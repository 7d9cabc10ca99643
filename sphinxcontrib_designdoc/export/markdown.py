"""Markdown reports from an export, for a pull-request comment or a CI job summary.

Each report is computed from the exported data alone (an :class:`Export`),
so the ``designdoc`` builder writes them next to ``designdoc.json`` and a
pipeline can render them from an export produced elsewhere.  Their tables are
the report queries of :mod:`..core.reports` run over the export's project, the
same that fill the report directives of a build, rendered as Markdown.  IDs and
document titles link to the HTML pages when the export has a base URL
(``designdoc_html_baseurl``, else ``html_baseurl``).  Text from the documents
is escaped: a title cannot break a table or inject markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..core.compliance import COMPLIANT
from ..core.filters import parse_filter
from ..core.model import split_list
from ..core.questions import days_overdue, is_blocking
from ..core.reports.index import IndexQuery
from ..core.reports.query import Query
from ..core.reports.questions import QuestionsQuery
from .check import Finding, check_export
from .load import Export
from .markdown_text import (
    code,
    content_lines,
    counts,
    doc_link,
    document,
    escape,
    link,
    plural,
    table,
)

INDEX = "index.md"


def _report(export: Export, query: Query) -> list[str]:
    return content_lines(export, export.report(query))


def _index(kind: str, columns: str, sort: str = "") -> IndexQuery:
    return IndexQuery((kind,), None, split_list(columns), split_list(sort))


def open_questions(export: Export) -> str:
    """Open questions, blocking first, then the oldest."""
    questions = [q for q in export.of_kind("question") if q.status == "open"]
    if not questions:
        return document("Open questions", ["No open questions."])
    blocking = sum(map(is_blocking, questions))
    overdue = sum(1 for q in questions if days_overdue(q, export.as_project.today))
    intro = [f"{plural(len(questions), 'open question')}: {blocking} blocking, {overdue} overdue."]
    query = QuestionsQuery(parse_filter("status=open", export.registry))
    return document("Open questions", intro, _report(export, query))


COMPONENTS = "id, title, status, quality, owner, depends-on, satisfies, quality-gates"


def components(export: Export) -> str:
    """Every component: status, quality level, links, gates and compliance."""
    entries = export.of_kind("component")
    if not entries:
        return document("Components", ["No components."])
    verdict = ", verdict" if export.has_compliance else ""
    intro = [f"{plural(len(entries), 'component')}: {counts(export, entries)}."]
    query = _index("component", f"{COMPONENTS}{verdict}, document")
    return document("Components", intro, _report(export, query))


def risks(export: Export) -> str:
    """Risks in the order of their lifecycle (open first), then the highest
    impact and likelihood first."""
    entries = export.of_kind("risk")
    if not entries:
        return document("Risks", ["No risks."])
    columns = "id, title, status, likelihood, impact, mitigation, mitigated-by, affects, document"
    query = _index("risk", columns, sort="status, -impact, -likelihood")
    intro = [f"{plural(len(entries), 'risk')}: {counts(export, entries)}."]
    return document("Risks", intro, _report(export, query))


def decisions(export: Export) -> str:
    """Decisions, newest first, with what they supersede and resolve."""
    entries = export.of_kind("decision")
    if not entries:
        return document("Decisions", ["No decisions."])
    columns = (
        "id, title, status, date, deciders, supersedes, superseded-by, resolves, affects, document"
    )
    query = _index("decision", columns, sort="-date")
    intro = [f"{plural(len(entries), 'decision')}, newest first: {counts(export, entries)}."]
    return document("Decisions", intro, _report(export, query))


def _levels_line(export: Export) -> str:
    parts = []
    for level, checks in export.data["quality_levels"].items():
        parts.append(f"{escape(level)} ({escape(', '.join(checks)) or 'no checks'})")
    return (
        "Quality levels, lowest first, each with the checks it adds to the levels below: "
        + ", ".join(parts)
        + "."
    )


def _compliant(export: Export) -> int:
    records = export.as_project.compliance.values()
    return sum(1 for record in records if record.verdict == COMPLIANT)


def quality(export: Export) -> str:
    """Each component's quality level and verdict (or gates); the quality gates."""
    entries = export.of_kind("component")
    gates = export.of_kind("gate")
    if export.has_compliance:
        summary = f"{_compliant(export)} of {plural(len(entries), 'component')} compliant."
        columns = "id, title, quality-level, verdict, unmet-checks, document"
    else:
        summary = (
            "Compliance data is absent from this export: the build that wrote it "
            "did not check components against their quality level."
        )
        columns = "id, title, quality, quality-gates, document"
    components_block = ["## Components", "", summary]
    if entries:
        components_block += ["", *_report(export, _index("component", columns))]
    gates_block = []
    if gates:
        columns = "id, title, check, level, status, applies-to, evidence"
        gates_block = [
            "## Quality gates",
            "",
            f"{plural(len(gates), 'quality gate')}: {counts(export, gates)}.",
            "",
            *_report(export, _index("gate", columns)),
        ]
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
    overdue = sum(1 for q in questions if days_overdue(q, export.as_project.today))
    comps = export.of_kind("component")
    if export.has_compliance:
        quality_summary = f"{_compliant(export)} of {plural(len(comps), 'component')} compliant"
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
        f"{plural(len(export.entries), 'entry')} in "
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
