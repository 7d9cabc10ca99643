"""``designdoc summary``: a short Markdown summary of an export, for CI.

Written to a job summary (``$GITHUB_STEP_SUMMARY``) or posted as a comment on
a pull or merge request, it shows what needs a reviewer's eye and nothing else:

- a headline: whether ``designdoc check`` passes, with a status marker
  (:data:`FAILS` fails the check, :data:`ATTENTION` needs attention,
  :data:`PASSES` passes);
- the problems of the check (:func:`.check.check_export`);
- the components whose compliance verdict is not ``compliant``;
- the open questions that are blocking or overdue;
- given the export of a base branch: in those three lists only what is new or
  changed since it, and the changes between the two exports
  (:func:`.diff.diff_exports`).

IDs link to the entries' pages when there is a base URL (the export's own, or
one given instead); text from the documents is escaped, so it cannot mention
a user or link an issue.  The text never exceeds a size limit (a GitHub
comment holds 65,536 characters): whole lines are cut from the end, and a
last line says how many.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..core.compliance import COMPLIANT, ComponentCompliance
from ..core.evidence import FAILING
from ..core.model import Entry
from ..core.questions import days_overdue, is_blocking, question_order
from .check import Finding, check_export
from .diff import diff_exports
from .load import Export
from .markdown_text import code, escape, plural, ref, title

#: Status markers (emoji that GitHub and GitLab both render).
FAILS, ATTENTION, PASSES = "\u274c", "\u26a0\ufe0f", "\u2705"
#: Size limit by default: below GitHub's 65,536 characters of a comment.
DEFAULT_LIMIT = 60_000
#: The smallest limit: room for the note saying what was cut.
MIN_LIMIT = 100
#: Items listed per section; the rest are counted.
MAX_ITEMS = 20
OPEN = "open"


@dataclass(frozen=True)
class Summary:
    """The summary's Markdown text and the number of problems of the check."""

    text: str
    problems: int


def with_baseurl(export: Export, baseurl: str) -> Export:
    """The export with its entries' links going to ``baseurl`` instead of its
    own base URL (the export itself is unchanged); itself if ``baseurl`` is empty."""
    if not baseurl:
        return export
    return dataclasses.replace(export, data={**export.data, "html_baseurl": baseurl})


def summary(
    export: Export, base: Export | None = None, baseurl: str = "", limit: int = DEFAULT_LIMIT
) -> str:
    """The Markdown summary of ``export`` (see the module), compared with
    ``base`` if given, at most ``limit`` characters long."""
    return summarize(export, base, baseurl, limit).text


def summarize(
    export: Export, base: Export | None = None, baseurl: str = "", limit: int = DEFAULT_LIMIT
) -> Summary:
    """:func:`summary`, with the number of problems (what the exit status says)."""
    if limit < MIN_LIMIT:
        raise ValueError(f"a summary needs a limit of at least {MIN_LIMIT} characters")
    export = with_baseurl(export, baseurl)
    if base is not None:
        base = with_baseurl(base, baseurl)
    now = _State(export, check_export(export))
    before = _State(base, check_export(base)) if base is not None else None
    lines = _headline(export, base, now.problems)
    lines += _problems(now, before)
    lines += _components(now, before)
    lines += _questions(now, before)
    if base is not None:
        lines += _changes(base, export)
    return Summary(fit(lines, limit), len(now.problems))


# -- sections -----------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    """An export and the problems of its check."""

    export: Export
    problems: Sequence[Finding]

    @cached_property
    def failing_ids(self) -> set[str]:
        """The entries a problem is about: their marker says they fail the check."""
        return {p.entry.id for p in self.problems if p.entry is not None}


def _headline(export: Export, base: Export | None, problems: Sequence[Finding]) -> list[str]:
    if problems:
        verdict = f"{FAILS} `designdoc check` fails with {plural(len(problems), 'problem')}"
    else:
        verdict = f"{PASSES} `designdoc check` passes"
    about = (
        f"{escape(export.project)}: export of {escape(str(export.data['build_date']))}, "
        f"{plural(len(export.entries), 'entry')}"
    )
    if base is not None:
        about += f"; compared with the export of {escape(str(base.data['build_date']))}"
    about += "."
    if export.of_kind("component") and not export.has_compliance:
        about += " The export has no compliance data: quality gates were not checked."
    return [f"## {verdict}", "", about]


