"""Long text fields written as named sections of an entry's body.

A field that is longer than a line (a risk's mitigation, a decision's
rationale, a question's answer) is written in the body, under a rubric that
names it, up to the next rubric or the end of the body::

    .. design-risk:: Replicas fall behind
       :impact: high

       What happens when they do.

       .. rubric:: Mitigation

       Reads that need fresh data go to the primary.

       Lag is alerted on at 5 s.

In MyST the rubric is ``:::{rubric} Mitigation`` (or a fenced ``{rubric}``).
Only text fields are taken (a choice or a date is one value); a rubric naming
anything else stays an ordinary rubric of the body.  The field's value is the
text of its paragraphs, separated by a blank line
(:data:`..core.reports.content.PARAGRAPH_BREAK`); the card shows the
section's nodes as written.
"""

from __future__ import annotations

from docutils import nodes

from ..core.kinds import Field, Kind
from ..core.text import PARAGRAPH_BREAK


def _field_named(kind: Kind, heading: str) -> Field | None:
    wanted = " ".join(heading.replace("-", " ").split()).casefold()
    for fld in kind.fields:
        if fld.type == "text" and wanted in (
            fld.label.casefold(),
            fld.name.replace("-", " ").casefold(),
        ):
            return fld
    return None


def take_sections(kind: Kind, body: nodes.Element) -> dict[str, nodes.container]:
    """Field name -> its section (removed from ``body``), for every top-level
    rubric of ``body`` that names a text field of ``kind``."""
    sections: dict[str, nodes.container] = {}
    current: nodes.container | None = None
    for child in list(body.children):
        if isinstance(child, nodes.rubric):
            fld = _field_named(kind, child.astext())
            if fld is not None:
                current = sections[fld.name] = nodes.container(classes=["dd-field-section"])
                body.remove(child)
                continue
            current = None
        if current is not None:
            body.remove(child)
            current += child
    return sections


def section_text(section: nodes.Element) -> str:
    """A section's value: its blocks' text, one paragraph each."""
    blocks = (" ".join(child.astext().split()) for child in section.children)
    return PARAGRAPH_BREAK.join(b for b in blocks if b)
