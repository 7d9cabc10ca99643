"""The report directives' base: options checked one by one, a stored query, a
placeholder filled after reading."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ...core.filters import Filter, FilterError, known_fields, parse_filter
from ...core.kinds import Registry
from ...core.model import split_list
from ...core.subtypes import Subtype
from ..config import registry
from ..directives import _AnyOption
from ..domain import get_domain
from ..warnings_ import warn
from .query import Query, ReportSpec, report_placeholder


class OptionError(ValueError):
    """A report option with a value that cannot be used."""


class Options:
    """A report directive's options, validated one by one (raising OptionError)."""

    def __init__(self, options: dict[str, Any], reg: Registry) -> None:
        self.raw = {k: str(v or "").strip() for k, v in options.items()}
        self.registry = reg

    def text(self, name: str, default: str = "") -> str:
        if name not in self.raw:
            return default
        if not self.raw[name]:
            raise OptionError(f":{name}: needs a value")
        return self.raw[name]

    def kind(self, name: str, default: str = "") -> str:
        value = self.text(name, default)
        if value and value not in self.registry.kinds:
            raise OptionError(
                f":{name}: unknown kind {value!r} (kinds: {', '.join(self.registry.kinds)})"
            )
        return value

    def kinds(self, name: str = "kinds") -> tuple[str, ...]:
        values = split_list(self.text(name))
        for value in values:
            if value not in self.registry.kinds:
                raise OptionError(
                    f":{name}: unknown kind {value!r} (kinds: {', '.join(self.registry.kinds)})"
                )
        return tuple(dict.fromkeys(values))

    def filter(self, default: str = "") -> Filter | None:
        text = self.text("filter", default)
        return parse_filter(text, self.registry) if text else None

    def column(self, name: str, value: str, allowed: Sequence[str] = ()) -> str:
        allowed = allowed or known_fields(self.registry)
        if value not in allowed:
            raise OptionError(f":{name}: unknown column {value!r} (columns: {', '.join(allowed)})")
        return value

    def columns(self, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        if name not in self.raw:
            return default
        values = split_list(self.text(name))
        return tuple(dict.fromkeys(self.column(name, v) for v in values))

    def integer(self, name: str, default: int, maximum: int = 10**6) -> int:
        """A whole number from 0 to ``maximum``, in the digits of any script
        (``12``, ``١٢``); superscripts, fractions and signs are refused."""
        if name not in self.raw:
            return default
        value = self.text(name)
        if not value.isdecimal():
            raise OptionError(f":{name}: must be a whole number, not {value!r}")
        digits = value.lstrip("0")
        if len(digits) > len(str(maximum)) or int(digits or "0") > maximum:
            raise OptionError(f":{name}: must be at most {maximum}, not {value!r}")
        return int(digits or "0")


class ReportDirective(SphinxDirective):
    """Base of the report directives: validate, store a ReportSpec, leave a placeholder.

    Subclasses set :attr:`known_options` and implement :meth:`query`.
    """

    has_content = False
    required_arguments = 0
    optional_arguments = 0
    # every option is accepted here and checked in run(), so that an unknown one
    # is a located designdoc warning in RST and MyST alike
    option_spec: ClassVar[dict[str, Any]] = _AnyOption()
    known_options: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # non-empty, or docutils takes the options for content
        cls.option_spec = _AnyOption(dict.fromkeys(cls.known_options, directives.unchanged))

    def query(self, options: Options) -> Query:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        unknown = sorted(set(self.options) - set(self.known_options))
        if unknown:
            warn(
                f"{self.name}: unknown option :{unknown[0]}: "
                f"(allowed: {', '.join(self.known_options)}); report left out",
                Subtype.invalid_value,
                location,
            )
            return []
        try:
            query = self.query(Options(self.options, registry(self.config)))
        except FilterError as exc:
            warn(f"{self.name}: :filter: {exc}; report left out", Subtype.invalid_filter, location)
            return []
        except OptionError as exc:
            warn(f"{self.name}: {exc}; report left out", Subtype.invalid_value, location)
            return []
        docname = self.env.docname
        specs = get_domain(self.env).data["reports"].setdefault(docname, [])
        spec = ReportSpec(docname, len(specs), self.lineno, query)
        specs.append(spec)
        node = report_placeholder(docname=docname, serial=spec.serial)
        self.set_source_info(node)
        return [node]
