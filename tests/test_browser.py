"""The demo in a real browser, in pydata-sphinx-theme's light and dark modes.

The demo is built into a temporary folder, served on a free localhost port and
opened in the Chromium of the machine's Debian packages, driven by Playwright
(``executable_path``; Playwright's own browser download is not used).  The
tests measure what a reader sees: WCAG contrast of entry text, status pills and
report table cells, where a ``design:ref`` link lands, sideways scrolling on a
phone-sized viewport, and the theme toggle.  Screenshots of a few pages in both
modes are saved to ``tests/artifacts/screenshots/`` for review.

Without the ``playwright`` package or a Chromium (``make test`` installs both
where it can) every test here is skipped, with the reason.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="the browser tests need the playwright package: pip install -e '.[test]'",
)

#: Debian's Chromium; another one can be named in DESIGNDOC_CHROMIUM.
CHROMIUM = os.environ.get("DESIGNDOC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Without the networking switches Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "tests" / "artifacts"
MODES = ("light", "dark")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
#: Demo pages with entry cards of every kind, and every report.
PAGES = ("ingestion.html", "storage.html", "query-api.html", "reports.html")
#: WCAG 2.1 AA: 4.5:1 for text, 3:1 for large text (24px, or 18.66px bold).
AA_TEXT, AA_LARGE = 4.5, 3.0


# -- the served demo and the browser ------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo, built and served on a free localhost port.

    Warnings are not errors here: test_builders checks the demo's warnings."""
    yield from _served(REPO / "demo", tmp_path_factory.mktemp("demo-html"))


@pytest.fixture(scope="module")
def flagged_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A project of unset and invalid values, in pydata-sphinx-theme, served."""
    out = tmp_path_factory.mktemp("unset-values-html")
    srcdir = REPO / "tests" / "roots" / "test-unset-values"
    yield from _served(srcdir, out, "-D", "html_theme=pydata_sphinx_theme")


def _served(srcdir: Path, out: Path, *options: str) -> Iterator[str]:
    """Build ``srcdir`` into ``out`` and serve it on a free localhost port."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", *options]
    command += ["-d", str(out / ".doctrees"), str(srcdir), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's chromium package "
            "(make test does so when run as root) or set DESIGNDOC_CHROMIUM"
        )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser: Browser, url: str, mode: str, viewport: dict[str, int] = DESKTOP) -> Page:
    """A page in a fresh context whose saved theme preference is ``mode``."""
    context = browser.new_context(viewport=viewport, color_scheme=mode)  # type: ignore[arg-type]
    # what pydata-sphinx-theme's switcher stores, read before the first paint
    context.add_init_script(f"localStorage.setItem('mode', '{mode}');")
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return page


#: Artefacts of each run are told apart by the theme's version (one per virtualenv).
THEME = f"pydata-sphinx-theme-{importlib.metadata.version('pydata-sphinx-theme')}"


@pytest.fixture(scope="module")
def screenshots() -> Path:
    folder = ARTIFACTS / "screenshots" / THEME
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- contrast -------------------------------------------------------------------------

#: Every element under a designdoc component with text of its own: its text
#: colour and the colours behind it, up to the first opaque background, as RGBA.
_COLLECT_TEXT = """
() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const rgba = (css) => {  // any CSS colour (rgb(), color(srgb ...), oklab(), ...)
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "#000";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    return layers;
  };
  const category = (el) =>
    el.closest(".dd-status") ? "pill"
    : el.closest(".dd-report td, .dd-report th") ? "table cell"
    : el.closest(".dd-entry") ? "entry" : "report";
  const found = [];
  for (const el of document.querySelectorAll(
      ".dd-entry, .dd-entry *, .dd-report, .dd-report *")) {
    if (el.closest("pre, svg, .headerlink, .graphviz")) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible") continue;
    found.push({
      category: category(el),
      text: el.textContent.trim().slice(0, 40),
      tag: el.tagName.toLowerCase() + "." + [...el.classList].join("."),
      color: rgba(style.color),
      layers: behind(el),
      size: parseFloat(style.fontSize),
      weight: parseInt(style.fontWeight, 10),
    });
  }
  return found;
}
"""


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _over(top: list[float], bottom: tuple[float, float, float]) -> tuple[float, float, float]:
    """An RGBA colour painted over an opaque one."""
    alpha = top[3]
    return (
        top[0] * alpha + bottom[0] * (1 - alpha),
        top[1] * alpha + bottom[1] * (1 - alpha),
        top[2] * alpha + bottom[2] * (1 - alpha),
    )


