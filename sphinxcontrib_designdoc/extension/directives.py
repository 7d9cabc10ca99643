"""The one generic entry directive, made for every kind of the registry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..core.kinds import BUILTIN, Kind
from ..core.model import Entry, check_value, generated_id, split_list, suggestion
from ..core.subtypes import Subtype
from .authoring import warn_misplaced_options
from .cards import entry_card
from .config import config_location, registry
from .domain import get_domain
from .field_sections import section_text, take_sections
from .titles import parse_title, title_of
from .warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Emitted once an entry is made from its directive, with the directive, the
#: entry and the options as written; a handler may return a completed entry
#: (a quality gate reads its evidence file: see ``quality.gate``).
ENTRY_READ = "designdoc-entry-read"


class _AnyOption(dict[str, Any]):
    """An option spec that accepts every option, so that the directive itself
    reports unknown ones as located ``designdoc`` warnings (in RST and MyST)."""

    def __missing__(self, key: str) -> Any:
        return directives.unchanged


class EntryDirective(SphinxDirective):
    """``.. design-<kind>:: Title`` with ``:field: value`` options and a body."""

    kind_name: ClassVar[str] = ""
    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = _AnyOption()

    def run(self) -> list[nodes.Node]:
        reg = registry(self.config)
        kind = reg.kinds[self.kind_name]
        location = self.get_location()
        warn_misplaced_options(kind, self.arguments, self.content, location)
        domain = get_domain(self.env)
        docname = self.env.docname

        written = self.arguments[0].strip() if self.arguments else ""
        title, title_spans = parse_title(self.state, written, self.lineno)
        if not title:
            if kind.name == "doc":
                first = self.state.document.next_node(nodes.title)
                title, title_spans = title_of(first.children) if first else (docname, ())
            else:
                warn(f"{kind.directive} has no title", Subtype.missing_title, location)
                title = kind.label

        allowed = set(kind.option_names)
        for name in sorted(set(self.options) - allowed):
            hint = suggestion(name, kind.option_names, "did you mean :{}:?")
            warn(
                f"{kind.directive}: unknown option :{name}: "
                + (f"({hint})" if hint else f"(allowed: {', '.join(kind.option_names)})"),
                Subtype.invalid_value,
                location,
            )
        options = {k: str(v or "").strip() for k, v in self.options.items() if k in allowed}

        entry_id = self._entry_id(kind, title, options.get("id", ""), location)
        fields: list[tuple[str, str]] = []
        invalid: list[tuple[str, str]] = []
        for fld in kind.fields:
            if fld.name not in options:
                if fld.default:
                    fields.append((fld.name, fld.default))
                continue
            value, problem = check_value(reg, fld, options[fld.name])
            if problem:
                warn(f"{entry_id}: {problem}", Subtype.invalid_value, location)
                if value:
                    invalid.append((fld.name, value))
            elif value:
                fields.append((fld.name, value))
        links = tuple(
            (link.name, split_list(options[link.name]))
            for link in kind.links
            if split_list(options.get(link.name, ""))
        )

        body = nodes.container(classes=["dd-body"])
        self.state.nested_parse(self.content, self.content_offset, body)
        sections = take_sections(kind, body)
        if sections:
            fields, invalid = self._with_sections(kind, entry_id, sections, fields, invalid)

        source, lineno = self._written_at()
        existing = domain.doc_entries(docname)
        is_second_doc = kind.name == "doc" and any(e.kind == "doc" for e in existing)
        entry = Entry(
            id=entry_id,
            kind=kind.name,
            title=title,
            title_spans=title_spans,
            docname=docname,
            lineno=lineno,
            source=source,
            fields=tuple(fields),
            invalid=tuple(invalid),
            links=links,
            tags=split_list(options.get("tags", "")),
            owner=options.get("owner", ""),
            body=body.astext(),
            serial=len(existing),
        )
        completed = self.env.events.emit_firstresult(ENTRY_READ, self, entry, options)
        if isinstance(completed, Entry):
            entry = completed
        if is_second_doc:
            warn(
                "a document holds at most one design-doc; this one is ignored",
                Subtype.duplicate_doc,
                location,
            )
            return entry_card(entry, kind, body, with_links=False, sections=sections)[1:]
        domain.add_entry(entry)
        result = entry_card(entry, kind, body, sections=sections)
        self.set_source_info(result[1])
        return result

    def _with_sections(
        self,
        kind: Kind,
        entry_id: str,
        sections: dict[str, nodes.container],
        fields: list[tuple[str, str]],
        invalid: list[tuple[str, str]],
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The fields with the values of the long fields written as sections."""
        for name in sections:
            if name in self.options:
                warn(
                    f"{entry_id}: :{name}: is written twice, as an option and as a section; "
                    "the section is used",
                    Subtype.invalid_value,
                    self.get_location(),
                )
        values = dict(fields) | {name: section_text(s) for name, s in sections.items()}
        in_order = [(f.name, values[f.name]) for f in kind.fields if values.get(f.name)]
        return in_order, [(name, v) for name, v in invalid if name not in sections]

    def _written_at(self) -> tuple[str, int]:
        """(the file, if not the document's own, and the line of the directive)."""
        path, line = self.get_source_info()
        if line is None:
            return "", self.lineno
        if not path:
            return "", line
        # docutils gives an included file relative to the working directory
        source = Path(path).resolve()
        if source == Path(self.env.doc2path(self.env.docname)).resolve():
            return "", line
        return str(source), line

    def _entry_id(self, kind: Kind, title: str, explicit: str, location: str) -> str:
        fallback = generated_id(kind, title)
        if not explicit:
            if self.config.designdoc_id_required:
                warn(
                    f"{kind.directive} {title!r} has no :id: (designdoc_id_required); "
                    f"using {fallback!r}",
                    Subtype.invalid_id,
                    location,
                )
            return fallback
        if not re.fullmatch(self.config.designdoc_id_pattern, explicit):
            warn(
                f"ID {explicit!r} does not match designdoc_id_pattern "
                f"{self.config.designdoc_id_pattern!r}; using {fallback!r}",
                Subtype.invalid_id,
                location,
            )
            return fallback
        return explicit


