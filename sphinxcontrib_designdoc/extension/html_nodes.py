"""Compact nodes for HTML translators: entry links and big report tables;
the permalinks of cards, which only HTML writes.

Entry links and big report tables are filled in once every document is read.
As standard docutils nodes they were most of the nodes of a page: building
them, running every post-transform over them and translating them made up a
large share of a build.  Where the builder's translator is Sphinx's HTML5
translator (a theme's subclass included), they are instead one node each,
holding what they show as plain data: :class:`dd_links` (an entry's links) and
:class:`report_rows` (the body rows of a table).  Their HTML visitors write
through the translator -- its ``starttag``, ``encode`` and literal text -- the
markup its own visitors write for the standard nodes, as ``sphinx.ext.graphviz``
does for its node.  Every other builder, and a translator that writes any of
those standard nodes its own way (:data:`STAND_INS`), gets standard nodes.

What they show is plain data with URLs resolved for the page: an entry's link
groups hold :class:`LinkTarget` records; a table's cells hold inline
:data:`Piece` values -- text, :class:`Code` (a literal), :class:`Span` (an
inline with classes) and :class:`Link` (a reference).  Each node also holds its
words as a ``Text`` child, for the search index and whatever reads the text of
a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from ..core.richtext import CODE, EMPHASIS, STRONG
from ..core.richtext import Span as RichSpan
from ..core.text import css_token, split_at
from .cards import LinkRows, entry_permalink, unlinked_class

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


class Code(NamedTuple):
    """A literal (``<code>``) with one class."""

    text: str
    css_class: str


class Span(NamedTuple):
    """An inline (``<span>``) around pieces."""

    classes: tuple[str, ...]
    inner: tuple[Piece, ...]


class Styled(NamedTuple):
    """Emphasis (``em``) or strong text (``strong``) around pieces."""

    tag: str
    inner: tuple[Piece, ...]


class Link(NamedTuple):
    """A reference to ``href`` (relative to the page) around pieces."""

    href: str
    title: str
    inner: tuple[Piece, ...]


class ParagraphBreak(NamedTuple):
    """Between the paragraphs of a cell (a long text field)."""


Piece = str | Code | Span | Styled | Link | ParagraphBreak
#: A row of a table: its classes, and per cell its classes and pieces (no
#: pieces: an empty cell, without a paragraph).
CellData = tuple[tuple[str, ...], tuple[Piece, ...]]
#: A body row: its classes, and its cells (or the HTML an earlier build wrote
#: for them on the page: see ``reports.kept_rows``).
RowData = tuple[tuple[str, ...], tuple[CellData, ...] | str]


class LinkTarget(NamedTuple):
    """A target of an entry's link: an entry (``href``: its URL from the page,
    None: no link) or an ID that names no entry of this output (``unlinked``:
    its class)."""

    id: str
    title: str = ""
    href: str | None = None
    unlinked: str = ""
    #: The title's inline markup (see :mod:`..core.richtext`).
    spans: tuple[RichSpan, ...] = ()


#: A link group of an entry: its class, label and targets.
FieldData = tuple[str, str, tuple[LinkTarget, ...]]


class dd_links(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """An entry's links section (``fields``: :data:`FieldData`), for HTML
    translators; the same as :func:`.cards.links_section` writes."""


class report_rows(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """The body rows of a table (``rows``: :data:`RowData`), inside its
    ``tbody``, for HTML translators; the HTML written for the cells of each
    row given as cells is appended to ``rendered``."""


def _visitors(*names: str) -> tuple[str, ...]:
    return tuple(f"{side}_{name}" for name in names for side in ("visit", "depart"))


_INLINE = (
    *_visitors("paragraph", "literal", "inline", "reference", "emphasis", "strong"),
    "visit_Text",
)
#: Per compact node, the translator methods that write the standard nodes it
#: stands for: where a translator has its own, it gets the standard nodes.
STAND_INS: dict[type[nodes.Element], tuple[str, ...]] = {
    dd_links: (
        *_visitors("field_list", "field", "field_name", "field_body"),
        "is_compactable",
        *_INLINE,
    ),
    report_rows: (*_visitors("row", "entry"), *_INLINE),
}

_COMPACT: WeakKeyDictionary[type, dict[type[nodes.Element], bool]] = WeakKeyDictionary()


def compact_html(builder: Builder, node: type[nodes.Element]) -> bool:
    """Whether the builder's translator writes the compact ``node``: one based on
    Sphinx's HTML5 translator that writes what it stands for as that does."""
    if builder.format != "html":
        return False
    try:
        translator = builder.get_translator_class()
    except AttributeError:  # Sphinx's way of saying the builder has no translator
        return False
    if not isinstance(translator, type):
        return False
    verdicts = _COMPACT.setdefault(translator, {})
    if node not in verdicts:
        verdicts[node] = issubclass(translator, HTML5Translator) and all(
            getattr(translator, name) is getattr(HTML5Translator, name) for name in STAND_INS[node]
        )
    return verdicts[node]


