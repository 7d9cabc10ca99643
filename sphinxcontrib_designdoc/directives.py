"""The one generic entry directive, made for every kind of the registry."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .config import registry
from .domain import get_domain
from .kinds import BUILTIN, Kind
from .model import Entry, check_value, generated_id, split_list
from .render import entry_card
from .warnings_ import Subtype, warn

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
        domain = get_domain(self.env)
        docname = self.env.docname

        title = self.arguments[0].strip() if self.arguments else ""
        if not title:
            if kind.name == "doc":
                first = self.state.document.next_node(nodes.title)
                title = first.astext() if first is not None else docname
            else:
                warn(f"{kind.directive} has no title", Subtype.missing_title, location)
                title = kind.label

        allowed = set(kind.option_names)
        for name in sorted(set(self.options) - allowed):
            warn(
                f"{kind.directive}: unknown option :{name}: "
                f"(allowed: {', '.join(kind.option_names)})",
                Subtype.invalid_value,
                location,
            )
        options = {k: str(v or "").strip() for k, v in self.options.items() if k in allowed}

        entry_id = self._entry_id(kind, title, options.get("id", ""), location)
        fields: list[tuple[str, str]] = []
        for fld in kind.fields:
            if fld.name in options:
                value, problem = check_value(reg, fld, options[fld.name])
                if problem:
                    warn(f"{entry_id}: {problem}", Subtype.invalid_value, location)
            else:
                value = fld.choices[0] if fld.type == "choice" else ""
            if value:
                fields.append((fld.name, value))
        links = tuple(
            (link.name, split_list(options[link.name]))
            for link in kind.links
            if split_list(options.get(link.name, ""))
        )

        body = nodes.container(classes=["dd-body"])
        self.state.nested_parse(self.content, self.content_offset, body)

        existing = domain.doc_entries(docname)
        is_second_doc = kind.name == "doc" and any(e.kind == "doc" for e in existing)
        entry = Entry(
            id=entry_id,
            kind=kind.name,
            title=title,
            docname=docname,
            lineno=self.lineno,
            fields=tuple(fields),
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
            return entry_card(entry, kind, body, with_links=False)[1:]
        domain.add_entry(entry)
        result = entry_card(entry, kind, body)
        self.set_source_info(result[1])
        return result

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
    kinds = registry(config).kinds
    for name in config.designdoc_kinds:
        app.add_directive(kinds[name].directive, directive_for(kinds[name]), override=True)


def setup_directives(app: Sphinx) -> None:
    app.add_event(ENTRY_READ)
    for kind in BUILTIN.values():
        app.add_directive(kind.directive, directive_for(kind))
    # user kinds are known once the configuration is read (after validation)
    app.connect("config-inited", _add_user_directives, priority=200)
