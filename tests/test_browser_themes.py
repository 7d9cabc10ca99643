"""Cards and reports in the other themes people use: furo, sphinx-rtd-theme,
sphinx-book-theme and alabaster (pydata-sphinx-theme, the reference, is
test_browser's).

The demo is built once per theme (``-D html_theme=...``; the pydata-only theme
options of its conf.py are merely warned about by the others) and opened in
Chromium, in light and, where the theme has one, dark mode.  The tests check
that IDs and matrix headers do not wrap a character a line (what rtd's
``white-space: normal`` on table cells did), AA contrast of card and report
text, and that a phone-sized page does not scroll sideways.  Screenshots go to
``tests/artifacts/screenshots/<theme>/``.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import REPO
from .test_browser import (
    _CONTAINED,
    ARTIFACTS,
    DESKTOP,
    PHONE,
    _served,
    measure,
)
from .test_browser import browser as _chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


#: test_browser's Chromium, a fixture here too (pytest finds fixtures by module name)
browser = _chromium


@dataclass(frozen=True)
class Theme:
    name: str
    #: the element whose ``data-theme`` says the mode, or None: light only
    mode_on: str | None


THEMES = (
    # furo keeps the reader's choice in localStorage "theme", on <body>
    Theme("furo", "body"),
    Theme("sphinx_rtd_theme", None),
    # pydata-sphinx-theme's switcher: localStorage "mode", on <html>
    Theme("sphinx_book_theme", "html"),
    Theme("alabaster", None),
)
VARIANTS = [
    pytest.param(theme, mode, id=f"{theme.name}-{mode}")
    for theme in THEMES
    for mode in (("light", "dark") if theme.mode_on else ("light",))
]
#: The reports, and a page of entry cards of many kinds.
PAGES = ("reports.html", "storage.html", "query-api.html")
SPHINX = importlib.metadata.version("sphinx")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Theme], str]]:
    """The demo built in a theme (once per theme) and served: theme -> URL."""
    urls: dict[str, str] = {}
    with contextlib.ExitStack() as stack:

        def url(theme: Theme) -> str:
            if theme.name not in urls:
                out = tmp_path_factory.mktemp(f"demo-{theme.name}")
                served = contextlib.contextmanager(_served)
                options = ("-D", f"html_theme={theme.name}")
                urls[theme.name] = stack.enter_context(served(REPO / "demo", out, *options))
            return urls[theme.name]

        yield url


def open_themed(
    browser: Browser, url: str, theme: Theme, mode: str, viewport: dict[str, int] = DESKTOP
) -> Page:
    """A page in a fresh context whose saved theme preference is ``mode``."""
    context = browser.new_context(viewport=viewport, color_scheme=mode)  # type: ignore[arg-type]
    context.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    if theme.mode_on:
        shown = page.evaluate(f"document.querySelector('{theme.mode_on}').dataset.theme")
        assert shown == mode, (theme, mode, shown)
    return page


# -- IDs and matrix headers keep their shape --------------------------------------------

#: Every ID (its code element, and the report cell it stands in) and every
#: matrix header cell, with the number of lines its text takes and its size.
_SHAPES = """
() => {
  // the lines of an element's text: its text boxes, told apart by their middles
  const lines = (el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const middles = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 0) middles.push(r.top + r.height / 2);
      }
    }
    middles.sort((a, b) => a - b);
    const half = parseFloat(getComputedStyle(el).fontSize) / 2;
    return middles.filter((m, i) => i === 0 || m - middles[i - 1] > half).length;
  };
  const describe = (el, what) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      what, text: el.textContent.trim().slice(0, 40), lines: lines(el),
      width: box.width, size: parseFloat(style.fontSize),
      // the cell, or the paragraph in it, turned to run upwards
      rotated: [el, el.firstElementChild].some((e) => e && (
        getComputedStyle(e).writingMode.startsWith("vertical")
        || getComputedStyle(e).transform !== "none")),
      fits: el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1,
    };
  };
  const visible = (el) => el.getClientRects().length > 0;
  return {
    ids: [...document.querySelectorAll(
        ".dd-entry code.dd-id, .dd-report code.dd-id, .dd-report td.dd-col-id")]
      .filter(visible).map((el) => describe(el, el.tagName.toLowerCase())),
    headers: [...document.querySelectorAll(".dd-report-matrix thead th")]
      .filter(visible).map((el) => describe(el, "th")),
  };
}
"""


@pytest.mark.parametrize(("theme", "mode"), VARIANTS)
def test_ids_and_matrix_headers_keep_their_shape(
    browser: Browser, site: Callable[[Theme], str], theme: Theme, mode: str
) -> None:
    """No ID takes more than two lines (none wraps a character a line), and
    every matrix header cell is at least three characters wide, or turned
    with its text inside."""
    ids, headers = [], []
    for name in PAGES:
        page = open_themed(browser, f"{site(theme)}/{name}", theme, mode)
        shapes = page.evaluate(_SHAPES)
        page.context.close()
        ids += [{**shape, "page": name} for shape in shapes["ids"]]
        headers += [{**shape, "page": name} for shape in shapes["headers"]]
    assert len(ids) >= 20, ids
    assert len(headers) >= 10, headers
    wrapped = [i for i in ids if i["lines"] > 2]
    assert not wrapped, "\n".join(map(_shape, wrapped))
    unreadable = [
        h
        for h in headers
        if not (h["width"] >= 3 * h["size"] and h["lines"] <= 2)
        and not (h["rotated"] and h["fits"])
    ]
    assert not unreadable, "\n".join(map(_shape, unreadable))


def _shape(shape: dict[str, Any]) -> str:
    return (
        f"{shape['page']} <{shape['what']}> {shape['text']!r}: {shape['lines']} lines, "
        f"{shape['width']:.0f} px wide, font {shape['size']} px"
    )


# -- contrast ---------------------------------------------------------------------------


@pytest.mark.parametrize(("theme", "mode"), VARIANTS)
def test_card_and_report_text_meets_wcag_aa(
    browser: Browser, site: Callable[[Theme], str], theme: Theme, mode: str
) -> None:
    """Entry text, status pills, report text and table cells: at least 4.5:1
    (large text 3:1) over what the theme paints behind them."""
    measured = []
    for name in PAGES:
        page = open_themed(browser, f"{site(theme)}/{name}", theme, mode)
        measured += measure(page, name)
        page.context.close()
    assert {"entry", "pill", "table cell"} <= {m.category for m in measured}
    failing = [m for m in measured if m.ratio < m.required]
    assert not failing, "\n".join(
        f"{m.page} {m.category} <{m.tag}> {m.text!r}: {m.ratio} < {m.required}" for m in failing
    )


# -- phone width ------------------------------------------------------------------------


#: What sticks out past the right edge of the screen (outside boxes that scroll
#: or clip, and fixed ones), in designdoc's cards and reports ("ours") and in
#: neither a card or report nor holding one ("theirs"), and the page's width.
_STICKING_OUT_BY_OWNER = (
    """
