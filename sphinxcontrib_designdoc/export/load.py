"""Reading ``designdoc.json`` back: for the command line and the Markdown reports.

:func:`read_export` turns a file into an :class:`Export`, or raises
:class:`ExportError` with a one-line message (missing file, not JSON, a
schema version this package does not know, a wrong shape).  The entries are
rebuilt as :class:`~sphinxcontrib_designdoc.model.Entry` records and the kinds
as a :class:`~sphinxcontrib_designdoc.kinds.Registry`, so the filter language
of the report directives works on an export unchanged, and the rules of
:mod:`..core.rules` check the project of an export (:attr:`Export.as_project`)
as a build checks its own.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..core.compliance import MISSING, CheckResult, ComponentCompliance
from ..core.filters import Filter
from ..core.kinds import BUILTIN_CHECKS, Field, Kind, LinkField, Registry
from ..core.linkgraph import build_index
from ..core.model import Entry, parse_date
from ..core.project import Project, Settings
from ..core.reports.content import Content
from ..core.reports.query import Query, ReportContext
from ..core.richtext import from_json
from .format import SCHEMA_VERSION, schema
from .validate import first_error

#: The verdict of a component that meets every check of its quality level.
COMPLIANT = "compliant"
#: Larger files are not read (an export of tens of thousands of entries is smaller).
MAX_BYTES = 64 * 1024 * 1024
#: Longer integers are not read (Python refuses to convert some, and no export has one).
MAX_INT_DIGITS = 100


class ExportError(ValueError):
    """An export that cannot be used; the message (one line) says why."""


def read_export(path: str | Path) -> Export:
    """Read and check an export file."""
    name = str(path)
    data = _parse(_read_text(Path(path), name), name)
    try:
        return Export.from_data(data, name)
    except RecursionError:
        raise ExportError(f"{name}: not a designdoc export (nested too deeply)") from None


def _read_text(path: Path, name: str) -> str:
    """The file's text; anything but a readable regular UTF-8 file of at most
    :data:`MAX_BYTES` is an :class:`ExportError` (a FIFO is not opened)."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ExportError(f"{name}: is a directory, not an export file")
        if not stat.S_ISREG(mode):
            raise ExportError(f"{name}: is not a regular file")
        # non-blocking: should the file have become a FIFO since, opening does not wait
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise ExportError(f"{name}: is not a regular file")
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ExportError(f"{name}: no such file") from None
    except OSError as exc:
        raise ExportError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise ExportError(f"{name}: is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExportError(
            f"{name}: cannot be read (not UTF-8: byte 0x{data[exc.start]:02x} "
            f"at position {exc.start})"
        ) from None


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ExportError(f"a number of {len(text.lstrip('-'))} digits")
    return int(text)


def _json_constant(text: str) -> Any:
    raise ExportError(f"{text} is not a JSON number")


