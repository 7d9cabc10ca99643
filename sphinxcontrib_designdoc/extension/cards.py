"""Entries as standard docutils nodes.

The card (kind, ID, title, status, fields, body) is built while reading; the
links section depends on other documents, so the directive leaves a
:class:`entry_links` placeholder that :func:`links_section` fills after reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from docutils import nodes

from ..core.model import INVALID_NOTE, Entry
from ..core.richtext import TEXT
from ..core.text import css_token
from .titles import title_label, title_nodes

if TYPE_CHECKING:
    from ..core.compliance import ComponentCompliance
    from ..core.kinds import Kind, Registry
    from ..core.linkgraph import LinkIndex


class entry_links(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Placeholder for an entry's outgoing and incoming links.

    Holds ``docname`` and ``serial`` of the entry; always replaced before writing.
    """


class entry_permalink(nodes.Inline, nodes.Element):  # noqa: N801 (docutils naming)
    """The permalink of a card (``refid``: the entry's ID), after its title.

    HTML translators write it as Sphinx writes the link of a heading (see
    :mod:`.html_nodes`); every other builder drops it.  It has no text, so the
    title reads the same everywhere (search index included).
    """


def status_pill(status: str) -> nodes.inline:
    return nodes.inline(status, status, classes=["dd-status", f"dd-status-{css_token(status)}"])


def invalid_value(value: str) -> nodes.inline:
    """A value as written that failed validation, flagged (like a broken link)."""
    flagged = nodes.inline("", "", classes=["dd-invalid"])
    flagged += nodes.inline(value, value, classes=["dd-invalid-value"])
    flagged += nodes.Text(" ")
    flagged += nodes.inline(INVALID_NOTE, INVALID_NOTE, classes=["dd-invalid-note"])
    return flagged


def _field(label: str, body: nodes.Node, name: str) -> nodes.field:
    if not isinstance(body, nodes.paragraph | nodes.container):
        body = nodes.paragraph("", "", body)
    return nodes.field(
        "",
        nodes.field_name(label, label),
        nodes.field_body("", body),
        classes=[f"dd-field-{css_token(name)}"],
    )


def entry_card(
    entry: Entry,
    kind: Kind,
    body: nodes.Element,
    with_links: bool = True,
    sections: Mapping[str, nodes.Element] | None = None,
) -> list[nodes.Node]:
    """The nodes of one entry: an anchor target and its card; ``sections``:
    the long fields written as sections of the body (see :mod:`.field_sections`)."""
    sections = sections or {}
    classes = ["dd-entry", f"dd-kind-{css_token(kind.name)}"]
    if entry.status:
        classes.append(f"dd-status-{css_token(entry.status)}")
    card = nodes.container(classes=classes, ids=[entry.id])
    # Titles and values are shown as written, as in links and objects.inv.
    header = nodes.paragraph(classes=["dd-header"], support_smartquotes=False)
    header += nodes.inline(kind.label, kind.label, classes=["dd-kind"])
    header += nodes.Text(" ")
    header += nodes.literal(entry.id, entry.id, classes=["dd-id"])
    header += nodes.Text(" ")
    header += nodes.strong(
        "", "", *title_nodes(entry.title, entry.title_spans), classes=["dd-title"]
    )
    header += entry_permalink(refid=entry.id)
    if entry.status:
        header += nodes.Text(" ")
        header += status_pill(entry.status)
    elif entry.invalid_value("status"):
        header += nodes.Text(" ")
        header += invalid_value(entry.invalid_value("status"))
    card += header
    fields = nodes.field_list(classes=["dd-fields"], support_smartquotes=False)
    if entry.owner:
        fields += _field("Owner", nodes.Text(entry.owner), "owner")
    for fld in kind.fields:
        if fld.name == "status":
            continue
        value = entry.get(fld.name)
        if fld.name in sections and len(sections[fld.name]):
            fields += _field(fld.label, sections[fld.name], fld.name)
        elif value:
            fields += _field(fld.label, nodes.Text(value), fld.name)
        elif entry.invalid_value(fld.name):
            fields += _field(fld.label, invalid_value(entry.invalid_value(fld.name)), fld.name)
    if entry.evidence is not None and entry.evidence.measured:
        fields += _field("Measured", nodes.Text(entry.evidence.measured), "measured")
    if entry.tags:
        tags = nodes.paragraph()
        for i, tag in enumerate(entry.tags):
            if i:
                tags += nodes.Text(", ")
            tags += nodes.inline(tag, tag, classes=["dd-tag"])
        fields += _field("Tags", tags, "tags")
    if len(fields):
        card += fields
    if len(body):
        card += body
    if with_links:
        card += entry_links(docname=entry.docname, serial=entry.serial)
    # The target keeps the anchor for writers that label targets (LaTeX).
    return [nodes.target("", "", refid=entry.id), card]


