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

import colorsys
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


@pytest.fixture(scope="module")
def statuses_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every status of every built-in kind on cards and in report tables
    (pydata-sphinx-theme), served."""
    out = tmp_path_factory.mktemp("status-colours-html")
    yield from _served(REPO / "tests" / "roots" / "test-status-colours", out)


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


def open_page(
    browser: Browser, url: str, mode: str, viewport: dict[str, int] = DESKTOP, init: str = ""
) -> Page:
    """A page in a fresh context whose saved theme preference is ``mode``;
    ``init``: a script run before the page's own."""
    context = browser.new_context(viewport=viewport, color_scheme=mode)  # type: ignore[arg-type]
    # what pydata-sphinx-theme's switcher stores, read before the first paint
    context.add_init_script(f"localStorage.setItem('mode', '{mode}');{init}")
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

#: The start of a page function: ``rgba(css)`` turns any CSS colour (rgb(),
#: color(srgb ...), oklab(), ...) into [r, g, b, alpha] by painting it.
_RGBA = """
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
  };"""

#: Every element under a designdoc component with text of its own: its text
#: colour and the colours behind it, up to the first opaque background, as RGBA.
_COLLECT_TEXT = (
    "() => {"
    + _RGBA
    + """
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
)


def luminance(rgb: tuple[float, float, float]) -> float:
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
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
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


#: The start of a page function: ``contained(el)`` says whether an element is
#: inside a box that scrolls or clips, or in a fixed box (off-canvas drawers),
#: which does not widen the page.
_CONTAINED = """
  const contained = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.position === "fixed") return true;
      if (e !== el && style.overflowX !== "visible") return true;
    }
    return false;
  };"""

#: Elements outside the theme's header that stick out past the right edge of
#: the viewport, so that the page scrolls sideways.
_STICKING_OUT = (
    """
