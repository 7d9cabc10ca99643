"""Property tests: no input, however hostile, makes a reader or parser raise
anything but its documented error.

- the evidence readers return a result (with a ``problem`` when unusable) for
  any bytes, JSON or XML-ish text;
- the option parsers of the report directives raise only ``QueryError`` and
  ``FilterError``, the filter parser only ``FilterError``;
- ``natural_key`` never raises, and orders numbers in any script by value;
- the ``designdoc`` command exits with 0, 1 or 2 on any export file.
"""

from __future__ import annotations

import contextlib
import copy
import io
import itertools
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sphinxcontrib_designdoc import cli
from sphinxcontrib_designdoc.core.evidence import (
    FAILING,
    PASSING,
    UNKNOWN,
    EvidenceResult,
    evaluate,
)
from sphinxcontrib_designdoc.core.filters import FilterError, parse_filter
from sphinxcontrib_designdoc.core.kinds import (
    BUILTIN,
    BUILTIN_CHECKS,
    DEFAULT_QUALITY_LEVELS,
    Registry,
)
from sphinxcontrib_designdoc.core.reports.columns import natural_key
from sphinxcontrib_designdoc.core.reports.query import QueryError
from sphinxcontrib_designdoc.export.format import EXPORT_FILE
from sphinxcontrib_designdoc.extension.reports import DIRECTIVES
from sphinxcontrib_designdoc.extension.reports.queries import QUERIES, Options

from .conftest import ROOTS
from .corpus import build

SETTINGS = settings(max_examples=150, deadline=None)
ARABIC_INDIC = "".join(chr(0x0660 + i) for i in range(10))
FULLWIDTH = "".join(chr(0xFF10 + i) for i in range(10))
SUPERSCRIPTS = "\u00b2\u00b3\u00b9\u2076"
#: A JSON string that stands for a number too long to generate as an int.
HUGE = "\ue000huge"
HUGE_NUMBERS = ("9" * 5000, "-" + "9" * 5000, "1e400", "-1e400", "1" + "0" * 305, "9" * 300)
REGISTRY = Registry(
    kinds=dict(BUILTIN),
    levels=tuple(DEFAULT_QUALITY_LEVELS),
    checks=tuple(
        dict.fromkeys([*BUILTIN_CHECKS, *(c for v in DEFAULT_QUALITY_LEVELS.values() for c in v)])
    ),
)

# -- evidence ---------------------------------------------------------------------------

#: Numbers as a hostile file writes them: huge, tiny, not finite, negative,
#: in other scripts, or not numbers at all.
number_text = st.one_of(
    st.integers().map(str),
    st.sampled_from(HUGE_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "inf", "-inf", "1e-400", SUPERSCRIPTS[0], ARABIC_INDIC[1:3], "0x10"]),
    st.text(max_size=12),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.just(HUGE),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
THRESHOLDS = st.sampled_from(["", "80%", "error", "warning, note", "100", "nonsense"])
_XML_ATTRIBUTE = st.sampled_from(
    [
        "tests",
        "failures",
        "errors",
        "skipped",
        "disabled",
        "line-rate",
        "lines-valid",
        "lines-covered",
        "branches-valid",
        "branches-covered",
    ]
)


def _attributes(values: dict[str, str]) -> str:
    return " ".join(
        f'{name}="{value.replace("&", "&amp;").replace(chr(34), "&quot;").replace("<", "&lt;")}"'
        for name, value in values.items()
    )


@st.composite
def xml_evidence(draw: st.DrawFn) -> bytes:
    attributes = _attributes(draw(st.dictionaries(_XML_ATTRIBUTE, number_text, max_size=6)))
    root = draw(st.sampled_from(["testsuite", "testsuites", "coverage", "report"]))
    cases = draw(
        st.lists(st.sampled_from(["<failure/>", "<error/>", "<skipped/>", ""]), max_size=3)
    )
    body = "".join(f"<testcase>{c}</testcase>" for c in cases)
    if root == "testsuites":
        body = f"<testsuite {attributes}>{body}</testsuite>"
    text = f"<{root} {attributes}>{body}</{root}>"
    cut = draw(st.integers(min_value=0, max_value=len(text)))  # truncated, or whole
    return text[: cut or len(text)].encode("utf-8", "surrogatepass")


@st.composite
def json_evidence(draw: st.DrawFn) -> bytes:
    shape = draw(st.sampled_from(["coverage", "sarif", "any"]))
    value: Any
    if shape == "coverage":
        value = {"totals": {"percent_covered": draw(json_values)}}
    elif shape == "sarif":
        result = draw(
            st.dictionaries(
                st.sampled_from(
                    ["level", "kind", "ruleIndex", "ruleId", "suppressions", "baselineState"]
                ),
                json_values,
                max_size=4,
            )
        )
        driver = {"name": draw(json_values), "rules": draw(json_values)}
        value = {"runs": [{"tool": {"driver": driver}, "results": [result]}]}
    else:
        value = draw(json_values)
    return _json_bytes(value, draw(st.sampled_from(HUGE_NUMBERS)))


