"""The project's entries as plain JSON data (``designdoc.json``).

Keys and entries come in a stable order and nothing depends on the clock but
the build date (``designdoc_today``, ``SOURCE_DATE_EPOCH``, else today), so the
file is byte-identical for serial, parallel, incremental and fresh builds of
the same sources.

Each entry carries a ``derived`` object of what is computed from the whole
project: a question's age and days overdue, and a component's compliance with
its quality level.  What the cross-document checks need besides (their
settings, the entries that lost their ID to another, the IDs hidden from the
builder) is recorded too, so ``designdoc check`` finds what the build found.
The file's format (its schema, its layout) is :mod:`..export.format`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from sphinx.util.logging import is_suppressed_warning

from ..core.builddate import build_date
from ..core.kinds import Field, Kind, LinkField, Registry
from ..core.linkgraph import LinkIndex
from ..core.model import Entry, parse_date
from ..core.questions import QUESTION, days_overdue
from ..core.richtext import as_json
from ..core.subtypes import Subtype
from ..export.format import SCHEMA_VERSION, html_baseurl
from .checks import settings
from .config import registry
from .domain import get_domain
from .quality import compliance_by_component
from .warnings_ import DocumentWarning, Location

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: docname -> URL of the page relative to the output root.
TargetUri = Callable[[str], str]


def _kind_data(kind: Kind, reg: Registry) -> dict[str, Any]:
    return {
        "prefix": kind.prefix,
        "label": kind.label,
        "directive": kind.directive,
        "fields": {f.name: _field_data(f, reg) for f in kind.fields},
        "links": {link.name: _link_data(link) for link in kind.links},
    }


def _link_data(link: LinkField) -> dict[str, Any]:
    data: dict[str, Any] = {"targets": list(link.targets), "reverse": link.reverse}
    if link.heading:
        data["label"] = link.heading
    return data


def source_path(path: str, srcdir: str | PurePath) -> str:
    """A source file relative to the source folder (as written if outside it)."""
    for folder in (PurePath(srcdir), Path(srcdir).resolve()):
        try:
            return PurePath(path).relative_to(folder).as_posix()
        except ValueError:
            continue
    return PurePath(path).as_posix()


def _field_data(fld: Field, reg: Registry) -> dict[str, Any]:
    data: dict[str, Any] = {"type": fld.type, "values": list(reg.allowed(fld))}
    if fld.default:
        data["default"] = fld.default
    return data


def _question_data(entry: Entry, today: dt.date) -> dict[str, Any]:
    raised = parse_date(entry.get("raised"))
    answered = entry.status == "answered"
    return {
        "age_days": (today - raised).days if raised else None,
        "overdue_days": 0 if answered else days_overdue(entry, today),
    }


def _entry_data(
    entry: Entry,
    incoming: dict[str, list[str]],
    target_uri: TargetUri,
    derived: dict[str, Any],
    srcdir: str | PurePath,
) -> dict[str, Any]:
    data: dict[str, Any] = {
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
        "derived": derived,
    }
    if entry.source:
        data["source"] = source_path(entry.source, srcdir)
    if entry.invalid:
        data["invalid"] = dict(entry.invalid)
    if entry.title_spans:
        data["title_markup"] = as_json(entry.title_spans)
    return data


def export_data(env: BuildEnvironment, target_uri: TargetUri) -> dict[str, Any]:
    """Everything a CI job or a portal needs, as JSON-ready data."""
    records = EntryRecords(env, target_uri)
    entries = [records.record(entry) for entry in get_domain(env).index.entries]
    return project_data(env, records.target_uri, entries)


def project_data(
    env: BuildEnvironment, target_uri: TargetUri, entries: list[Any]
) -> dict[str, Any]:
    """The export with ``entries`` (records, or :class:`..export.format.Lines`
    of records already encoded)."""
    index = get_domain(env).index
    reg = registry(env.config)
    duplicates = [p.entry for p in index.problems if p.subtype is Subtype.duplicate_id]
    docnames = sorted({entry.docname for entry in (*index.entries, *duplicates)})
    return {
        "schema_version": SCHEMA_VERSION,
        "project": {"name": env.config.project, "version": env.config.version},
        "build_date": build_date(env.config.designdoc_today).isoformat(),
        "html_baseurl": html_baseurl(env.config),
        "quality_levels": {k: list(v) for k, v in env.config.designdoc_quality_levels.items()},
        "kinds": {name: _kind_data(kind, reg) for name, kind in reg.kinds.items()},
        "documents": {
            docname: {
                "title": env.titles[docname].astext() if docname in env.titles else docname,
                "source": PurePath(env.doc2path(docname, False)).as_posix(),
                "target": target_uri(docname),
            }
            for docname in docnames
        },
        "entries": entries,
        **warnings_data(env),
        "checks": checks_settings(env),
        **checks_data(index, target_uri, env.srcdir),
    }


class EntryRecords:
    """Makes the records of the export's ``entries``, with what they derive
    from the whole project (backlinks, a question's age, a component's
    compliance)."""

    def __init__(self, env: BuildEnvironment, target_uri: TargetUri) -> None:
        self.target_uri = functools.cache(target_uri)  # once per document, not per entry
        self.index = get_domain(env).index
        self.today = build_date(env.config.designdoc_today)
        self.compliance = compliance_by_component(env)
        self.srcdir = env.srcdir

    def record(self, entry: Entry) -> dict[str, Any]:
        incoming: dict[str, list[str]] = {}
        for backlink in self.index.backlinks.get(entry.id, []):
            incoming.setdefault(backlink.field, []).append(backlink.source.id)
        derived: dict[str, Any] = {}
        if entry.kind == QUESTION:
            derived = _question_data(entry, self.today)
        elif entry.kind == "component" and entry.id in self.compliance:
            derived = {"compliance": self.compliance[entry.id].to_json()}
        return _entry_data(entry, incoming, self.target_uri, derived, self.srcdir)


def checks_settings(env: BuildEnvironment) -> dict[str, Any]:
    """The settings of the cross-document checks, and the subtypes of warning
    ``suppress_warnings`` silences (which the build does not report)."""
    data = settings(env.config).to_json()
    suppressed = [
        subtype.value
        for subtype in Subtype
        if is_suppressed_warning("designdoc", subtype.value, env.config.suppress_warnings)
    ]
    if suppressed:
        data["suppressed"] = suppressed
    return data


def checks_data(index: LinkIndex, target_uri: TargetUri, srcdir: str | PurePath) -> dict[str, Any]:
    """What the cross-document checks need besides the entries (see
    :mod:`..core.rules`): the entries that lost their ID to an earlier one, and
    the IDs of entries the builder does not show (each key absent when empty)."""
    data: dict[str, Any] = {}
    duplicates = [
        {**_entry_data(p.entry, {}, target_uri, {}, srcdir), "target": target_uri(p.entry.docname)}
        for p in index.problems
        if p.subtype is Subtype.duplicate_id
    ]
    if duplicates:
        data["duplicates"] = duplicates
    if index.hidden:
        data["hidden"] = sorted(index.hidden)
    return data


def _warning_source(env: BuildEnvironment, docname: str, location: Location) -> tuple[str, int]:
    """Source file (relative to the source folder where it is inside) and line
    of a warning's location; the document's source and 0 when it has none."""
    source, line = PurePath(env.doc2path(docname, False)).as_posix(), 0
    if isinstance(location, tuple):
        if location[0]:
            source = PurePath(env.doc2path(location[0], False)).as_posix()
        line = location[1] or 0
    elif location and ":" not in location:
        source = PurePath(env.doc2path(location, False)).as_posix()
    elif location:
        path, _, number = location.rpartition(":")
        line = int(number) if number.isdigit() else 0
        source = source_path(path, env.srcdir)
    return source, line


def warnings_data(env: BuildEnvironment) -> dict[str, Any]:
    """``{"warnings": [...], "unresolved": [...]}``: the warnings logged while
    the documents were read, in document then source order, and those of
    ``design:ref`` roles that named no entry when the pages were written (not
    those ``suppress_warnings`` silences); each key absent when empty."""
    domain = get_domain(env)
    recorded: dict[str, list[DocumentWarning]] = domain.data["warnings"]
    read = [(d, w) for d in sorted(recorded) for w in recorded[d]]
    data = {
        "warnings": _warning_records(env, read),
        "unresolved": _warning_records(env, sorted(set(domain.build.unresolved), key=_position)),
    }
    return {key: found for key, found in data.items() if found}


def _position(item: tuple[str, DocumentWarning]) -> tuple[str, str, str]:
    docname, warning = item
    return docname, str(warning.location), warning.message


def _warning_records(
    env: BuildEnvironment, warnings: list[tuple[str, DocumentWarning]]
) -> list[dict[str, Any]]:
    found = []
    for docname, warning in warnings:
        if is_suppressed_warning("designdoc", warning.subtype, env.config.suppress_warnings):
            continue
        source, line = _warning_source(env, docname, warning.location)
        found.append(
            {
                "document": docname,
                "source": source,
                "line": line,
                "subtype": warning.subtype,
                "message": warning.message,
            }
        )
    return found