() => {
  const limit = document.documentElement.clientWidth + 1;"""
    + _CONTAINED
    + """
  return [...document.body.querySelectorAll("*")]
    .filter((el) => !el.closest(".bd-header") && el.getClientRects().length)
    .filter((el) => el.getBoundingClientRect().right > limit && !contained(el))
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`
      + ` right=${Math.round(el.getBoundingClientRect().right)}`);
}
"""
)


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


def switch_to_dark(page: Page) -> None:
    """Switch pydata-sphinx-theme to dark mode as a reader does, with its toggle."""
    page.locator(".theme-switch-button:visible").first.click()
    page.locator(".theme-change-button[data-mode='dark']:visible").first.click()
    page.wait_for_function("document.documentElement.dataset.theme === 'dark'")


def test_theme_toggle_changes_entry_colours(browser: Browser, demo_url: str) -> None:
    page = open_page(browser, f"{demo_url}/storage.html", "light")
    light = _entry_colours(page)
    switch_to_dark(page)
    dark = _entry_colours(page)
    page.context.close()
    changed = {key for key in light if light[key] != dark[key]}
    assert changed == set(light), f"unchanged after the toggle: {set(light) - changed}"


def test_report_table_runs_its_full_length(browser: Browser, demo_url: str) -> None:
    """A report table scrolls sideways in its own box but never downwards: a box
    that scrolled both ways caught the wheel and stopped the page (the wheel
    test is below).  Its header row is not kept in view any more: a header can
    only stick to the box that scrolls, and that box no longer scrolls down."""
    page = open_page(browser, f"{demo_url}/reports.html", "light")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll(".dd-report .dd-table")].map((table) => {
          const box = table.closest(".pst-scrollable-table-container") || table;
          return {rows: table.rows.length, overflowY: getComputedStyle(box).overflowY,
                  hiddenBelow: box.scrollHeight - box.clientHeight,
                  cut: table.getBoundingClientRect().height - box.clientHeight};
        })"""
    )
    page.context.close()
    assert any(box["rows"] > 10 for box in boxes), boxes
    for box in boxes:
        assert box["overflowY"] == "hidden", box
        assert box["hiddenBelow"] <= 1, box
        assert box["cut"] <= 1, box


#: Each design-graph's SVG: its width and its container's, each node's text and
#: fill colours, and the colours behind the picture up to the first opaque one.
_GRAPHS = (
    "() => {"
    + _RGBA
    + """
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
      boxRight: svg.parentElement.getBoundingClientRect().right,
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
)


@pytest.mark.parametrize("mode", MODES)
def test_graph_fits_the_column_and_follows_the_theme(
    browser: Browser, demo_url: str, mode: str, screenshots: Path
) -> None:
    """The design-graph is SVG no wider than its column on a wide screen (on a
    phone, its box is), its nodes are links whose text meets WCAG AA on their fill, and in
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
            # on a phone the picture keeps its text readable and scrolls in its
            # box (see test_browser_matrix), which stays in the screen
            assert graph["boxRight"] <= viewport["width"], (label, graph)
            if label == "wide":
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
                assert luminance(behind) < 0.1, graph["layers"]


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


# -- what status colours mean -----------------------------------------------------------

#: Per status pill: its status, where it is, its background and text colours;
#: per card: its status and the colour of its edge; the bar of each report row
#: that stands out, by the row's classes.
_STATUS_COLOURS = (
    "() => {"
    + _RGBA
    + """
  const status = (el) =>
    [...el.classList].find((c) => c.startsWith("dd-status-")).slice("dd-status-".length);
  return {
    pills: [...document.querySelectorAll(".dd-status")].map((el) => ({
      status: status(el),
      where: el.closest(".dd-entry") ? "card" : "table",
      background: rgba(getComputedStyle(el).backgroundColor),
    })),
    edges: [...document.querySelectorAll(".dd-entry")].map((el) => ({
      status: status(el),
      edge: rgba(getComputedStyle(el).borderLeftColor),
    })),
    bars: [...document.querySelectorAll(
        ":is(.dd-blocking, .dd-overdue, .dd-late, .dd-uncovered) > td:first-child")].map(
      (td) => ({
        row: [...td.parentElement.classList].filter((c) => c.startsWith("dd-")).join(" "),
        bar: rgba(getComputedStyle(td).boxShadow.match(/^(rgba?\\([^)]*\\)|#\\w+)/)[1]),
      })),
  };
}
"""
)


def reddish(rgba: list[float]) -> bool:
    """Whether a colour reads as red: a saturated hue within 20 degrees of red."""
    if rgba[3] == 0:
        return False
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgba[:3]))
    degrees = hue * 360
    return saturation >= 0.3 and 0.15 <= lightness <= 0.9 and (degrees <= 20 or degrees >= 340)


@pytest.mark.parametrize("mode", MODES)
def test_red_marks_only_what_fails(browser: Browser, statuses_url: str, mode: str) -> None:
    """Of every status of the built-in kinds, only ``failing`` is red, on pills
    and card edges; an ``open`` question or risk is not; the bars of blocking
    and overdue report rows are red; every pill's text meets WCAG AA."""
    page = open_page(browser, f"{statuses_url}/index.html", mode)
    found = page.evaluate(_STATUS_COLOURS)
    pills = [m for m in measure(page, "index.html") if m.category == "pill"]
    page.context.close()
    shown = {pill["status"] for pill in found["pills"]}
    assert {"open", "failing", "dropped", "approved"} <= shown, shown
    red_pills = {(p["status"], p["where"]) for p in found["pills"] if reddish(p["background"])}
    assert red_pills == {("failing", "card")}, (mode, red_pills)
    red_edges = {e["status"] for e in found["edges"] if reddish(e["edge"])}
    assert red_edges == {"failing"}, (mode, red_edges)
    open_pills = [p for p in found["pills"] if p["status"] == "open"]
    assert len(open_pills) == 2, open_pills  # a question's and a risk's
    assert all(p["background"][3] == 1 for p in open_pills), open_pills  # filled, not outlined
    bars = {bar["row"]: reddish(bar["bar"]) for bar in found["bars"]}
    assert bars == {"dd-blocking dd-overdue": True}, (mode, bars)
    assert len(pills) == len(found["pills"]), pills
    failing = [m for m in pills if m.ratio < m.required]
    assert not failing, "\n".join(
        f"{m.text!r} <{m.tag}>: {m.ratio} < {m.required}" for m in failing
    )


#: The background of each ``accepted`` pill in a report table, by the kind of
#: the row's entry (index and summary rows name it: ``dd-kind-<kind>``).
_ACCEPTED_IN_TABLES = (
    "() => {"
    + _RGBA
    + """
  return [...document.querySelectorAll(".dd-report td .dd-status-accepted")].map((pill) => ({
    kind: [...pill.closest("tr").classList].find((c) => c.startsWith("dd-kind-")),
    background: rgba(getComputedStyle(pill).backgroundColor),
  }));
}
"""
)


@pytest.mark.parametrize("mode", MODES)
def test_accepted_risk_is_amber_in_tables_as_on_cards(
    browser: Browser, demo_url: str, mode: str
) -> None:
    """An accepted risk is one lived with: its pill is amber in report tables
    (the demo's summary and index of risks) as on its card, not the green of
    an accepted goal or decision."""
    page = open_page(browser, f"{demo_url}/reports.html", mode)
    pills = page.evaluate(_ACCEPTED_IN_TABLES)
    page.goto(f"{demo_url}/storage.html")
    card = page.evaluate(
        "() => {"
        + _RGBA
        + """
      const pill = document.querySelector("#R-storage-cost .dd-status-accepted");
      return rgba(getComputedStyle(pill).backgroundColor);
    }"""
    )
    page.context.close()
    by_kind: dict[str, set[tuple[float, ...]]] = {}
    for pill in pills:
        by_kind.setdefault(pill["kind"], set()).add(tuple(pill["background"]))
    assert {"dd-kind-risk", "dd-kind-goal", "dd-kind-decision"} <= set(by_kind), by_kind
    assert by_kind["dd-kind-risk"] == {tuple(card)}, (mode, by_kind, card)
    hue = colorsys.rgb_to_hls(*(c / 255 for c in card[:3]))[0] * 360
    assert 20 <= hue <= 50, (mode, card, hue)  # amber: between red and yellow
    settled = by_kind["dd-kind-goal"] | by_kind["dd-kind-decision"]
    assert tuple(card) not in settled, (mode, by_kind)


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


# -- report tables: screen width and scrolling ------------------------------------------

WIDE = {"width": 1440, "height": 900}

#: Each report table: its scrolling box, and the ID, title and status or verdict
#: header cells, each with whether it is inside both the box and the viewport.
_TABLE_COLUMNS = """
() => [...document.querySelectorAll(".dd-report table.dd-table")].map((table) => {
  const box = table.closest(".pst-scrollable-table-container, .table-wrapper") || table;
  const edges = box.getBoundingClientRect();
  const seen = (cell) => {
    const r = cell.getBoundingClientRect();
    return r.left >= edges.left - 1 && r.right <= Math.min(edges.right, innerWidth) + 1;
  };
  const heads = [...table.tHead.rows[0].cells];
  const wanted = heads.filter((th, i) => i < 2
    || th.matches(".dd-col-status, .dd-col-verdict"));
  return {
    report: table.closest(".dd-report").className,
    overflows: box.scrollWidth > box.clientWidth + 1,
    columns: wanted.map((th) => ({text: th.textContent.trim(), seen: seen(th)})),
  };
})
"""


@pytest.mark.parametrize("mode", MODES)
def test_report_tables_show_their_key_columns_at_desktop_width(
    browser: Browser, demo_url: str, mode: str, screenshots: Path
) -> None:
    """At 1440 px every report table shows its ID and title columns, and its
    status or verdict column, without scrolling: the verdict of design-gates
    stays at the right edge of the table's box until it is scrolled to."""
    page = open_page(browser, f"{demo_url}/reports.html", mode, WIDE)
    tables = page.evaluate(_TABLE_COLUMNS)
    page.locator(".dd-report-gates").screenshot(path=str(screenshots / f"gates-wide-{mode}.png"))
    page.context.close()
    assert len(tables) >= 10, tables
    assert any(t["overflows"] for t in tables), "no table wider than the column: nothing tested"
    assert any("Verdict" in [c["text"] for c in t["columns"]] for t in tables), tables
    hidden = [(t["report"], c["text"]) for t in tables for c in t["columns"] if not c["seen"]]
    assert not hidden, hidden


#: The scrolling box of the widest report table, its cue at the start and after
#: it is scrolled to the end, and whether it can scroll downwards on its own.
_WIDEST_BOX = """
async () => {
  const boxes = [...document.querySelectorAll(".dd-report > .pst-scrollable-table-container")]
    .filter((b) => !b.querySelector(".dd-col-verdict"));
  const box = boxes.sort((a, b) => b.scrollWidth - a.scrollWidth)[0];
  box.scrollIntoView({block: "center"});
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  await frame(); await frame();
  const cue = () => ({
    mask: getComputedStyle(box).maskImage,
    right: parseFloat(getComputedStyle(box).getPropertyValue("--dd-more-right")),
    left: parseFloat(getComputedStyle(box).getPropertyValue("--dd-more-left")),
  });
  const start = cue();
  box.scrollLeft = box.scrollWidth;
  await frame(); await frame();
  const end = cue();
  box.scrollLeft = 0;
  await frame(); await frame();
  const r = box.getBoundingClientRect();
  return {
    start, end, overflows: box.scrollWidth > box.clientWidth,
    classes: [...box.classList].filter((c) => c.startsWith("dd-more-")),
    scrollsDown: box.scrollHeight > box.clientHeight + 1
      || getComputedStyle(box).overflowY !== "hidden",
    x: r.left + r.width / 2, y: r.top + r.height / 2,
  };
}
"""


@pytest.mark.parametrize("mode", MODES)
def test_wide_table_shows_a_cue_and_lets_the_page_scroll(
    browser: Browser, demo_url: str, mode: str
) -> None:
    """A table wider than its column fades at the edge that has more to show,
    and the wheel over it scrolls the page, not a box of its own."""
    page = open_page(browser, f"{demo_url}/reports.html", mode, WIDE)
    box = page.evaluate(_WIDEST_BOX)
    before = page.evaluate("window.scrollY")
    page.mouse.move(box["x"], box["y"])
    page.mouse.wheel(0, 400)
    page.wait_for_function(f"window.scrollY !== {before}", timeout=5000)
    after = page.evaluate("window.scrollY")
    page.context.close()
    assert box["overflows"], box
    assert not box["scrollsDown"], box
    assert box["start"]["mask"] != "none", box
    # more to the right at the start, more to the left at the end
    assert (box["start"]["right"], box["start"]["left"]) == (1, 0), box
    assert (box["end"]["right"], box["end"]["left"]) == (0, 1), box
    assert box["classes"] == [], box  # the stylesheet does it: no script fallback
    assert after > before


#: A browser without scroll-driven animations, as Firefox: ``CSS.supports``
#: says so, and the stylesheet's animation of the cue is taken away.
_NO_SCROLL_TIMELINE = """
const supports = CSS.supports.bind(CSS);
CSS.supports = (...query) => !query.join(":").includes("animation-timeline") && supports(...query);
document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = ".dd-report > * { animation: none !important; }";
  document.head.append(style);
});
"""


@pytest.mark.parametrize("mode", MODES)
def test_scroll_cue_without_scroll_driven_animations(
    browser: Browser, demo_url: str, mode: str
) -> None:
    """Where CSS cannot drive the cue from the scroll position, designdoc.js
    does, with a class on the box: the same fade and shadow, start and end."""
    page = open_page(browser, f"{demo_url}/reports.html", mode, WIDE, init=_NO_SCROLL_TIMELINE)
    box = page.evaluate(_WIDEST_BOX)
    animations = page.evaluate(
        """[...document.querySelectorAll(".dd-report > *")]
             .map((e) => getComputedStyle(e).animationName).filter((n) => n !== "none")"""
    )
    page.context.close()
    assert animations == [], animations  # the animation is really gone
    assert box["overflows"], box
    assert box["start"]["mask"] != "none", box
    assert (box["start"]["right"], box["start"]["left"]) == (1, 0), box
    assert (box["end"]["right"], box["end"]["left"]) == (0, 1), box
    assert box["classes"] == ["dd-more-right"], box  # back at the start


@pytest.mark.parametrize("mode", MODES)
def test_phone_keeps_the_id_column_in_view(
    browser: Browser, demo_url: str, mode: str, screenshots: Path
) -> None:
    """At 375 px the first column of every report table is sticky, so it stays
    readable while the rest scrolls under it; the page itself does not scroll
    sideways."""
    page = open_page(browser, f"{demo_url}/reports.html", mode, PHONE)
    first = page.evaluate(
        """() => [...document.querySelectorAll(".dd-report table.dd-table")].map((t) => {
             const cell = t.tBodies[0].rows[0].cells[0];
             const box = t.closest(".pst-scrollable-table-container") || t;
             const before = cell.getBoundingClientRect().left;
             box.scrollLeft = 120;
             const moved = cell.getBoundingClientRect().left - before;
             const bg = getComputedStyle(cell).backgroundColor;
             return {position: getComputedStyle(cell).position, scrolled: box.scrollLeft,
                     moved, opaque: !/rgba\\(.*, 0(\\.\\d+)?\\)$/.test(bg) && bg !== "transparent"};
           })"""
    )
    page.locator(".dd-report-gates").screenshot(path=str(screenshots / f"gates-phone-{mode}.png"))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.context.close()
    assert first
    assert all(cell["position"] == "sticky" for cell in first), first
    assert all(cell["opaque"] for cell in first), first
    scrolled = [cell for cell in first if cell["scrolled"]]
    assert scrolled, first
    assert all(abs(cell["moved"]) <= 1 for cell in scrolled), first
    assert scroll_width <= PHONE["width"], scroll_width
