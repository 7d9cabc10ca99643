"""Every ``designdoc_*`` configuration value: type, default and help, in one place.

The dataclass below is the single source of truth: :func:`setup_config`
registers each field with Sphinx, :func:`validate_config` checks the values a
project sets, and the configuration reference is generated from it.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from docutils.parsers.rst import directives as rst_directives

from ..core.kinds import (
    BUILTIN,
    BUILTIN_CHECKS,
    BUILTIN_KINDS,
    DEFAULT_QUALITY_LEVELS,
    Kind,
    KindError,
    Registry,
    extend_fields,
    parse_kind,
)
from ..core.model import parse_date
from ..core.subtypes import Subtype
from .warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "designdoc_"


def _option(
    default: Any,
    help: str,
    types: tuple[type, ...],
    rebuild: Literal["env", "html", ""] = "env",
) -> Any:
    meta = {"help": help, "types": types, "rebuild": rebuild}
    if isinstance(default, dict | list):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class DesignDocConfig:
    """The extension's configuration values (without the ``designdoc_`` prefix)."""

    kinds: dict[str, Any] = _option(
        {},
        "Your own entry kinds, in the shape of the built-in ones; each gets a "
        "``design-<name>`` directive.",
        (dict,),
    )
    extra_fields: dict[str, dict[str, Any]] = _option(
        {},
        'Fields added to built-in kinds, by kind (``{"doc": {"approvers": "list"}}``), '
        "in the shape of ``designdoc_kinds`` fields; a list of values for a choice field "
        "(``status``) adds them after the built-in ones.",
        (dict,),
    )
    quality_levels: dict[str, list[str]] = _option(
        DEFAULT_QUALITY_LEVELS,
        "Quality levels, lowest first, each mapped to the checks it adds to those "
        "of the levels below it.",
        (dict,),
    )
    checks: list[str] = _option(
        [],
        "Check names a ``quality-gate`` may use besides the built-in ones "
        "(" + ", ".join(BUILTIN_CHECKS) + ").",
        (list, tuple),
    )
    id_required: bool = _option(
        False,
        "Require an explicit ``:id:`` on every entry instead of generating one "
        "from the kind's prefix and the title.",
        (bool,),
    )
    id_pattern: str = _option(
        r"^[A-Z][A-Z0-9]*-[A-Za-z0-9][A-Za-z0-9._-]*$",
        "Regular expression every explicit ``:id:`` must match.",
        (str,),
    )
    today: str = _option(
        "",
        "The build date (ISO ``YYYY-MM-DD``) against which reports compute the age "
        "of questions and how overdue they are. Empty: ``SOURCE_DATE_EPOCH`` if set, "
        "else the current date.",
        (str,),
    )
    warn_overdue: bool = _option(
        False,
        "Warn (``designdoc.overdue_question``) about every open question past its ``:due:`` date.",
        (bool,),
    )
    default_quality: str = _option(
        "",
        "The quality level of a component that states none, in a document whose "
        "``design-doc`` states none either. Empty: the lowest level (``experiment`` "
        "by default, which requires no check).",
        (str,),
    )
    warn_failing_gates: bool = _option(
        False,
        "Warn (``designdoc.failing_gate``) about every failing quality gate a "
        "component's level requires, to make CI fail on it.",
        (bool,),
    )
    emit_json: bool = _option(
        True,
        "HTML builds also write ``designdoc.json`` (and its schema) into their output folder.",
        (bool,),
        rebuild="",
    )
    html_baseurl: str = _option(
        "",
        "Base URL of the published HTML pages, for the links of the Markdown reports "
        "and of the ``designdoc`` command. Empty: Sphinx's ``html_baseurl``.",
        (str,),
    )


def config_fields() -> list[dataclasses.Field[Any]]:
    return list(dataclasses.fields(DesignDocConfig))


def setup_config(app: Sphinx) -> None:
    defaults = DesignDocConfig()
    for f in config_fields():
        app.add_config_value(
            PREFIX + f.name,
            getattr(defaults, f.name),
            f.metadata["rebuild"],
            types=f.metadata["types"],
            description=f.metadata["help"],
        )
    app.connect("config-inited", validate_config, priority=100)