def _parse(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_int=_json_int, parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        raise ExportError(
            f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except ExportError as exc:
        raise ExportError(f"{name}: not valid JSON ({exc})") from None
    except RecursionError:
        raise ExportError(f"{name}: not valid JSON (nested too deeply)") from None


def _registry(data: Mapping[str, Any]) -> Registry:
    kinds: dict[str, Kind] = {}
    checks: list[str] = []
    for name, spec in data["kinds"].items():
        fields = []
        for fname, fspec in spec["fields"].items():
            values = tuple(fspec["values"])
            choices = values if fspec["type"] == "choice" else ()
            fields.append(Field(fname, fspec["type"], choices, fspec.get("default", "")))
            if fspec["type"] == "check":
                checks.extend(values)
        links = tuple(
            LinkField(lname, tuple(lspec["targets"]), lspec["reverse"], lspec.get("label", ""))
            for lname, lspec in spec["links"].items()
        )
        kinds[name] = Kind(
            name, spec["prefix"], spec["label"], spec["directive"], tuple(fields), links
        )
    if not checks:
        checks = [*BUILTIN_CHECKS, *(c for level in data["quality_levels"].values() for c in level)]
    return Registry(kinds, tuple(data["quality_levels"]), tuple(dict.fromkeys(checks)))


def _entry(raw: Mapping[str, Any]) -> Entry:
    return Entry(
        id=raw["id"],
        kind=raw["kind"],
        title=raw["title"],
        title_spans=from_json(raw.get("title_markup")),
        docname=raw["document"],
        lineno=raw["line"],
        fields=tuple(raw["fields"].items()),
        source=raw.get("source", ""),
        invalid=tuple(raw.get("invalid", {}).items()),
        links=tuple((name, tuple(ids)) for name, ids in raw["links"].items()),
        tags=tuple(raw["tags"]),
        owner=raw["owner"],
        body=raw["body"],
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _check_result(raw: Any) -> CheckResult | None:
    """A required check of a compliance record (its ``checks``)."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("check"), str):
        return None
    gates = raw.get("gates")
    return CheckResult(
        check=raw["check"],
        status=_text(raw.get("status")),
        met=raw.get("met") is True,
        measured=_text(raw.get("measured")),
        gate=_text(raw.get("gate")),
        gates=tuple(g for g in gates if isinstance(g, str)) if isinstance(gates, list) else (),
        threshold=_text(raw.get("threshold")),
        required_at=_text(raw.get("required_at")),
        problem=_text(raw.get("problem")),
    )


def _listed_checks(listed: Any) -> tuple[CheckResult, ...]:
    """Checks recorded as a list of ``CheckResult.to_json()`` objects."""
    if not isinstance(listed, list):
        return ()
    return tuple(c for c in map(_check_result, listed) if c is not None)


def _recorded_checks(record: Mapping[str, Any]) -> tuple[CheckResult, ...]:
    """The required checks of a compliance record: its ``checks``, else what its
    ``missing`` and ``failing`` lists say."""
    if isinstance(record.get("checks"), list):
        return _listed_checks(record["checks"])
    missing = record.get("missing")
    failing = record.get("failing")
    found = [
        CheckResult(name, MISSING, False)
        for name in (missing if isinstance(missing, list) else ())
        if isinstance(name, str)
    ]
    for item in failing if isinstance(failing, list) else ():
        if isinstance(item, Mapping) and isinstance(item.get("check"), str):
            status, gate = _text(item.get("status")), _text(item.get("gate"))
            found.append(CheckResult(item["check"], status, False, _text(item.get("reason")), gate))
    return tuple(found)


def recorded_compliance(component: str, record: Mapping[str, Any]) -> ComponentCompliance:
    """A component's compliance as the export records it (``derived.compliance``):
    the evidence it was judged on is not in the export, the verdict is."""
    return ComponentCompliance(
        component=component,
        level=_text(record.get("level")),
        level_from=_text(record.get("level_from")),
        checks=_recorded_checks(record),
        verdict=_text(record.get("verdict")),
        next_level=_text(record.get("next_level")),
        to_next_level=_listed_checks(record.get("next_level_checks")),
        invalid_level=_text(record.get("invalid_level")),
        target=_text(record.get("target")),
        to_target=_listed_checks(record.get("to_target")),
        dropped=_listed_checks(record.get("dropped")),
    )


@dataclass(frozen=True)
class Export:
    """A checked ``designdoc.json``, with its entries as records."""

    source: str
    data: Mapping[str, Any]
    registry: Registry
    entries: tuple[Entry, ...]
    by_id: Mapping[str, Entry] = field(default_factory=dict)
    raw: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Any, source: str = "designdoc.json") -> Export:
        if not isinstance(data, dict) or "schema_version" not in data:
            raise ExportError(f"{source}: not a designdoc export (no schema_version)")
        version = data["schema_version"]
        if version != SCHEMA_VERSION:
            raise ExportError(
                f"{source}: schema_version {json.dumps(version)} is not supported "
                f"(this version of designdoc reads version {SCHEMA_VERSION})"
            )
        published = schema()
        problem = first_error(data, published, published)
        if problem:
            raise ExportError(f"{source}: not a valid designdoc export: {problem}")
        entries = tuple(_entry(raw) for raw in data["entries"])
        return cls(
            source=source,
            data=data,
            registry=_registry(data),
            entries=entries,
            by_id={e.id: e for e in entries},
            raw={raw["id"]: raw for raw in data["entries"]},
        )

    # -- project facts ------------------------------------------------------------

    @property
    def project(self) -> str:
        project = self.data["project"]
        return " ".join(p for p in (project["name"], project["version"]) if p)

    @property
    def baseurl(self) -> str:
        return str(self.data["html_baseurl"]).rstrip("/")

    # -- entries ------------------------------------------------------------------

    def of_kind(self, *kinds: str) -> list[Entry]:
        return [e for e in self.entries if e.kind in kinds]

    def derived(self, entry: Entry) -> Mapping[str, Any]:
        result: Mapping[str, Any] = self.raw[entry.id]["derived"]
        return result

    def compliance(self, entry: Entry) -> Mapping[str, Any] | None:
        found = self.derived(entry).get("compliance")
        return found if isinstance(found, Mapping) else None

    @property
    def has_compliance(self) -> bool:
        return any(self.compliance(e) is not None for e in self.of_kind("component"))

    def incoming(self, entry: Entry, link: str) -> list[str]:
        return list(self.raw[entry.id]["incoming"].get(link, []))

    def kind_label(self, kind: str) -> str:
        found = self.registry.kinds.get(kind)
        return found.label if found else kind

    # -- the project the rules check --------------------------------------------

    @cached_property
    def duplicates(self) -> tuple[Entry, ...]:
        """The entries that lost their ID to an earlier one, in document order."""
        return tuple(_entry(raw) for raw in self.data.get("duplicates", []))

    @property
    def settings(self) -> Settings:
        """The settings of the checks of the build (the defaults if not recorded)."""
        recorded = self.data.get("checks", {})
        return Settings(
            warn_overdue=recorded.get("warn_overdue", False),
            warn_failing_gates=recorded.get("warn_failing_gates", False),
            quality_levels={k: tuple(v) for k, v in self.data["quality_levels"].items()},
            default_quality=recorded.get("default_quality", ""),
        )

    @property
    def suppressed(self) -> frozenset[str]:
        """The warning subtypes the build did not report (``suppress_warnings``)."""
        return frozenset(self.data.get("checks", {}).get("suppressed", ()))

    @cached_property
    def as_project(self) -> Project:
        """The project of the export, as the rules of :mod:`..core.rules` read it:
        the index of its entries (with those that lost their ID, after them, and
        the IDs hidden from the builder), its settings and recorded compliance."""
        index = build_index(
            [*self.entries, *self.duplicates], self.registry, hidden_ids=self.data.get("hidden", ())
        )
        compliance = {
            entry.id: recorded_compliance(entry.id, record)
            for entry in self.of_kind("component")
            if (record := self.compliance(entry)) is not None
        }
        written = self.data["build_date"]
        today = parse_date(written)
        if today is None:
            raise ExportError(f"{self.source}: build_date {written!r} is not a date")
        return Project(
            index=index,
            registry=self.registry,
            today=today,
            settings=self.settings,
            compliance=compliance,
            titles={d: str(doc["title"]) for d, doc in self.data["documents"].items()},
        )

    def report(self, query: Query) -> Content:
        """A report of the project, as a build computes it (graphs are listed)."""
        return query.compute(self._report_context)

    def select(self, kinds: Sequence[str] = (), flt: Filter | None = None) -> list[Entry]:
        """The entries of ``kinds`` (all if empty) matching ``flt``, as reports select them."""
        return self._report_context.select(kinds, flt)

    @cached_property
    def _report_context(self) -> ReportContext:
        return ReportContext(self.as_project)

    # -- documents ----------------------------------------------------------------

    def doc_title(self, docname: str) -> str:
        doc = self.data["documents"].get(docname)
        return str(doc["title"]) if doc else docname

    def location(self, entry: Entry) -> str:
        """``path/of/source.rst:LINE`` of an entry."""
        if entry.source:
            return f"{entry.source}:{entry.lineno}"
        doc = self.data["documents"].get(entry.docname)
        return f"{doc['source'] if doc else entry.docname}:{entry.lineno}"

    @cached_property
    def _design_docs(self) -> dict[str, Entry]:
        found: dict[str, Entry] = {}
        for entry in self.of_kind("doc"):
            found.setdefault(entry.docname, entry)
        return found

    def design_doc(self, docname: str) -> Entry | None:
        """The ``design-doc`` entry of a document, if it has one."""
        return self._design_docs.get(docname)

    # -- links to the HTML pages ------------------------------------------------

    def url(self, target: str) -> str:
        """The absolute URL of an HTML target, or "" without a base URL."""
        if not self.baseurl:
            return ""
        return f"{self.baseurl}/{quote(target, safe='/#:@!$&*+,;=~.-_')}"

    def entry_url(self, entry: Entry) -> str:
        return self.url(self.raw[entry.id]["target"])

    def doc_url(self, docname: str) -> str:
        doc = self.data["documents"].get(docname)
        return self.url(doc["target"]) if doc else ""
