"""The ``designdoc`` command, run through its installed entry point.

Most runs call the function the ``designdoc`` console script is declared to
run (found through the package's installed entry points) in this process; a
few run the installed script and ``python -m sphinxcontrib_designdoc`` as
subprocesses.  Exports come from a real build of ``test-export-reports``;
variants (a document approved, compliance data added, a broken file) are
edits of that export, as a pipeline would receive them.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from pytest_regressions.file_regression import FileRegressionFixture

from sphinxcontrib_designdoc import cli
from sphinxcontrib_designdoc.export.format import EXPORT_FILE, SCHEMA_VERSION
from sphinxcontrib_designdoc.export.load import read_export
from sphinxcontrib_designdoc.export.template import SECTIONS

from .conftest import ROOTS, Run
from .corpus import build

ROOT = ROOTS / "test-export-reports"
SCRIPT = Path(sys.executable).parent / "designdoc"


def _without_compliance(data: dict[str, Any]) -> dict[str, Any]:
    """The export as it is without the quality checks (what these tests expect)."""
    data = copy.deepcopy(data)
    for entry in data["entries"]:
        entry["derived"].pop("compliance", None)
    return data


def exported_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The export of the test root, without compliance data."""
    app = build("designdoc", ROOT, builddir=tmp_path_factory.mktemp("export"))
    assert app.warning.getvalue() == ""
    data = json.loads((Path(app.outdir) / EXPORT_FILE).read_text("utf-8"))
    return _without_compliance(data)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return exported_data(tmp_path_factory)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.fixture
def export_file(tmp_path: Path, exported: dict[str, Any]) -> Path:
    return write_json(tmp_path / EXPORT_FILE, exported)


def _entry(data: dict[str, Any], entry_id: str) -> dict[str, Any]:
    return next(e for e in data["entries"] if e["id"] == entry_id)


# -- the entry points -----------------------------------------------------------------


def test_the_console_script_runs_the_cli() -> None:
    (script,) = entry_points(group="console_scripts", name="designdoc")
    assert script.value == "sphinxcontrib_designdoc.cli:main"
    assert script.load() is cli.main


