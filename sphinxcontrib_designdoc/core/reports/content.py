"""What a report shows, as frozen records: builder-independent and comparable.

A report's :class:`Content` is computed once per build from the link index and
holds everything it shows (IDs, titles, statuses, every cell), so that page
digests can include it and renderers (docutils nodes, HTML, Markdown, the
terminal) turn the same content into each format.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import INVALID_NOTE
from ..richtext import Span
from ..text import split_at

NO_MATCH = "No entries match."


@dataclass(frozen=True)
class Ref:
    """A link to an entry; shows its ID (as code), or ``label`` if given."""

    id: str
    docname: str
    title: str
    label: str = ""
    #: The label's inline markup, when the label is a marked-up title.
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class DocRef:
    """A link to a document, showing its title (and the status of a document
    no longer in force: "Title (superseded)")."""

    docname: str
    title: str
    #: The status of an inactive document's ``design-doc`` ("": in force).
    status: str = ""

    @property
    def label(self) -> str:
        return f"{self.title} ({self.status})" if self.status else self.title


@dataclass(frozen=True)
class Pill:
    """A status value, shown as a pill."""

    status: str


@dataclass(frozen=True)
class Broken:
    """An ID that names no entry (already reported as ``unknown_ref``), or
    (``hidden``) an entry this output leaves out (``.. only::``)."""

    id: str
    hidden: bool = False

    @property
    def css_class(self) -> str:
        return "dd-hidden" if self.hidden else "dd-broken"


@dataclass(frozen=True)
class Mark:
    """The mark of a matrix cell where a link exists."""


@dataclass(frozen=True)
class Invalid:
    """A field value as written that failed validation (already reported as
    ``invalid_value``): shown flagged, never as a valid value."""

    value: str


@dataclass(frozen=True)
class Rich:
    """A title with inline markup (see :mod:`..richtext`), not linked."""

    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Break:
    """Between two paragraphs of a long text field (``:mitigation:``)."""


Part = str | Ref | DocRef | Pill | Broken | Mark | Invalid | Rich | Break


@dataclass(frozen=True)
class Cell:
    parts: tuple[Part, ...] = ()
    classes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(part_text(p) for p in self.parts)

    @property
    def paragraphs(self) -> list[tuple[Part, ...]]:
        """The parts of each paragraph (most cells have one)."""
        return split_at(self.parts, lambda part: isinstance(part, Break))


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    classes: tuple[str, ...] = ()


class Block:
    """A part of a report's content (a table, a paragraph, a list, a graph)."""


@dataclass(frozen=True)
class Table(Block):
    header: tuple[Cell, ...]
    rows: tuple[Row, ...]
    caption: str = ""
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Para(Block):
    parts: tuple[Part, ...]
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    parts: tuple[Part, ...]
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Bullets(Block):
    items: tuple[Item, ...]
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    """Everything one report shows, computed once per build."""

    report: str
    blocks: tuple[Block, ...]


def no_match(report: str) -> Content:
    return Content(report, (Para((NO_MATCH,), ("dd-no-match",)),))


def part_text(part: Part) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Ref):
        return part.label or part.id
    if isinstance(part, DocRef):
        return part.label
    if isinstance(part, Pill):
        return part.status
    if isinstance(part, Broken):
        return part.id
    if isinstance(part, Invalid):
        return f"{part.value} {INVALID_NOTE}"
    if isinstance(part, Rich):
        return part.text
    if isinstance(part, Break):
        return " "
    return "x"
