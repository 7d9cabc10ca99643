"""``designdoc diff``: what changed between two exports, as Markdown.

The review summary of a pull request that touches design documents: entries
added and removed, status changes, questions opened and answered, decisions
superseded, and which other parts of an entry changed.  Entries are matched by
ID and listed in the order of the newer export (removed ones in the order of
the older).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.model import Entry
from ..core.questions import is_blocking
from .load import Export
from .markdown_text import code, escape, ref, refs

ANSWERED = "answered"
SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Pair:
    old: Entry
    new: Entry


def _changed_parts(old: Entry, new: Entry) -> list[str]:
    """What differs between two versions of an entry, apart from its status."""
    parts = []
    if old.title != new.title:
        parts.append("title")
    old_fields, new_fields = dict(old.fields), dict(new.fields)
    names = [n for n in dict.fromkeys([*new_fields, *old_fields]) if n != "status"]
    fields = [n for n in names if old_fields.get(n) != new_fields.get(n)]
    if fields:
        parts.append(f"{'field' if len(fields) == 1 else 'fields'} {', '.join(fields)}")
    old_links, new_links = dict(old.links), dict(new.links)
    links = [
        n
        for n in dict.fromkeys([*new_links, *old_links])
        if old_links.get(n, ()) != new_links.get(n, ())
    ]
    if links:
        parts.append(f"{'link' if len(links) == 1 else 'links'} {', '.join(links)}")
    for name in ("tags", "owner", "body"):
        if getattr(old, name) != getattr(new, name):
            parts.append(name)
    if old.docname != new.docname:
        parts.append(f"moved from {old.docname} to {new.docname}")
    return parts


def _label(export: Export, entry: Entry, linked: bool = True) -> str:
    """``C-x`` Title (component), the ID linked to the entry's page."""
    shown = ref(export, entry.id) if linked else code(entry.id)
    return f"{shown} {escape(entry.title)} ({escape(export.kind_label(entry.kind).lower())})"


def _section(title: str, items: Sequence[str]) -> list[str]:
    return [f"## {title} ({len(items)})", "", *(f"- {item}" for item in items), ""] if items else []


def diff_exports(old: Export, new: Export) -> str:
    """The Markdown summary of the changes from ``old`` to ``new``."""
    added = [e for e in new.entries if e.id not in old.by_id]
    removed = [e for e in old.entries if e.id not in new.by_id]
    pairs = [Pair(old.by_id[e.id], e) for e in new.entries if e.id in old.by_id]

    position = {e.id: i for i, e in enumerate(new.entries)}
    opened = [e for e in added if e.kind == "question" and e.status == "open"]
    opened += [
        p.new
        for p in pairs
        if p.new.kind == "question" and p.new.status == "open" and p.old.status != "open"
    ]
    opened.sort(key=lambda e: position[e.id])
    answered = [
        p
        for p in pairs
        if p.new.kind == "question" and p.new.status == ANSWERED and p.old.status != ANSWERED
    ]
    superseded: list[tuple[Pair, list[str]]] = []
    for p in pairs:
        if p.new.kind != "decision":
            continue
        before = set(old.incoming(p.old, "supersedes"))
        by = [i for i in new.incoming(p.new, "supersedes") if i not in before]
        if by or (p.new.status == SUPERSEDED and p.old.status != SUPERSEDED):
            superseded.append((p, by))
    covered = {e.id for e in opened} | {p.new.id for p in answered}
    covered |= {p.new.id for p, _ in superseded}
    status_changes = [p for p in pairs if p.old.status != p.new.status and p.new.id not in covered]
    other = [(p, parts) for p in pairs if (parts := _changed_parts(p.old, p.new))]

    def status(p: Pair) -> str:
        return f"{code(p.old.status or 'none')} → {code(p.new.status or 'none')}"

    def question(e: Entry) -> str:
        text = _label(new, e) + (" (**blocking**)" if is_blocking(e) else "")
        affects = e.targets("affects")
        return text + (f"; affects {refs(new, affects)}" if affects else "")

    def answer(p: Pair) -> str:
        by = p.new.targets("resolved-by")
        return f"{_label(new, p.new)}: {status(p)}" + (
            f", resolved by {refs(new, by)}" if by else ""
        )

    def supersede(p: Pair, by: list[str]) -> str:
        text = _label(new, p.new)
        if p.old.status != p.new.status:
            text += f": {status(p)}"
        return text + (f", superseded by {refs(new, by)}" if by else "")

    changed = {p.new.id for p in status_changes} | {p.new.id for p, _ in other} | covered
    changed -= {e.id for e in added}
    summary = (
        f"{len(added)} added, {len(removed)} removed, {len(changed)} changed "
        f"(export of {old.data['build_date']} to export of {new.data['build_date']})."
    )
    lines = [f"# Design changes: {escape(new.project)}", ""]
    if not (added or removed or changed):
        lines += ["No design entries changed.", ""]
        return "\n".join(lines).rstrip() + "\n"
    lines += [summary, ""]
    lines += _section("Added", [_label(new, e) for e in added])
    lines += _section("Removed", [_label(old, e, linked=False) for e in removed])
    lines += _section(
        "Status changes", [f"{_label(new, p.new)}: {status(p)}" for p in status_changes]
    )
    lines += _section("Questions opened", [question(e) for e in opened])
    lines += _section("Questions answered", [answer(p) for p in answered])
    lines += _section("Decisions superseded", [supersede(p, by) for p, by in superseded])
    lines += _section(
        "Other changes", [f"{_label(new, p.new)}: {', '.join(parts)}" for p, parts in other]
    )
    return "\n".join(lines).rstrip() + "\n"
