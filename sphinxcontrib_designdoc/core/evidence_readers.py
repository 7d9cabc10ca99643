"""Evidence files read into a :class:`Measurement`: what the file says.

Four formats are read, told apart by their content (not by the file name):
JUnit XML (pytest ``--junitxml`` and nearly every other test runner),
coverage.py JSON (``coverage json``), Cobertura XML (``coverage xml``) and
SARIF (ruff, bandit, semgrep, CodeQL and most other scanners).  XML is parsed
with defusedxml (no entity expansion, no external entities); files over
:data:`MAX_BYTES`, counts that overflow or are not finite, and numbers too long
to convert are refused with an :class:`EvidenceError`.  How a measurement is
judged against a threshold is :mod:`.evidence`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

JUNIT = "junit"
COVERAGE = "coverage"
SARIF = "sarif"

#: SARIF result levels, most severe first.
SARIF_LEVELS = ("error", "warning", "note", "none")
#: Larger files are not read (a report of this size is not a CI summary).
MAX_BYTES = 64 * 1024 * 1024
#: Larger test counts are not believed (no suite runs a trillion tests).
MAX_COUNT = 10**12
#: JSON integers with more digits are read as infinite, never converted (a
#: float holds at most 309 digits; Python converts at most 4300).
MAX_INT_DIGITS = 300
FORMATS = "JUnit XML, coverage.py JSON, Cobertura XML or SARIF"


class EvidenceError(ValueError):
    """An evidence file that cannot be used; the message says why."""


@dataclass(frozen=True)
class Measurement:
    """What an evidence file says, before any threshold is applied."""

    format: str
    #: The format as shown ("JUnit XML", "Cobertura XML", ...).
    source: str
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0
    #: Total coverage in percent.
    percent: float = 0.0
    #: (level, count) for every SARIF level, most severe first.
    findings: tuple[tuple[str, int], ...] = ()
    #: The SARIF tools that produced the results.
    tools: tuple[str, ...] = ()


def read_measurement(path: Path) -> Measurement:
    """What an evidence file says; raises :class:`EvidenceError` if it cannot tell."""
    data = _read_bytes(path)
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        raise EvidenceError("is empty")
    try:
        if text.startswith(b"<"):
            return _from_xml(data)
        if text.startswith((b"{", b"[")):
            return _from_json(data)
    except EvidenceError:
        raise
    except (
        ValueError,
        ArithmeticError,
        TypeError,
        KeyError,
        AttributeError,
        RecursionError,
    ) as exc:
        # ValueError covers JSON and XML syntax errors and defusedxml's refusals;
        # ArithmeticError a number too large for a float
        raise EvidenceError(f"is malformed ({_reason(exc)})") from None
    raise EvidenceError(f"is not {FORMATS}")


def _reason(exc: BaseException) -> str:
    from defusedxml import DefusedXmlException

    if isinstance(exc, DefusedXmlException):
        return "XML with entity declarations or external references is not read"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise EvidenceError("is a directory, not a file")
        if not path.exists():
            raise EvidenceError("does not exist")
        if not path.is_file():
            raise EvidenceError("is not a regular file")
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        if isinstance(exc, EvidenceError):
            raise
        raise EvidenceError(f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if len(data) > MAX_BYTES:
        raise EvidenceError(f"is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _from_xml(data: bytes) -> Measurement:
    try:
        # imported here: most builds read no XML, and defusedxml takes ~15 ms
        from defusedxml.ElementTree import fromstring

        root = fromstring(data)
    except ParseError as exc:
        raise EvidenceError(f"is malformed XML ({_reason(exc)})") from None
    tag = _local(root.tag)
    if tag in ("testsuites", "testsuite"):
        return _junit(root)
    if tag == "coverage" and root.get("line-rate") is not None:
        return _cobertura(root)
    raise EvidenceError(
        f"is XML with root element <{tag}>, neither JUnit (<testsuites>, <testsuite>) "
        "nor Cobertura (<coverage>)"
    )


def _attribute_number(name: str, value: str) -> float:
    """An XML attribute as a finite number that is not negative."""
    try:
        number = float(value)
    except ValueError:
        raise EvidenceError(f"is malformed: {name}={value[:40]!r} is not a number") from None
    if not math.isfinite(number):
        raise EvidenceError(f"is malformed: {name}={value[:40]!r} is not a finite number")
    if number < 0:
        raise EvidenceError(f"is malformed: {name}={value[:40]!r} is negative")
    return number


def _count(element: Element, name: str) -> int:
    value = element.get(name, "0") or "0"
    number = _attribute_number(name, value)
    if number > MAX_COUNT:
        raise EvidenceError(f"is malformed: {name}={value[:40]!r} is not a plausible count")
    return int(number)


def _junit(root: Element) -> Measurement:
    tests = failures = errors = skipped = 0
    cases = [e for e in root.iter() if _local(e.tag) == "testcase"]
    for case in cases:
        outcomes = {_local(child.tag) for child in case}
        tests += 1
        if "failure" in outcomes:
            failures += 1
        elif "error" in outcomes:
            errors += 1
        elif "skipped" in outcomes:
            skipped += 1
    if not cases:
        # a runner that writes only the counts: add up the innermost suites
        suites = [e for e in root.iter() if _local(e.tag) == "testsuite"] or [root]
        for suite in suites:
            if any(_local(child.tag) == "testsuite" for child in suite):
                continue
            tests += _count(suite, "tests")
            failures += _count(suite, "failures")
            errors += _count(suite, "errors")
            skipped += _count(suite, "skipped") + _count(suite, "disabled")
        skipped = min(skipped, tests)
    return Measurement(JUNIT, "JUnit XML", tests, failures, errors, skipped)


def _cobertura(root: Element) -> Measurement:
    def number(name: str) -> float | None:
        value = root.get(name)
        return None if value is None else _attribute_number(name, value)

    lines_valid, lines_covered = number("lines-valid"), number("lines-covered")
    branches_valid = number("branches-valid") or 0.0
    branches_covered = number("branches-covered") or 0.0
    line_rate = number("line-rate")
    if lines_valid is not None and lines_covered is not None and lines_valid + branches_valid:
        # as coverage.py totals it: covered lines and branches over all of them
        percent = 100 * (lines_covered + branches_covered) / (lines_valid + branches_valid)
    elif line_rate is not None:
        percent = 100 * line_rate
    else:
        raise EvidenceError("is malformed: Cobertura XML without line-rate")
    if not math.isfinite(percent):
        # totals so large that their sum overflows (inf / inf)
        raise EvidenceError("is malformed: Cobertura XML whose totals give no percentage")
    if percent > 100:
        raise EvidenceError(f"is malformed: coverage of {percent:g}% is over 100%")
    return Measurement(COVERAGE, "Cobertura XML", percent=percent)


def _from_json(data: bytes) -> Measurement:
    try:
        value = json.loads(data.decode("utf-8-sig"), parse_int=_json_int)
    except UnicodeDecodeError:
        raise EvidenceError("is malformed: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise EvidenceError(f"is malformed JSON ({exc.msg}, line {exc.lineno})") from None
    if isinstance(value, Mapping):
        if isinstance(value.get("totals"), Mapping):
            return _coverage_json(value["totals"])
        if "runs" in value:
            return _sarif(value)
    raise EvidenceError(
        "is JSON of an unknown shape: neither coverage.py JSON (with totals) nor SARIF (with runs)"
    )


def _json_int(text: str) -> int | float:
    """A JSON integer; one too long for ``int()`` is as large as a float gets."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return -math.inf if text.startswith("-") else math.inf
    return int(text)