def test_the_installed_script_and_python_m_run(export_file: Path) -> None:
    assert SCRIPT.is_file(), "the package is not installed with its console script"
    result = subprocess.run(
        [SCRIPT, "report", export_file, "--kind", "risk", "--format", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].startswith("R-growth,Index grows past one node,open,")
    module = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_designdoc", "report", "missing.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (module.returncode, module.stdout) == (2, "")
    assert module.stderr == "designdoc: error: missing.json: no such file\n"


def test_help_lists_every_command(designdoc: Callable[..., Run]) -> None:
    result = designdoc("--help")
    assert result.code == 0
    for command in ("init", "report", "check", "diff"):
        assert f"    {command} " in result.out


# -- report -------------------------------------------------------------------------------


def test_report_table_has_aligned_columns(
    designdoc: Callable[..., Run], export_file: Path, file_regression: FileRegressionFixture
) -> None:
    result = designdoc("report", export_file, "--kind", "question")
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    header, rule = lines[0], lines[1]
    assert header.split("  ")[0] == "ID"
    # every column starts where its heading starts, after two spaces
    starts = [i for i in range(len(rule)) if rule[i] == "-" and (i == 0 or rule[i - 1] == " ")]
    assert len(starts) == len(cli.report_columns(read_export(export_file), "question"))
    for line in lines[2:]:
        for start in starts[1:]:
            assert line[start - 2 : start] == "  " or len(line) < start, line
    file_regression.check(result.out, basename="report_questions", extension=".txt")


def test_report_filter_uses_the_filter_language(
    designdoc: Callable[..., Run], export_file: Path
) -> None:
    result = designdoc("report", export_file, "--filter", "status=open; priority=blocking")
    assert result.code == 0
    rows = result.out.splitlines()[2:]
    assert [row.split()[0] for row in rows] == ["Q-worker"]
    tagged = designdoc("report", export_file, "--filter", "affects~c-api", "--kind", "risk")
    assert [row.split()[0] for row in tagged.out.splitlines()[2:]] == ["R-spikes"]
    nothing = designdoc("report", export_file, "--filter", "owner=nobody")
    assert (nothing.code, nothing.out) == (0, "No entries match.\n")


def test_report_csv_has_every_field_of_the_kind(
    designdoc: Callable[..., Run], export_file: Path
) -> None:
    result = designdoc("report", export_file, "--kind", "component", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert list(rows[0]) == [
        "id",
        "title",
        "status",
        "quality",
        "target-quality",
        "inputs",
        "outputs",
        "depends-on",
        "satisfies",
        "owner",
        "document",
    ]
    assert [(r["id"], r["status"], r["owner"]) for r in rows] == [
        ("C-api", "in-progress", "Ada | API team"),
        ("C-store", "done", ""),
        ("C-worker", "planned", ""),
    ]


def test_report_json_gives_the_exported_entries(
    designdoc: Callable[..., Run], export_file: Path, exported: dict[str, Any]
) -> None:
    result = designdoc("report", export_file, "--kind", "decision", "--format", "json")
    assert json.loads(result.out) == [e for e in exported["entries"] if e["kind"] == "decision"]


def test_report_markdown_links_to_the_pages(
    designdoc: Callable[..., Run], export_file: Path
) -> None:
    result = designdoc(
        "report", export_file, "--filter", "id=C-api,Q-cache", "--format", "markdown"
    )
    assert result.out.splitlines() == [
        "| ID | Kind | Title | Status | Owner | Document |",
        "| --- | --- | --- | --- | --- | --- |",
        "| [`C-api`](https://docs.example.org/design/index.html#C-api) | Component | Query API "
        "| in-progress | Ada \\| API team "
        "| [Search service](https://docs.example.org/design/index.html) |",
        "| [`Q-cache`](https://docs.example.org/design/index.html#Q-cache) | Question "
        "| Do we cache \\<results\\> \\& *pages*? | open | Grace "
        "| [Search service](https://docs.example.org/design/index.html) |",
    ]


def test_report_cuts_long_cells_in_the_table_only(
    designdoc: Callable[..., Run], tmp_path: Path, exported: dict[str, Any]
) -> None:
    data = copy.deepcopy(exported)
    title = "A decision whose title goes on and on, well past any terminal column"
    _entry(data, "D-rest")["title"] = title
    path = write_json(tmp_path / "long.json", data)
    table = designdoc("report", path, "--filter", "id=D-rest")
    assert f"{title[: cli.MAX_WIDTH - 1]}\u2026  accepted" in table.out
    assert title in designdoc("report", path, "--filter", "id=D-rest", "--format", "csv").out


# -- check ----------------------------------------------------------------------------------


def test_check_passes_and_says_what_it_could_not_check(
    designdoc: Callable[..., Run], export_file: Path
) -> None:
    result = designdoc("check", export_file)
    assert result.code == 0
    assert result.out.splitlines() == [
        "note: the export has no compliance data; quality gates were not checked",
        f"designdoc check: {export_file} passes (17 entries)",
    ]


def test_check_fails_on_an_open_blocking_question_of_an_approved_document(
    designdoc: Callable[..., Run], tmp_path: Path, exported: dict[str, Any]
) -> None:
    data = copy.deepcopy(exported)
    _entry(data, "DOC-plans")["fields"]["status"] = "approved"
    line = _entry(data, "Q-worker")["line"]
    result = designdoc("check", write_json(tmp_path / "approved.json", data))
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        f"plans.md:{line}: Q-worker: blocking question is still open, "
        "but the design document DOC-plans is approved [designdoc.blocking_question]"
    )
    # answered, or not blocking: no problem
    _entry(data, "Q-worker")["fields"]["status"] = "answered"
    assert designdoc("check", write_json(tmp_path / "answered.json", data)).code == 0


def test_check_fails_on_gates_as_the_build_does(
    designdoc: Callable[..., Run], tmp_path: Path, exported: dict[str, Any]
) -> None:
    data = copy.deepcopy(exported)
    _entry(data, "C-api")["derived"]["compliance"] = {"verdict": "compliant", "level": "prototype"}
    failing = {"check": "tests", "status": "failing", "gate": "QG-worker-tests"}
    _entry(data, "C-worker")["derived"]["compliance"] = {
        "verdict": "failing",
        "level": "production",
        "checks": [
            {**failing, "met": False, "measured": "3 tests, 1 failure"},
            {"check": "review", "status": "pending", "met": False, "gate": "QG-review"},
            {"check": "lint", "status": "missing", "met": False, "gate": None},
        ],
    }
    line = _entry(data, "C-worker")["line"]
    missing = (
        f"plans.md:{line}: C-worker: no quality gate of check 'lint' applies to it; "
        "level 'production' requires one [designdoc.missing_gate]"
    )
    result = designdoc("check", write_json(tmp_path / "compliance.json", data))
    assert result.code == 1
    # a failing gate is a problem only with designdoc_warn_failing_gates (as in
    # a build); a pending one is not: the verdict is for the reports
    assert result.out.splitlines() == [
        missing,
        f"designdoc check: 1 problem in {tmp_path / 'compliance.json'}",
    ]
    data["checks"] = {"warn_failing_gates": True}
    result = designdoc("check", write_json(tmp_path / "failing.json", data))
    assert result.out.splitlines()[:2] == [  # in the order of the checks of the level
        f"plans.md:{line}: C-worker: quality gate QG-worker-tests (tests) is failing: "
        "3 tests, 1 failure [designdoc.failing_gate]",
        missing,
    ]
    # an incomplete component fails neither a build nor the check
    checks = _entry(data, "C-worker")["derived"]["compliance"]["checks"]
    checks[0]["status"] = "passing"
    del checks[2]
    assert designdoc("check", write_json(tmp_path / "pending.json", data)).code == 0
    # suppressed in the build: not reported by the check either
    data["checks"] = {"suppressed": ["blocking_question"]}
    _entry(data, "DOC-plans")["fields"]["status"] = "approved"
    assert designdoc("check", write_json(tmp_path / "suppressed.json", data)).code == 0


# -- diff --------------------------------------------------------------------------------------

#: Edits of the test root's sources between the "old" and the "new" export.
EDITS = {
    "index.rst": [
        (
            "   :due: 2026-02-01\n",
            "   :due: 2026-02-01\n   :status: answered\n   :resolved-by: D-cache\n",
        ),
        ("   :priority: must\n", "   :priority: should\n"),
        ("   :status: in-progress\n", "   :status: done\n"),
        (
            ".. design-risk:: Load spikes at month end\n   :id: R-spikes\n",
            ".. design-decision:: Cache result pages for a minute\n"
            "   :id: D-cache\n   :status: accepted\n   :date: 2026-02-20\n   :supersedes: D-rest\n"
            "\n.. design-risk:: Load spikes at month end\n   :id: R-spikes\n",
        ),
        (
            "   :likelihood: high\n   :impact: high\n   :affects: C-api\n",
            "   :likelihood: high\n   :impact: high\n   :affects: C-api\n   :status: closed\n",
        ),
    ],
    "plans.md": [
        (
            "```{design-risk} Stale index",
            "```{design-question} Who runs the worker at night?\n:id: Q-night\n```\n\n"
            "```{design-risk} Stale index",
        ),
    ],
    "legacy.rst": [
        ("\n.. design-decision:: Undated idea\n   :id: D-undated\n   :status: proposed\n", "")
    ],
}


def test_diff_summarises_the_changes_in_markdown(
    designdoc: Callable[..., Run],
    tmp_path: Path,
    export_file: Path,
    file_regression: FileRegressionFixture,
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    for name, edits in EDITS.items():
        text = (srcdir / name).read_text("utf-8")
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        (srcdir / name).write_text(text, "utf-8")
    app = build("designdoc", srcdir, builddir=tmp_path / "build")
    assert app.warning.getvalue() == ""
    new = json.loads((Path(app.outdir) / EXPORT_FILE).read_text("utf-8"))
    new_file = write_json(tmp_path / "new.json", _without_compliance(new))

    result = designdoc("diff", export_file, new_file)
    assert (result.code, result.err) == (0, "")
    file_regression.check(result.out, basename="diff", extension=".md")

    same = designdoc("diff", export_file, export_file)
    assert same.out.endswith("\n\nNo design entries changed.\n")


# -- init -----------------------------------------------------------------------------------------


def _sphinx_build(srcdir: Path, outdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", srcdir, outdir],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["rst", "md"])
def test_init_scaffolds_a_document_that_builds_with_w(
    designdoc: Callable[..., Run], tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "design"
    result = designdoc(
        "init", target, "--format", fmt, "--title", "Search *service*", "--quality", "production"
    )
    assert (result.code, result.err) == (0, "")
    document = target / f"index.{fmt}"
    assert sorted(p.name for p in target.iterdir()) == ["conf.py", document.name]
    text = document.read_text("utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    if fmt == "rst":
        lines = text.splitlines()
        headings = [lines[i - 1] for i, line in enumerate(lines) if set(line) == {"-"}]
    assert [h.removeprefix("## ") for h in headings] == [s[0] for s in SECTIONS]
    for directive in ("design-doc", "design-goal", "design-component", "design-question"):
        assert directive in text
    # production: a pending gate for each check the level requires
    assert text.count("quality-gate") == 4

    built = _sphinx_build(target, tmp_path / "html")
    assert (built.returncode, built.stderr) == (0, "")
    page = (tmp_path / "html" / "index.html").read_text("utf-8")
    assert "Search *service*" in page
    assert 'id="C-search-service-1"' in page


def test_init_never_overwrites_without_force(designdoc: Callable[..., Run], tmp_path: Path) -> None:
    conf = tmp_path / "conf.py"
    conf.write_text("extensions = ['sphinxcontrib_designdoc']\n", "utf-8")
    assert designdoc("init", tmp_path).code == 0
    assert conf.read_text("utf-8") == "extensions = ['sphinxcontrib_designdoc']\n"
    document = tmp_path / "index.rst"
    document.write_text("mine\n", "utf-8")

    refused = designdoc("init", tmp_path, "--title", "Other")
    assert refused.code == 2
    assert refused.err == f"designdoc: error: {document} exists (--force overwrites it)\n"
    assert document.read_text("utf-8") == "mine\n"

    forced = designdoc("init", tmp_path, "--title", "Other", "--force")
    assert forced.code == 0
    assert document.read_text("utf-8").startswith("Other\n=====\n")
    assert f"kept {conf}" in forced.out
    assert conf.read_text("utf-8") == "extensions = ['sphinxcontrib_designdoc']\n"


# -- every error path: one line on stderr, status 2, no traceback --------------------------


def _errors(tmp: Path, exported: dict[str, Any]) -> dict[str, tuple[list[str], str]]:
    good = write_json(tmp / "good.json", exported)
    (tmp / "malformed.json").write_text('{"schema_version": 1,', "utf-8")
    (tmp / "latin1.json").write_bytes(b'{"title": "caf\xe9"}')
    (tmp / "afile").write_text("", "utf-8")
    (tmp / "existing").mkdir()
    (tmp / "existing" / "index.rst").write_text("x", "utf-8")
    (tmp / "other").mkdir()
    (tmp / "other" / "index.md").write_text("x", "utf-8")
    wrong_shape = copy.deepcopy(exported)
    wrong_shape["entries"][2]["links"] = "C-api"
    future = {**exported, "schema_version": SCHEMA_VERSION + 1}
    return {
        "missing file": (["report", "nope.json"], "nope.json: no such file"),
        "a folder": (["check", str(tmp)], f"{tmp}: is a directory, not an export file"),
        "malformed": (
            ["report", str(tmp / "malformed.json")],
            f"{tmp / 'malformed.json'}: not valid JSON (Expecting property name enclosed in "
            "double quotes at line 1, column 22)",
        ),
        "not utf-8": (["check", str(tmp / "latin1.json")], "latin1.json: cannot be read ("),
        "not an export": (
            ["report", str(write_json(tmp / "list.json", []))],
            "list.json: not a designdoc export (no schema_version)",
        ),
        "unknown schema version": (
            ["check", str(write_json(tmp / "future.json", future))],
            f"future.json: schema_version {SCHEMA_VERSION + 1} is not supported "
            f"(this version of designdoc reads version {SCHEMA_VERSION})",
        ),
        "wrong shape": (
            ["report", str(write_json(tmp / "shape.json", wrong_shape))],
            "shape.json: not a valid designdoc export: entries[2].links: "
            "expected object, found string",
        ),
        "bad filter": (
            ["report", str(good), "--filter", "stauts=open"],
            "bad filter: unknown field 'stauts' in 'stauts=open' (fields: ",
        ),
        "bad filter value": (
            ["report", str(good), "--filter", "status=opne"],
            "bad filter: unknown status value 'opne' in 'status=opne' (allowed: ",
        ),
        "unknown kind": (
            ["report", str(good), "--kind", "widget"],
            "unknown kind 'widget' (kinds: alternative, component, decision, doc, entity, ",
        ),
        "bad format": (
            ["report", str(good), "--format", "xml"],
            "argument --format: invalid choice: 'xml'",
        ),
        "no command": ([], "the following arguments are required: COMMAND"),
        "unknown command": (["export"], "argument COMMAND: invalid choice: 'export'"),
        "diff of a bad file": (
            ["diff", str(good), "nope.json"],
            "nope.json: no such file",
        ),
        "init into a file": (["init", str(tmp / "afile")], "afile exists and is not a folder"),
        "init over a document": (
            ["init", str(tmp / "existing")],
            "index.rst exists (--force overwrites it)",
        ),
        "init beside the other format": (
            ["init", str(tmp / "other"), "--force"],
            "index.md exists: a project has one index document (use --format md, or remove it)",
        ),
        "init with an unknown level": (
            ["init", str(tmp / "new"), "--quality", "gold"],
            "argument --quality: invalid choice: 'gold'",
        ),
    }


ERROR_CASES = [
    "missing file",
    "a folder",
    "malformed",
    "not utf-8",
    "not an export",
    "unknown schema version",
    "wrong shape",
    "bad filter",
    "bad filter value",
    "unknown kind",
    "bad format",
    "no command",
    "unknown command",
    "diff of a bad file",
    "init into a file",
    "init over a document",
    "init beside the other format",
    "init with an unknown level",
]


@pytest.mark.parametrize("case", ERROR_CASES)
def test_errors_are_one_line_and_exit_2(
    designdoc: Callable[..., Run], tmp_path: Path, exported: dict[str, Any], case: str
) -> None:
    cases = _errors(tmp_path, exported)
    assert sorted(cases) == sorted(ERROR_CASES)
    args, message = cases[case]
    result = designdoc(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("designdoc")
    assert ": error: " in result.err
    assert message in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "new").exists()


# -- hostile input ----------------------------------------------------------------------


def _hostile_exports(tmp: Path, exported: dict[str, Any]) -> dict[str, tuple[Path, str]]:
    """(file, what the one-line error says) for files that are no usable export."""
    deep = tmp / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    deep_object = tmp / "deep_object.json"
    deep_object.write_text(
        '{"schema_version": 1, "project": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001, "utf-8"
    )
    # deep, but not too deep for Python's JSON reader
    valid_deep = tmp / "valid_deep.json"
    nested = '{"a": ' * 900 + '"x"' + "}" * 900
    valid_deep.write_text(
        json.dumps(exported).replace('"fields": ', f'"fields": {{"b": {nested}}}, "was": ', 1),
        "utf-8",
    )
    huge_int = tmp / "huge_int.json"
    huge_int.write_text('{"schema_version": ' + "9" * 5_000 + "}", "utf-8")
    huge_line = json.dumps(exported).replace('"line": ', '"line": ' + "1" * 5_000, 1)
    (tmp / "huge_line.json").write_text(huge_line, "utf-8")
    (tmp / "nan.json").write_text('{"schema_version": NaN}', "utf-8")
    (tmp / "utf16.json").write_text(json.dumps(exported), "utf-16")
    large = tmp / "large.json"
    with large.open("wb") as stream:  # sparse: no 65 MiB written
        stream.truncate(65 * 1024 * 1024)
    (tmp / "folder").mkdir()
    return {
        "nested lists": (deep, "deep.json: not valid JSON (nested too deeply)"),
        "nested objects": (deep_object, "deep_object.json: not valid JSON (nested too deeply)"),
        "valid JSON nested deep": (
            valid_deep,
            "valid_deep.json: not a valid designdoc export: ",
        ),
        "a huge integer": (huge_int, "huge_int.json: not valid JSON (a number of 5000 digits)"),
        "a huge line number": (
            tmp / "huge_line.json",
            "huge_line.json: not valid JSON (a number of ",
        ),
        "NaN": (tmp / "nan.json", "nan.json: not valid JSON (NaN is not a JSON number)"),
        "not UTF-8": (tmp / "utf16.json", "utf16.json: cannot be read (not UTF-8: byte 0xff"),
        "too large": (large, "large.json: is larger than 64 MiB"),
        "a folder": (tmp / "folder", "folder: is a directory, not an export file"),
        "a string": (write_json(tmp / "string.json", "x"), "not a designdoc export"),
        "a number": (write_json(tmp / "number.json", 1), "not a designdoc export"),
        "null": (write_json(tmp / "null.json", None), "not a designdoc export"),
    }


HOSTILE = [
    "nested lists",
    "nested objects",
    "valid JSON nested deep",
    "a huge integer",
    "a huge line number",
    "NaN",
    "not UTF-8",
    "too large",
    "a folder",
    "a string",
    "a number",
    "null",
]


@pytest.mark.parametrize("case", HOSTILE)
@pytest.mark.parametrize("command", ["report", "check", "diff"])
def test_hostile_exports_are_one_line_errors(
    designdoc: Callable[..., Run],
    tmp_path: Path,
    exported: dict[str, Any],
    case: str,
    command: str,
) -> None:
    cases = _hostile_exports(tmp_path, exported)
    assert sorted(cases) == sorted(HOSTILE)
    path, message = cases[case]
    args = [command, path] if command != "diff" else [command, path, path]
    result = designdoc(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith(f"designdoc: error: {tmp_path}"), result.err
    assert message in result.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("special", ["fifo", "/dev/null"])
def test_a_file_that_is_not_a_regular_file_is_not_read(tmp_path: Path, special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "designdoc.json"
        os.mkfifo(path)  # opened for reading, it would wait for a writer
    result = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_designdoc", "check", path],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"designdoc: error: {path}: is not a regular file\n"


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_output_the_terminal_cannot_encode_is_escaped(
    tmp_path: Path, exported: dict[str, Any], fmt: str
) -> None:
    data = copy.deepcopy(exported)
    _entry(data, "D-rest")["title"] = "Caf\u00e9 \u2192 \U0001f680"
    path = write_json(tmp_path / "caf\u00e9.json", data)
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}
    commands: list[list[str | Path]] = [
        ["report", path, "--format", fmt],
        ["check", path],
        ["diff", write_json(tmp_path / "old.json", exported), path],
        ["report", path, "--filter", "status=\u00e9"],
    ]
    for args in commands:
        result = subprocess.run(
            [SCRIPT, *args], capture_output=True, env=env, check=False, timeout=120
        )
        assert b"Traceback" not in result.stderr, result.stderr.decode("ascii", "replace")
        result.stdout.decode("ascii")  # nothing but ASCII reached the stream
        result.stderr.decode("ascii")
        if args[0] == "report" and "--filter" in args:
            assert result.returncode == 2
            assert result.stderr.count(b"\n") == 1
            assert b"'\\xe9'" in result.stderr
        else:
            assert result.returncode == 0, result.stderr
    escaped = subprocess.run(
        [SCRIPT, "report", path, "--format", fmt, "--filter", "id=D-rest"],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    ).stdout.decode("ascii")
    if fmt == "json":
        assert json.loads(escaped)[0]["title"] == "Caf\u00e9 \u2192 \U0001f680"
    else:
        assert "Caf\\xe9 \\u2192 \\U0001f680" in escaped


FORMULAS = {
    "D-rest": '=HYPERLINK("http://x","y")',
    "D-grpc": "+1+1",
    "C-api": "-2+3",
    "C-store": "@SUM(A1:A2)",
    "C-worker": "\tindented",
    "R-growth": "\rreturned",
}


def test_csv_cells_never_start_a_formula(
    designdoc: Callable[..., Run], tmp_path: Path, exported: dict[str, Any]
) -> None:
    data = copy.deepcopy(exported)
    for entry_id, title in FORMULAS.items():
        _entry(data, entry_id)["title"] = title
    _entry(data, "C-api")["owner"] = "=cmd|' /C calc'!A0"
    path = write_json(tmp_path / "formulas.json", data)
    result = designdoc("report", path, "--format", "csv")
    assert result.code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.out, newline=""))}
    for entry_id, title in FORMULAS.items():
        assert rows[entry_id]["title"] == "'" + title
    assert rows["C-api"]["owner"] == "'=cmd|' /C calc'!A0"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    # text and numbers that start no formula are left as they are
    assert rows["Q-cache"]["title"] == "Do we cache <results> & pages?"
    assert [cli.csv_cell(t) for t in ("-3", "+4.5", "12", "a-b", "")] == [
        "-3",
        "+4.5",
        "12",
        "a-b",
        "",
    ]


def test_check_fails_on_an_entry_that_links_to_itself(
    designdoc: Callable[..., Run], tmp_path: Path, exported: dict[str, Any]
) -> None:
    data = copy.deepcopy(exported)
    _entry(data, "D-rest")["links"]["supersedes"] = ["D-grpc", "D-rest"]
    _entry(data, "C-store")["links"]["depends-on"] = ["C-store"]
    path = write_json(tmp_path / "self.json", data)
    result = designdoc("check", path)
    assert result.code == 1
    found = [line.partition(": ")[2] for line in result.out.splitlines()[:-2]]
    assert found == [  # in the order a build reports them: self-links, then cycles
        "D-rest: :supersedes: names the entry itself [designdoc.self_link]",
        "dependency cycle through :depends-on: links: C-store -> C-store "
        "[designdoc.dependency_cycle]",
    ]
    assert result.out.splitlines()[-1] == f"designdoc check: 2 problems in {path}"