def _section(title: str, items: Sequence[str], unchanged: int, compared: bool) -> list[str]:
    """A heading with the number of items, the first :data:`MAX_ITEMS` items
    (compared with a base: the new or changed ones) and a count of the rest."""
    total = len(items) + unchanged
    if not total:
        return []
    count = f"{total}, {len(items)} new or changed" if compared else str(total)
    lines = ["", f"### {title} ({count})", ""]
    lines += [f"- {item}" for item in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        lines.append(f"- and {len(items) - MAX_ITEMS} more")
    if unchanged:
        lines.append(f"- {unchanged} unchanged since the base export")
    return lines


def _entry_label(export: Export, entry: Entry) -> str:
    """``C-x`` Title, the ID linked to the entry's page when there is a base URL."""
    return f"{ref(export, entry.id)} {title(entry)}"


def _finding_key(problem: Finding) -> tuple[str, str]:
    # not the location: a problem that moved with its line has not changed
    return (problem.subtype, problem.message)


def _finding(export: Export, problem: Finding) -> str:
    """``❌ `source:12`: `C-x`: message (`designdoc.subtype`)``, the entry's ID linked."""
    message = escape(problem.message)
    if problem.entry is not None and problem.message.startswith(f"{problem.entry.id}: "):
        rest = problem.message[len(problem.entry.id) + 2 :]
        message = f"{ref(export, problem.entry.id)}: {escape(rest)}"
    subtype = code(f"designdoc.{problem.subtype}")
    return f"{FAILS} {code(problem.location)}: {message} ({subtype})"


def _problems(now: _State, before: _State | None) -> list[str]:
    seen = {_finding_key(p) for p in before.problems} if before else set()
    new = [p for p in now.problems if _finding_key(p) not in seen]
    items = [_finding(now.export, p) for p in new]
    return _section("Problems", items, len(now.problems) - len(new), before is not None)


def _not_compliant(export: Export) -> list[ComponentCompliance]:
    """Components whose verdict is not compliant, failing ones first, in document order."""
    records = export.as_project.compliance
    found = [
        records[e.id]
        for e in export.of_kind("component")
        if e.id in records and records[e.id].verdict != COMPLIANT
    ]
    return sorted(found, key=lambda c: c.verdict != FAILING)


def _component_keys(state: _State) -> list[tuple[str, str, str, tuple[str, ...], bool]]:
    failing = state.failing_ids
    return [
        (c.component, c.level, c.verdict, c.reasons, c.component in failing)
        for c in _not_compliant(state.export)
    ]


def _component(export: Export, record: ComponentCompliance, failing_ids: set[str]) -> str:
    marker = FAILS if record.component in failing_ids else ATTENTION
    entry = export.by_id.get(record.component)
    label = _entry_label(export, entry) if entry else code(record.component)
    if record.invalid_level:
        level = f"level {escape(repr(record.invalid_level))} is not a quality level"
    else:
        level = f"level {escape(record.level or 'none')}"
    parts = [level, f"verdict **{escape(record.verdict or 'unknown')}**"]
    parts += [escape(reason) for reason in record.reasons]
    return f"{marker} {label} \u2014 {'; '.join(parts)}"


def _components(now: _State, before: _State | None) -> list[str]:
    records = _not_compliant(now.export)
    seen = set(_component_keys(before)) if before else set()
    keys = _component_keys(now)
    new = [c for c, key in zip(records, keys, strict=True) if key not in seen]
    items = [_component(now.export, c, now.failing_ids) for c in new]
    title = "Components not compliant"
    return _section(title, items, len(records) - len(new), before is not None)


def _urgent(export: Export) -> list[Entry]:
    """Open questions that are blocking or overdue: blocking first, then the oldest."""
    today = export.as_project.today
    found = [
        q
        for q in export.of_kind("question")
        if q.status == OPEN and (is_blocking(q) or days_overdue(q, today))
    ]
    return sorted(found, key=question_order)


def _question_key(state: _State, question: Entry) -> tuple[str, bool, bool, bool]:
    # whether, not by how many days, it is overdue: that changes every day
    overdue = days_overdue(question, state.export.as_project.today)
    return (question.id, is_blocking(question), bool(overdue), question.id in state.failing_ids)


def _question(export: Export, question: Entry, failing_ids: set[str]) -> str:
    marker = FAILS if question.id in failing_ids else ATTENTION
    parts = []
    if is_blocking(question):
        parts.append("**blocking**")
    overdue = days_overdue(question, export.as_project.today)
    if overdue:
        parts.append(f"overdue by {plural(overdue, 'day')} (due {escape(question.get('due'))})")
    if question.owner:
        parts.append(f"owner {escape(question.owner)}")
    affects = question.targets("affects")
    if affects:
        parts.append(f"affects {', '.join(ref(export, i) for i in affects)}")
    return f"{marker} {_entry_label(export, question)} \u2014 {'; '.join(parts)}"


def _questions(now: _State, before: _State | None) -> list[str]:
    questions = _urgent(now.export)
    seen = {_question_key(before, q) for q in _urgent(before.export)} if before else set()
    new = [q for q in questions if _question_key(now, q) not in seen]
    items = [_question(now.export, q, now.failing_ids) for q in new]
    title = "Open questions, blocking or overdue"
    return _section(title, items, len(questions) - len(new), before is not None)


def _changes(base: Export, export: Export) -> list[str]:
    """The diff of the two exports, without its title, its headings a level down."""
    diff = diff_exports(base, export).splitlines()[2:]
    body = [f"#### {line[3:]}" if line.startswith("## ") else line for line in diff]
    return ["", "### Changes since the base export", "", *body]


# -- the size limit -----------------------------------------------------------------


def _truncated(omitted: int) -> str:
    return f"(truncated: {plural(omitted, 'more line')})"


def fit(lines: Sequence[str], limit: int) -> str:
    """The lines as text of at most ``limit`` characters: if they are longer,
    the first lines that fit with a last one saying how many were cut."""
    text = "\n".join(lines) + "\n"
    if len(text) <= limit:
        return text
    kept = len(lines)
    size = len(text)
    while kept > 0:
        size -= len(lines[kept - 1]) + 1
        kept -= 1
        # the kept lines, a blank line and the note, each ending with a newline
        if size + 1 + len(_truncated(len(lines) - kept)) + 1 <= limit:
            break
    head = list(lines[:kept])
    while head and not head[-1]:
        head.pop()
    return "\n".join([*head, "", _truncated(len(lines) - len(head))]).lstrip("\n") + "\n"
