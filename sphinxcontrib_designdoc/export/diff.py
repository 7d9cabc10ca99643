"""``designdoc diff``: what changed between two exports, as Markdown.

The review summary of a pull request that touches design documents: entries
added and removed, status changes, questions opened and answered, decisions
superseded, and, for each other changed entry, every part that changed (title,
fields, links, tags, owner, text, document) as ``name: old → new``.  Entries
are matched by ID and listed in the order of the newer export (removed ones in
the order of the older).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.model import Entry
from ..core.questions import is_blocking
from .load import Export
from .markdown_text import code, escape, ref, refs, title

ANSWERED = "answered"
SUPERSEDED = "superseded"
#: How an unset value (a field, a link, the owner) is shown.
UNSET = "(none)"
#: The longest value shown (in characters, before escaping); longer ones are cut.
MAX_VALUE = 80
#: How much of the common start of two long values is shown before their difference.
CONTEXT = 20
#: Where a shortened value was cut.
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class Pair:
    old: Entry
    new: Entry


def _one_line(text: str) -> str:
    """Text on one line: line breaks (and blank lines between paragraphs) become spaces."""
    return " ".join(text.split())


def _common_start(a: str, b: str) -> int:
    """How many characters two texts have in common at their start."""
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def _shortened(old: str, new: str) -> tuple[str, str]:
    """Two values on one line each, at most :data:`MAX_VALUE` characters.

    A longer value ends with an ellipsis.  Should the two differ only after
    the part that would be shown, both start a little before the first
    difference (after an ellipsis), so the change is seen.
    """
    old, new = _one_line(old), _one_line(new)
    if len(old) <= MAX_VALUE and len(new) <= MAX_VALUE:
        return old, new
    same = _common_start(old, new)
    start = same - CONTEXT if same > MAX_VALUE - CONTEXT else 0

    def cut(text: str) -> str:
        shown = ELLIPSIS + text[start:].lstrip() if start else text
        if len(shown) <= MAX_VALUE:
            return shown
        return shown[: MAX_VALUE - len(ELLIPSIS)].rstrip() + ELLIPSIS

    return cut(old), cut(new)


def _change(name: str, old: str, new: str) -> str:
    """``name: old → new``, escaped, an unset value shown as ``(none)``."""
    old, new = _shortened(old, new)
    return f"{escape(name)}: {escape(old or UNSET)} → {escape(new or UNSET)}"


def _changes(old: Entry, new: Entry) -> list[str]:
    """What differs between two versions of an entry, apart from its status:
    each part that changed, as ``name: old → new``."""
    changes = []
    if old.title != new.title:
        changes.append(_change("title", old.title, new.title))
    names = [*(n for n, _ in new.fields), *(n for n, _ in new.invalid)]
    names += [*(n for n, _ in old.fields), *(n for n, _ in old.invalid)]
    for name in dict.fromkeys(names):
        # an invalid value is shown as the reports show it, flagged
        if name != "status" and old.shown(name) != new.shown(name):
            changes.append(_change(name, old.shown(name), new.shown(name)))
    for name in dict.fromkeys([*(n for n, _ in new.links), *(n for n, _ in old.links)]):
        before, after = old.targets(name), new.targets(name)
        if before != after:
            changes.append(_change(name, ", ".join(before), ", ".join(after)))
    if old.tags != new.tags:
        changes.append(_change("tags", ", ".join(old.tags), ", ".join(new.tags)))
    if old.owner != new.owner:
        changes.append(_change("owner", old.owner, new.owner))
    if old.body != new.body:
        changes.append(_change("body", old.body, new.body))
    if old.docname != new.docname:
        changes.append(_change("document", old.docname, new.docname))
    return changes


def _label(export: Export, entry: Entry, linked: bool = True) -> str:
    """``C-x`` Title (component), the ID linked to the entry's page."""
    shown = ref(export, entry.id) if linked else code(entry.id)
    return f"{shown} {title(entry)} ({escape(export.kind_label(entry.kind).lower())})"


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
    other = [(p, changes) for p in pairs if (changes := _changes(p.old, p.new))]

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
    lines += _section("Other changes", [f"{_label(new, p.new)}: {'; '.join(c)}" for p, c in other])
    return "\n".join(lines).rstrip() + "\n"
