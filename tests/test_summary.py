"""``designdoc summary``: the short Markdown summary for CI job summaries and comments.

Exports come from a real build of ``test-export-reports`` (as in
``tests/test_cli.py``); the failing variants are edits of that export: the
plans document approved while its blocking question is open, and a component
of level production without a gate of a check the level requires.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_regressions.file_regression import FileRegressionFixture

from sphinxcontrib_designdoc.export.load import Export
from sphinxcontrib_designdoc.export.summary import (
    ATTENTION,
    FAILS,
    MAX_ITEMS,
    MIN_LIMIT,
    PASSES,
    fit,
    summary,
    with_baseurl,
)

from .conftest import Run
from .test_cli import _entry, exported_data, write_json
from .test_markdown import LIVE_REFERENCE, shown

BASEURL = "https://docs.example.org/design"
TRUNCATED = re.compile(r"^\(truncated: (\d+) more lines?\)$")


@pytest.fixture(scope="module")
def passing(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The export of the test root, without compliance data: the check passes."""
    return exported_data(tmp_path_factory)


def failing_data(passing: dict[str, Any]) -> dict[str, Any]:
    """Two problems: a blocking question open in an approved document, and a
    missing gate of C-worker (level production); C-api is incomplete."""
    data = copy.deepcopy(passing)
    _entry(data, "DOC-plans")["fields"]["status"] = "approved"
    _entry(data, "C-worker")["derived"]["compliance"] = {
        "verdict": "failing",
        "level": "production",
        "checks": [
            {"check": "tests", "status": "failing", "met": False, "gate": "QG-worker-tests"},
            {"check": "lint", "status": "missing", "met": False, "gate": None},
        ],
    }
    _entry(data, "C-api")["derived"]["compliance"] = {
        "verdict": "incomplete",
        "level": "prototype",
        "checks": [{"check": "review", "status": "pending", "met": False, "gate": "QG-review"}],
    }
    _entry(data, "C-store")["derived"]["compliance"] = {"verdict": "compliant", "level": "x"}
    return data


@pytest.fixture(scope="module")
def failing(passing: dict[str, Any]) -> dict[str, Any]:
    return failing_data(passing)


def _no_baseurl(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "html_baseurl": ""}


