"""Small text helpers of cards, reports and their renderers: values as CSS
class fragments, and long text fields cut into paragraphs."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

#: Written between the paragraphs of a long text field (see
#: :class:`.reports.content.Break`).
PARAGRAPH_BREAK = "\n\n"

_NON_TOKEN = re.compile(r"[^a-z0-9]+")
_TOKEN_ENDS = re.compile(r"^[-0-9]+|-+$")

T = TypeVar("T")


def split_at(items: tuple[T, ...], is_break: Callable[[T], bool]) -> list[tuple[T, ...]]:
    """``items`` cut at each break (the breaks dropped): one run if there is none."""
    runs: list[tuple[T, ...]] = []
    start = 0
    for i, item in enumerate(items):
        if is_break(item):
            runs.append(items[start:i])
            start = i + 1
    runs.append(items[start:])
    return runs


@functools.lru_cache(maxsize=4096)
def css_token(value: str) -> str:
    """A value as a CSS class fragment (``in-review`` stays, ``A b`` -> ``a-b``).

    The identifiers docutils makes (``docutils.nodes.make_id``), but for a few
    letters it spells out and this drops (``ø``), and ``none`` for nothing left.
    """
    ascii_text = unicodedata.normalize("NFKD", value.lower()).encode("ascii", "ignore").decode()
    return _TOKEN_ENDS.sub("", _NON_TOKEN.sub("-", " ".join(ascii_text.split()))) or "none"
