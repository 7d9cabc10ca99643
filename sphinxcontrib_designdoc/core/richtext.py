"""Titles with inline markup, as plain data.

A title may hold code, emphasis, strong text and links (``Use `mmap` for
*large* files``).  It is kept as a tuple of :data:`Span` values, made once when
the document is read (by the parser of the document's own language, RST or
MyST), so that every output shows the same markup: docutils nodes on pages,
code ticks in Markdown, and plain text where only text fits (the export's
``title``, search, objects.inv, the graph).  Most titles are plain: they have no
spans at all, and the title string is all there is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: (style, text, url): style is one of :data:`STYLES`; url only for ``link``.
Span = tuple[str, str, str]
TEXT, CODE, EMPHASIS, STRONG, LINK = "text", "code", "emphasis", "strong", "link"
STYLES = (TEXT, CODE, EMPHASIS, STRONG, LINK)


def plain(spans: Iterable[Span]) -> str:
    """The text of spans, without markup."""
    return "".join(text for _, text, _ in spans)


def normalised(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Adjacent spans of the same style merged, empty ones dropped; ``()`` for
    a title without markup (all text)."""
    merged: list[Span] = []
    for style, text, url in spans:
        if not text:
            continue
        if merged and merged[-1][0] == style and merged[-1][2] == url:
            merged[-1] = (style, merged[-1][1] + text, url)
        else:
            merged.append((style, text, url))
    return () if all(style == TEXT for style, _, _ in merged) else tuple(merged)


def as_json(spans: Sequence[Span]) -> list[dict[str, str]]:
    """Spans for the export: ``{"text": ...}`` with ``style`` (not for text)
    and ``url`` (links)."""
    out: list[dict[str, str]] = []
    for style, text, url in spans:
        item = {"text": text}
        if style != TEXT:
            item["style"] = style
        if url:
            item["url"] = url
        out.append(item)
    return out


def from_json(raw: Any) -> tuple[Span, ...]:
    """Spans from the export (what :func:`as_json` wrote); anything else: ()."""
    if not isinstance(raw, list):
        return ()
    spans: list[Span] = []
    for item in raw:
        if not isinstance(item, Mapping) or not isinstance(item.get("text"), str):
            return ()
        style = item.get("style", TEXT)
        url = item.get("url", "")
        if style not in STYLES or not isinstance(url, str):
            return ()
        spans.append((style, item["text"], url if style == LINK else ""))
    return normalised(spans)