def _json_bytes(value: Any, huge: str) -> bytes:
    """JSON text (NaN and Infinity as Python writes them), with :data:`HUGE` as
    the literal number ``huge``."""
    return json.dumps(value).replace(json.dumps(HUGE), huge).encode("utf-8")


def _judged(data: bytes, threshold: str) -> EvidenceResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "evidence")
        path.write_bytes(data)
        return evaluate(path, threshold)


def _assert_a_result(result: EvidenceResult) -> None:
    assert result.status in (PASSING, FAILING, UNKNOWN)
    assert bool(result.problem) == (result.status == UNKNOWN)
    assert "\n" not in result.problem
    assert "too large to convert" not in result.problem  # (an overflow, uncaught)
    if result.measurement is not None and result.status != UNKNOWN:
        assert math.isfinite(result.measurement.percent)


@SETTINGS
@given(st.one_of(st.binary(max_size=200), xml_evidence(), json_evidence()), THRESHOLDS)
def test_evidence_readers_never_raise(data: bytes, threshold: str) -> None:
    _assert_a_result(_judged(data, threshold))


_READ_BY = {
    "testsuite": ("tests", "failures", "errors", "skipped", "disabled"),
    "coverage": ("line-rate", "lines-valid", "lines-covered", "branches-valid", "branches-covered"),
}


@SETTINGS
@given(
    st.sampled_from(sorted(_READ_BY)),
    st.dictionaries(_XML_ATTRIBUTE, number_text, min_size=1, max_size=6),
    THRESHOLDS,
)
def test_unusable_numbers_make_the_status_unknown(
    root: str, values: dict[str, str], threshold: str
) -> None:
    """A count or rate that is not a finite, non-negative number is never believed."""
    if root == "coverage":
        values = {"line-rate": "0.5", **values}
    result = _judged(f"<{root} {_attributes(values)}/>".encode(), threshold)
    _assert_a_result(result)
    for name, value in values.items():
        try:
            number = float(value or "0")
        except ValueError:
            number = math.nan
        if name in _READ_BY[root] and not (math.isfinite(number) and number >= 0):
            assert result.status == UNKNOWN


# -- report options, filters ---------------------------------------------------------------

option_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        [
            SUPERSCRIPTS[0],
            "10" + SUPERSCRIPTS[-1],
            ARABIC_INDIC[1:3],
            FULLWIDTH[1:3],
            "0",
            "007",
            "-1",
            "1.5",
            "9" * 5000,
            "  3  ",
        ]
    ),
    st.lists(st.sampled_from([*REGISTRY.kinds, "title", "status", "id"]), max_size=3).map(
        ", ".join
    ),
)


@SETTINGS
@given(
    st.sampled_from(sorted(DIRECTIVES)),
    st.data(),
)
def test_report_options_raise_only_their_documented_errors(name: str, data: st.DataObject) -> None:
    directive = DIRECTIVES[name]
    options = data.draw(
        st.dictionaries(st.sampled_from(directive.known_options), option_values, max_size=5)
    )
    try:
        QUERIES[name](Options(options, REGISTRY))
    except (QueryError, FilterError) as exc:
        message = str(exc)
    else:
        message = "accepted"
    assert message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("value", "number"),
    [("12", 12), (ARABIC_INDIC[1:3], 12), (FULLWIDTH[1:3], 12), ("007", 7), ("0", 0)],
)
def test_integer_options_take_the_digits_of_any_script(value: str, number: int) -> None:
    assert Options({"max-columns": value}, REGISTRY).integer("max-columns", 40) == number


@pytest.mark.parametrize(
    "value",
    [SUPERSCRIPTS[0], "10" + SUPERSCRIPTS[-1], "-1", "1.5", "one", "1 2", "9" * 5000, "1000001"],
)
def test_integer_options_refuse_what_is_not_a_whole_number(value: str) -> None:
    with pytest.raises(QueryError, match=r"^:max-columns: must be "):
        Options({"max-columns": value}, REGISTRY).integer("max-columns", 40)


@SETTINGS
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(
            st.one_of(
                st.sampled_from(["status", "kind", "id", "tags", "priority", "title", "due"]),
                st.sampled_from(["=", "!=", "~", ";", ",", " ", SUPERSCRIPTS, ARABIC_INDIC]),
                st.text(max_size=6),
            ),
            max_size=10,
        ).map("".join),
    )
)
def test_the_filter_parser_raises_only_filter_errors(text: str) -> None:
    try:
        parse_filter(text, REGISTRY)
    except FilterError as exc:
        message = str(exc)
    else:
        message = "accepted"
    assert message


# -- natural order --------------------------------------------------------------------------

sort_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(f"0123456789{SUPERSCRIPTS}{ARABIC_INDIC}{FULLWIDTH}-. "),
    ),
    max_size=20,
)


