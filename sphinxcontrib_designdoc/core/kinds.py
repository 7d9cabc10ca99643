"""The kinds registry: every entry kind described once, as data.

Built-in kinds and users' own kinds (``designdoc_kinds``) share one shape::

    "requirement": {
        "prefix": "REQ",
        "label": "Requirement",
        "fields": {"status": ["draft", "agreed"], "source": "text"},
        "links": {"verified-by": ["gate"]},
    }

A field is either a list of allowed values or a type name: ``text``, ``list``
(comma-separated), ``date`` (ISO), ``level`` (a quality level), ``check`` (a
quality-gate check) or ``path``.  A field left out of an entry is unset; only a
default the kind declares is applied, in the long form
``{"values": ["open", "closed"], "default": "open"}`` (or ``{"type": "level",
"default": "prototype"}``).  A link names
the kinds it may point to (``"*"`` for any); the long form
``{"targets": [...], "reverse": "Verifies"}`` also sets the heading under
which the target shows the link (and ``"label"`` the heading under which the
entry stating it does, by default its name: ``see-also`` -> "See also").

The fields of a built-in kind can be extended (``designdoc_extra_fields``, see
:func:`extend_fields`) without redefining the kind.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FIELD_TYPES = ("choice", "text", "list", "date", "level", "check", "path")
COMMON_OPTIONS = ("id", "tags", "owner")
ANY_KIND = "*"

#: Checks a quality gate may name without any configuration.
BUILTIN_CHECKS = ("tests", "lint", "coverage", "review", "security-scan", "threat-model")

#: Quality levels, lowest first, each requiring what the lower ones require.
DEFAULT_QUALITY_LEVELS: dict[str, list[str]] = {
    "experiment": [],
    "prototype": ["tests"],
    "production": ["lint", "coverage", "review"],
    "secure": ["security-scan", "threat-model"],
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    choices: tuple[str, ...] = ()
    #: The value of an entry that leaves the field out ("": the field is unset).
    default: str = ""

    @property
    def label(self) -> str:
        return self.name.replace("-", " ").capitalize()


@dataclass(frozen=True)
class LinkField:
    name: str
    targets: tuple[str, ...]
    reverse: str
    #: The heading of the link on the entry stating it ("": from its name).
    heading: str = ""

    @property
    def label(self) -> str:
        return self.heading or self.name.replace("-", " ").capitalize()

    def allows(self, kind: str) -> bool:
        return ANY_KIND in self.targets or kind in self.targets


@dataclass(frozen=True)
class Kind:
    name: str
    prefix: str
    label: str
    directive: str
    fields: tuple[Field, ...] = ()
    links: tuple[LinkField, ...] = ()

    def field(self, name: str) -> Field | None:
        return self._fields_by_name.get(name)

    def link(self, name: str) -> LinkField | None:
        return self._links_by_name.get(name)

    @functools.cached_property
    def _fields_by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @functools.cached_property
    def _links_by_name(self) -> dict[str, LinkField]:
        return {link.name: link for link in self.links}

    @property
    def option_names(self) -> tuple[str, ...]:
        return (
            *COMMON_OPTIONS,
            *(f.name for f in self.fields),
            *(link.name for link in self.links),
        )


_STATUS = "status"


def _lifecycle(*states: str) -> dict[str, Any]:
    """A status field whose first state is where a new entry starts."""
    return {"values": list(states), "default": states[0]}


_AFFECTS = {"affects": {"targets": [ANY_KIND], "reverse": "Affected by"}}

#: The built-in kinds, in the shape users write their own in.
BUILTIN_KINDS: dict[str, dict[str, Any]] = {
    "doc": {
        "prefix": "DOC",
        "label": "Design document",
        "fields": {
            _STATUS: _lifecycle(
                "draft", "in-review", "approved", "implemented", "superseded", "rejected"
            ),
            "owners": "list",
            "reviewers": "list",
            "quality": "level",
            # the level its components aim for (see core.compliance)
            "target-quality": "level",
            "created": "date",
            "updated": "date",
        },
        "links": {
            "supersedes": {"targets": ["doc"], "reverse": "Superseded by"},
            # a document proposing changes to components defined elsewhere
            "changes": {"targets": ["component"], "reverse": "Changed by"},
            # one relation, the same both ways
            "related": {"targets": ["doc"], "label": "See also", "reverse": "See also"},
        },
    },
    "goal": {
        "prefix": "G",
        "label": "Goal",
        "fields": {
            _STATUS: _lifecycle("proposed", "accepted", "met", "dropped"),
            "priority": ["must", "should", "could"],
            "metric": "text",
            "target": "text",
        },
    },
    "non-goal": {"prefix": "NG", "label": "Non-goal"},
    "component": {
        "prefix": "C",
        "label": "Component",
        "fields": {
            _STATUS: _lifecycle("planned", "in-progress", "done", "deprecated"),
            "quality": "level",
            "target-quality": "level",
            "inputs": "text",
            "outputs": "text",
        },
        "links": {
            "depends-on": {"targets": ["component"], "reverse": "Required by"},
            "satisfies": {"targets": ["goal"], "reverse": "Satisfied by"},
        },
    },
    "gate": {
        "prefix": "QG",
        "label": "Quality gate",
        "directive": "quality-gate",
        "fields": {
            "check": "check",
            "level": "level",
            # "unknown": the :evidence: file could not be read (see core.evidence)
            # "dropped": a criterion given up; it neither meets nor fails its check
            _STATUS: _lifecycle("pending", "passing", "failing", "waived", "unknown", "dropped"),
            "threshold": "text",
            "evidence": "path",
        },
        "links": {"applies-to": {"targets": ["component"], "reverse": "Quality gates"}},
    },
    "question": {
        "prefix": "Q",
        "label": "Question",
        "fields": {
            _STATUS: _lifecycle("open", "answered", "deferred"),
            # a question blocks only when someone says so
            "priority": {"values": ["normal", "blocking"], "default": "normal"},
            "raised": "date",
            "due": "date",
            # the answer, once there is one (often paragraphs: see extension.field_sections)
            "answer": "text",
        },
        "links": {
            **_AFFECTS,
            "resolved-by": {"targets": ["decision"], "reverse": "Resolves"},
        },
    },
    "risk": {
        "prefix": "R",
        "label": "Risk",
        "fields": {
            _STATUS: _lifecycle("open", "mitigated", "accepted", "closed"),
            "likelihood": ["low", "medium", "high"],
            "impact": ["low", "medium", "high"],
            "mitigation": "text",
        },
        "links": {
            **_AFFECTS,
            "mitigated-by": {"targets": ["component", "decision"], "reverse": "Mitigates"},
        },
    },
    "decision": {
        "prefix": "D",
        "label": "Decision",
        "fields": {
            _STATUS: _lifecycle("proposed", "accepted", "rejected", "superseded"),
            "date": "date",
            "deciders": "list",
            "rationale": "text",
        },
        "links": {
            "supersedes": {"targets": ["decision"], "reverse": "Superseded by"},
            **_AFFECTS,
        },
    },
    "alternative": {
        "prefix": "ALT",
        "label": "Alternative",
        "fields": {_STATUS: _lifecycle("considered", "chosen", "rejected", "deferred")},
        "links": {
            "alternative-to": {
                "targets": ["decision", "component"],
                "reverse": "Alternatives considered",
            },
        },
    },
    "interface": {
        "prefix": "IF",
        "label": "Interface",
        "fields": {
            _STATUS: _lifecycle("draft", "stable", "deprecated"),
            "protocol": "text",
            "version": "text",
        },
        "links": {
            "implemented-by": {"targets": ["component"], "reverse": "Implements"},
            "consumed-by": {"targets": ["component"], "reverse": "Consumes"},
        },
    },
    "entity": {
        "prefix": "E",
        "label": "Entity",
        "fields": {"storage": "text", "retention": "text"},
        "links": {
            "stored-in": {"targets": ["component"], "reverse": "Stores"},
            "relates-to": {"targets": ["entity"], "reverse": "Related entities"},
        },
    },
    "milestone": {
        "prefix": "M",
        "label": "Milestone",
        "fields": {
            _STATUS: _lifecycle("planned", "done", "slipped", "dropped"),
            "date": "date",
            "target-quality": "level",
        },
        "links": {"delivers": {"targets": [ANY_KIND], "reverse": "Delivered in"}},
    },
    "story": {
        "prefix": "US",
        "label": "User story",
        "fields": {"actor": "text"},
        "links": {"motivates": {"targets": ["goal"], "reverse": "Motivated by"}},
    },
}


class KindError(ValueError):
    """A kind description that cannot be used; the message says why."""


def _as_str_list(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v for v in value):
        raise KindError(f"{what} must be a list of non-empty strings")
    return tuple(value)


def _parse_field(what: str, name: str, spec: Any) -> Field:
    """A field from its short form (a type name, a list of values) or its long
    form (``{"values": [...]}`` or ``{"type": ...}``, with an optional ``default``)."""
    default: Any = ""
    if isinstance(spec, Mapping):
        unknown = set(spec) - {"values", "type", "default"}
        if unknown or ("values" in spec) == ("type" in spec):
            raise KindError(f"{what} must have either 'values' or 'type' (and 'default')")
        default = spec.get("default", "")
        if not isinstance(default, str):
            raise KindError(f"{what}: default must be a string")
        spec = spec.get("values", spec.get("type"))
    if isinstance(spec, str):
        if spec not in FIELD_TYPES or spec == "choice":
            raise KindError(f"{what} has unknown type {spec!r}")
        if default and spec != "text":
            raise KindError(f"{what}: only text and choice fields take a default")
        return Field(name, spec, default=default)
    choices = _as_str_list(spec, what)
    if not choices:
        raise KindError(f"{what} must list at least one allowed value")
    if default and default not in choices:
        raise KindError(f"{what}: default {default!r} is not one of its values")
    return Field(name, "choice", choices, default)


def parse_kind(name: str, spec: Any) -> Kind:
    """Build a :class:`Kind` from its data description, or raise KindError."""
    if not isinstance(name, str) or not name.replace("-", "").isalnum():
        raise KindError(f"kind name {name!r} must be letters, digits and '-'")
    if not isinstance(spec, Mapping):
        raise KindError(f"kind {name!r} must be a dict")
    unknown = set(spec) - {"prefix", "label", "fields", "links", "directive"}
    if unknown:
        raise KindError(f"kind {name!r} has unknown keys: {', '.join(sorted(unknown))}")
    prefix = spec.get("prefix", name.upper())
    label = spec.get("label", name.replace("-", " ").capitalize())
    if not isinstance(prefix, str) or not prefix.isalnum():
        raise KindError(f"kind {name!r}: prefix must be letters and digits")
    if not isinstance(label, str) or not label:
        raise KindError(f"kind {name!r}: label must be a non-empty string")
    directive = spec.get("directive", f"design-{name}")
    if not isinstance(directive, str) or not directive.replace("-", "").isalnum():
        raise KindError(f"kind {name!r}: directive must be letters, digits and '-'")
    fields = []
    raw_fields = spec.get("fields", {})
    if not isinstance(raw_fields, Mapping):
        raise KindError(f"kind {name!r}: fields must be a dict")
    for fname, fspec in raw_fields.items():
        if not isinstance(fname, str) or not fname or fname in COMMON_OPTIONS:
            raise KindError(f"kind {name!r}: invalid field name {fname!r}")
        fields.append(_parse_field(f"kind {name!r}: field {fname!r}", fname, fspec))
    links = []
    raw_links = spec.get("links", {})
    if not isinstance(raw_links, Mapping):
        raise KindError(f"kind {name!r}: links must be a dict")
    for lname, lspec in raw_links.items():
        if not isinstance(lname, str) or not lname or lname in raw_fields:
            raise KindError(f"kind {name!r}: invalid link name {lname!r}")
        reverse = f"{lname.replace('-', ' ').capitalize()} (from)"
        heading = ""
        if isinstance(lspec, Mapping):
            unknown = set(lspec) - {"targets", "reverse", "label"}
            if unknown:
                raise KindError(
                    f"kind {name!r}: link {lname!r} has unknown keys: {', '.join(sorted(unknown))}"
                )
            reverse, heading = lspec.get("reverse", reverse), lspec.get("label", "")
            for key, value in (("reverse", reverse), ("label", heading)):
                if not isinstance(value, str):
                    raise KindError(f"kind {name!r}: link {lname!r} {key} must be a string")
            lspec = lspec.get("targets", [ANY_KIND])
        targets = _as_str_list(lspec, f"kind {name!r}: link {lname!r} targets")
        links.append(LinkField(lname, targets, reverse, heading))
    return Kind(name, prefix, label, directive, tuple(fields), tuple(links))


def extend_fields(name: str, spec: Mapping[str, Any], extra: Any) -> dict[str, Any]:
    """The description of kind ``name`` with the fields of ``extra`` added.

    ``extra`` maps field names to field descriptions: a new name adds a field;
    the name of a choice field (``status``) with a list of values (or
    ``{"values": [...]}``) adds those values after the kind's own, keeping its
    default. Any other use of an existing name would redefine the field: a
    KindError says so (nothing of ``extra`` is then used)."""
    if not isinstance(extra, Mapping):
        raise KindError(f"kind {name!r}: the extra fields must be a dict")
    fields = dict(spec.get("fields", {}))
    links = spec.get("links", {})
    for fname, fspec in extra.items():
        what = f"kind {name!r}: field {fname!r}"
        if fname in links:
            raise KindError(f"{what} is a link of the kind")
        if fname not in fields:
            fields[fname] = fspec
            continue
        own = _parse_field(what, fname, fields[fname])
        added = (
            fspec.get("values")
            if isinstance(fspec, Mapping) and set(fspec) == {"values"}
            else fspec
        )
        if own.type != "choice" or isinstance(added, str) or not isinstance(added, list | tuple):
            raise KindError(
                f"{what} is built in ({own.type}); only the values of a choice field "
                "can be extended (a list of values)"
            )
        values = [*own.choices, *(v for v in _as_str_list(added, what) if v not in own.choices)]
        fields[fname] = {"values": values, "default": own.default} if own.default else values
    return {**spec, "fields": fields}


@dataclass(frozen=True)
class Registry:
    """Every kind of a project, with the quality levels and checks it allows."""

    kinds: Mapping[str, Kind]
    levels: tuple[str, ...]
    checks: tuple[str, ...]

    def allowed(self, field: Field) -> tuple[str, ...]:
        """The values a field accepts (empty: free text)."""
        if field.type == "choice":
            return field.choices
        if field.type == "level":
            return self.levels
        if field.type == "check":
            return self.checks
        return ()


BUILTIN = {name: parse_kind(name, spec) for name, spec in BUILTIN_KINDS.items()}