() => {
  const limit = document.documentElement.clientWidth + 1;"""
    + _CONTAINED
    + """
  const out = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > limit)
    .filter((el) => !contained(el));
  const name = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`
    + ` right=${Math.round(el.getBoundingClientRect().right)}`;
  const components = ".dd-entry, .dd-report";
  return {
    ours: out.filter((el) => el.closest(components)).map(name),
    theirs: out.filter((el) => !el.closest(components) && !el.querySelector(components))
      .map(name),
    width: document.documentElement.scrollWidth,
  };
}
"""
)


@pytest.mark.parametrize(("theme", "mode"), VARIANTS)
def test_phone_width_does_not_scroll_sideways(
    browser: Browser, site: Callable[[Theme], str], theme: Theme, mode: str
) -> None:
    """At 375 px no card or report, nor anything in one, reaches past the
    screen, and the page does not scroll sideways, unless for something of the
    page's own outside them (alabaster lets a wide plain table of the demo's
    widen its page: not designdoc's to restyle)."""
    for name in PAGES:
        page = open_themed(browser, f"{site(theme)}/{name}", theme, mode, PHONE)
        reach = page.evaluate(_STICKING_OUT_BY_OWNER)
        page.context.close()
        assert not reach["ours"], (name, reach)
        # a page wider than the screen: for something of the page's own
        assert reach["width"] <= PHONE["width"] or reach["theirs"], (name, reach)


# -- screenshots ------------------------------------------------------------------------

#: name -> (page, viewport, whole page or only what the viewport shows)
SCREENSHOTS = {
    "entries": ("storage.html", DESKTOP, False),
    "reports": ("reports.html", DESKTOP, True),
    "reports-phone": ("reports.html#goal-coverage", PHONE, False),
}


@pytest.mark.parametrize(("theme", "mode"), VARIANTS)
def test_screenshots(
    browser: Browser, site: Callable[[Theme], str], theme: Theme, mode: str
) -> None:
    """Screenshots for review, one folder per theme (build artefacts)."""
    folder: Path = ARTIFACTS / "screenshots" / theme.name
    folder.mkdir(parents=True, exist_ok=True)
    for label, (name, viewport, whole) in SCREENSHOTS.items():
        page = open_themed(browser, f"{site(theme)}/{name}", theme, mode, viewport)
        path = folder / f"sphinx-{SPHINX}-{label}-{mode}.png"
        page.screenshot(path=str(path), full_page=whole)
        page.context.close()
        assert path.stat().st_size > 10_000, path  # a picture, not an empty frame
