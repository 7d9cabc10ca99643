"""Rendering of entries: snapshots, RST/MyST parity, cross-references, IDs,
user kinds and escaping."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docutils import nodes
from pytest_regressions.file_regression import FileRegressionFixture
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.kinds import BUILTIN
from sphinxcontrib_designdoc.core.model import generated_id
from sphinxcontrib_designdoc.extension.domain import get_domain

from .conftest import designdoc_warnings, entry_divs, read_page, resolved_doctree
from .test_html_text import use_standard_nodes

#: The documents of the ``entries-rst`` and ``entries-myst`` roots.
DOCS = ("index", "goals", "components")

SOURCES = [
    pytest.param("rst", marks=pytest.mark.sphinx("html", testroot="entries-rst"), id="rst"),
    pytest.param("myst", marks=pytest.mark.sphinx("html", testroot="entries-myst"), id="myst"),
]
ENTRIES = pytest.mark.sphinx("html", testroot="entries-rst")


# -- reading the output --------------------------------------------------------


@dataclass
class Link:
    href: str
    title: str
    text: str


@dataclass
class Card:
    """An entry's ``<div class="dd-entry ...">`` taken apart."""

    classes: list[str] = field(default_factory=list)
    kind: str = ""
    id: str = ""
    title: str = ""
    status: str = ""
    #: the href of the permalink in the header ("": none)
    permalink: str = ""
    #: css name -> (label, text) of the ``dd-fields`` rows
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    #: css name -> (label, links) of the ``dd-links`` rows
    links: dict[str, tuple[str, list[Link]]] = field(default_factory=dict)
    body: str = ""


