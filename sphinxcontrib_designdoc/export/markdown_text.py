"""Markdown pieces: escaping, code, links, tables, the frame of a report.

Text from the documents is escaped, so a title cannot break a table or inject
markup, and cannot mention a user or link an issue when pasted into a pull
request.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..core.model import Entry
from .load import Export

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# Pasted into a pull request or a job summary, "@name" notifies a user or team,
# "#123" (also "org/repo#123") and GitLab's "!123" link an issue or merge request.
# A zero-width space after the sign breaks the reference and shows the same text.
# It is written as the entity "&#8203;", which GitHub and GitLab both render as
# U+200B (a literal U+200B cannot be seen in the Markdown source, and tools may
# strip it).  A backslash (``\@``) is gone before the mentions are looked for, and
# a code span would change how the text looks.
_REFERENCE = re.compile(r"(?<![A-Za-z0-9])@(?=[A-Za-z0-9])|#(?=[0-9])|(?<![A-Za-z0-9])!(?=[0-9])")
_ZERO_WIDTH_SPACE = r"\g<0>&#8203;"


def escape(text: str) -> str:
    """Plain text as inline Markdown: one line, with markup characters escaped,
    and ``@name``, ``#123`` and ``!123`` kept from becoming mentions and links."""
    return _REFERENCE.sub(_ZERO_WIDTH_SPACE, escape_markup(text))


def escape_markup(text: str) -> str:
    """Plain text as inline Markdown, with markup characters escaped only: for a
    Markdown source a person goes on editing, not for a comment or a summary."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """Text as a code span (safe inside a table cell)."""
    text = " ".join(text.split()).replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def link(label: str, url: str) -> str:
    return f"[{label}]({url})" if url else label


def ref(export: Export, entry_id: str) -> str:
    """An entry's ID as code, linked to its page when the export has a base URL."""
    entry = export.by_id.get(entry_id)
    return link(code(entry_id), export.entry_url(entry) if entry else "")


def refs(export: Export, ids: Iterable[str]) -> str:
    return ", ".join(ref(export, i) for i in ids)


def doc_link(export: Export, docname: str) -> str:
    return link(escape(export.doc_title(docname)), export.doc_url(docname))


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub-flavoured Markdown table (not padded: comments have a size limit)."""

    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    return [row(header), row(["---"] * len(header)), *(row(r) for r in rows)]


def counts(export: Export, entries: Sequence[Entry], field: str = "status") -> str:
    """``2 open, 1 mitigated``: values of ``field``, in the order the kind lists them."""
    found = Counter(e.get(field) for e in entries if e.get(field))
    order: list[str] = []
    for name in dict.fromkeys(e.kind for e in entries):
        kind = export.registry.kinds.get(name)
        fld = kind.field(field) if kind else None
        order.extend(fld.choices if fld else ())
    order.extend(sorted(found))
    return ", ".join(f"{found[value]} {value}" for value in dict.fromkeys(order) if found[value])


def plural(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def document(title: str, intro: Sequence[str], *blocks: Sequence[str]) -> str:
    lines = [f"# {title}", "", *intro]
    for block in blocks:
        if block:
            lines += ["", *block]
    return "\n".join(lines).rstrip() + "\n"
