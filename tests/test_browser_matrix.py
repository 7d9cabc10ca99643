"""The demo's matrix and graph in a real browser, on a wide screen and a phone.

At 1440 px (pydata-sphinx-theme) the matrix's grid fits its column, its
coverage line is above the grid, in view with it, and its headers link to their
entries with the entry's title; at 375 px the graph's text is at least 10 px
high (the graph scrolls sideways in its own box) and the page does not scroll
sideways.  The served demo, the browser and :func:`open_page` are those of
:mod:`.test_browser` (which skips every test without Playwright or a Chromium).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .test_browser import PHONE, browser, demo_url, open_page, screenshots

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = ["browser", "demo_url", "screenshots"]  # the fixtures, used by name

WIDE = {"width": 1440, "height": 900}

#: The matrix of the page, scrolled to its top: where its coverage line, grid
#: and header cells are, and the scrolling box around the grid.
_MATRIX = """
() => {
  const report = document.querySelector(".dd-report-matrix");
  report.scrollIntoView({block: "start"});
  const table = report.querySelector("table.dd-table");
  const box = table.closest(".pst-scrollable-table-container") || table;
  const summary = report.querySelector("p.dd-matrix-summary").getBoundingClientRect();
  return {
    summary: {top: summary.top, bottom: summary.bottom},
    tableTop: table.getBoundingClientRect().top,
    viewport: window.innerHeight,
    scrollWidth: box.scrollWidth,
    clientWidth: box.clientWidth,
    heads: [...table.tHead.querySelectorAll("th.dd-col-target")].map((th) => ({
      id: th.textContent.trim(),
      href: th.querySelector("a") && th.querySelector("a").getAttribute("href"),
      title: th.querySelector("a") && th.querySelector("a").title,
    })),
  };
}
"""

#: Every text of the graph: its rendered font size in CSS pixels (its font size
#: in the picture's units, times the picture's scale on the screen).
_GRAPH = """
() => {
  const svg = document.querySelector(".dd-report-graph svg.dd-graph-svg");
  const box = svg.closest(".dd-graph");
  return {
    sizes: [...svg.querySelectorAll("text")].map(
      (t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a),
    boxScrolls: box.scrollWidth > box.clientWidth + 1,
    boxRight: box.getBoundingClientRect().right,
    page: document.documentElement.scrollWidth,
  };
}
"""


def test_matrix_fits_with_its_summary_in_view_at_desktop_width(
    browser: Browser, demo_url: str, screenshots: Path
) -> None:
    page = open_page(browser, f"{demo_url}/reports.html", "light", WIDE)
    matrix = page.evaluate(_MATRIX)
    page.locator(".dd-report-matrix").screenshot(path=str(screenshots / "matrix-wide-light.png"))
    page.context.close()
    # the grid fits its column: no sideways scroll
    assert matrix["scrollWidth"] <= matrix["clientWidth"] + 1, matrix
    # the coverage line is above the grid, and on screen with its top
    assert matrix["summary"]["bottom"] <= matrix["tableTop"], matrix
    assert 0 <= matrix["summary"]["top"] < matrix["summary"]["bottom"] <= matrix["viewport"]
    # each column's header links to its entry and names it on hover
    heads = matrix["heads"]
    assert len(heads) == 12, heads
    for head in heads:
        assert (head["href"] or "").endswith(f"#{head['id']}"), head
        assert head["title"] not in (None, "", head["id"]), head
    assert {"id": "C-intake", "href": "ingestion.html#C-intake", "title": "Intake gateway"} in heads


def test_graph_text_is_readable_on_a_phone(
    browser: Browser, demo_url: str, screenshots: Path
) -> None:
    for label, viewport in {"phone": PHONE, "wide": WIDE}.items():
        page = open_page(browser, f"{demo_url}/reports.html", "light", viewport)
        graph = page.evaluate(_GRAPH)
        page.locator(".dd-report-graph").screenshot(
            path=str(screenshots / f"graph-text-{label}-light.png")
        )
        page.context.close()
        assert graph["sizes"], graph
        assert min(graph["sizes"]) >= 10, (label, sorted(graph["sizes"])[:3])
        # the page never scrolls sideways: on a phone the graph does, in its box
        assert graph["page"] <= viewport["width"], (label, graph)
        assert graph["boxRight"] <= viewport["width"], (label, graph)
        assert graph["boxScrolls"] == (label == "phone"), (label, graph)