def one_anchor(uri: str) -> str:
    """Single-page builders give ``#document-x`` for a document: the anchor of an
    entry in it is then the second one, which alone is kept (as Sphinx does)."""
    second = uri.find("#", uri.find("#") + 1)
    return uri[second:] if second >= 0 else uri


class PageLinks:
    """URLs of entries and documents relative to one page of one builder, as
    :func:`sphinx.util.nodes.make_refnode` and the HTML translator make them."""

    def __init__(self, builder: Builder, fromdocname: str) -> None:
        self.builder = builder
        self.fromdocname = fromdocname
        self._uris: dict[str, str | None] = {}

    def doc_uri(self, docname: str) -> str | None:
        """The URL of a document (None: the builder has none)."""
        if docname not in self._uris:
            try:
                self._uris[docname] = self.builder.get_relative_uri(self.fromdocname, docname)
            except NoUri:
                self._uris[docname] = None
        return self._uris[docname]

    def href(self, docname: str, targetid: str) -> str | None:
        """The URL of ``docname#targetid`` (or of the document); None: no link."""
        if docname == self.fromdocname:
            return f"#{targetid}" if targetid else None
        base = self.doc_uri(docname)
        if base is None:
            return None
        return (one_anchor(f"{base}#{targetid}") if targetid else base) or "#"

    def link(self, docname: str, targetid: str, title: str, inner: Piece) -> Piece:
        """``inner`` as a link (alone where there is none)."""
        href = self.href(docname, targetid)
        return inner if href is None else Link(href, title, (inner,))

    def links_node(self, rows: LinkRows) -> dd_links:
        """The links section of an entry (``rows``: not empty)."""
        fields: list[FieldData] = []
        words: list[str] = []
        for name, label, targets in rows:
            shown = tuple(
                LinkTarget(t, unlinked=unlinked_class(t))
                if isinstance(t, str)
                else LinkTarget(t.id, t.title, self.href(t.docname, t.id), spans=t.title_spans)
                for t in targets
            )
            fields.append((f"dd-field-{css_token(name)}", label, shown))
            words.append(label)
            words.extend(f"{t.id} {t.title}" for t in shown)
        return dd_links("", nodes.Text("\n".join(words)), fields=tuple(fields))


def title_pieces(title: str, spans: Iterable[RichSpan]) -> tuple[Piece, ...]:
    """A title inside a link, as :func:`.titles.title_label` shows it."""
    pieces: list[Piece] = []
    for style, text, _ in spans:
        if style == CODE:
            pieces.append(Code(text, ""))
        elif style in (EMPHASIS, STRONG):
            pieces.append(Styled("em" if style == EMPHASIS else "strong", (text,)))
        else:
            pieces.append(text)
    return (Span((), tuple(pieces)),) if pieces else (title,)


def texts(pieces: Iterable[Piece]) -> Iterator[str]:
    """The text of each piece, in order."""
    for piece in pieces:
        if isinstance(piece, str):
            yield piece
        elif isinstance(piece, Code):
            yield piece.text
        elif isinstance(piece, ParagraphBreak):
            yield " "
        else:
            yield from texts(piece.inner)


def rows_node(rows: tuple[RowData, ...]) -> report_rows:
    words = texts(
        p for _, cells in rows if not isinstance(cells, str) for _, pieces in cells for p in pieces
    )
    return report_rows("", nodes.Text("\n".join(words)), rows=rows, rendered=[])


# -- the HTML visitors ------------------------------------------------------------


