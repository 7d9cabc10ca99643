"""A quality gate's evidence, read while the gate's document is read.

``:evidence:`` is a path relative to the document (absolute: relative to the
source folder), like ``literalinclude``.  The file becomes a dependency of the
document, so Sphinx reads the document again when the file changes; the page
digests of :mod:`..freshness` then rewrite every page whose report shows the
gate.  The status the evidence gives replaces the one written, except
``waived`` (a decision taken knowing the evidence); a written ``passing`` or
``failing`` that the evidence contradicts is reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..directives import ENTRY_READ
from ..model import Entry
from ..warnings_ import Subtype, warn
from .evidence import FAILING, PASSING, UNKNOWN, evaluate

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import SphinxDirective

GATE = "gate"
WAIVED = "waived"


def read_evidence(
    app: Sphinx, directive: SphinxDirective, entry: Entry, options: Mapping[str, str]
) -> Entry | None:
    """The gate with the status and measurement of its evidence file (None: unchanged)."""
    written = entry.get("evidence")
    if entry.kind != GATE or not written:
        return None
    env = directive.env
    relative, absolute = env.relfn2path(written, env.docname)
    env.note_dependency(relative)
    result = evaluate(Path(absolute), entry.get("threshold"))
    location = directive.get_location()
    if result.problem:
        # a problem of the file ("does not exist"), or of the threshold for it
        what = f"evidence {written!r} " if result.measurement is None else ""
        warn(f"{entry.id}: {what}{result.problem}; status {UNKNOWN}", Subtype.evidence, location)
    status = result.status
    stated = entry.status if "status" in options else ""
    if stated == WAIVED:
        status = WAIVED
    elif {stated, result.status} == {PASSING, FAILING}:
        warn(
            f"{entry.id}: :status: {stated} contradicts the evidence "
            f"({result.measured}): {result.status}",
            Subtype.evidence_mismatch,
            location,
        )
    fields = tuple((k, status if k == "status" else v) for k, v in entry.fields)
    return dataclasses.replace(entry, fields=fields, evidence=result)


def setup_gate(app: Sphinx) -> None:
    app.connect(ENTRY_READ, read_evidence)