def _coverage_json(totals: Mapping[str, Any]) -> Measurement:
    percent = totals.get("percent_covered")
    if (
        isinstance(percent, bool)
        or not isinstance(percent, int | float)
        or not math.isfinite(percent)
        or not 0 <= percent <= 100
    ):
        raise EvidenceError(
            "is malformed: coverage.py JSON whose totals.percent_covered is not "
            "a percentage between 0 and 100"
        )
    return Measurement(COVERAGE, "coverage.py JSON", percent=float(percent))


def _sarif(log: Mapping[str, Any]) -> Measurement:
    runs = log["runs"]
    if not isinstance(runs, list):
        raise EvidenceError("is malformed: SARIF whose runs is not a list")
    counts = dict.fromkeys(SARIF_LEVELS, 0)
    tools: list[str] = []
    for number, run in enumerate(runs, 1):
        if not isinstance(run, Mapping):
            raise EvidenceError(f"is malformed: SARIF run {number} is not an object")
        driver = _get(run, "tool", "driver")
        name = driver.get("name") if isinstance(driver, Mapping) else None
        if isinstance(name, str) and name and name not in tools:
            tools.append(name)
        results = run.get("results")
        if not isinstance(results, list):
            raise EvidenceError(
                f"is malformed: SARIF run {number} has no results list "
                "(the analysis did not finish)"
            )
        defaults = _default_levels(driver)
        for result in results:
            if not isinstance(result, Mapping):
                raise EvidenceError(
                    f"is malformed: a result of SARIF run {number} is not an object"
                )
            level = _level(result, defaults)
            if level is not None:
                counts[level] += 1
    return Measurement(SARIF, "SARIF", findings=tuple(counts.items()), tools=tuple(tools))


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _default_levels(driver: Any) -> tuple[list[str | None], dict[str, str]]:
    """The default level of each rule, by index and by ID."""
    rules = driver.get("rules") if isinstance(driver, Mapping) else None
    by_index: list[str | None] = []
    by_id: dict[str, str] = {}
    for rule in rules if isinstance(rules, list) else ():
        level = _get(rule, "defaultConfiguration", "level")
        level = level if level in SARIF_LEVELS else None
        by_index.append(level)
        rule_id = rule.get("id") if isinstance(rule, Mapping) else None
        if level and isinstance(rule_id, str):
            by_id[rule_id] = level
    return by_index, by_id


def _suppressed(result: Mapping[str, Any]) -> bool:
    suppressions = result.get("suppressions")
    if not isinstance(suppressions, list):
        return False
    return any(
        isinstance(s, Mapping) and s.get("status", "accepted") == "accepted" for s in suppressions
    )


def _level(
    result: Mapping[str, Any], defaults: tuple[list[str | None], dict[str, str]]
) -> str | None:
    """The level a result counts at (None: it does not count), as SARIF 2.1 defines it."""
    if _suppressed(result) or result.get("baselineState") == "absent":
        return None
    kind = result.get("kind", "fail")
    if kind != "fail":
        return "none"
    level = result.get("level")
    if level is not None:
        if level not in SARIF_LEVELS:
            raise EvidenceError(f"is malformed: SARIF result level {str(level)[:40]!r}")
        return str(level)
    by_index, by_id = defaults
    index = result.get("ruleIndex")
    if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(by_index):
        found = by_index[index]
        if found:
            return found
    rule_id = result.get("ruleId")
    if isinstance(rule_id, str) and rule_id in by_id:
        return by_id[rule_id]
    return "warning"