def contrast(color: list[float], layers: list[list[float]]) -> float:
    """WCAG contrast ratio of a text colour over its stack of backgrounds."""
    background: tuple[float, float, float] = (255.0, 255.0, 255.0)  # the canvas
    for layer in reversed(layers):  # from the opaque one up to the element
        background = _over(layer, background)
    foreground = _over(color, background)
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True)
class Measured:
    page: str
    category: str
    text: str
    tag: str
    ratio: float
    required: float


def measure(page: Page, name: str) -> list[Measured]:
    measured = []
    for item in page.evaluate(_COLLECT_TEXT):
        large = item["size"] >= 24 or (item["size"] >= 18.66 and item["weight"] >= 700)
        measured.append(
            Measured(
                page=name,
                category=item["category"],
                text=item["text"],
                tag=item["tag"],
                ratio=round(contrast(item["color"], item["layers"]), 2),
                required=AA_LARGE if large else AA_TEXT,
            )
        )
    return measured


def test_wcag_contrast_ratio() -> None:
    """The arithmetic the contrast test relies on, against WCAG's own examples."""
    assert contrast([0, 0, 0, 1], [[255, 255, 255, 1]]) == pytest.approx(21.0)
    assert contrast([119, 119, 119, 1], [[255, 255, 255, 1]]) == pytest.approx(4.48, abs=0.01)
    # half-transparent black over white is mid grey
    assert contrast([0, 0, 0, 0.5], [[255, 255, 255, 1]]) == pytest.approx(3.98, abs=0.01)
    # a transparent layer over an opaque one changes nothing
    assert contrast([0, 0, 0, 1], [[0, 0, 0, 0], [255, 255, 255, 1]]) == pytest.approx(21.0)


