"""The project's entries as plain JSON data (``designdoc.json``).

Keys and entries come in a stable order and nothing depends on the clock but
the build date, so the file is byte-identical for serial, parallel,
incremental and fresh builds of the same sources.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..config import registry
from ..domain import get_domain
from ..kinds import Kind, Registry
from ..model import Entry

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

SCHEMA_VERSION = 1
SCHEMA_FILE = "designdoc.schema.json"
EXPORT_FILE = "designdoc.json"

#: docname -> URL of the page relative to the output root.
TargetUri = Callable[[str], str]


def schema() -> dict[str, Any]:
    """The published JSON Schema of ``designdoc.json``."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def _kind_data(kind: Kind, reg: Registry) -> dict[str, Any]:
    return {
        "prefix": kind.prefix,
        "label": kind.label,
        "directive": kind.directive,
        "fields": {f.name: {"type": f.type, "values": list(reg.allowed(f))} for f in kind.fields},
        "links": {
            link.name: {"targets": list(link.targets), "reverse": link.reverse}
            for link in kind.links
        },
    }


def _entry_data(
    entry: Entry, incoming: dict[str, list[str]], target_uri: TargetUri
) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "title": entry.title,
        "document": entry.docname,
        "line": entry.lineno,
        "target": f"{target_uri(entry.docname)}#{entry.id}",
        "fields": dict(entry.fields),
        "links": {name: list(ids) for name, ids in entry.links},
        "incoming": incoming,
        "tags": list(entry.tags),
        "owner": entry.owner,
        "body": entry.body,
    }


def export_data(env: BuildEnvironment, target_uri: TargetUri) -> dict[str, Any]:
    """Everything a CI job or a portal needs, as JSON-ready data."""
    domain = get_domain(env)
    index = domain.index
    reg = registry(env.config)
    entries = []
    for entry in index.entries:
        incoming: dict[str, list[str]] = {}
        for backlink in index.backlinks.get(entry.id, []):
            incoming.setdefault(backlink.field, []).append(backlink.source.id)
        entries.append(_entry_data(entry, incoming, target_uri))
    return {
        "schema_version": SCHEMA_VERSION,
        "project": {"name": env.config.project, "version": env.config.version},
        "quality_levels": {k: list(v) for k, v in env.config.designdoc_quality_levels.items()},
        "kinds": {name: _kind_data(kind, reg) for name, kind in sorted(reg.kinds.items())},
        "entries": entries,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
