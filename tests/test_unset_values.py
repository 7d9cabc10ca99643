"""A field nobody wrote is unset; a value that fails validation is kept as written
and flagged.  No page, report or export shows a value that is not in the source."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.kinds import BUILTIN, KindError, parse_kind
from sphinxcontrib_designdoc.core.model import split_list, suggestion
from sphinxcontrib_designdoc.export.format import schema
from sphinxcontrib_designdoc.extension.config import registry

from .conftest import REPO, designdoc_warnings, entry_divs, read_page

_OPTION = re.compile(r"^\s*:(?P<name>[\w-]+):\s*(?P<value>.*?)\s*$")


def written_options(srcdir: Path, source: str, line: int) -> dict[str, str]:
    """The ``:name: value`` options written right under the directive at ``line``."""
    lines = (srcdir / source).read_text("utf-8").splitlines()
    options: dict[str, str] = {}
    for text in lines[line:]:
        match = _OPTION.match(text)
        if match is None:
            break
        options[match["name"]] = match["value"]
    return options


_RUBRIC = re.compile(r"^\s*(?:\.\. rubric::|[`:]{3,}\{rubric\})\s*(?P<label>.+?)\s*$")


def written_sections(srcdir: Path, source: str, line: int) -> dict[str, str]:
    """Rubric label (lower case) -> the source text under it, in the body of the
    directive at ``line`` (see ``extension.field_sections``)."""
    lines = (srcdir / source).read_text("utf-8").splitlines()
    head = lines[line - 1]
    opening = re.match(r"\s*([`~:]{3,})\{", head)
    indent = len(head) - len(head.lstrip())
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for text in lines[line:]:
        if opening is None and text.strip() and len(text) - len(text.lstrip()) <= indent:
            break  # RST: the first line back at the directive's indent
        if opening is not None and text.strip() == opening[1]:
            break  # MyST: the entry's closing fence
        match = _RUBRIC.match(text)
        if match:
            current = sections.setdefault(match["label"].casefold(), [])
        elif current is not None:
            current.append(text)
    return {label: "\n".join(body) for label, body in sections.items()}


def written_in(value: str, section: str) -> bool:
    """Whether the words of each paragraph of a long field come, in order, from
    the source of its section (markup, such as roles, aside)."""
    words = iter(re.findall(r"\w+", section))
    return all(word in words for word in re.findall(r"\w+", value))


def same_value(shown: str, written: str) -> bool:
    """Whether a value shown is the value written (case and list spacing aside)."""
    return split_list(shown.casefold()) == split_list(written.casefold())


def assert_export_shows_only_what_was_written(srcdir: Path, data: dict[str, Any]) -> int:
    """Every field value of the export is written in the source or a default the
    kind declares; every invalid value is the one written.  Returns the number of
    values checked (so a test can see it checked something)."""
    checked = 0
    for entry in data["entries"]:
        source = data["documents"][entry["document"]]["source"]
        options = written_options(srcdir, source, entry["line"])
        kind_fields = data["kinds"][entry["kind"]]["fields"]
        for name, value in entry["fields"].items():
            checked += 1
            if entry["kind"] == "gate" and name == "status" and "evidence" in options:
                # the evidence file decides a gate's status (tests/test_quality.py)
                continue
            label = name.replace("-", " ").casefold()
            sections = written_sections(srcdir, source, entry["line"])
            if name in options and label not in sections:
                assert same_value(value, options[name]), (entry["id"], name, value)
            elif label in sections:
                assert written_in(value, sections[label]), (entry["id"], name, value)
            else:
                default = kind_fields[name].get("default")
                assert value == default, f"{entry['id']}: {name}={value!r} was not written"
        for name, value in entry.get("invalid", {}).items():
            checked += 1
            assert options.get(name) == value, (entry["id"], name, value)
    return checked


@pytest.fixture
def export(app: SphinxTestApp) -> dict[str, Any]:
    app.build()
    data: dict[str, Any] = json.loads((Path(app.outdir) / "designdoc.json").read_text("utf-8"))
    jsonschema.validate(data, schema())
    return data


def _entries(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in data["entries"]}


@pytest.mark.sphinx("html", testroot="unset-values", freshenv=True)
def test_unset_fields_are_absent_and_invalid_values_kept(
    app: SphinxTestApp, export: dict[str, Any]
) -> None:
    entries = _entries(export)
    # left out: unset, whatever the order of the allowed values
    assert "priority" not in entries["G-unset"]["fields"]
    assert "likelihood" not in entries["R-unset"]["fields"]
    assert "impact" not in entries["R-unset"]["fields"]
    assert "priority" not in entries["G-myst-unset"]["fields"]
    # declared defaults: a lifecycle's first state, a question's priority, a user kind's
    assert entries["G-unset"]["fields"]["status"] == "proposed"
    assert entries["Q-date"]["fields"]["priority"] == "normal"
    assert entries["CT-defaults"]["fields"] == {"status": "draft", "protocol": "HTTPS"}
    # invalid: kept as written, never as another value
    assert entries["G-typo"].get("invalid") == {"priority": "musst"}
    assert "priority" not in entries["G-typo"]["fields"]
    assert entries["R-typo"]["invalid"] == {"likelihood": "med"}
    assert entries["R-typo"]["fields"]["impact"] == "high"
    assert entries["C-typo"]["invalid"] == {"status": "in progress", "quality": "prod"}
    assert "status" not in entries["C-typo"]["fields"]
    assert entries["Q-date"]["invalid"] == {"raised": "2025-13-01"}
    assert entries["Q-date"]["derived"]["age_days"] is None
    assert entries["R-myst-typo"]["invalid"] == {"impact": "hihg"}
    # written values are normalised, not replaced
    assert entries["R-written"]["fields"]["likelihood"] == "low"
    assert "invalid" not in entries["R-written"]
    assert "default" not in export["kinds"]["goal"]["fields"]["priority"]
    assert export["kinds"]["goal"]["fields"]["status"]["default"] == "proposed"
    assert assert_export_shows_only_what_was_written(Path(app.srcdir), export) > 20


@pytest.mark.sphinx("html", testroot="unset-values", freshenv=True)
def test_warnings_suggest_the_nearest_value_or_option(app: SphinxTestApp) -> None:
    app.build()
    messages = {w.message for w in designdoc_warnings(app, "invalid_value")}
    assert "G-typo: priority 'musst' is not one of: must, should, could; did you mean 'must'?" in (
        messages
    )
    assert (
        "R-typo: likelihood 'med' is not one of: low, medium, high; did you mean 'medium'?"
        in messages
    )
    assert (
        "C-typo: status 'in progress' is not one of: planned, in-progress, done, deprecated; "
        "did you mean 'in-progress'?" in messages
    )
    assert (
        "C-typo: quality 'prod' is not one of: experiment, prototype, production, secure; "
        "did you mean 'production'?" in messages
    )
    assert "design-component: unknown option :satisfy: (did you mean :satisfies:?)" in messages
    assert "R-myst-typo: impact 'hihg' is not one of: low, medium, high; did you mean 'high'?" in (
        messages
    )


@pytest.mark.parametrize(
    ("value", "allowed", "expected"),
    [
        ("med", ("low", "medium", "high"), "did you mean 'medium'?"),
        ("in progress", ("planned", "in-progress"), "did you mean 'in-progress'?"),
        ("IN_PROGRESS", ("planned", "in-progress"), "did you mean 'in-progress'?"),
        ("zebra", ("low", "medium", "high"), ""),
        ("", ("low",), ""),
    ],
)
def test_suggestion(value: str, allowed: tuple[str, ...], expected: str) -> None:
    assert suggestion(value, allowed) == expected


@pytest.mark.sphinx("html", testroot="unset-values", freshenv=True)
def test_cards_show_nothing_for_unset_and_flag_invalid(app: SphinxTestApp) -> None:
    app.build()
    cards = entry_divs(read_page(app, "index"))
    assert "dd-field-priority" not in cards["G-unset"]
    assert "dd-fields" not in cards["R-unset"]
    flagged = (
        '<span class="dd-invalid"><span class="dd-invalid-value">{}</span> '
        '<span class="dd-invalid-note">(invalid)</span></span>'
    )
    assert flagged.format("musst") in cards["G-typo"]
    assert flagged.format("med") in cards["R-typo"]
    # an invalid status is flagged in the header, and gives the card no status class
    assert flagged.format("in progress") in cards["C-typo"]
    assert "dd-status-planned" not in cards["C-typo"]
    assert flagged.format("hihg") in entry_divs(read_page(app, "myst"))["R-myst-typo"]


@pytest.mark.sphinx("html", testroot="unset-values", freshenv=True)
def test_reports_show_unset_as_empty_and_invalid_flagged(app: SphinxTestApp) -> None:
    app.build()
    page = read_page(app, "index")
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert len(tables) == 5  # four indexes and a summary

    def row_of(table: str, entry_id: str) -> str:
        match = re.search(rf'<tr[^>]*>(?:(?!</tr>).)*#{entry_id}".*?</tr>', table, re.S)
        assert match, entry_id
        return match[0]

    cells = re.findall(r"<td[^>]*>(.*?)</td>", row_of(tables[0], "R-unset"), re.S)
    assert cells[-2:] == ["", ""]  # likelihood and impact: empty, not "low"
    assert "(invalid)" in row_of(tables[0], "R-typo")
    assert ">med<" in row_of(tables[0], "R-typo")

    def ids(table: str) -> list[str]:
        return re.findall(r'href="[^"#]*#([\w-]+)"', table)

    # priority=(none): goals nobody prioritised (and kinds without a priority)
    assert {"G-unset", "G-myst-unset"} <= set(ids(tables[1]))
    assert not {"G-typo", "G-written", "Q-date"} & set(ids(tables[1]))
    assert ids(tables[2]) == ["R-typo"]
    # a written value, even an invalid one, is not "(none)"
    assert ids(tables[3]) == ["G-typo", "G-written"]


@pytest.mark.sphinx("html", testroot="unset-values", freshenv=True)
def test_compliance_never_takes_an_invalid_value_for_another(
    app: SphinxTestApp, export: dict[str, Any]
) -> None:
    compliance = _entries(export)["C-typo"]["derived"]["compliance"]
    # ":quality: prod" is no level: nothing is checked against another level
    assert compliance["level"] is None
    assert compliance["verdict"] == "incomplete"
    assert compliance["required"] == []


@pytest.mark.sphinx("html", testroot="unset-values", freshenv=True)
def test_an_invalid_gate_status_is_unknown_not_pending(app: SphinxTestApp) -> None:
    from sphinxcontrib_designdoc.core.compliance import check_result
    from sphinxcontrib_designdoc.core.policy import Requirement

    app.build()
    gate = app.env.domains["design"].index.resolve("QG-typo")  # type: ignore[attr-defined]
    result = check_result(Requirement("tests", "prototype"), [gate])
    assert (result.status, result.met) == ("unknown", False)
    assert result.measured == "invalid status 'passed'"


def test_the_demo_shows_only_what_was_written(tmp_path: Path) -> None:
    """The class, on a whole real project: every value of the demo's export is in
    its sources or a declared default."""
    srcdir = tmp_path / "demo"
    shutil.copytree(REPO / "demo", srcdir, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp("designdoc", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    data = json.loads((Path(app.outdir) / "designdoc.json").read_text("utf-8"))
    assert assert_export_shows_only_what_was_written(srcdir, data) > 50


def test_builtin_defaults_are_declared_not_positional() -> None:
    """Only status lifecycles and a question's priority have defaults; no other
    choice field takes its first value."""
    defaults = {
        (kind.name, fld.name): fld.default
        for kind in BUILTIN.values()
        for fld in kind.fields
        if fld.default
    }
    assert defaults == {
        ("doc", "status"): "draft",
        ("goal", "status"): "proposed",
        ("component", "status"): "planned",
        ("gate", "status"): "pending",
        ("question", "status"): "open",
        ("question", "priority"): "normal",
        ("risk", "status"): "open",
        ("decision", "status"): "proposed",
        ("alternative", "status"): "considered",
        ("interface", "status"): "draft",
        ("milestone", "status"): "planned",
    }


@pytest.mark.sphinx("html", testroot="unset-values", freshenv=True)
def test_user_kind_defaults_are_checked(app: SphinxTestApp) -> None:
    kind = registry(app.config).kinds["contract"]
    assert kind.field("stability") is not None
    assert kind.field("stability").default == ""  # type: ignore[union-attr]
    assert kind.field("protocol").default == "HTTPS"  # type: ignore[union-attr]


@pytest.mark.sphinx("text", testroot="unset-values", freshenv=True)
def test_summary_counts_entries_without_a_valid_status(app: SphinxTestApp) -> None:
    app.build()
    text = (Path(app.outdir) / "index.txt").read_text("utf-8")
    component_row = next(line for line in text.splitlines() if line.startswith("| Component"))
    # the one component has an invalid status: counted as such, not left out
    assert "(invalid) 1" in component_row
    assert "planned" not in component_row
    # in the text builder too, a flagged value says so
    assert "musst (invalid)" in text


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"status": []}, "must list at least one allowed value"),
        ({"status": {"values": []}}, "must list at least one allowed value"),
        ({"status": {"values": ["a", "b"], "default": "c"}}, "default 'c' is not one of"),
        ({"owners": {"type": "list", "default": "Ada"}}, "only text and choice fields"),
        ({"status": {"values": ["a"], "type": "text"}}, "either 'values' or 'type'"),
        ({"status": {"values": ["a"], "default": 1}}, "default must be a string"),
        ({"status": {"values": ["a"], "initial": "a"}}, "either 'values' or 'type'"),
    ],
)
def test_user_kind_fields_that_cannot_be_used_are_refused(
    fields: dict[str, Any], problem: str
) -> None:
    with pytest.raises(KindError, match=re.escape(problem)):
        parse_kind("thing", {"fields": fields})


def test_user_kind_field_long_forms() -> None:
    kind = parse_kind(
        "thing",
        {
            "fields": {
                "status": {"values": ["new", "old"], "default": "new"},
                "stage": ["alpha", "beta"],
                "note": {"type": "text", "default": "none yet"},
                "since": {"type": "date"},
            }
        },
    )
    fields = {f.name: (f.type, f.choices, f.default) for f in kind.fields}
    assert fields == {
        "status": ("choice", ("new", "old"), "new"),
        "stage": ("choice", ("alpha", "beta"), ""),
        "note": ("text", (), "none yet"),
        "since": ("date", (), ""),
    }
