"""Rich text where authors write prose: titles with inline markup, long fields
written as sections of the body, answers; and what cards add once every
document is read (progress to a target level, documents no longer in force).

``test-rich-text`` writes each in RST and in MyST.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.export.load import read_export
from sphinxcontrib_designdoc.export.markdown import components

from .conftest import build_warnings, copy_root, entry_divs, exported, html_words, read_page
from .corpus import build

# MyST-Parser's reference resolver uses an API Sphinx 9 deprecates (not ours)
pytestmark = pytest.mark.filterwarnings(
    "ignore:'myst_parser.*MystReferenceResolver.app' is deprecated"
)

CODE = '<code class="docutils literal notranslate"><span class="pre">{}</span></code>'


def _inline(html: str) -> str:
    """The text of an HTML paragraph, tags dropped."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    return build("html", copy_root(tmp_path_factory.mktemp("rich-text"), "rich-text"))


def _entries(app: SphinxTestApp) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in exported(app)["entries"]}


def _cards(app: SphinxTestApp, docname: str) -> dict[str, str]:
    return entry_divs(read_page(app, docname))


def _header(card: str) -> str:
    return re.search(r'<p class="dd-header">(.*?)</p>', card, re.S).group(1)  # type: ignore[union-attr]


def _no_nested_links(html: str) -> None:
    """No link inside a link (invalid HTML: browsers split them)."""
    depth = 0
    for tag in re.findall(r"<(/?)a\b", html):
        depth += -1 if tag else 1
        assert depth in (0, 1)


# -- titles ------------------------------------------------------------------------------


def test_the_only_warning_is_the_field_written_twice(built: SphinxTestApp) -> None:
    assert [(w.path, w.line, w.type, w.message) for w in build_warnings(built)] == [
        (
            "storage.rst",
            27,
            "designdoc.invalid_value",
            "D-fsync: :rationale: is written twice, as an option and as a section; "
            "the section is used",
        )
    ]


@pytest.mark.parametrize(
    ("docname", "entry_id", "markup"),
    [
        ("index", "G-fast", 'Serve <code class="docutils literal notranslate">'),
        ("storage", "C-index", "The <strong>index</strong> writer"),
        ("cache", "C-cache", f"Cache {CODE.format('keys')} by <em>hash</em>"),
    ],
)
def test_a_card_title_shows_its_markup(
    built: SphinxTestApp, docname: str, entry_id: str, markup: str
) -> None:
    header = _header(_cards(built, docname)[entry_id])
    title = re.search(r'<strong class="dd-title">(.*)</strong><a class="headerlink"', header)
    assert title is not None
    assert title.group(1).startswith(markup)


def test_a_link_in_a_title_is_a_link_on_its_card_and_text_inside_other_links(
    built: SphinxTestApp,
) -> None:
    header = _header(_cards(built, "index")["G-fast"])
    assert '<a class="reference external" href="https://example.org/slo">the SLO</a>' in header
    assert "/items</span></code> in <em>under</em> 50 ms" in header
    # C-index's card links to G-fast: its title shows code and emphasis, the
    # SLO link as its text (a link cannot sit inside the link to G-fast)
    storage = read_page(built, "storage")
    card = _cards(built, "storage")["C-index"]
    links = card[card.index("dd-links") :]
    assert "<em>under</em>" in links
    assert "https://example.org/slo" not in links
    _no_nested_links(storage)
    _no_nested_links(read_page(built, "reports"))


def test_report_cells_show_title_markup_inside_their_link(built: SphinxTestApp) -> None:
    page = read_page(built, "reports")
    cells = re.findall(r'<td class="[^"]*dd-col-title[^"]*">(.*?)</td>', page, re.S)
    cache = next(c for c in cells if "Cache" in c)
    assert f"Cache {CODE.format('keys')} by <em>hash</em>" in cache
    fast = next(c for c in cells if "Serve" in c)
    assert "the SLO" in fast
    assert "example.org" not in fast


def test_the_export_has_plain_titles_and_their_markup(built: SphinxTestApp) -> None:
    entries = _entries(built)
    fast = entries["G-fast"]
    assert fast["title"] == "Serve GET /items in under 50 ms, see the SLO"
    assert fast["title_markup"] == [
        {"text": "Serve "},
        {"text": "GET /items", "style": "code"},
        {"text": " in "},
        {"text": "under", "style": "emphasis"},
        {"text": " 50 ms, see "},
        {"text": "the SLO", "style": "link", "url": "https://example.org/slo"},
    ]
    assert "".join(s["text"] for s in fast["title_markup"]) == fast["title"]
    assert entries["C-cache"]["title"] == "Cache keys by hash"
    assert "title_markup" not in entries["R-lag"]  # plain titles have none


def test_markdown_keeps_code_ticks_and_search_finds_plain_words(built: SphinxTestApp) -> None:
    export = read_export(Path(built.outdir) / "designdoc.json")
    text = components(export)
    assert "Cache `keys` by *hash*" in text
    assert "The **index** writer" in text
    index = (Path(built.outdir) / "searchindex.js").read_text("utf-8")
    assert "C-cache" in index
    assert "`keys`" not in index


