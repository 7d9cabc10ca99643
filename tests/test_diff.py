"""``designdoc diff``: the old and the new value of every part that changed.

The "old" export is a real build of ``test-export-reports`` (without a base
URL, so IDs are code); the "new" one is an edit of it, as a pipeline would
receive it.  Each test asserts the exact lines of the "Other changes" section.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from sphinxcontrib_designdoc.export.diff import diff_exports
from sphinxcontrib_designdoc.export.load import Export

from .test_cli import _entry, exported_data

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return {**exported_data(tmp_path_factory), "html_baseurl": ""}


def other_changes(old: dict[str, Any], edit: Edit) -> list[str]:
    """The "Other changes" section of the diff from ``old`` to ``old`` edited."""
    new = copy.deepcopy(old)
    edit(new)
    lines = diff_exports(Export.from_data(old), Export.from_data(new)).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## Other changes"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), None)
    section = lines[start:end]
    while section and not section[-1]:
        section.pop()
    return section


def test_a_changed_choice_field_shows_both_values(old: dict[str, Any]) -> None:
    def edit(data: dict[str, Any]) -> None:
        _entry(data, "R-growth")["fields"]["likelihood"] = "high"
        # a value that failed validation is shown flagged, as the reports show it
        store = _entry(data, "C-store")
        del store["fields"]["quality"]
        store["invalid"] = {"quality": "prod"}

    assert other_changes(old, edit) == [
        "## Other changes (2)",
        "",
        "- `C-store` Index store (component): quality: experiment → prod (invalid)",
        "- `R-growth` Index grows past one node (risk): likelihood: medium → high",
    ]


def test_a_field_set_and_a_field_unset_show_none(old: dict[str, Any]) -> None:
    def edit(data: dict[str, Any]) -> None:
        del _entry(data, "R-growth")["fields"]["mitigation"]
        _entry(data, "R-spikes")["fields"]["mitigation"] = "queue the exports"

    assert other_changes(old, edit) == [
        "## Other changes (2)",
        "",
        "- `R-growth` Index grows past one node (risk): mitigation: shard by tenant → (none)",
        "- `R-spikes` Load spikes at month end (risk): mitigation: (none) → queue the exports",
    ]


def test_changed_link_lists_show_every_target(old: dict[str, Any]) -> None:
    def edit(data: dict[str, Any]) -> None:
        links = _entry(data, "C-api")["links"]
        links["depends-on"] = ["C-store", "C-worker"]
        del links["satisfies"]

    assert other_changes(old, edit) == [
        "## Other changes (1)",
        "",
        "- `C-api` Query API (component): depends-on: C-store → C-store, C-worker; "
        "satisfies: G-speed → (none)",
    ]


def test_a_title_change_shows_the_old_title(old: dict[str, Any]) -> None:
    def edit(data: dict[str, Any]) -> None:
        _entry(data, "D-rest")["title"] = "REST over HTTP, with JSON"

    assert other_changes(old, edit) == [
        "## Other changes (1)",
        "",
        "- `D-rest` REST over HTTP, with JSON (decision): "
        "title: REST with JSON → REST over HTTP, with JSON",
    ]


def test_tags_owner_text_and_document_are_escaped(old: dict[str, Any]) -> None:
    def edit(data: dict[str, Any]) -> None:
        api = _entry(data, "C-api")
        api.update(tags=["search"], owner="@ops", body="Keep *p99* under 200 ms", document="plans")

    assert other_changes(old, edit) == [
        "## Other changes (1)",
        "",
        "- `C-api` Query API (component): tags: (none) → search; "
        r"owner: Ada \| API team → @&#8203;ops; body: (none) → Keep \*p99\* under 200 ms; "
        "document: index → plans",
    ]


def test_a_long_value_on_several_lines_is_one_shortened_line(old: dict[str, Any]) -> None:
    long = (
        "Shard the index by tenant,\nand move the largest tenants to nodes of their own."
        "\n\nReview the sizes every month."
    )

    def edit(data: dict[str, Any]) -> None:
        _entry(data, "R-growth")["fields"]["mitigation"] = long

    (line,) = other_changes(old, edit)[2:]
    assert line == (
        "- `R-growth` Index grows past one node (risk): mitigation: shard by tenant → "
        "Shard the index by tenant, and move the largest tenants to nodes of their own.…"
    )


def test_long_values_that_differ_late_show_where_they_differ(old: dict[str, Any]) -> None:
    start = "Shard the index by tenant and move the largest tenants to nodes of their own, "
    before = copy.deepcopy(old)
    _entry(before, "R-growth")["fields"]["mitigation"] = start + "every quarter."

    def edit(data: dict[str, Any]) -> None:
        _entry(data, "R-growth")["fields"]["mitigation"] = start + "every month."

    assert other_changes(before, edit) == [
        "## Other changes (1)",
        "",
        "- `R-growth` Index grows past one node (risk): "
        "mitigation: …of their own, every quarter. → …of their own, every month.",
    ]
