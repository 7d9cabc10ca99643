"""Rich text in a real browser (``test-rich-text``): a long field written as a
section takes the whole width of the card's field grid, its paragraphs stand
apart, and a title's markup reads on the card in light and dark and at phone
width.  See ``test_browser.py`` for how pages are built, served and opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from .conftest import ROOTS
from .test_browser import DESKTOP, MODES, PHONE, _served, browser, open_page, screenshots

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

__all__ = ["browser", "screenshots"]  # fixtures


@pytest.fixture(scope="module")
def rich_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("rich-html")
    yield from _served(ROOTS / "test-rich-text", out, "-D", "html_theme=pydata_sphinx_theme")


_LAYOUT = """(id) => {
  const card = document.getElementById(id);
  const grid = card.querySelector('dl.dd-fields').getBoundingClientRect();
  const field = card.querySelector('dd.dd-field-mitigation').getBoundingClientRect();
  const paras = [...card.querySelectorAll('dd.dd-field-mitigation .dd-field-section > p')]
    .map((p) => p.getBoundingClientRect());
  return {
    gridRight: grid.right, fieldRight: field.right,
    gap: paras.length > 1 ? paras[1].top - paras[0].bottom : -1,
    // what sticks out of the viewport, of the card (the theme's own navbar is not ours)
    overflow: Math.max(...[card, ...card.querySelectorAll('*')].map(
      (e) => e.getBoundingClientRect().right)) - document.documentElement.clientWidth,
  };
}"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_long_field_spans_the_grid_with_its_paragraphs_apart(
    browser: Browser,
    rich_url: str,
    screenshots: Path,
    mode: str,
    viewport: dict[str, int],
) -> None:
    page = open_page(browser, f"{rich_url}/storage.html", mode, viewport)
    try:
        layout = page.evaluate(_LAYOUT, "R-lag")
        # the field's value reaches the grid's right edge (in two columns of
        # pairs, a value alone would end halfway)
        assert abs(layout["gridRight"] - layout["fieldRight"]) <= 1, layout
        assert layout["gap"] >= 4, layout
        assert layout["overflow"] <= 0, layout
        name = f"rich-text-{mode}-{viewport['width']}.png"
        page.locator("#R-lag").screenshot(path=str(screenshots / name))
    finally:
        page.context.close()


@pytest.mark.parametrize("mode", MODES)
def test_title_markup_reads_on_the_card(browser: Browser, rich_url: str, mode: str) -> None:
    page = open_page(browser, f"{rich_url}/cache.html", mode, PHONE)
    try:
        title = page.locator("#C-cache .dd-title")
        assert title.locator("code").inner_text() == "keys"
        assert title.locator("em").inner_text() == "hash"
        # the code in the title is set in a monospace font, as code elsewhere
        family = title.locator("code").evaluate("(e) => getComputedStyle(e).fontFamily")
        assert "mono" in family.lower()
    finally:
        page.context.close()