@SETTINGS
@given(st.lists(sort_text, max_size=8))
def test_natural_key_never_raises_and_orders_consistently(texts: list[str]) -> None:
    keys = [natural_key(t) for t in texts]
    ordered = [natural_key(t) for t in sorted(texts, key=natural_key)]
    assert all(a <= b for a, b in itertools.pairwise(ordered))
    for a in keys:
        for b in keys:
            assert (a < b) + (a == b) + (a > b) == 1  # a total order
            for c in keys:
                if a <= b <= c:
                    assert a <= c


@SETTINGS
@given(
    st.integers(min_value=0, max_value=10**60),
    st.integers(min_value=0, max_value=10**60),
    st.sampled_from(["0123456789", ARABIC_INDIC, FULLWIDTH]),
)
def test_numbers_sort_by_value_in_any_script(m: int, n: int, digits: str) -> None:
    def written(number: int) -> str:
        return "G-" + "".join(digits[int(d)] for d in str(number))

    assert (natural_key(written(m)) < natural_key(written(n))) == (m < n)


def test_natural_key_examples() -> None:
    million = "Scale to 10" + SUPERSCRIPTS[-1] + " users"
    three = "G-" + ARABIC_INDIC[3]
    titles = [million, "G-10", "g-9", SUPERSCRIPTS[0], "Scale to 10 users", "1" * 5000, three]
    assert sorted(titles, key=natural_key) == [
        "1" * 5000,
        three,
        "g-9",
        "G-10",
        "Scale to 10 users",
        million,
        SUPERSCRIPTS[0],
    ]


# -- the command line on any export -----------------------------------------------------------


@pytest.fixture(scope="module")
def good_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    app = build("designdoc", ROOTS / "test-export-reports", builddir=tmp_path_factory.mktemp("x"))
    assert app.warning.getvalue() == ""
    data: dict[str, Any] = json.loads((Path(app.outdir) / EXPORT_FILE).read_text("utf-8"))
    return data


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value, as a path of keys and indexes."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


@st.composite
def mutated_exports(draw: st.DrawFn, good: dict[str, Any]) -> bytes:
    """A valid export with a few values replaced, mostly by values of the same
    type taken from elsewhere in it (an ID, a kind, a status, a date...): often
    still valid against the schema, so that the code behind the check is reached."""
    data = copy.deepcopy(good)
    places = [p for p in _paths(data) if p]
    strings = sorted({v for p in places if isinstance(v := _at(good, p), str)})
    same_role = st.sampled_from(strings)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(places))
        try:
            parent = _at(data, path[:-1])
            current = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # moved by an earlier change
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            parent[path[-1]] = draw(json_values)  # anything at all
        elif isinstance(current, str):
            parent[path[-1]] = draw(same_role | st.text(max_size=10))
        elif isinstance(current, bool | int):
            parent[path[-1]] = draw(st.integers(min_value=-(10**20), max_value=10**20))
        elif isinstance(current, list):
            parent[path[-1]] = draw(st.lists(same_role, max_size=4))
        elif isinstance(current, dict):
            key = draw(same_role | st.text(max_size=6))
            remove: bool = draw(st.booleans())
            if current and remove:
                key = draw(st.sampled_from(sorted(current)))
                del current[key]
            else:
                current[key] = draw(same_role | st.lists(same_role, max_size=3))
    return _json_bytes(data, draw(st.sampled_from(HUGE_NUMBERS)))


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


COMMANDS = st.sampled_from(
    [
        ["report"],
        ["report", "--format", "markdown"],
        ["report", "--format", "csv"],
        ["report", "--format", "json"],
        ["report", "--kind", "component"],
        ["report", "--kind", "question", "--format", "markdown"],
        ["report", "--filter", "status=open"],
        ["check"],
        ["diff"],
    ]
)


def _run(args: list[str]) -> int:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    if code == cli.ERROR:
        assert err.getvalue().count("\n") == 1, err.getvalue()
    return code


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data(), COMMANDS)
def test_the_command_line_never_raises_on_any_export(
    good_export: dict[str, Any], data: st.DataObject, command: list[str]
) -> None:
    content = data.draw(
        st.one_of(
            mutated_exports(good_export),
            mutated_exports(good_export),
            json_values.map(lambda v: _json_bytes(v, "9" * 5000)),
            st.binary(max_size=100),
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "designdoc.json")
        path.write_bytes(content)
        good = Path(folder, "good.json")
        good.write_text(json.dumps(good_export), "utf-8")
        if command == ["diff"]:
            args = [*command, str(good), str(path)]
        else:
            args = [command[0], str(path), *command[1:]]
        code = _run(args)
        event(f"exit status {code}")
        assert code in (cli.OK, cli.PROBLEMS, cli.ERROR)
        if command == ["diff"]:
            assert _run([command[0], str(path), str(good)]) in (cli.OK, cli.ERROR)
