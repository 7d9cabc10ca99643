"""How a field of an entry is read: one definition for the filter language,
report columns and the command line.

A field name is one of the :data:`COMMON_FIELDS` every entry has, or a field
or link field of the entry's kind.  It reads as a tuple of values: one for a
text field, the items of a list field or of ``tags``, the IDs of a link field,
none when nothing is written (or the kind lacks the field).
"""

from __future__ import annotations

from .kinds import Kind, Registry
from .model import Entry, split_list

#: Fields every entry has, and how they read (``"text"`` or ``"list"``).
COMMON_FIELDS = {
    "kind": "text",
    "id": "text",
    "title": "text",
    "document": "text",
    "owner": "text",
    "tags": "list",
}


def reading(name: str, kind: Kind | None) -> str | None:
    """How ``name`` reads on an entry of ``kind``: ``"text"``, ``"list"``,
    ``"link"``, or None when the kind has no such field."""
    if name in COMMON_FIELDS:
        return COMMON_FIELDS[name]
    if kind is None:
        return None
    fld = kind.field(name)
    if fld is not None:
        return "list" if fld.type == "list" else "text"
    return "link" if kind.link(name) is not None else None


def read_as(entry: Entry, name: str, how: str | None) -> tuple[str, ...]:
    """The values of ``name`` on ``entry``, read as ``how`` (see :func:`reading`)."""
    if how is None:
        return ()
    if name == "tags":
        return entry.tags
    if name in COMMON_FIELDS:
        value = {
            "kind": entry.kind,
            "id": entry.id,
            "title": entry.title,
            "document": entry.docname,
            "owner": entry.owner,
        }[name]
    elif how == "link":
        return entry.targets(name)
    else:
        value = entry.get(name)
    if how == "list":
        return split_list(value)
    return (value,) if value else ()


def field_values(entry: Entry, name: str, registry: Registry) -> tuple[str, ...]:
    """The values of the field ``name`` on ``entry`` (none if its kind lacks it)."""
    return read_as(entry, name, reading(name, registry.kinds.get(entry.kind)))


def known_fields(registry: Registry) -> list[str]:
    """Every field name a filter may use, sorted."""
    names = set(COMMON_FIELDS)
    for kind in registry.kinds.values():
        names.update(f.name for f in kind.fields)
        names.update(link.name for link in kind.links)
    return sorted(names)
