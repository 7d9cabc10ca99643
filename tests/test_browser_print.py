"""The demo's reports page printed to PDF on A4, from light and from dark mode.

Chromium prints the page with ``page.pdf()`` as a reader's print dialog does
(A4 portrait, 1 cm margins, no background graphics); pypdf reads the text back
and where on the sheet each piece of it is.  The layout checks (words broken in
their middle, colours, widths) are made in print media at the paper's width.
The printed pages are saved as PNG to ``tests/artifacts/screenshots/`` (with
``pdftoppm`` where it is installed; else a screenshot in print media).  The
served demo, the browser and :func:`open_page` are those of :mod:`.test_browser`
(which skips every test without Playwright or a Chromium).
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .test_browser import (
    browser,
    contrast,
    demo_url,
    luminance,
    measure,
    open_page,
    screenshots,
    switch_to_dark,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pypdf = pytest.importorskip(
    "pypdf", reason="the print tests read the PDF with pypdf: pip install -e '.[test]'"
)

__all__ = ["browser", "demo_url", "screenshots"]  # the fixtures, used by name

#: A4 portrait with the print dialog's usual margins; the width that leaves for
#: the page, in CSS pixels (96 per inch).
MARGIN = "1cm"
PAPER = round((210 - 2 * 10) / 25.4 * 96)
#: Printed from light mode, and from dark mode reached with the theme's toggle.
MODES = ("light", "dark")
#: Type smaller than this (CSS px: 7.5 pt) is no longer read comfortably on paper.
SMALLEST_TYPE = 10


@dataclass(frozen=True)
class Printed:
    """A printed page: its PDF, and what the page showed in print media."""

    mode: str
    pdf: Path
    #: the page's report tables and graphs, read in print media (see _LAYOUT)
    layout: dict[str, Any]
    #: text of designdoc's components whose contrast fails WCAG AA in print media
    unreadable: list[str]


#: In print media at the paper's width: the gates table's header and rows (the
#: text of each cell), the matrix's header, every report table and graph's right
#: edge, the words of the gates table broken in their middle, its status pills
#: on more than one line, and the colours of a cell.
_LAYOUT = r"""
() => {
  const paper = document.documentElement.clientWidth;
  const text = (cell) => cell.textContent.replace(/\s+/g, " ").trim();
  const gates = document.querySelector(".dd-report-gates table.dd-table");
  const matrix = document.querySelector(".dd-report-matrix table.dd-table");
  const range = document.createRange();
  const broken = [];
  const walker = document.createTreeWalker(gates, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const chars = node.textContent;
    let before = null;
    for (let i = 0; i < chars.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      const letter = /[\p{L}\p{N}]/u.test(chars[i]);
      // two letters in a row, the second on a lower line: a word broken in two
      if (box && before && letter && box.top > before.top + before.height / 2) {
        broken.push(`${chars.slice(Math.max(0, i - 12), i)}|${chars.slice(i, i + 12)}`);
      }
      before = box && letter ? box : null;
    }
  }
  const cell = gates.tBodies[0].rows[0].cells[0];
  return {
    paper,
    gatesHeader: [...gates.tHead.rows[0].cells].map(text),
    gatesRows: [...gates.tBodies[0].rows].map((row) => [...row.cells].map(text)),
    gatesFont: parseFloat(getComputedStyle(gates).fontSize),
    matrixHeader: [...matrix.tHead.rows[0].cells].map(text),
    rights: [...document.querySelectorAll(
        ".dd-report table.dd-table, .dd-report table.dd-table :is(td, th), .dd-graph-svg")]
      .map((e) => e.getBoundingClientRect().right),
    broken,
    pillsOnTwoLines: [...gates.querySelectorAll(".dd-status")]
      .filter((pill) => pill.getClientRects().length > 1
        || pill.getBoundingClientRect().height > 1.9 * parseFloat(getComputedStyle(pill).fontSize))
      .map(text),
    sticky: [...document.querySelectorAll(".dd-report td, .dd-report th")]
      .filter((c) => getComputedStyle(c).position === "sticky").length,
    graphs: [...document.querySelectorAll(".dd-report-graph svg.dd-graph-svg")].map((svg) => ({
      width: svg.getBoundingClientRect().width,
      container: svg.parentElement.getBoundingClientRect().width,
      nodes: [...svg.querySelectorAll("g.node text")].map((t) => t.textContent),
    })),
    color: getComputedStyle(cell).color,
    background: getComputedStyle(cell).backgroundColor,
  };
}
"""


def _print(page: Page, mode: str, folder: Path, pictures: Path) -> Printed:
    """Print ``page`` to a PDF in ``folder``, its pages as PNG to ``pictures``."""
    pdf = folder / f"reports-{mode}.pdf"
    # print media, whatever was emulated
    page.pdf(
        path=str(pdf),
        format="A4",
        margin={"top": MARGIN, "right": MARGIN, "bottom": MARGIN, "left": MARGIN},
    )
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PAPER, "height": 1000})
    layout = page.evaluate(_LAYOUT)
    unreadable = [
        f"{m.text!r} <{m.tag}>: {m.ratio}"
        for m in measure(page, "reports.html")
        if m.ratio < m.required
    ]
    page.locator(".dd-report-gates").screenshot(path=str(pictures / f"gates-print-{mode}.png"))
    for old in pictures.glob(f"print-{mode}-*.png"):
        old.unlink()
    if shutil.which("pdftoppm"):
        command = ["pdftoppm", "-r", "80", "-png", str(pdf), str(pictures / f"print-{mode}")]
        subprocess.run(command, check=True, timeout=120)
    else:
        page.screenshot(path=str(pictures / f"print-{mode}-1.png"), full_page=True)
    return Printed(mode, pdf, layout, unreadable)


@pytest.fixture(scope="module")
def printed(
    browser: Browser, demo_url: str, screenshots: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Printed]:
    """The reports page printed from light mode, and from dark mode reached
    with the theme's toggle."""
    folder = tmp_path_factory.mktemp("printed")
    found = {}
    for mode in MODES:
        page = open_page(browser, f"{demo_url}/reports.html", "light")
        if mode == "dark":
            switch_to_dark(page)
        found[mode] = _print(page, mode, folder, screenshots)
        page.context.close()
    return found


