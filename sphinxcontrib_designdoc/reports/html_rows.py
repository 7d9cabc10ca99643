"""Big report tables written straight to HTML, for HTML builders.

A report of thousands of rows is hundreds of thousands of docutils nodes: building
them, running every post-transform over them and translating them to HTML made up
most of the time of a rebuild that rewrites a report page.  For HTML builders the
body rows of a table of at least :attr:`HtmlRows.min_rows` rows are written here as text
instead, into one ``raw`` HTML node (the header stays nodes, so the theme's
translator still opens the table).

The text is the markup Sphinx's HTML translator writes for the same rows.  That
is checked once per build and builder, not assumed: a sample table holding every
kind of part is translated by the builder's own translator (with the theme's
changes) and compared with what is written here; where they differ, tables are
left as nodes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from docutils.utils import new_document

from ..render import css_token
from .base import (
    CHECK_MARK,
    Broken,
    Cell,
    DocRef,
    Mark,
    Part,
    Pill,
    Ref,
    RenderContext,
    Row,
    Table,
    one_anchor,
    table_node,
)

if TYPE_CHECKING:
    from sphinx.builders import Builder

# what docutils' HTML translator escapes, in text and in attribute values
_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;", ">": "&gt;", "@": "&#64;"})
_ATTR_SPACE = re.compile("[\n\r\t\v\f]")
_WORDS_AND_SPACES = re.compile(r"\S+| +|\n")


def _text(text: str) -> str:
    return text.translate(_SPECIAL)


def _attr(text: str) -> str:
    return _text(_ATTR_SPACE.sub(" ", text))


def _class(classes: Iterable[str]) -> str:
    joined = " ".join(classes)
    return f' class="{_attr(joined)}"' if joined else ""


def _code(text: str, cls: str) -> str:
    """A literal: each word in ``<span class="pre">``, as Sphinx writes code."""
    out = []
    for token in _WORDS_AND_SPACES.findall(_text(text)):
        if token.strip():
            out.append(f'<span class="pre">{token}</span>')
        elif token in " \n":
            out.append(token)
        else:
            out.append("&#160;" * (len(token) - 1) + " ")
    return f'<code class="{cls} docutils literal notranslate">{"".join(out)}</code>'


class HtmlRows:
    """Writes table rows for one page of one HTML builder."""

    #: Tables with fewer body rows are left as nodes (they cost little).
    min_rows = 50

    def __init__(self, rx: RenderContext) -> None:
        self.rx = rx
        self._uris: dict[str, str | None] = {}

    def _link(self, docname: str, targetid: str, inner: str, title: str) -> str:
        rx = self.rx
        if not targetid and docname == rx.fromdocname:
            return inner
        if targetid and docname == rx.fromdocname:
            href: str | None = f"#{targetid}"
        else:
            if docname not in self._uris:
                self._uris[docname] = rx.doc_uri(docname)
            base = self._uris[docname]
            href = None if base is None else one_anchor(f"{base}#{targetid}") if targetid else base
        if href is None:
            return inner
        title_attr = f' title="{_attr(title)}"' if title else ""
        return f'<a class="reference internal" href="{_attr(href)}"{title_attr}>{inner}</a>'

    def part(self, part: Part) -> str:
        if isinstance(part, str):
            return _text(part)
        if isinstance(part, Ref):
            inner = _text(part.label) if part.label else _code(part.id, "dd-id")
            return self._link(part.docname, part.id, inner, part.title)
        if isinstance(part, DocRef):
            return self._link(part.docname, "", _text(part.title), part.title)
        if isinstance(part, Pill):
            cls = f"dd-status dd-status-{css_token(part.status)}"
            return f'<span class="{cls}">{_text(part.status)}</span>'
        if isinstance(part, Broken):
            return _code(part.id, "dd-broken")
        return f'<span class="dd-mark">{CHECK_MARK}</span>'

    def rows(self, rows: Iterable[Row], first: int) -> str:
        """The ``<tr>`` elements of ``rows``; ``first``: the table's row count so
        far (header rows), on which the odd/even classes go on."""
        out = []
        for number, row in enumerate(rows, first + 1):
            parity = "row-even" if number % 2 == 0 else "row-odd"
            cells = []
            for cell in row.cells:
                inner = "".join(self.part(p) for p in cell.parts)
                body = f"<p>{inner}</p>" if cell.parts else ""
                cells.append(f"<td{_class(cell.classes)}>{body}</td>\n")
            out.append(f"<tr{_class([*row.classes, parity])}>{''.join(cells)}</tr>\n")
        return "".join(out)


def _sample_rows(rx: RenderContext) -> tuple[Row, ...]:
    """Two rows holding every kind of part, with characters that are escaped."""
    here, other = rx.fromdocname, f"{rx.fromdocname}-other"
    odd = 'a&b <c> "d" @e'
    return (
        Row(
            (
                Cell((Ref("X-1", here, odd), ", ", Ref("X 2", other, "T")), ("dd-col-id",)),
                Cell((Ref("X-3", other, "", odd), DocRef(other, odd), DocRef(here, "T"))),
                Cell((Pill("in review"), " ", Broken("Y  9"), Mark())),
            ),
            ("dd-kind-goal",),
        ),
        Row((Cell((odd,)), Cell(), Cell((Mark(),), ("dd-col-x",)))),
    )


def _tbody(html: str) -> str:
    start = html.find("<tbody>\n")
    end = html.find("</tbody>")
    return html[start + len("<tbody>\n") : end] if 0 <= start < end else ""


def writes_like_translator(rx: RenderContext) -> bool:
    """Whether :class:`HtmlRows` writes what the builder's translator writes."""
    builder = rx.builder
    settings = getattr(builder, "docsettings", None)
    if settings is None or not hasattr(builder, "create_translator"):
        return False
    rows = _sample_rows(rx)
    table = Table(header=(Cell(("A",)), Cell(("B",)), Cell(("C",))), rows=rows)
    document = new_document("<designdoc>", copy.copy(settings))
    node = table_node(table, rx)
    document += node
    try:
        translator = builder.create_translator(document, builder)
        node.walkabout(translator)
    except Exception:  # any translator that cannot do this alone: keep nodes
        return False
    expected = _tbody("".join(getattr(translator, "body", [])))
    return bool(expected) and expected == HtmlRows(rx).rows(rows, 1)


#: Per builder: whether the sample was written alike (checked once per build).
_ALIKE: WeakKeyDictionary[Builder, bool] = WeakKeyDictionary()


def html_rows_for(rx: RenderContext) -> HtmlRows | None:
    """Who writes big tables' rows for this page; None: they stay nodes."""
    if rx.format != "html":
        return None
    if rx.builder not in _ALIKE:
        _ALIKE[rx.builder] = writes_like_translator(rx)
    return HtmlRows(rx) if _ALIKE[rx.builder] else None