def _section(text: str, title: str) -> list[str]:
    """The lines of the section whose heading starts with ``### title``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"### {title}"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("### ")), None)
    found = lines[start:end]
    while found and not found[-1]:
        found.pop()
    return found


def test_a_passing_export_has_a_green_headline_and_no_problems(passing: dict[str, Any]) -> None:
    text = summary(Export.from_data(passing))
    lines = text.splitlines()
    assert lines[0] == f"## {PASSES} `designdoc check` passes"
    assert lines[2] == (
        "Reports 2.0: export of 2026-03-01, 17 entries. The export has no compliance "
        "data: quality gates were not checked."
    )
    assert "### Problems" not in text
    assert "### Components" not in text  # no compliance data, no verdicts
    assert FAILS not in text
    assert "### Changes" not in text  # no base export
    # still open: the blocking question and the overdue one need attention
    assert _section(text, "Open questions")[2:] == [
        f"- {ATTENTION} [`Q-worker`]({BASEURL}/plans.html#Q-worker) Is the worker \\| a cron "
        f"job? \u2014 **blocking**; affects [`C-worker`]({BASEURL}/plans.html#C-worker)",
        f"- {ATTENTION} [`Q-cache`]({BASEURL}/index.html#Q-cache) Do we cache \\<results\\> "
        "\\& *pages*? \u2014 overdue by 28 days (due 2026-02-01); owner Grace; affects "
        f"[`C-api`]({BASEURL}/index.html#C-api), [`G-speed`]({BASEURL}/index.html#G-speed)",
    ]


def test_a_failing_export_lists_problems_components_and_questions(
    failing: dict[str, Any],
) -> None:
    text = summary(Export.from_data(failing))
    assert text.startswith(f"## {FAILS} `designdoc check` fails with 2 problems\n")
    problems = _section(text, "Problems (2)")
    assert problems[2:] == [
        f"- {FAILS} `plans.md:{_entry(failing, 'Q-worker')['line']}`: "
        f"[`Q-worker`]({BASEURL}/plans.html#Q-worker): blocking question is still open, "
        "but the design document DOC-plans is approved (`designdoc.blocking_question`)",
        f"- {FAILS} `plans.md:{_entry(failing, 'C-worker')['line']}`: "
        f"[`C-worker`]({BASEURL}/plans.html#C-worker): no quality gate of check 'lint' "
        "applies to it; level 'production' requires one (`designdoc.missing_gate`)",
    ]
    # failing first; the marker says whether the entry fails the check
    assert _section(text, "Components not compliant (2)")[2:] == [
        f"- {FAILS} [`C-worker`]({BASEURL}/plans.html#C-worker) Index worker \u2014 level "
        "production; verdict **failing**; missing: lint; failing: tests (QG-worker-tests failing)",
        f"- {ATTENTION} [`C-api`]({BASEURL}/index.html#C-api) Query API \u2014 level prototype; "
        "verdict **incomplete**; failing: review (QG-review pending)",
    ]
    questions = _section(text, "Open questions")
    assert questions[2].startswith(f"- {FAILS} [`Q-worker`]")
    assert questions[3].startswith(f"- {ATTENTION} [`Q-cache`]")


def test_without_a_base_url_ids_are_code_and_baseurl_links_them(
    failing: dict[str, Any],
) -> None:
    export = Export.from_data(_no_baseurl(failing))
    plain = summary(export)
    assert "](" not in plain
    assert f"- {FAILS} `plans.md:" in plain
    assert f"- {FAILS} `C-worker` Index worker \u2014 level production" in plain

    other = "https://design.example.com/v2"
    linked = summary(export, baseurl=other + "/")
    assert f"- {FAILS} [`C-worker`]({other}/plans.html#C-worker) Index worker" in linked
    urls = re.findall(r"\]\(([^)]*)\)", linked)
    assert urls
    assert all(url.startswith(f"{other}/") for url in urls)
    # the export keeps its own base URL
    assert export.baseurl == ""
    assert with_baseurl(export, "") is export
    # given, it wins over the export's own
    assert f"]({BASEURL}/" not in summary(Export.from_data(failing), baseurl=other)


def test_with_a_base_only_what_changed_is_listed(
    passing: dict[str, Any], failing: dict[str, Any]
) -> None:
    base = copy.deepcopy(passing)
    _entry(base, "C-api")["derived"]["compliance"] = _entry(failing, "C-api")["derived"][
        "compliance"
    ]
    new = copy.deepcopy(failing)
    _entry(new, "R-spikes")["fields"]["status"] = "mitigated"
    text = summary(Export.from_data(new), Export.from_data(base))
    assert "compared with the export of 2026-03-01." in text.splitlines()[2]
    # the check still fails on both problems, both new
    assert text.startswith(f"## {FAILS} `designdoc check` fails with 2 problems\n")
    assert len(_section(text, "Problems (2, 2 new or changed)")) == 4
    # C-api was incomplete in the base already: counted, not listed
    components = _section(text, "Components not compliant (2, 1 new or changed)")
    assert components[2].startswith(f"- {FAILS} [`C-worker`]")
    assert components[3:] == ["- 1 unchanged since the base export"]
    # Q-worker now fails the check; Q-cache is overdue as it was
    questions = _section(text, "Open questions, blocking or overdue (2, 1 new or changed)")
    assert questions[2].startswith(f"- {FAILS} [`Q-worker`]")
    assert questions[3:] == ["- 1 unchanged since the base export"]
    changes = _section(text, "Changes since the base export")
    assert "1 added" not in changes[2]
    assert changes[2].startswith("0 added, 0 removed, 2 changed")
    assert "#### Status changes (2)" in changes
    assert any(line.startswith("- [`R-spikes`]") and "`mitigated`" in line for line in changes)
    assert not any(line.startswith(("# ", "## ")) for line in changes)

    same = summary(Export.from_data(new), Export.from_data(new))
    assert "### Problems (2, 0 new or changed)" in same
    assert FAILS not in same.split("\n", 1)[1]  # nothing listed: only the headline fails
    assert _section(same, "Changes")[2:] == ["No design entries changed."]


def test_the_limit_cuts_whole_lines_and_says_how_many(failing: dict[str, Any]) -> None:
    export = Export.from_data(failing)
    full = summary(export, Export.from_data(_no_baseurl(failing)))
    lines = full.splitlines()
    for limit in [MIN_LIMIT, 150, 333, 600, len(full) - 1, len(full)]:
        text = summary(export, Export.from_data(_no_baseurl(failing)), limit=limit)
        assert len(text) <= limit
        if limit >= len(full):
            assert text == full
            continue
        *kept, note = text.splitlines()
        match = TRUNCATED.match(note)
        assert match, note
        if kept:
            assert kept[-1] == ""
            kept.pop()
        assert kept == lines[: len(kept)]  # whole lines, from the start
        assert len(kept) + int(match[1]) == len(lines)
    with pytest.raises(ValueError, match="at least"):
        summary(export, limit=MIN_LIMIT - 1)


@pytest.mark.parametrize("count", [1, 9, 10, 99, 100, 1000])
def test_fit_never_exceeds_the_limit(count: int) -> None:
    lines = [f"- line {i} " + "x" * (i % 13) for i in range(count)] + ["", "end"]
    text = "\n".join(lines) + "\n"
    for limit in range(MIN_LIMIT, len(text) + 2, max(1, len(text) // 50)):
        cut = fit(lines, limit)
        assert len(cut) <= limit
        assert cut == text if len(text) <= limit else TRUNCATED.match(cut.splitlines()[-1])


def test_long_lists_show_the_first_items_then_a_count(failing: dict[str, Any]) -> None:
    data = copy.deepcopy(failing)
    template = _entry(data, "Q-worker")
    for i in range(MAX_ITEMS + 5):
        question = copy.deepcopy(template)
        question["id"] = f"Q-more-{i}"
        data["entries"].append(question)
    text = summary(Export.from_data(data))
    problems = _section(text, "Problems")
    assert problems[0] == f"### Problems ({MAX_ITEMS + 7})"
    assert problems[2 + MAX_ITEMS :] == ["- and 7 more"]
    assert _section(text, "Open questions")[-1] == "- and 7 more"


def test_mentions_and_issue_references_stay_text(failing: dict[str, Any]) -> None:
    data = copy.deepcopy(failing)
    hostile = "@alice: fix #12 before !3"
    for entry in data["entries"]:
        entry["title"] = f"{entry['title']} {hostile}"
        entry["owner"] = "@owners"
    data["project"]["name"] = "@project"
    export = Export.from_data(data)
    alone, compared = summary(export), summary(export, Export.from_data(failing))
    for text in (alone, compared):
        without_urls = html.unescape(re.sub(r"\]\([^)]*\)", "]()", text))
        assert not LIVE_REFERENCE.search(without_urls), text
        assert shown(text).splitlines()[2].startswith("@project 2.0: export of")
    assert f"Index worker {hostile} \u2014" in shown(alone)
    assert "owner @owners" in shown(alone)
    title = f"Load spikes at month end {hostile}"
    changes = f"title: Load spikes at month end → {title}; owner: (none) → @owners"
    assert f"{title} (risk): {changes}" in shown(compared)


# -- the command ---------------------------------------------------------------------


def test_summary_exit_statuses(
    designdoc: Callable[..., Run],
    tmp_path: Path,
    passing: dict[str, Any],
    failing: dict[str, Any],
) -> None:
    good = write_json(tmp_path / "good.json", passing)
    bad = write_json(tmp_path / "bad.json", failing)
    ok = designdoc("summary", good)
    assert (ok.code, ok.err) == (0, "")
    assert ok.out == summary(Export.from_data(passing))
    found = designdoc(
        "summary", bad, "--base", good, "--baseurl", "https://x.example", "--limit", 1000
    )
    assert (found.code, found.err) == (1, "")
    assert len(found.out) <= 1000
    assert TRUNCATED.match(found.out.splitlines()[-1])
    assert "[`C-worker`](https://x.example/plans.html#C-worker)" in found.out

    errors = {
        ("summary", tmp_path / "nope.json"): "nope.json: no such file",
        ("summary", good, "--base", tmp_path / "old.json"): "old.json: no such file",
        ("summary", good, "--limit", "99"): f"argument --limit: 99 is less than {MIN_LIMIT}",
        ("summary", good, "--limit", "lots"): "argument --limit: not a whole number: 'lots'",
        ("summary", good, "--baseurl", "docs (new)"): "--baseurl 'docs (new)' is not a URL",
    }
    for args, message in errors.items():
        result = designdoc(*args)
        assert (result.code, result.out) == (2, ""), args
        assert result.err.count("\n") == 1, result.err
        assert result.err.startswith("designdoc")
        assert message in result.err, result.err


def test_help_lists_the_summary_command(designdoc: Callable[..., Run]) -> None:
    assert "    summary " in designdoc("--help").out
    usage = designdoc("summary", "--help").out
    assert usage.startswith("usage: designdoc summary [-h] [--base OLD] [--baseurl URL]")


def test_snapshot(
    passing: dict[str, Any], failing: dict[str, Any], file_regression: FileRegressionFixture
) -> None:
    new = copy.deepcopy(failing)
    _entry(new, "R-spikes")["fields"]["status"] = "mitigated"
    _entry(new, "D-rest")["title"] = "REST with JSON, @api-team's call"
    text = summary(Export.from_data(new), Export.from_data(passing))
    file_regression.check(text, basename="summary", extension=".md")