def config_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:<line>`` of the assignment to ``designdoc_<name>``, if found."""
    conf = Path(app.confdir or "", "conf.py")
    try:
        lines = conf.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    assignment = re.compile(rf"^\s*{PREFIX}{name}\s*(:[^=]*)?=")
    for number, line in enumerate(lines, 1):
        if assignment.match(line):
            return f"{conf}:{number}"
    return None  # set on the command line (-D), not in conf.py


def _reset(app: Sphinx, config: Config, name: str, problem: str) -> None:
    warn(f"{PREFIX}{name} {problem}; using the default", Subtype.config, config_location(app, name))
    setattr(config, PREFIX + name, getattr(DesignDocConfig(), name))


def validate_config(app: Sphinx, config: Config) -> None:
    """Check every value's type and shape; fall back to the default on error."""
    for f in config_fields():
        value = getattr(config, PREFIX + f.name)
        if not isinstance(value, f.metadata["types"]):
            _reset(app, config, f.name, f"must be of type {f.metadata['types'][0].__name__}")
    try:
        re.compile(config.designdoc_id_pattern)
    except re.error as exc:
        _reset(app, config, "id_pattern", f"is not a valid regular expression ({exc})")
    levels = config.designdoc_quality_levels
    if not levels or not all(
        isinstance(k, str)
        and k
        and isinstance(v, list | tuple)
        and all(isinstance(c, str) for c in v)
        for k, v in levels.items()
    ):
        _reset(app, config, "quality_levels", "must map level names to lists of check names")
    if not all(isinstance(c, str) and c for c in config.designdoc_checks):
        _reset(app, config, "checks", "must be a list of non-empty strings")
    today = config.designdoc_today
    if today and parse_date(today) is None:
        _reset(app, config, "today", f"{today!r} is not an ISO date (YYYY-MM-DD)")
    default_quality = config.designdoc_default_quality
    if default_quality and default_quality not in config.designdoc_quality_levels:
        levels = ", ".join(config.designdoc_quality_levels)
        _reset(app, config, "default_quality", f"must be one of the quality levels ({levels})")
    config.designdoc_kinds = dict(
        _valid_user_kinds(config.designdoc_kinds, config_location(app, "kinds"))
    )
    config.designdoc_extra_fields = _valid_extra_fields(
        config.designdoc_extra_fields, config_location(app, "extra_fields")
    )


def _valid_extra_fields(raw: Mapping[str, Any], location: str | None) -> dict[str, Any]:
    """Keep the extra fields that extend a built-in kind; warn about the others."""
    kept: dict[str, Any] = {}
    for name, extra in raw.items():
        if name not in BUILTIN_KINDS:
            warn(
                f"designdoc_extra_fields: {name!r} is not a built-in kind (the fields of "
                "your own kinds are set in designdoc_kinds); ignored",
                Subtype.config,
                location,
            )
            continue
        if not isinstance(extra, Mapping):
            warn(
                f"designdoc_extra_fields: kind {name!r}: must map field names to fields; ignored",
                Subtype.config,
                location,
            )
            continue
        fields: dict[str, Any] = {}
        for fname, fspec in extra.items():
            try:  # one field at a time: a refused field leaves the others
                parse_kind(name, extend_fields(name, BUILTIN_KINDS[name], {**fields, fname: fspec}))
            except KindError as exc:
                warn(f"designdoc_extra_fields: {exc}; field ignored", Subtype.config, location)
                continue
            fields[fname] = fspec
        if fields:
            kept[name] = fields
    return kept


def _valid_user_kinds(raw: Mapping[str, Any], location: str | None) -> list[tuple[str, Any]]:
    """Keep the user kinds that parse; warn about the others."""
    kept: list[tuple[str, Any]] = []
    directives = {k.directive for k in BUILTIN.values()}
    for name, spec in raw.items():
        try:
            kind = parse_kind(name, spec)
        except KindError as exc:
            warn(f"designdoc_kinds: {exc}; kind ignored", Subtype.config, location)
            continue
        if name in BUILTIN or kind.directive in directives:
            warn(
                f"designdoc_kinds: kind {name!r} clashes with a built-in kind; ignored",
                Subtype.config,
                location,
            )
            continue
        # a directive of docutils, Sphinx or another extension (registered, or
        # docutils' own, loaded on first use) would be replaced for every document;
        # one of this extension's is a user kind of an earlier build in this process
        normal = kind.directive.lower()
        existing = getattr(rst_directives, "_directives", {}).get(normal)
        if normal in getattr(rst_directives, "_directive_registry", {}) or (
            existing is not None
            and getattr(existing, "__module__", "") != f"{__package__}.directives"
        ):
            warn(
                f"designdoc_kinds: kind {name!r}: directive {kind.directive!r} already "
                "exists (of docutils, Sphinx or another extension); kind ignored",
                Subtype.config,
                location,
            )
            continue
        directives.add(kind.directive)
        kept.append((name, spec))
    return kept


_registry_cache: dict[str, Registry] = {}


def graphviz_available(config: Config) -> bool:
    """Whether Graphviz's ``dot`` (``graphviz_dot``) can be run: graphs are drawn, or listed."""
    return bool(config.graphviz_dot) and shutil.which(config.graphviz_dot) is not None


def registry(config: Config) -> Registry:
    """The project's kinds, levels and checks (validated configuration only)."""
    key = repr(
        (
            config.designdoc_kinds,
            config.designdoc_extra_fields,
            config.designdoc_quality_levels,
            config.designdoc_checks,
        )
    )
    found = _registry_cache.get(key)
    if found is None:
        kinds: dict[str, Kind] = dict(BUILTIN)
        kinds.update(
            (n, parse_kind(n, extend_fields(n, BUILTIN_KINDS[n], extra)))
            for n, extra in config.designdoc_extra_fields.items()
        )
        kinds.update((n, parse_kind(n, s)) for n, s in config.designdoc_kinds.items())
        checks = list(BUILTIN_CHECKS)
        for level_checks in config.designdoc_quality_levels.values():
            checks.extend(level_checks)
        checks.extend(config.designdoc_checks)
        found = Registry(
            kinds=kinds,
            levels=tuple(config.designdoc_quality_levels),
            checks=tuple(dict.fromkeys(checks)),
        )
        _registry_cache[key] = found
    return found