def directive_for(kind: Kind) -> type[EntryDirective]:
    name = "".join(part.capitalize() for part in kind.name.split("-"))
    spec = _AnyOption(dict.fromkeys(kind.option_names, directives.unchanged))
    return type(
        f"{name}Directive", (EntryDirective,), {"kind_name": kind.name, "option_spec": spec}
    )


def _add_user_directives(app: Sphinx, config: Config) -> None:
    # Sphinx looks a directive up in the default domain and the standard domain
    # first: a user directive of the same name would never be used
    domains = [d for d in ("std", config.primary_domain) if d in app.registry.domains]
    shadowing = {
        name.lower()
        for domain in domains
        for name in (
            *app.registry.domains[domain].directives,
            *app.registry.domain_directives.get(domain, {}),
        )
    }
    kinds = registry(config).kinds
    for name in list(config.designdoc_kinds):
        directive = kinds[name].directive
        if directive.lower() in shadowing:
            warn(
                f"designdoc_kinds: kind {name!r}: directive {directive!r} already exists "
                "(in a Sphinx domain); kind ignored",
                Subtype.config,
                config_location(app, "kinds"),
            )
            del config.designdoc_kinds[name]
            continue
        app.add_directive(directive, directive_for(kinds[name]), override=True)


def setup_directives(app: Sphinx) -> None:
    app.add_event(ENTRY_READ)
    for kind in BUILTIN.values():
        app.add_directive(kind.directive, directive_for(kind))
    # user kinds are known once the configuration is validated (config.py, priority 100)
    app.connect("config-inited", _add_user_directives, priority=200)