def squashed(text: str) -> str:
    """Text without whitespace, ligatures spelled out (pypdf reads "ﬀ" as one
    letter, and a line break wherever the sheet has one)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(pdf: Path) -> str:
    return squashed("".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))


def find_in_order(text: str, pieces: list[str], start: int = 0) -> tuple[int, list[str]]:
    """Where the last of ``pieces`` ends, each found after the one before it;
    the pieces not found (a missing piece does not move the search on)."""
    missing = []
    for piece in pieces:
        found = text.find(squashed(piece), start)
        if found < 0:
            missing.append(piece)
        else:
            start = found + len(squashed(piece))
    return start, missing


@pytest.mark.parametrize("mode", MODES)
def test_pdf_has_every_gate_row_and_matrix_column(printed: dict[str, Printed], mode: str) -> None:
    """Every row of the gates table is on paper, each cell in its order (ID,
    component, level, each check's status and value, verdict, next level),
    and so is every column of the matrix.  Chromium once cut the page off in
    the middle of the gates table: the theme's article was a scrolling box."""
    page = printed[mode]
    text = pdf_text(page.pdf)
    layout = page.layout
    assert len(layout["gatesRows"]) >= 12, layout["gatesRows"]
    assert "Verdict" in layout["gatesHeader"], layout["gatesHeader"]
    start, missing = find_in_order(text, layout["gatesHeader"])
    assert not missing, (mode, missing)
    for row in layout["gatesRows"]:
        start, missing = find_in_order(text, [cell for cell in row if cell], start)
        assert not missing, (mode, row[0], missing)
    # (in any order: the matrix's IDs run upwards, drawn apart from the rest)
    assert len(layout["matrixHeader"]) >= 10, layout["matrixHeader"]
    missing = [head for head in layout["matrixHeader"] if squashed(head) not in text]
    assert not missing, (mode, missing)


#: Points per CSS pixel: the scale at which the page's own text is drawn.
_PAGE_SCALE = 72 / 96


def placed_text(sheet: Any) -> list[tuple[float, float, str]]:
    """Where each piece of the page's own text on a sheet starts (x and y in
    points from the bottom left), in the order drawn, whitespace squashed."""
    found = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if not text.strip() or abs(cm[0] - _PAGE_SCALE) > 0.01 or cm[1] or cm[2]:
            return  # (in a transformed group: see test_pdf_text_is_within_the_sheet)
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        found.append((x, y, squashed(text)))

    sheet.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("mode", MODES)
def test_pdf_text_is_within_the_sheet(printed: dict[str, Printed], mode: str) -> None:
    """Nothing is printed past the margins: every piece of the page's text on
    every sheet starts inside them (a column cut off at the paper's edge
    would not), the gates table's among them.  Text in a transformed group
    (the graph's SVG, the matrix's upright IDs) is left to the layout test:
    pypdf does not apply the group's matrix to where it says text is."""
    reader = pypdf.PdfReader(printed[mode].pdf)
    outside: list[tuple[int, int, str]] = []
    seen: list[tuple[int, float, str]] = []  # sheet, height on it, text; as drawn
    margin = 10 / 25.4 * 72 - 1  # 1 cm in points, less a point for rounding
    for number, sheet in enumerate(reader.pages, 1):
        width = float(sheet.mediabox.width)
        for x, y, text in placed_text(sheet):
            seen.append((number, y, text))
            if not margin <= x <= width - margin:
                outside.append((number, round(x), text[:20]))
    checked = "".join(text for _, _, text in seen)  # an ID broken after a hyphen: two
    ids = [row[0] for row in printed[mode].layout["gatesRows"]]
    assert all(squashed(i) in checked for i in ids), ids
    assert not outside, (mode, outside)
    # the theme's footer comes after the reports, below them: not printed over
    # the end of a table that grew when it was split into pages
    footer = next(i for i, (_, _, text) in enumerate(seen) if "Copyright" in text)
    sheet, top, _ = seen[footer]
    above = [(y, text) for number, y, text in seen[:footer] if number == sheet and y <= top]
    assert not above, (mode, sheet, top, above)


@pytest.mark.parametrize("mode", MODES)
def test_printed_gates_table_is_legible(printed: dict[str, Printed], mode: str) -> None:
    """On A4 portrait the gates table fits the width in type no smaller than
    7.5 pt, breaks no word in its middle (an ID may break after a hyphen) and
    keeps every status pill on one line; nothing is sticky on paper."""
    layout = printed[mode].layout
    assert layout["paper"] == PAPER, layout["paper"]
    assert layout["gatesFont"] >= SMALLEST_TYPE, layout["gatesFont"]
    assert not layout["broken"], layout["broken"]
    assert not layout["pillsOnTwoLines"], layout["pillsOnTwoLines"]
    assert max(layout["rights"]) <= PAPER + 0.5, max(layout["rights"])
    assert layout["sticky"] == 0, layout["sticky"]


@pytest.mark.parametrize("mode", MODES)
def test_print_is_dark_on_white(printed: dict[str, Printed], mode: str) -> None:
    """Printed from either mode, the text of cards and reports is dark on white
    (no light text left from dark mode on white paper, no dark cells) and
    meets WCAG AA; the graph fits the paper's width and its nodes are printed."""
    page = printed[mode]
    assert not page.unreadable, page.unreadable
    text = [float(c) for c in page.layout["color"][4:-1].split(",")[:3]]
    ground = [float(c) for c in page.layout["background"][4:-1].split(",")[:3]]
    assert contrast([*text, 1], [[*ground, 1]]) >= 7, page.layout
    assert luminance((ground[0], ground[1], ground[2])) > 0.9, page.layout
    graphs = page.layout["graphs"]
    assert graphs, "no graph drawn as SVG in reports.html"
    pdf = pdf_text(page.pdf)
    for graph in graphs:
        assert graph["width"] <= graph["container"] + 0.5, graph
        assert graph["width"] <= PAPER, graph
        _, missing = find_in_order(pdf, graph["nodes"])
        assert graph["nodes"], graph
        assert not missing, missing