@pytest.mark.parametrize("mode", MODES)
def test_text_contrast_meets_wcag_aa(
    browser: Browser, demo_url: str, mode: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Entry text, status pills and report table cells: at least 4.5:1 (large text 3:1)."""
    measured: list[Measured] = []
    for name in PAGES:
        page = open_page(browser, f"{demo_url}/{name}", mode)
        measured += measure(page, name)
        page.context.close()
    categories = {m.category for m in measured}
    assert {"entry", "pill", "table cell"} <= categories, categories
    summary = {
        category: min(m.ratio for m in measured if m.category == category)
        for category in sorted(categories)
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"contrast-{THEME}-{mode}.json").write_text(
        json.dumps({"lowest": summary, "measured": [m.__dict__ for m in measured]}, indent=1),
        "utf-8",
    )
    with capsys.disabled():
        print(f"\n{THEME}, {mode} mode, lowest contrast: {summary}")
    failing = [m for m in measured if m.ratio < m.required]
    assert not failing, "\n".join(
        f"{m.page} {m.category} <{m.tag}> {m.text!r}: {m.ratio} < {m.required}" for m in failing
    )


# -- behaviour --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_design_ref_link_lands_on_its_entry(browser: Browser, demo_url: str, mode: str) -> None:
    page = open_page(browser, f"{demo_url}/index.html", mode)
    page.locator("article a[href$='#G-no-lost-events']").first.click()
    page.wait_for_url("**/ingestion.html#G-no-lost-events")
    landed = page.evaluate(
        """() => {
          const entry = document.getElementById("G-no-lost-events");
          const box = entry.getBoundingClientRect();
          const x = box.left + box.width / 2;
          const y = Math.min(box.top + box.height / 2, innerHeight - 1);
          return {
            isCard: entry.classList.contains("dd-entry"),
            isTarget: entry.matches(":target"),
            top: box.top, viewport: innerHeight,
            padding: parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0,
            seen: entry.contains(document.elementFromPoint(x, y)),
          };
        }"""
    )
    page.context.close()
    assert landed["isCard"], landed
    assert landed["isTarget"], landed
    # scrolled to where the theme wants anchors (below its scroll padding, which
    # pydata-sphinx-theme sets to its header's height) and not covered
    assert landed["padding"] - 1 <= landed["top"] < landed["viewport"] / 2, landed
    assert landed["seen"], landed


#: Elements outside the theme's header that stick out past the right edge of
#: the viewport, so that the page scrolls sideways.
_STICKING_OUT = """
() => {
  const limit = document.documentElement.clientWidth + 1;
  // inside a box that scrolls or clips, or in a fixed box (off-canvas drawers),
  // which does not widen the page
  const contained = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.position === "fixed") return true;
      if (e !== el && style.overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((el) => !el.closest(".bd-header") && el.getClientRects().length)
    .filter((el) => el.getBoundingClientRect().right > limit && !contained(el))
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`
      + ` right=${Math.round(el.getBoundingClientRect().right)}`);
}
"""


@pytest.mark.parametrize("mode", MODES)
def test_phone_width_does_not_scroll_sideways(browser: Browser, demo_url: str, mode: str) -> None:
    """At 375 px, cards and report tables stay inside the page; wide tables
    scroll in their own box, and the whole page is no wider than the screen."""
    for name in PAGES:
        page = open_page(browser, f"{demo_url}/{name}", mode, PHONE)
        assert page.locator(".dd-entry, .dd-report").count(), name
        sticking_out = page.evaluate(_STICKING_OUT)
        widths = page.evaluate(
            """[...document.querySelectorAll(".dd-entry, .dd-report")]
                 .map((e) => e.getBoundingClientRect().right)"""
        )
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        page.context.close()
        assert not sticking_out, f"{name}: {sticking_out}"
        assert max(widths) <= PHONE["width"], f"{name}: components reach {max(widths)} px"
        assert scroll_width <= PHONE["width"], f"{name}: the page is {scroll_width} px wide"


def _entry_colours(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => {
          const style = (s) => getComputedStyle(document.querySelector(s));
          return {
            card: style(".dd-entry").backgroundColor,
            text: style(".dd-entry").color,
            title: style(".dd-entry .dd-title").color,
            pill: style(".dd-entry .dd-status").backgroundColor,
          };
        }"""
    )


def test_theme_toggle_changes_entry_colours(browser: Browser, demo_url: str) -> None:
    page = open_page(browser, f"{demo_url}/storage.html", "light")
    light = _entry_colours(page)
    page.locator(".theme-switch-button:visible").first.click()
    page.locator(".theme-change-button[data-mode='dark']:visible").first.click()
    page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
    dark = _entry_colours(page)
    page.context.close()
    changed = {key for key in light if light[key] != dark[key]}
    assert changed == set(light), f"unchanged after the toggle: {set(light) - changed}"


def test_report_table_header_stays_in_view(browser: Browser, demo_url: str) -> None:
    """A report table taller than --dd-table-max-height scrolls in its own box,
    keeping its header row in view."""
    page = open_page(browser, f"{demo_url}/reports.html", "light")
    offsets = page.evaluate(
        """() => {
          document.body.style.setProperty("--dd-table-max-height", "10rem");
          const table = [...document.querySelectorAll(".dd-report .dd-table")]
            .find((t) => t.rows.length > 6);
          const box = table.closest(".pst-scrollable-table-container") || table;
          box.scrollTop = 80;
          const head = table.querySelector("thead th").getBoundingClientRect().top;
          return {scrolled: box.scrollTop, gap: head - box.getBoundingClientRect().top};
        }"""
    )
    page.context.close()
    assert offsets["scrolled"] == 80, offsets
    assert abs(offsets["gap"]) <= 1, offsets


#: Each design-graph's SVG: its width and its container's, each node's text and
#: fill colours, and the colours behind the picture up to the first opaque one.
_GRAPHS = """
() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "#000";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const painted = (css) => (css === "none" ? [0, 0, 0, 0] : rgba(css));
  return [...document.querySelectorAll(".dd-report-graph svg.dd-graph-svg")].map((svg) => {
    const layers = [];
    for (let e = svg; e; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    return {
      width: svg.getBoundingClientRect().width,
      container: svg.parentElement.getBoundingClientRect().width,
      right: svg.getBoundingClientRect().right,
      layers,
      // Graphviz's page: a polygon first in the graph's group, where it draws one
      page: [...svg.querySelectorAll("g.graph > polygon")].map(
        (p) => painted(getComputedStyle(p).fill)),
      nodes: [...svg.querySelectorAll("g.node")].map((node) => ({
        text: node.querySelector("text").textContent,
        color: painted(getComputedStyle(node.querySelector("text")).fill),
        fill: painted(getComputedStyle(node.querySelector("path, polygon, ellipse")).fill),
        href: node.querySelector("a")?.getAttribute("xlink:href"),
      })),
    };
  });
}
"""


@pytest.mark.parametrize("mode", MODES)
def test_graph_fits_the_column_and_follows_the_theme(
    browser: Browser, demo_url: str, mode: str, screenshots: Path
) -> None:
    """The design-graph is SVG no wider than its column on a phone and a wide
    screen, its nodes are links whose text meets WCAG AA on their fill, and in
    dark mode nothing light is painted behind it."""
    for label, viewport in {"phone": PHONE, "wide": {"width": 1440, "height": 900}}.items():
        page = open_page(browser, f"{demo_url}/reports.html", mode, viewport)
        graphs = page.evaluate(_GRAPHS)
        page.locator(".dd-report-graph .dd-graph").first.screenshot(
            path=str(screenshots / f"graph-{label}-{mode}.png")
        )
        page.context.close()
        assert graphs, "no graph drawn as SVG in reports.html"
        for graph in graphs:
            assert graph["width"] <= graph["container"] + 0.5, (label, graph)
            assert graph["right"] <= viewport["width"], (label, graph)
            assert graph["nodes"], graph
            assert all(node["href"] for node in graph["nodes"]), graph["nodes"]
            assert all(colour[3] == 0 for colour in graph["page"]), graph["page"]
            for node in graph["nodes"]:
                ratio = contrast(node["color"], [node["fill"], *graph["layers"]])
                assert ratio >= AA_TEXT, (mode, node, round(ratio, 2))
            if mode == "dark":
                # what shows behind the picture is the dark page, not a light slab
                behind: tuple[float, float, float] = (255.0, 255.0, 255.0)
                for layer in reversed(graph["layers"]):
                    behind = _over(layer, behind)
                assert _luminance(behind) < 0.1, graph["layers"]


# -- values that failed validation ----------------------------------------------------

_INVALID_STYLES = """
() => [...document.querySelectorAll(".dd-invalid")].map((el) => {
  const value = getComputedStyle(el.querySelector(".dd-invalid-value"));
  return {
    text: el.textContent,
    line: value.textDecorationLine,
    style: value.textDecorationStyle,
    decoration: value.textDecorationColor,
    note: getComputedStyle(el.querySelector(".dd-invalid-note")).color,
    plain: getComputedStyle(el.closest("p, td")).color,
  };
})
"""


@pytest.mark.parametrize("mode", MODES)
def test_invalid_values_are_flagged_readably(browser: Browser, flagged_url: str, mode: str) -> None:
    """A value that failed validation is shown as written, underlined with a wavy
    line in the danger colour and followed by "(invalid)" in the same colour, on
    cards and in report cells; the note meets WCAG AA in light and dark."""
    page = open_page(browser, f"{flagged_url}/index.html", mode)
    flagged = page.evaluate(_INVALID_STYLES)
    notes = [m for m in measure(page, "index.html") if "dd-invalid-note" in m.tag]
    page.context.close()
    assert len(flagged) == 9, flagged  # six on cards, three in a report table
    for item in flagged:
        assert item["text"].endswith(" (invalid)"), item
        assert (item["line"], item["style"]) == ("underline", "wavy"), item
        assert item["decoration"] == item["note"] != item["plain"], item
    assert notes
    assert all(m.ratio >= m.required for m in notes), notes


# -- screenshots -----------------------------------------------------------------------

#: name -> (page, viewport, whole page or only what the viewport shows)
SCREENSHOTS = {
    "entries": ("storage.html#goals-and-non-goals", DESKTOP, False),
    "reports": ("reports.html", DESKTOP, True),
    "entries-phone": ("query-api.html#components", PHONE, False),
    "reports-phone": ("reports.html#open-questions", PHONE, False),
}


@pytest.mark.parametrize("mode", MODES)
def test_screenshots(
    browser: Browser,
    demo_url: str,
    mode: str,
    screenshots: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Screenshots of a few pages, for review (build artefacts of ``make test``)."""
    for label, (name, viewport, whole) in SCREENSHOTS.items():
        page = open_page(browser, f"{demo_url}/{name}", mode, viewport)
        path = screenshots / f"{label}-{mode}.png"
        page.screenshot(path=str(path), full_page=whole)
        page.context.close()
        assert path.stat().st_size > 10_000, path  # a picture, not an empty frame
    with capsys.disabled():
        print(f"\nscreenshots ({mode} mode): {screenshots}")
