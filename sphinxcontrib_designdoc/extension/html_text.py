"""What is filled in after reading, written straight to HTML text for HTML builders.

Entry links and big report tables are built once every document is read.  As
docutils nodes they were most of the nodes of a page: building them, running
every post-transform over them, translating them and collecting the garbage
they leave made up a large share of a build.  For HTML builders they are written
here as text instead, into ``raw`` HTML nodes; other builders get nodes.

The text must be the markup the builder's own translator (with the theme's
changes) writes for the same nodes.  That is checked once per build and builder,
not assumed: :func:`writes_alike` translates a sample with the builder's
translator and compares; where they differ, nodes are kept.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from docutils import nodes
from docutils.utils import new_document
from sphinx.errors import NoUri

from ..core.model import Entry
from .cards import HiddenId, LinkRows, css_token, unlinked_class

if TYPE_CHECKING:
    from sphinx.builders import Builder

# what docutils' HTML translator escapes in text; in attribute values it also
# turns line breaks, tabs and form feeds into spaces
_ESCAPES = {"&": "&amp;", "<": "&lt;", '"': "&quot;", ">": "&gt;", "@": "&#64;"}
_TEXT = str.maketrans(_ESCAPES)
_ATTR = str.maketrans({**_ESCAPES, **dict.fromkeys("\n\r\t\v\f", " ")})
_WORDS_AND_SPACES = re.compile(r"\S+| +|\n")


def text(value: str) -> str:
    return value.translate(_TEXT)


def attr(value: str) -> str:
    return value.translate(_ATTR)


def class_attr(classes: Iterable[str]) -> str:
    joined = " ".join(classes)
    return f' class="{attr(joined)}"' if joined else ""


def code(value: str, cls: str) -> str:
    """A literal: each word in ``<span class="pre">``, as Sphinx writes code."""
    out = []
    for token in _WORDS_AND_SPACES.findall(text(value)):
        if token.strip():
            out.append(f'<span class="pre">{token}</span>')
        elif token in " \n":
            out.append(token)
        else:
            out.append("&#160;" * (len(token) - 1) + " ")
    return f'<code class="{cls} docutils literal notranslate">{"".join(out)}</code>'


def one_anchor(uri: str) -> str:
    """Single-page builders give ``#document-x`` for a document: the anchor of an
    entry in it is then the second one, which alone is kept (as Sphinx does)."""
    second = uri.find("#", uri.find("#") + 1)
    return uri[second:] if second >= 0 else uri


class HtmlText:
    """Writes links for one page of one HTML builder."""

    #: Whether entry links are written as text where the translator allows it.
    links_as_text = True

    def __init__(self, builder: Builder, fromdocname: str) -> None:
        self.builder = builder
        self.fromdocname = fromdocname
        self._uris: dict[str, str | None] = {}

    def _doc_uri(self, docname: str) -> str | None:
        if docname not in self._uris:
            try:
                self._uris[docname] = self.builder.get_relative_uri(self.fromdocname, docname)
            except NoUri:
                self._uris[docname] = None
        return self._uris[docname]

    def link(self, docname: str, targetid: str, inner: str, title: str) -> str:
        """``inner`` as a link to ``docname#targetid``, as ``make_refnode`` makes it."""
        if docname == self.fromdocname:
            if not targetid:
                return inner
            href = f"#{targetid}"
        else:
            base = self._doc_uri(docname)
            if base is None:
                return inner
            href = one_anchor(f"{base}#{targetid}") if targetid else base
        title_attr = f' title="{attr(title)}"' if title else ""
        return f'<a class="reference internal" href="{attr(href)}"{title_attr}>{inner}</a>'

    def links_section(self, rows: LinkRows) -> str:
        """The links section of an entry (see :func:`render.links_section`)."""
        out = ["<dl", class_attr(["dd-links", "field-list", "simple"]), ">\n"]
        for number, (name, label, targets) in enumerate(rows, 1):
            parity = "field-odd" if number % 2 else "field-even"
            classes = class_attr([f"dd-field-{css_token(name)}", parity])
            refs = ", ".join(self._target(t) for t in targets)
            out.append(f'<dt{classes}>{text(label)}<span class="colon">:</span></dt>\n')
            out.append(f"<dd{classes}><p>{refs}</p>\n</dd>\n")
        out.append("</dl>\n")
        return "".join(out)

    def _target(self, target: Entry | str) -> str:
        if isinstance(target, str):
            return code(target, unlinked_class(target))
        inner = f'<span class="dd-ref">{code(target.id, "dd-id")} {text(target.title)}</span>'
        return self.link(target.docname, target.id, inner, target.title)


def raw(html: str) -> nodes.raw:
    return nodes.raw("", html, format="html")


def translated(builder: Builder, node: nodes.Element) -> str | None:
    """``node`` as the builder's translator writes it; "" where it cannot write a
    lone node, None before the builder is ready to write."""
    settings = getattr(builder, "docsettings", None)
    if settings is None or not hasattr(builder, "create_translator"):
        return None
    document = new_document("<designdoc>", copy.copy(settings))
    document += node
    try:
        translator = builder.create_translator(document, builder)
        node.walkabout(translator)
    except Exception:  # a translator that needs more than a lone node: keep nodes
        return ""
    return "".join(getattr(translator, "body", []))


def matches_translator(
    builder: Builder, node: nodes.Element, written: str, part: Callable[[str], str] = str
) -> bool | None:
    """Whether ``written`` is what the builder's translator writes for ``node``
    (``part``: the piece of its output to compare); None: not known yet."""
    html = translated(builder, node)
    if html is None:
        return None
    expected = part(html)
    return bool(expected) and expected == written


#: Per builder, per kind of content: whether the sample was written alike.
_ALIKE: WeakKeyDictionary[Builder, dict[str, bool]] = WeakKeyDictionary()


def writes_alike(builder: Builder, what: str, check: Callable[[], bool | None]) -> bool:
    """Whether text can stand for nodes of ``what`` in this builder.  ``check``
    runs once per build and builder; None from it: not known yet (no verdict
    is kept, nodes are used)."""
    if builder.format != "html":
        return False
    verdicts = _ALIKE.setdefault(builder, {})
    if what not in verdicts:
        verdict = check()
        if verdict is None:
            return False
        verdicts[what] = verdict
    return verdicts[what]


def sample_links(fromdocname: str) -> LinkRows:
    """Link groups holding every kind of target, with characters that are escaped."""
    odd = 'a&b <c> "d" @e\tf\ng'
    other = f"{fromdocname}-other"

    def entry(id_: str, docname: str, title: str) -> Entry:
        return Entry(kind="goal", id=id_, title=title, docname=docname, lineno=1)

    return [
        (
            "satisfies",
            "Satisfies",
            [entry("X-1", fromdocname, odd), "Y  9", entry("X 2", other, "T"), HiddenId("Z")],
        ),
        ("Affected_By-in", odd, [entry("X-3", other, odd)]),
    ]