#: The classes the translator gives literals and internal references.
_LITERAL, _REFERENCE = "docutils literal notranslate", "reference internal"


class _Markup:
    """Writes pieces through one HTML translator, as its visitors write the
    standard nodes (``Text``, ``literal``, ``inline``, ``reference``).

    Start tags are made by the translator's ``starttag`` for stand-in nodes of
    the same types.  What is written for the same arguments is the same, so it
    is written once per page: the rows of a big table share most of their tags
    and many of their cells.
    """

    def __init__(self) -> None:
        self._tags: dict[tuple[Any, ...], str] = {}
        self._cells: dict[CellData, str] = {}
        self.field_list, self.field_name = nodes.field_list(), nodes.field_name()
        self.field_body, self.row, self.entry = nodes.field_body(), nodes.row(), nodes.entry()
        self.paragraph, self.literal = nodes.paragraph(), nodes.literal()
        self.inline, self.reference = nodes.inline(), nodes.reference()
        self.styled = {"em": nodes.emphasis(), "strong": nodes.strong()}

    def tag(
        self,
        translator: HTML5Translator,
        node: nodes.Element,
        name: str,
        own: tuple[str, ...] = (),
        suffix: str = "",
        **atts: str | tuple[str, ...],
    ) -> None:
        """The start tag of ``node`` holding the classes ``own``; a tuple
        attribute is a list (``classes``)."""
        key = (name, own, suffix, *atts.items())
        tag = self._tags.get(key)
        if tag is None:
            node["classes"] = list(own)
            values = {k: list(v) if isinstance(v, tuple) else v for k, v in atts.items()}
            tag = self._tags[key] = translator.starttag(node, name, suffix, **values)  # type: ignore[arg-type]
        translator.body.append(tag)

    def code(self, translator: HTML5Translator, text: str, css_class: str) -> None:
        own = (css_class,) if css_class else ()
        self.tag(translator, self.literal, "code", own, CLASS=_LITERAL)
        translator.protect_literal_text += 1
        translator.visit_Text(nodes.Text(text))
        translator.protect_literal_text -= 1
        translator.body.append("</code>")

    def link_start(self, translator: HTML5Translator, href: str, title: str) -> None:
        if title:
            self.tag(translator, self.reference, "a", CLASS=_REFERENCE, href=href, title=title)
        else:
            self.tag(translator, self.reference, "a", CLASS=_REFERENCE, href=href)

    def target(self, translator: HTML5Translator, target: LinkTarget) -> None:
        """A target of an entry's link, as :func:`.cards.links_section` shows it."""
        if target.unlinked:
            self.code(translator, target.id, target.unlinked)
            return
        if target.href is not None:
            self.link_start(translator, target.href, target.title)
        self.tag(translator, self.inline, "span", ("dd-ref",))
        self.code(translator, target.id, "dd-id")
        if target.spans:
            translator.body.append(translator.encode(" "))
            self.pieces(translator, title_pieces(target.title, target.spans))
        else:
            translator.body.append(translator.encode(f" {target.title}"))
        translator.body.append("</span>")
        if target.href is not None:
            translator.body.append("</a>")

    def cell(self, translator: HTML5Translator, cell: CellData) -> None:
        """A table cell, written once per page (cells repeat: statuses, kinds)."""
        body = translator.body
        written = self._cells.get(cell)
        if written is None:
            start = len(body)
            classes, pieces = cell
            self.tag(translator, self.entry, "td", classes)
            if pieces:  # a long text field's paragraphs are cut at its breaks
                for run in split_at(pieces, lambda piece: isinstance(piece, ParagraphBreak)):
                    self.paragraph_of(translator, run)
            body.append("</td>\n")
            written = self._cells[cell] = "".join(body[start:])
            del body[start:]
        body.append(written)

    def paragraph_of(self, translator: HTML5Translator, pieces: tuple[Piece, ...]) -> None:
        self.tag(translator, self.paragraph, "p")
        self.pieces(translator, pieces)
        translator.body.append("</p>")

    def pieces(self, translator: HTML5Translator, pieces: Iterable[Piece]) -> None:
        body = translator.body
        for piece in pieces:
            if isinstance(piece, str):
                body.append(translator.encode(piece))
            elif isinstance(piece, Code):
                self.code(translator, piece.text, piece.css_class)
            elif isinstance(piece, Span):
                self.tag(translator, self.inline, "span", piece.classes)
                self.pieces(translator, piece.inner)
                body.append("</span>")
            elif isinstance(piece, Styled):
                self.tag(translator, self.styled[piece.tag], piece.tag)
                self.pieces(translator, piece.inner)
                body.append(f"</{piece.tag}>")
            elif isinstance(piece, Link):  # a paragraph break is the cell's (see cell)
                self.link_start(translator, piece.href, piece.title)
                self.pieces(translator, piece.inner)
                body.append("</a>")


