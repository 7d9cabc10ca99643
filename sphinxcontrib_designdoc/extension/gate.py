"""A quality gate's evidence, read while the gate's document is read.

``:evidence:`` is a path relative to the document (absolute: relative to the
source folder), like ``literalinclude``.  The sha256 of the file's content is
recorded with the document (:func:`evidence_changed`), so the document is read
again whenever the content differs, however the file is dated (a copy that
keeps an older date, a restored CI artefact), appears or disappears, and only
then: the file is no dependency of the document for Sphinx, which would read
the document again in every build while the file is absent (a CI artefact that
a local build does not have).  The page digests of :mod:`..freshness` then
rewrite every page whose report shows the gate.  The status the evidence gives
replaces the one written, except ``waived`` and ``dropped`` (decisions taken
knowing the evidence); a written ``passing`` or ``failing`` that the evidence
contradicts is reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model import Entry
from ..core.subtypes import Subtype
from .directives import ENTRY_READ
from .domain import get_domain
from .files import file_hash
from .warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective

GATE = "gate"
#: Written statuses the evidence does not override: decisions about the gate.
DECIDED = ("waived", "dropped")


def read_evidence(
    app: Sphinx, directive: SphinxDirective, entry: Entry, options: Mapping[str, str]
) -> Entry | None:
    """The gate with the status and measurement of its evidence file (None: unchanged)."""
    written = entry.get("evidence")
    if entry.kind != GATE or not written:
        return None
    from ..core.evidence import FAILING, PASSING, UNKNOWN, evaluate

    env = directive.env
    relative, absolute = env.relfn2path(written, env.docname)
    read = get_domain(env).data["evidence"].setdefault(env.docname, {})
    read[relative] = file_hash(Path(absolute))
    result = evaluate(Path(absolute), entry.get("threshold"))
    location = directive.get_location()
    if result.problem:
        # a problem of the file ("does not exist"), or of the threshold for it
        what = f"evidence {written!r} " if result.measurement is None else ""
        warn(f"{entry.id}: {what}{result.problem}; status {UNKNOWN}", Subtype.evidence, location)
    status = result.status
    stated = entry.status if "status" in options else ""
    if stated in DECIDED:
        status = stated
    elif {stated, result.status} == {PASSING, FAILING}:
        warn(
            f"{entry.id}: :status: {stated} contradicts the evidence "
            f"({result.measured}): {result.status}",
            Subtype.evidence_mismatch,
            location,
        )
    # the evidence decides, also over a status written with an invalid value
    fields = (*((k, v) for k, v in entry.fields if k != "status"), ("status", status))
    return dataclasses.replace(entry, fields=fields, evidence=result)


def evidence_changed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The documents to read again: those whose evidence files' content is not
    what it was when they were read."""
    srcdir = Path(env.srcdir)
    return [
        docname
        for docname, hashes in get_domain(env).data["evidence"].items()
        if docname not in changed
        and docname not in removed
        and any(file_hash(srcdir / path) != digest for path, digest in hashes.items())
    ]


def setup_gate(app: Sphinx) -> None:
    app.connect(ENTRY_READ, read_evidence)
    app.connect("env-get-outdated", evidence_changed)