class _CardParser(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.card = Card()
        self.stack: list[list[str]] = []
        self.text: list[str] = []
        self.row = ""
        self.label = ""
        self.link: Link | None = None
        self.feed(html)
        self.close()

    def _inside(self, cls: str) -> bool:
        return any(cls in classes for classes in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        classes = attr.get("class", "").split()
        if not self.stack:
            self.card.classes = classes
        self.stack.append(classes)
        if tag in ("dt", "dd"):
            self.row = next(c[len("dd-field-") :] for c in classes if c.startswith("dd-field-"))
            self.text = []
        elif tag == "a" and "headerlink" in classes:
            self.card.permalink = attr.get("href", "")
        elif tag == "a" and self._inside("dd-links"):
            self.link = Link(attr.get("href", ""), attr.get("title", ""), "")
            self.text = []
        elif set(classes) & {"dd-kind", "dd-id", "dd-title", "dd-status", "dd-tag"}:
            self.text = []

    def handle_endtag(self, tag: str) -> None:
        classes = self.stack.pop()
        text = "".join(self.text).strip()
        card = self.card
        if tag == "dt":
            self.label = text.removesuffix(":")
        elif tag == "dd" and self._inside("dd-fields"):
            card.fields[self.row] = (self.label, text)
        elif tag == "dd" and self._inside("dd-links"):
            card.links.setdefault(self.row, (self.label, []))
        elif tag == "a" and self.link is not None:
            self.link.text = text
            card.links.setdefault(self.row, (self.label, []))[1].append(self.link)
            self.link = None
        elif "dd-tag" in classes and self._inside("dd-fields"):
            card.tags.append(text)
        elif self._inside("dd-header"):
            for name in ("kind", "id", "title", "status"):
                if f"dd-{name}" in classes:
                    setattr(card, name, text)

    def handle_data(self, data: str) -> None:
        if not self._inside("headerlink"):  # the permalink's icon is no part of the title
            self.text.append(data)


def parse_card(div: str) -> Card:
    card = _CardParser(div).card
    start = div.find('<div class="dd-body')
    end = div.find('<dl class="dd-links')
    card.body = div[start : end if end > 0 else len(div)] if start > 0 else ""
    return card


def cards(app: SphinxTestApp, docname: str) -> dict[str, Card]:
    return {eid: parse_card(div) for eid, div in entry_divs(read_page(app, docname)).items()}


def all_cards(app: SphinxTestApp) -> dict[str, Card]:
    found: dict[str, Card] = {}
    for docname in DOCS:
        found.update(cards(app, docname))
    return found


def link_targets(card: Card) -> dict[str, tuple[str, list[str]]]:
    return {name: (label, [a.href for a in links]) for name, (label, links) in card.links.items()}


class _Refs(HTMLParser):
    """The ``design:ref`` roles of a page: (href, title, text)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []
        self.anchor: dict[str, str] | None = None
        self.in_role = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchor = {k: v or "" for k, v in attrs}
        elif tag == "span" and "design-ref" in (dict(attrs).get("class") or "").split():
            self.in_role = self.anchor is not None

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.anchor, self.in_role = None, False

    def handle_data(self, data: str) -> None:
        if self.in_role and self.anchor is not None:
            self.refs.append((self.anchor.get("href", ""), self.anchor.get("title", ""), data))


def design_refs(html: str) -> list[tuple[str, str, str]]:
    return _Refs(html).refs


def inventory(app: SphinxTestApp) -> list[tuple[str, str, str, str, str]]:
    """(name, domain:role, priority, uri, display name) of objects.inv."""
    data = (Path(app.outdir) / "objects.inv").read_bytes()
    header, _, compressed = data.partition(b"zlib.\n")
    assert header.startswith(b"# Sphinx inventory version 2\n")
    rows = []
    for line in zlib.decompress(compressed).decode("utf-8").splitlines():
        match = re.fullmatch(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)", line)
        assert match, line
        rows.append((match[1], match[2], match[3], match[4], match[5]))
    return rows


# -- snapshots -----------------------------------------------------------------

_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
_BOOLEAN = re.compile(r'="(True|False)"')


def html_snapshot(app: SphinxTestApp) -> str:
    """The entry elements of every page; highlighting reduced to the code text
    (Pygments' token spans vary between its versions)."""
    parts = []
    for docname in DOCS:
        parts.append(f"<!-- {docname} -->")
        parts.extend(entry_divs(read_page(app, docname)).values())
    html = "\n".join(parts)
    html = _PRE.sub(lambda m: "<pre>" + re.sub(r"</?span[^>]*>", "", m[1]) + "</pre>", html)
    return html + "\n"


def _is_entry(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "dd-entry" in node["classes"]


def doctree_snapshot(app: SphinxTestApp) -> str:
    """The entry containers of every resolved doctree, as pseudo-XML.

    Normalised: docutils 0.22+ writes booleans as ``1``/``0`` where older
    versions write ``True``/``False``; trailing blanks (of space-only text
    nodes) are dropped.
    """
    parts = []
    for docname in DOCS:
        parts.append(f"# {docname}")
        for node in resolved_doctree(app, docname).findall(_is_entry):
            parent = node.parent
            while parent is not None and not _is_entry(parent):
                parent = parent.parent
            if parent is None:
                parts.append(node.pformat())
    text = _BOOLEAN.sub(lambda m: '="1"' if m[1] == "True" else '="0"', "\n".join(parts))
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


@pytest.mark.parametrize("source", SOURCES)
def test_html_snapshot_same_for_rst_and_myst(
    app: SphinxTestApp, source: str, file_regression: FileRegressionFixture
) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    file_regression.check(html_snapshot(app), basename="entries_html", extension=".html")


@pytest.mark.parametrize("source", SOURCES)
def test_doctree_snapshot_same_for_rst_and_myst(
    app: SphinxTestApp,
    source: str,
    file_regression: FileRegressionFixture,
) -> None:
    """The nodes every builder gets (HTML translators get the links as one
    compact node that writes the same: see test_html_text)."""
    use_standard_nodes(app, "html")
    app.build()
    assert app.warning.getvalue() == ""
    file_regression.check(doctree_snapshot(app), basename="entries_doctree", extension=".txt")


# -- what the cards show -------------------------------------------------------


@ENTRIES
def test_every_builtin_kind_is_rendered(app: SphinxTestApp) -> None:
    app.build()
    found = all_cards(app)
    assert {card.kind for card in found.values()} == {k.label for k in BUILTIN.values()}
    assert {c for card in found.values() for c in card.classes if c.startswith("dd-kind-")} == {
        f"dd-kind-{name}" for name in BUILTIN
    }
    domain = get_domain(app.env)
    assert list(found) == [e.id for d in DOCS for e in domain.doc_entries(d)]
    for eid, card in found.items():
        assert card.id == eid
        assert "dd-entry" in card.classes


@ENTRIES
def test_every_card_has_a_permalink_in_html(app: SphinxTestApp) -> None:
    """After the title, as Sphinx writes a heading's link (themes style it)."""
    app.build()
    found = all_cards(app)
    assert found
    assert {eid: card.permalink for eid, card in found.items()} == {eid: f"#{eid}" for eid in found}
    link = '<a class="headerlink" href="#G-fast" title="Link to this entry">\u00b6</a>'
    assert f"Builds stay fast</strong>{link}" in read_page(app, "goals")


@pytest.mark.sphinx("html", testroot="entries-rst", confoverrides={"html_permalinks": False})
def test_cards_have_no_permalink_where_html_permalinks_is_off(app: SphinxTestApp) -> None:
    app.build()
    found = all_cards(app)
    assert found
    assert not any(card.permalink for card in found.values())
    assert found["G-fast"].title == "Builds stay fast"


@pytest.mark.parametrize(
    ("builder", "pattern"),
    [
        pytest.param(b, pattern, marks=pytest.mark.sphinx(b, testroot="entries-rst"), id=b)
        for b, pattern in (("text", "*.txt"), ("latex", "*.tex"), ("man", "*.1"))
    ],
)
def test_other_builders_write_no_permalink(app: SphinxTestApp, builder: str, pattern: str) -> None:
    app.build()
    written = "".join(path.read_text("utf-8") for path in Path(app.outdir).glob(pattern))
    assert "Builds stay fast" in written
    assert "\u00b6" not in written
    assert "Link to this entry" not in written
    assert "entry_permalink" not in written


@ENTRIES
def test_no_node_is_shared_between_cards_or_documents(app: SphinxTestApp) -> None:
    """Every node of a stored doctree is in it once, under that doctree: a node
    shared between cards (say, a cached status pill) would be in several places
    at once, and drag other documents, and earlier builds, into each pickle."""
    app.build()
    for docname in DOCS:
        tree = app.env.get_doctree(docname)
        found = list(tree.findall())
        assert len({id(node) for node in found}) == len(found) > 50, docname
        for node in found:
            root = node
            while root.parent is not None:
                root = root.parent
            assert root is tree, (docname, node)


@ENTRIES
def test_card_shows_header_fields_tags_owner_and_body(app: SphinxTestApp) -> None:
    app.build()
    found = all_cards(app)

    goal = found["G-fast"]
    assert (goal.kind, goal.id, goal.title, goal.status) == (
        "Goal",
        "G-fast",
        "Builds stay fast",
        "proposed",  # the first allowed value is the default
    )
    assert "dd-status-proposed" in goal.classes
    assert goal.fields == {
        "owner": ("Owner", "Grace"),
        "priority": ("Priority", "must"),
        "metric": ("Metric", "p95 build time"),
        "target": ("Target", "under 10 minutes"),
        "tags": ("Tags", "performance"),
    }
    assert goal.tags == ["performance"]
    assert "<em>cold</em>" in goal.body
    assert re.search(
        r"<ul[^>]*>\s*<li><p>cold cache</p></li>\s*<li><p>warm cache</p></li>", goal.body
    )

    doc = found["DOC-build-pipeline-redesign"]
    assert doc.status == "in-review"
    assert doc.fields["owners"] == ("Owners", "Ada, Grace")  # a list field, normalised
    assert doc.fields["created"] == ("Created", "2024-01-15")
    assert doc.tags == ["build", "ci"]

    component = found["C-cache"]
    assert component.tags == ["cache", "storage"]
    assert component.fields["owner"] == ("Owner", "Ada")
    assert component.fields["quality"] == ("Quality", "prototype")
    assert "<table" in component.body
    assert '<th class="head"><p>Hit rate</p></th>' in component.body
    assert 'href="goals.html#D-cache"' in component.body  # a role in the body

    decision = found["D-cache"]
    assert '<div class="highlight-python notranslate">' in decision.body
    assert "hexdigest" in decision.body

    gate = found["QG-cache-tests"]
    assert gate.kind == "Quality gate"
    assert gate.fields["check"] == ("Check", "tests")
    assert gate.fields["evidence"] == ("Evidence", "reports/cache.xml")

    non_goal = found["NG-replacing-the-ci-provider"]
    assert (non_goal.status, non_goal.fields, non_goal.links) == ("", {}, {})


@ENTRIES
def test_links_and_backlinks_across_documents(app: SphinxTestApp) -> None:
    app.build()
    found = all_cards(app)
    expected = {
        "DOC-build-pipeline-redesign": {},
        "G-fast": {
            "satisfied-by-in": ("Satisfied by", ["components.html#C-cache"]),
            "delivered-in-in": ("Delivered in", ["components.html#M-beta"]),
            "motivated-by-in": ("Motivated by", ["components.html#US-developer"]),
        },
        "G-builds-stay-reproducible": {
            "satisfied-by-in": (
                "Satisfied by",
                ["components.html#C-cache", "components.html#C-store"],
            )
        },
        "NG-replacing-the-ci-provider": {},
        "D-cache": {
            "resolves-in": ("Resolves", ["components.html#Q-retention"]),
            "mitigates-in": ("Mitigates", ["components.html#R-poison"]),
            "alternatives-considered-in": (
                "Alternatives considered",
                ["components.html#ALT-rebuild"],
            ),
        },
        "C-cache": {
            "depends-on": ("Depends on", ["#C-store"]),
            "satisfies": (
                "Satisfies",
                ["goals.html#G-fast", "goals.html#G-builds-stay-reproducible"],
            ),
            "quality-gates-in": ("Quality gates", ["#QG-cache-tests"]),
            "affected-by-in": ("Affected by", ["#Q-retention", "#R-poison"]),
            "implements-in": ("Implements", ["#IF-protocol"]),
            "delivered-in-in": ("Delivered in", ["#M-beta"]),
        },
        "C-store": {
            "satisfies": ("Satisfies", ["goals.html#G-builds-stay-reproducible"]),
            "required-by-in": ("Required by", ["#C-cache"]),
            "affected-by-in": ("Affected by", ["#Q-retention"]),
            "consumes-in": ("Consumes", ["#IF-protocol"]),
            "stores-in": ("Stores", ["#E-artefact"]),
        },
        "QG-cache-tests": {"applies-to": ("Applies to", ["#C-cache"])},
        "Q-retention": {
            "affects": ("Affects", ["#C-cache", "#C-store"]),
            "resolved-by": ("Resolved by", ["goals.html#D-cache"]),
        },
        "R-poison": {
            "affects": ("Affects", ["#C-cache"]),
            "mitigated-by": ("Mitigated by", ["goals.html#D-cache"]),
        },
        "ALT-rebuild": {"alternative-to": ("Alternative to", ["goals.html#D-cache"])},
        "IF-protocol": {
            "implemented-by": ("Implemented by", ["#C-cache"]),
            "consumed-by": ("Consumed by", ["#C-store"]),
        },
        "E-artefact": {"stored-in": ("Stored in", ["#C-store"])},
        "M-beta": {"delivers": ("Delivers", ["#C-cache", "goals.html#G-fast"])},
        "US-developer": {"motivates": ("Motivates", ["goals.html#G-fast"])},
    }
    assert {eid: link_targets(card) for eid, card in found.items()} == expected
    # every link shows the target's ID and title, and has the title as hover text
    for card in found.values():
        for _, links in card.links.values():
            for link in links:
                target = found[link.href.rpartition("#")[2]]
                assert link.text == f"{target.id} {target.title}"
                assert link.title == target.title


@pytest.mark.parametrize("source", SOURCES)
def test_design_ref_role(app: SphinxTestApp, source: str) -> None:
    app.build()
    assert design_refs(read_page(app, "index")) == [
        ("goals.html#G-fast", "Builds stay fast", "G-fast"),  # the ID is the text
        ("components.html#C-store", "Artefact store", "the store"),  # explicit text
    ]
    assert design_refs(read_page(app, "components")) == [
        ("goals.html#D-cache", "Cache artefacts by content hash", "the caching decision"),
    ]


@ENTRIES
def test_entry_anchor_is_its_id(app: SphinxTestApp) -> None:
    app.build()
    entries = list(get_domain(app.env).all_entries())
    assert len(entries) == 15
    for entry in entries:
        html = read_page(app, entry.docname)
        assert html.count(f'id="{entry.id}"') == 1, entry.id
        assert entry.id in entry_divs(html)


@ENTRIES
def test_every_entry_is_in_the_inventory(app: SphinxTestApp) -> None:
    app.build()
    entries = {e.id: e for e in get_domain(app.env).all_entries()}
    design = [row for row in inventory(app) if row[1].startswith("design:")]
    assert sorted(row[0] for row in design) == sorted(entries)
    for name, role, priority, uri, shown in design:
        entry = entries[name]
        assert uri.replace("$", name) == f"{entry.docname}.html#{entry.id}"
        # once, as its kind, shown (and searched) as its ID ("-")
        assert (role, priority, shown) == (f"design:{entry.kind}", "1", "-")


# -- IDs and design-doc --------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        ("goal", "Builds stay fast", "G-builds-stay-fast"),
        ("non-goal", "  Über-fast   builds!  ", "NG-uber-fast-builds"),
        ("gate", "Cache has tests (v2.0)", "QG-cache-has-tests-v2-0"),
        ("doc", "x" * 80, "DOC-" + "x" * 60),
    ],
)
def test_generated_id_from_prefix_and_title(kind: str, title: str, expected: str) -> None:
    assert generated_id(BUILTIN[kind], title) == expected


def test_generated_id_of_a_title_without_letters_is_stable() -> None:
    first = generated_id(BUILTIN["risk"], "???")
    assert re.fullmatch(r"R-[0-9a-f]{8}", first)
    assert generated_id(BUILTIN["risk"], "???") == first
    assert generated_id(BUILTIN["risk"], "!!!") != first


@pytest.mark.parametrize("source", SOURCES)
def test_ids_generated_or_explicit_and_doc_title_from_document(
    app: SphinxTestApp, source: str
) -> None:
    app.build()
    domain = get_domain(app.env)
    assert [(e.kind, e.id, e.title) for e in domain.doc_entries("index")] == [
        ("doc", "DOC-build-pipeline-redesign", "Build pipeline redesign"),
    ]
    assert [e.id for e in domain.doc_entries("goals")] == [
        "G-fast",  # explicit
        "G-builds-stay-reproducible",  # generated
        "NG-replacing-the-ci-provider",
        "D-cache",
    ]


@pytest.mark.sphinx(
    "html", testroot="entries-rst", confoverrides={"designdoc_id_required": True}, freshenv=True
)
def test_id_required_warns_for_entries_without_id(app: SphinxTestApp) -> None:
    app.build()
    warnings = designdoc_warnings(app)
    assert sorted((w.path, w.line, w.type) for w in warnings) == [
        ("goals.rst", 17, "designdoc.invalid_id"),
        ("goals.rst", 22, "designdoc.invalid_id"),
        ("index.rst", 4, "designdoc.invalid_id"),
    ]
    assert len(warnings) == len(app.warning.getvalue().splitlines())
    messages = "\n".join(w.message for w in warnings)
    assert "design-goal 'Builds stay reproducible' has no :id:" in messages
    assert "using 'NG-replacing-the-ci-provider'" in messages
    # the entries keep their generated IDs
    ids = {e.id for e in get_domain(app.env).all_entries()}
    assert {"DOC-build-pipeline-redesign", "G-builds-stay-reproducible"} <= ids


@pytest.mark.sphinx(
    "html",
    testroot="entries-rst",
    confoverrides={"designdoc_id_pattern": r"^[A-Z]+-[a-z]+$"},
    freshenv=True,
)
def test_id_pattern_is_enforced(app: SphinxTestApp) -> None:
    app.build()
    warnings = designdoc_warnings(app)
    assert [(w.path, w.line, w.type) for w in warnings] == [
        ("components.rst", 30, "designdoc.invalid_id")
    ]
    assert warnings[0].message == (
        "ID 'QG-cache-tests' does not match designdoc_id_pattern '^[A-Z]+-[a-z]+$'; "
        "using 'QG-cache-has-tests'"
    )
    found = cards(app, "components")
    assert "QG-cache-tests" not in found
    assert link_targets(found["QG-cache-has-tests"]) == {"applies-to": ("Applies to", ["#C-cache"])}
    assert link_targets(found["C-cache"])["quality-gates-in"] == (
        "Quality gates",
        ["#QG-cache-has-tests"],
    )


@pytest.mark.sphinx("html", testroot="warnings", freshenv=True)
def test_design_doc_at_most_once_per_document(app: SphinxTestApp) -> None:
    app.build()
    docs = [e for e in get_domain(app.env).doc_entries("problems") if e.kind == "doc"]
    assert [(e.id, e.title) for e in docs] == [
        ("DOC-the-first-design-document", "The first design document")
    ]
    [warning] = designdoc_warnings(app, "duplicate_doc")
    assert (warning.path, warning.line) == ("problems.rst", 34)
    # the second one is still shown, but is no entry
    html = read_page(app, "problems")
    assert "DOC-a-second-design-document" in entry_divs(html)
    assert "DOC-a-second-design-document" not in {row[0] for row in inventory(app)}


# -- user kinds ----------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="user-kinds")
def test_user_kind_has_a_directive_fields_and_links(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    found = cards(app, "index")
    api = found["CT-build-api"]
    assert (api.kind, api.title, api.status) == ("Contract", "Build API", "stable")
    assert "dd-kind-contract" in api.classes
    assert api.fields == {
        "owner": ("Owner", "Ada"),
        "protocol": ("Protocol", "gRPC over TLS"),
        "tags": ("Tags", "api"),
    }
    assert link_targets(api) == {"implemented-by": ("Implemented by", ["#C-api"])}
    assert design_refs(api.body) == [("#CT-events-stream", "Events stream", "CT-events-stream")]
    stream = found["CT-events-stream"]  # generated from the kind's prefix
    assert stream.status == ""  # not written, and the kind declares no default
    assert link_targets(stream) == {"implemented-by": ("Implemented by", ["#C-api", "#C-bus"])}
    assert link_targets(found["C-api"]) == {
        "implemented-by-from-in": (
            "Implemented by (from)",
            ["#CT-build-api", "#CT-events-stream"],
        )
    }
    assert ("CT-build-api", "design:contract") in {row[:2] for row in inventory(app)}


@pytest.mark.sphinx("html", testroot="warnings-user-kinds", freshenv=True)
def test_user_kind_is_validated(app: SphinxTestApp) -> None:
    app.build()
    warnings = sorted(designdoc_warnings(app), key=lambda w: w.line)
    assert [(w.path, w.line, w.type, w.message) for w in warnings] == [
        (
            "index.rst",
            9,
            "designdoc.invalid_value",
            "CT-status: status 'beta' is not one of: draft, stable",
        ),
        (
            "index.rst",
            13,
            "designdoc.invalid_value",
            "design-contract: unknown option :version: "
            "(allowed: id, tags, owner, status, protocol, implemented-by)",
        ),
        (
            "index.rst",
            17,
            "designdoc.link_kind",
            "CT-goal: :implemented-by: may point to component, not to the goal 'G-goal'",
        ),
        (
            "index.rst",
            21,
            "designdoc.unknown_ref",
            "CT-nothing: :implemented-by: names unknown entry 'C-nothing'",
        ),
    ]
    found = cards(app, "index")
    # the bad value is shown as written, flagged, and never as another value
    assert found["CT-status"].status == ""
    page = read_page(app, "index")
    assert '<span class="dd-invalid-value">beta</span>' in page
    assert link_targets(found["C-api"]) == {
        "implemented-by-from-in": ("Implemented by (from)", ["#CT-good"])
    }
    assert link_targets(found["G-goal"]) == {}  # an invalid link makes no backlink


# -- escaping ------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


@pytest.mark.sphinx("html", testroot="xss")
def test_markup_in_entries_is_escaped(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
    html = read_page(app, "index")
    found = cards(app, "index")
    goal = found["G-xss"]
    # the markup comes back unchanged as text, so it was escaped, not interpreted
    assert goal.title == SCRIPT
    assert goal.fields["metric"] == ("Metric", SCRIPT)
    assert goal.fields["owner"] == ("Owner", SCRIPT)
    assert goal.tags[0] == SCRIPT
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    component_id = "C-script-alert-1-script"
    [link] = found[component_id].links["satisfies"][1]
    assert (link.href, link.title, link.text) == ("#G-xss", SCRIPT, f"G-xss {SCRIPT}")
    [backlink] = goal.links["satisfied-by-in"][1]
    assert (backlink.title, backlink.text) == ('">' + SCRIPT, f'{component_id} ">{SCRIPT}')
    assert design_refs(html) == [
        ("#G-xss", SCRIPT, "G-xss"),
        (f"#{component_id}", '">' + SCRIPT, component_id),
    ]
