"""Evidence files: the reports CI already writes, read to decide a gate's status.

Four formats are read, told apart by their content (not by the file name):

JUnit XML
    written by pytest ``--junitxml`` and by nearly every other test runner.
    Passing when at least one test ran and none failed or had an error; the
    threshold is not used.
coverage.py JSON (``coverage json``) and Cobertura XML (``coverage xml``)
    passing when the total coverage (lines and branches, as coverage.py counts
    it) is at least the threshold, a percentage such as ``80%``.
SARIF
    written by ruff, bandit, semgrep, CodeQL and most other scanners.  Passing
    when no result is at the levels the threshold names (default ``error``);
    suppressed results and results that are ``absent`` from the baseline do not
    count.

Reading never raises: a missing, empty, unreadable or malformed file gives an
:class:`EvidenceResult` with status ``unknown`` and a ``problem`` saying why.
XML is parsed with defusedxml (no entity expansion, no external entities).

What a file says (:class:`~.evidence_readers.Measurement`, read by
:mod:`.evidence_readers`) is kept apart from how it is judged (:func:`judge`),
so the same measurement can be judged again against the threshold a quality
level requires.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from .evidence_readers import (
    COVERAGE,
    JUNIT,
    SARIF_LEVELS,
    EvidenceError,
    Measurement,
    read_measurement,
)

PASSING = "passing"
FAILING = "failing"
UNKNOWN = "unknown"
_LEVEL_NOUNS = {
    "error": ("error", "errors"),
    "warning": ("warning", "warnings"),
    "note": ("note", "notes"),
    "none": ("result without level", "results without level"),
}


@dataclass(frozen=True)
class EvidenceResult:
    """A gate's status as decided by its evidence, with the value measured."""

    status: str
    #: What was measured, as shown: "coverage 83.4% >= 80%", "412 tests, 0 failures".
    measured: str = ""
    #: Why the status is unknown ("" when it is not).
    problem: str = ""
    measurement: Measurement | None = None


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _number(value: float) -> str:
    return f"{value:g}"


def percent_threshold(threshold: str) -> float:
    """A coverage threshold: ``80``, ``80%``, ``>= 80 %``, or text naming exactly
    one percentage (``at least 95 % of lines``)."""
    text = threshold.strip()
    match = re.fullmatch(r"(?:>=?\s*)?(\d+(?:\.\d+)?)\s*%?", text)
    found = [match[1]] if match else re.findall(r"(\d+(?:\.\d+)?)\s*%", text)
    if not text:
        raise EvidenceError("coverage evidence needs a :threshold: (a percentage such as 80%)")
    if len(found) != 1:
        raise EvidenceError(
            f"threshold {threshold!r} is not one percentage (such as 80%), "
            "as coverage evidence needs"
        )
    value = float(found[0])
    if not 0 <= value <= 100:
        raise EvidenceError(f"threshold {threshold!r} is not between 0% and 100%")
    return value


def sarif_levels(threshold: str) -> tuple[str, ...]:
    """The SARIF levels that fail a gate: those the threshold names, else ``error``."""
    words = tuple(w for w in re.split(r"[\s,]+", threshold.strip().lower()) if w)
    if not words:
        return ("error",)
    unknown = [w for w in words if w not in SARIF_LEVELS]
    if unknown:
        raise EvidenceError(
            f"threshold {threshold!r} does not name SARIF levels "
            f"({', '.join(SARIF_LEVELS)}), as SARIF evidence needs"
        )
    return tuple(level for level in SARIF_LEVELS if level in words)


def _shown_percent(value: float, decimals: int) -> str:
    """Rounded down, so a value below the threshold never shows as reaching it."""
    scale = 10**decimals
    return f"{math.floor(round(value * scale, 6)) / scale:.{decimals}f}"


def judge(measurement: Measurement, threshold: str = "") -> EvidenceResult:
    """The status a measurement gives against a threshold."""
    m = measurement
    try:
        if m.format == JUNIT:
            ran = m.tests - m.skipped
            measured = ", ".join(
                (_plural(m.tests, "test", "tests"), _plural(m.failures, "failure", "failures"))
            )
            if m.errors:
                measured += f", {_plural(m.errors, 'error', 'errors')}"
            if m.skipped:
                measured += f", {m.skipped} skipped"
            passing = ran > 0 and not m.failures and not m.errors
        elif m.format == COVERAGE:
            if not (math.isfinite(m.percent) and 0 <= m.percent <= 100):
                raise EvidenceError(f"coverage of {m.percent}% is not a percentage")
            wanted = percent_threshold(threshold)
            decimals = min(max(len(_number(wanted).partition(".")[2]), 1), 4)
            passing = m.percent >= wanted
            sign = ">=" if passing else "<"
            measured = f"coverage {_shown_percent(m.percent, decimals)}% {sign} {_number(wanted)}%"
        else:
            levels = sarif_levels(threshold)
            counts = dict(m.findings)
            shown = [lv for lv in SARIF_LEVELS if lv in levels or counts.get(lv, 0)]
            measured = ", ".join(_plural(counts.get(lv, 0), *_LEVEL_NOUNS[lv]) for lv in shown)
            if m.tools:
                measured = f"{', '.join(m.tools)}: {measured}"
            passing = not any(counts.get(lv, 0) for lv in levels)
    except EvidenceError as exc:
        return EvidenceResult(UNKNOWN, problem=str(exc), measurement=m)
    return EvidenceResult(PASSING if passing else FAILING, measured, measurement=m)


def evaluate(path: Path, threshold: str = "") -> EvidenceResult:
    """Read and judge an evidence file; never raises."""
    try:
        measurement = read_measurement(path)
    except EvidenceError as exc:
        return EvidenceResult(UNKNOWN, problem=str(exc))
    return judge(measurement, threshold)