# -- long fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("docname", "entry_id", "field", "paragraphs"),
    [
        (
            "storage",
            "R-lag",
            "mitigation",
            ["Reads that need fresh data go to the primary.", "Lag is alerted on at 5 s."],
        ),
        (
            "cache",
            "R-stampede",
            "mitigation",
            ["Requests for the same key wait for one fill.", "Fills time out after 2 s."],
        ),
        (
            "storage",
            "D-fsync",
            "rationale",
            ["Per-write fsync costs 4 ms.", "Batches of 100 cost 0.2 ms a write."],
        ),
    ],
)
def test_a_section_of_the_body_is_a_long_field(
    built: SphinxTestApp, docname: str, entry_id: str, field: str, paragraphs: list[str]
) -> None:
    assert _entries(built)[entry_id]["fields"][field] == "\n\n".join(paragraphs)
    card = _cards(built, docname)[entry_id]
    body = re.search(rf'<dd class="dd-field-{field}[^"]*">(.*?)</dd>', card, re.S)
    assert body is not None
    assert [_inline(p) for p in re.findall(r"<p>(.*?)</p>", body.group(1), re.S)] == paragraphs
    # the section left the body; its heading is the field's name
    rest = card[card.index("</dl>") :]
    assert paragraphs[0] not in html_words(rest)


def test_a_rubric_that_names_no_field_stays_in_the_body(built: SphinxTestApp) -> None:
    card = _cards(built, "storage")["R-lag"]
    body = card[card.index('class="dd-body') :]
    assert '<p class="rubric">Background</p>' in body
    assert "it stays in the body" in html_words(body)
    assert "What happens when they do." in html_words(body)


def test_report_cells_show_each_paragraph(built: SphinxTestApp) -> None:
    page = read_page(built, "reports")
    cells = re.findall(r'<td class="[^"]*dd-col-mitigation[^"]*">(.*?)</td>', page, re.S)
    assert [[_inline(p) for p in re.findall(r"<p>(.*?)</p>", c, re.S)] for c in cells] == [
        ["Requests for the same key wait for one fill.", "Fills time out after 2 s."],
        ["Reads that need fresh data go to the primary.", "Lag is alerted on at 5 s."],
    ]


def test_the_questions_report_shows_answers_and_statuses(built: SphinxTestApp) -> None:
    page = read_page(built, "reports")
    table = next(t for t in page.split("<table") if "Q-hash" in t)
    head = re.search(r"<thead>(.*?)</thead>", table, re.S)
    assert head is not None
    assert "Status" in html_words(head.group(1))
    assert "Answer" in html_words(head.group(1))
    rows = {
        html_words(re.search(r'dd-col-id[^"]*">(.*?)</td>', r, re.S).group(1)): r  # type: ignore[union-attr]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
        if "dd-col-id" in r and "<td" in r
    }
    answer = re.search(r'dd-col-answer[^"]*">(.*?)</td>', rows["Q-hash"], re.S)
    assert answer is not None
    assert html_words(answer.group(1)) == "SHA-256, truncated to 16 bytes."
    evict = re.search(r'dd-col-answer[^"]*">(.*?)</td>', rows["Q-evict"], re.S)
    assert evict is not None
    assert html_words(evict.group(1)) == "Not yet."


# -- what cards add after reading -----------------------------------------------------------


def test_a_card_says_what_its_target_level_still_needs(built: SphinxTestApp) -> None:
    record = _entries(built)["C-index"]["derived"]["compliance"]
    assert record["target"] == "prototype"
    needed = [c["check"] for c in record["to_target"]]
    assert needed  # experiment -> prototype needs checks no gate meets here
    card = _cards(built, "storage")["C-index"]
    progress = re.search(r'<dd class="dd-field-progress[^"]*">(.*?)</dd>', card, re.S)
    assert progress is not None
    assert html_words(progress.group(1)) == f"to reach prototype: {', '.join(needed)}"
    # no target, no progress line
    assert "dd-field-progress" not in _cards(built, "cache")["C-cache"]


def test_links_mark_entries_of_documents_no_longer_in_force(built: SphinxTestApp) -> None:
    fast = html_words(_cards(built, "index")["G-fast"])
    assert "C-old Old mmap reader (superseded)" in fast
    index_card = html_words(_cards(built, "storage")["C-index"])
    assert "Changed by : DOC-retired-design Retired design (superseded)" in index_card


def test_the_marks_follow_the_document_status(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path, "rich-text")
    first = build("html", srcdir)
    assert "(superseded)" in html_words(_cards(first, "index")["G-fast"])
    retired = srcdir / "retired.rst"
    retired.write_text(retired.read_text("utf-8").replace("superseded", "approved"), "utf-8")
    again = build("html", srcdir)
    assert "(superseded)" not in html_words(_cards(again, "index")["G-fast"])
    # now in force, its production component misses gates
    assert any(w.type == "designdoc.missing_gate" for w in build_warnings(again))