def progress(record: ComponentCompliance | None) -> str:
    """What a component with a ``:target-quality:`` still needs: "to reach
    production: coverage, review" ("" without a target)."""
    return record.promotion if record is not None and record.target else ""


def add_progress(card: nodes.Element, text: str) -> None:
    """Show :func:`progress` in a card's fields (filled once every document is read)."""
    if not text:
        return
    fields = next(
        (
            c
            for c in card.children
            if isinstance(c, nodes.field_list) and "dd-fields" in c["classes"]
        ),
        None,
    )
    if fields is None:
        fields = nodes.field_list(classes=["dd-fields"], support_smartquotes=False)
        card.insert(1, fields)
    fields += _field("Progress", nodes.Text(text), "progress")


class HiddenId(str):
    """The ID of an entry this output leaves out (it sits in an ``.. only::``
    whose expression is false for the builder): shown as its ID, unlinked,
    and not as a broken link."""

    __slots__ = ()


def unlinked_class(target: str) -> str:
    """The class of a link target that names no entry of this output."""
    return "dd-hidden" if isinstance(target, HiddenId) else "dd-broken"


RefMaker = Callable[[Entry, nodes.Node], nodes.Node]
#: (css name, label, targets) of each link group of an entry; a target that
#: names no entry is its ID.
LinkRows = list[tuple[str, str, list[Entry | str]]]


def _ref_list(targets: Iterable[Entry | str], make_ref: RefMaker) -> nodes.paragraph:
    para = nodes.paragraph()
    for i, target in enumerate(targets):
        if i:
            para += nodes.Text(", ")
        if isinstance(target, str):
            para += nodes.literal(target, target, classes=[unlinked_class(target)])
            continue
        label = nodes.inline("", "", classes=["dd-ref"])
        label += nodes.literal(target.id, target.id, classes=["dd-id"])
        if target.title_spans:
            label += nodes.Text(" ")
            label += title_label(target.title, target.title_spans)
        else:
            label += nodes.Text(f" {target.title}")
        para += make_ref(target, label)
    return para


def marked(entry: Entry, inactive: Mapping[str, str]) -> Entry:
    """An entry as its links show it: "KEP-3 Title (withdrawn)" for an entry of
    a document no longer in force (``inactive``: document -> its status)."""
    status = inactive.get(entry.docname)
    if not status:
        return entry
    note = f" ({status})"
    spans = (*entry.title_spans, (TEXT, note, "")) if entry.title_spans else ()
    return replace(entry, title=entry.title + note, title_spans=spans)


def link_rows(
    entry: Entry, registry: Registry, index: LinkIndex, inactive: Mapping[str, str] | None = None
) -> LinkRows:
    """(css name, label, targets) for each outgoing and incoming link group;
    targets in ``inactive`` documents are :func:`marked`."""
    rows = _link_rows(entry, registry, index)
    if inactive:
        rows = [
            (name, label, [t if isinstance(t, str) else marked(t, inactive) for t in targets])
            for name, label, targets in rows
        ]
    return rows


def _link_rows(entry: Entry, registry: Registry, index: LinkIndex) -> LinkRows:
    rows: LinkRows = []
    kind = registry.kinds.get(entry.kind)
    for name, target_ids in entry.links:
        link = kind.link(name) if kind else None
        label = link.label if link else name
        targets: list[Entry | str] = [
            index.resolve(t) or (HiddenId(t) if index.is_hidden(t) else t) for t in target_ids
        ]
        rows.append((name, label, targets))
    if index.resolve(entry.id) is not entry:
        return rows  # a duplicate: the entry that owns the ID shows the backlinks
    incoming: dict[str, list[Entry | str]] = {}
    for backlink in index.backlinks.get(entry.id, []):
        source_kind = registry.kinds.get(backlink.source.kind)
        link = source_kind.link(backlink.field) if source_kind else None
        label = link.reverse if link else backlink.field
        incoming.setdefault(label, []).append(backlink.source)
    rows.extend((f"{css_token(label)}-in", label, sources) for label, sources in incoming.items())
    if len({label for _, label, _ in rows}) < len(rows):
        rows = _merged(rows)
    return rows


def _merged(rows: LinkRows) -> LinkRows:
    """One row per label: a link both sides state (``:related:``, "See also"
    both ways) is shown once, in the first row of its label."""
    by_label: dict[str, tuple[str, str, list[Entry | str]]] = {}
    for name, label, targets in rows:
        kept = by_label.setdefault(label, (name, label, []))[2]
        kept.extend(t for t in targets if t not in kept)
    return list(by_label.values())


def links_section(rows: LinkRows, make_ref: RefMaker) -> nodes.field_list:
    """The links of an entry (``rows``: not empty)."""
    section = nodes.field_list(classes=["dd-links"])
    for name, label, targets in rows:
        section += _field(label, _ref_list(targets, make_ref), name)
    return section