_MARKUP: WeakKeyDictionary[HTML5Translator, _Markup] = WeakKeyDictionary()


def _markup(translator: HTML5Translator) -> _Markup:
    markup = _MARKUP.get(translator)
    if markup is None:
        markup = _MARKUP[translator] = _Markup()
    return markup


def visit_dd_links(self: HTML5Translator, node: dd_links) -> None:
    markup = _markup(self)
    # every field body holds one paragraph: the list is compact where the
    # settings allow compact field lists
    simple = ("simple",) if self.settings.compact_field_lists else ()
    markup.tag(self, markup.field_list, "dl", ("dd-links", "field-list", *simple), "\n")
    for number, (field_class, label, targets) in enumerate(node["fields"], 1):
        classes = (field_class, "field-odd" if number % 2 else "field-even")
        markup.tag(self, markup.field_name, "dt", classes=classes)
        self.body.append(self.encode(label))
        self.body.append('<span class="colon">:</span></dt>\n')
        markup.tag(self, markup.field_body, "dd", classes=classes)
        markup.tag(self, markup.paragraph, "p")
        for i, target in enumerate(targets):
            if i:
                self.body.append(self.encode(", "))
            markup.target(self, target)
        self.body.append("</p>\n</dd>\n")
    self.body.append("</dl>\n")
    raise nodes.SkipNode


def visit_report_rows(self: HTML5Translator, node: report_rows) -> None:
    markup = _markup(self)
    counter = self._table_row_indices  # the row parity goes on from the header rows
    rendered: list[str] = node["rendered"]
    for classes, cells in node["rows"]:
        counter[-1] += 1
        parity = "row-even" if counter[-1] % 2 == 0 else "row-odd"
        markup.tag(self, markup.row, "tr", (*classes, parity))
        if isinstance(cells, str):
            self.body.append(cells)
        else:
            start = len(self.body)
            for cell in cells:
                markup.cell(self, cell)
            rendered.append("".join(self.body[start:]))
        self.body.append("</tr>\n")
    raise nodes.SkipNode


#: The title of a card's permalink (Sphinx's headings say "Link to this heading").
PERMALINK_TITLE = "Link to this entry"


def visit_entry_permalink(self: HTML5Translator, node: entry_permalink) -> None:
    """The link Sphinx gives headings (``html_permalinks``, with its icon), to
    the card's anchor; none where the card lost it to another card of the same
    ID on the page (see ``resolve.drop_duplicate_anchors``)."""
    card = node.parent
    while card is not None and "dd-entry" not in card.get("classes", ()):
        card = card.parent
    if self.config.html_permalinks and card is not None and node["refid"] in card["ids"]:
        href = f"#{node['refid']}"
        self.body.append(
            self.starttag(node, "a", "", CLASS="headerlink", href=href, title=PERMALINK_TITLE)
        )
        self.body.append(f"{self.config.html_permalinks_icon}</a>")
    raise nodes.SkipNode


class DropPermalinks(SphinxPostTransform):
    """Cards' permalinks are links within an HTML page: builders of other
    formats (LaTeX, text, man, ...) drop them."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        # Sphinx 9 deprecates SphinxTransform.app; its own resolver uses env._app
        builder = (getattr(self.env, "_app", None) or self.app).builder
        if builder.format == "html":
            return
        for node in list(self.document.findall(entry_permalink)):
            node.parent.remove(node)


def setup_html_nodes(app: Sphinx) -> None:
    # only HTML translators are given them (see compact_html)
    app.add_node(dd_links, html=(visit_dd_links, None))
    app.add_node(report_rows, html=(visit_report_rows, None))
    app.add_node(entry_permalink, html=(visit_entry_permalink, None))
    app.add_post_transform(DropPermalinks)
