"""Big report tables in a real browser: sorted, filtered and downloaded as CSV.

``designdoc.js`` enhances the demo's report tables of at least eight body rows;
with JavaScript off they stay the plain tables every other builder writes.  The
served demo, the browser and :func:`open_page` are those of :mod:`.test_browser`
(which skips every test without Playwright or a Chromium).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .test_browser import DESKTOP, _served, browser, demo_url, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["browser", "demo_url"]  # the fixtures, used by name

#: The demo's design-gates table: twelve components, an ID column first.
GATES = ".dd-report-gates table.dd-table"

#: The text of each shown body row's cells, whitespace collapsed.
_ROWS = """
(selector) => [...document.querySelector(selector).tBodies[0].rows]
  .filter((row) => !row.hidden && row.getClientRects().length)
  .map((row) => [...row.cells].map((c) => c.textContent.replace(/\\s+/g, " ").trim()))
"""


def shown_rows(page: Page, selector: str = GATES) -> list[list[str]]:
    rows: list[list[str]] = page.evaluate(_ROWS, selector)
    return rows


def natural(text: str) -> list[tuple[int, int | str]]:
    """A sort key that orders numbers in text by value (G-9 before G-10)."""
    return [
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in re.split(r"(\d+)", text)
        if part
    ]


def test_sort_by_id_descending(browser: Browser, demo_url: str) -> None:
    """Two clicks on the ID header sort the rows by ID, descending, and say so."""
    page = open_page(browser, f"{demo_url}/reports.html", "light")
    before = [row[0] for row in shown_rows(page)]
    header = page.locator(f"{GATES} > thead th").first
    button = header.get_by_role("button", name="ID")
    button.click()
    ascending = [row[0] for row in shown_rows(page)]
    assert header.get_attribute("aria-sort") == "ascending"
    button.press("Enter")  # the keyboard works as well as the mouse
    descending = [row[0] for row in shown_rows(page)]
    sort_states = page.locator(f"{GATES} > thead th[aria-sort]").count()
    assert header.get_attribute("aria-sort") == "descending"
    page.context.close()
    assert len(before) >= 12, before
    assert ascending == sorted(before, key=natural), ascending
    assert descending == sorted(before, key=natural, reverse=True), descending
    assert descending != before
    assert sort_states == 1


def test_filter_narrows_rows_and_count(browser: Browser, demo_url: str) -> None:
    """Typed text hides the rows without it, whatever its case, and the count
    says how many are shown; clearing it shows every row again."""
    page = open_page(browser, f"{demo_url}/reports.html", "light")
    report = page.locator(".dd-report-gates")
    every = shown_rows(page)
    filter_box = report.get_by_label("Filter")
    filter_box.fill("INTAKE")
    narrowed = shown_rows(page)
    count = report.locator(".dd-table-count").inner_text()
    filter_box.fill("")
    cleared = report.locator(".dd-table-count").inner_text()
    page.context.close()
    expected = [row for row in every if "intake" in " ".join(row).lower()]
    assert 0 < len(narrowed) < len(every), narrowed
    assert narrowed == expected
    assert count == f"{len(expected)} of {len(every)} rows"
    assert cleared == f"{len(every)} of {len(every)} rows"


def test_csv_download_has_header_and_shown_rows(browser: Browser, demo_url: str) -> None:
    """The CSV button downloads the header and the shown rows, in their order,
    named after the report."""
    page = open_page(browser, f"{demo_url}/reports.html", "light")
    report = page.locator(".dd-report-gates")
    report.get_by_label("Filter").fill("passing")
    header = [cell.strip() for cell in page.locator(f"{GATES} > thead th").all_inner_texts()]
    shown = shown_rows(page)
    with page.expect_download() as info:
        report.get_by_role("button", name=re.compile("CSV")).click()
    download = info.value
    text = Path(download.path()).read_bytes().decode("utf-8")
    page.context.close()
    assert download.suggested_filename == "gates.csv"
    table = list(csv.reader(io.StringIO(text)))
    assert text.endswith("\r\n")  # RFC 4180 line ends
    assert table[0] == header
    assert "Verdict" in header
    assert table[1:] == shown
    assert 0 < len(shown) < 12, shown


def test_small_tables_are_left_alone(browser: Browser, demo_url: str) -> None:
    """Tables of a few rows (the open questions) get no toolbar and no buttons."""
    page = open_page(browser, f"{demo_url}/reports.html", "light")
    questions = page.locator(".dd-report-questions")
    sizes = questions.locator("table.dd-table").evaluate_all(
        "(tables) => tables.map((t) => t.tBodies[0].rows.length)"
    )
    enhanced = questions.locator(".dd-table-tools, .dd-sort, [aria-sort]").count()
    tools = page.locator(".dd-report .dd-table-tools").count()
    page.context.close()
    assert sizes, sizes
    assert max(sizes) < 8, sizes
    assert enhanced == 0
    assert tools >= 4  # the summary, the matrix, the index of goals, the gates


def test_without_javascript_the_table_is_whole(browser: Browser, demo_url: str) -> None:
    """With JavaScript off every row is there and no toolbar or sort button is."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_url}/reports.html")
    rows = page.locator(f"{GATES} > tbody > tr").count()
    tools = page.locator(".dd-table-tools, .dd-sort, [aria-sort]").count()
    context.close()
    assert rows == 12
    assert tools == 0


def test_grouped_rows_keep_their_groups(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A matrix grouped by document is left as it is (sorting would tear rows
    from their group rows); the same matrix ungrouped is enhanced."""
    srcdir = tmp_path_factory.mktemp("grouped-src")
    (srcdir / "conf.py").write_text('extensions = ["sphinxcontrib_designdoc"]\n', "utf-8")
    matrix = ".. design-matrix::\n   :rows: component\n   :columns: goal\n"
    (srcdir / "index.rst").write_text(
        "Grouped\n=======\n\n.. toctree::\n\n   a\n   b\n\n"
        f"{matrix}   :group-by: document\n\n{matrix}",
        "utf-8",
    )
    for doc in ("a", "b"):
        entries = [f".. design-goal:: Goal {doc}\n   :id: G-{doc}\n"]
        entries += [
            f".. design-component:: Part {doc}{i}\n   :id: C-{doc}{i}\n   :satisfies: G-{doc}\n"
            for i in range(5)
        ]
        (srcdir / f"{doc}.rst").write_text(f"{doc.upper()}\n=\n\n" + "\n".join(entries), "utf-8")
    served = _served(srcdir, tmp_path_factory.mktemp("grouped-html"))
    url = next(served)
    try:
        page = browser.new_context(viewport=DESKTOP).new_page()  # type: ignore[arg-type]
        page.goto(f"{url}/index.html")
        page.wait_for_load_state("load")
        grouped, plain = page.locator(".dd-report-matrix table.dd-table").all()
        assert grouped.locator("tr.dd-group-row").count() == 2
        assert grouped.locator("button.dd-sort").count() == 0
        assert plain.locator("button.dd-sort").count() > 0
        page.context.close()
    finally:
        next(served, None)
