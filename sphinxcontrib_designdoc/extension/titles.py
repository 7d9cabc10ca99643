"""Titles with inline markup: parsed as the document's language parses inline
text, kept as :mod:`..core.richtext` spans, shown as docutils nodes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from docutils import nodes

from ..core.richtext import CODE, EMPHASIS, LINK, STRONG, TEXT, Span, normalised, plain

if TYPE_CHECKING:
    from docutils.parsers.rst.states import RSTState

#: Characters without which a title holds no inline markup (RST or MyST).
_MARKUP_SIGNS = frozenset("`*_[<:|\\")


def parse_title(state: RSTState, text: str, lineno: int) -> tuple[str, tuple[Span, ...]]:
    """(plain text, spans) of a title as written; spans are () for plain text.

    Problems of the markup (an unknown role, an unclosed ``*``) are reported by
    the parser, as for any paragraph, and their text is kept as written.
    """
    if _MARKUP_SIGNS.isdisjoint(text):
        return " ".join(text.split()), ()
    parsed, _messages = state.inline_text(text, lineno)
    return title_of(parsed)


def title_of(parsed: Iterable[nodes.Node]) -> tuple[str, tuple[Span, ...]]:
    """(plain text, spans) of parsed inline nodes (a title's, a heading's)."""
    spans = [(style, re.sub(r"\s+", " ", text), url) for style, text, url in _spans(parsed)]
    if spans:  # the title's own ends are not kept
        spans[0] = (spans[0][0], spans[0][1].lstrip(), spans[0][2])
        spans[-1] = (spans[-1][0], spans[-1][1].rstrip(), spans[-1][2])
    return plain(spans), normalised(spans)


def _spans(parsed: Iterable[nodes.Node]) -> Iterable[Span]:
    for node in parsed:
        if isinstance(node, nodes.system_message | nodes.target):
            continue
        text = node.astext()
        if isinstance(node, nodes.literal):
            yield CODE, text, ""
        elif isinstance(node, nodes.emphasis):
            yield EMPHASIS, text, ""
        elif isinstance(node, nodes.strong):
            yield STRONG, text, ""
        elif isinstance(node, nodes.reference) and node.get("refuri"):
            yield LINK, text, node["refuri"]
        else:
            yield TEXT, text, ""


def title_nodes(title: str, spans: Sequence[Span], links: bool = True) -> list[nodes.Node]:
    """A title as inline nodes; ``links=False`` inside a link (links cannot nest)."""
    if not spans:
        return [nodes.Text(title)]
    shown: list[nodes.Node] = []
    for style, text, url in spans:
        if style == CODE:
            shown.append(nodes.literal(text, text))
        elif style == EMPHASIS:
            shown.append(nodes.emphasis(text, text))
        elif style == STRONG:
            shown.append(nodes.strong(text, text))
        elif style == LINK and links:
            shown.append(nodes.reference(text, text, refuri=url))
        else:
            shown.append(nodes.Text(text))
    return shown


def title_label(title: str, spans: Sequence[Span]) -> nodes.Node:
    """A title inside a link: its text, or an inline of its marked-up spans."""
    if not spans:
        return nodes.Text(title)
    return nodes.inline("", "", *title_nodes(title, spans, links=False))
