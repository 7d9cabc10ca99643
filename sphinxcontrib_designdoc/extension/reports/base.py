"""What every report shares: the stored record, the placeholder, options, tables.

The flow of a report::

    directive (read time)          validates its options, stores a ReportSpec
                                   in the domain, returns a report_placeholder
    computed() (once per build)    Query.compute() -> Content, from the link index,
                                   cached on the domain per distinct query
    FillReports (post-transform)   Content.render() -> standard docutils nodes
                                   (fill.py)

:class:`Content` is a frozen record of everything a report shows (IDs, titles,
statuses, every cell), so ``freshness`` can put it into the page digest and
rewrite exactly the pages whose reports changed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective

from ...core.builddate import build_date
from ...core.filters import COMMON_FIELDS, Filter, FilterError, known_fields, parse_filter
from ...core.kinds import Registry
from ...core.model import Entry, split_list
from ...core.subtypes import Subtype
from ..cards import INVALID_NOTE, css_token, invalid_value, status_pill
from ..config import registry
from ..directives import _AnyOption
from ..domain import get_domain
from ..html_text import one_anchor, raw
from ..resolve import link_to
from ..warnings_ import warn

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ...core.linkgraph import LinkIndex
    from .html_rows import HtmlRows

NO_MATCH = "No entries match."
#: The mark of a matrix cell in HTML (other formats get an ASCII "x").
CHECK_MARK = "\u2714"
#: Widest column of a report table in the text builder, in characters.
MAX_COLUMN_WIDTH = 40

# -- what a report shows: frozen, comparable, builder-independent -------------


@dataclass(frozen=True)
class Ref:
    """A link to an entry; shows its ID (as code), or ``label`` if given."""

    id: str
    docname: str
    title: str
    label: str = ""


@dataclass(frozen=True)
class DocRef:
    """A link to a document, showing its title."""

    docname: str
    title: str


@dataclass(frozen=True)
class Pill:
    """A status value, shown as a pill."""

    status: str


@dataclass(frozen=True)
class Broken:
    """An ID that names no entry (already reported as ``unknown_ref``), or
    (``hidden``) an entry this output leaves out (``.. only::``)."""

    id: str
    hidden: bool = False

    @property
    def css_class(self) -> str:
        return "dd-hidden" if self.hidden else "dd-broken"


@dataclass(frozen=True)
class Mark:
    """The mark of a matrix cell where a link exists."""


@dataclass(frozen=True)
class Invalid:
    """A field value as written that failed validation (already reported as
    ``invalid_value``): shown flagged, never as a valid value."""

    value: str


Part = str | Ref | DocRef | Pill | Broken | Mark | Invalid


@dataclass(frozen=True)
class Cell:
    parts: tuple[Part, ...] = ()
    classes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(_part_text(p) for p in self.parts)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    classes: tuple[str, ...] = ()


class Block:
    """A part of a report's content (a table, a paragraph, a list, a graph)."""

    def render(self, rx: RenderContext) -> list[nodes.Node]:
        raise NotImplementedError


@dataclass(frozen=True)
class Table(Block):
    header: tuple[Cell, ...]
    rows: tuple[Row, ...]
    caption: str = ""
    classes: tuple[str, ...] = ()

    def render(self, rx: RenderContext) -> list[nodes.Node]:
        return [table_node(self, rx)]


@dataclass(frozen=True)
class Para(Block):
    parts: tuple[Part, ...]
    classes: tuple[str, ...] = ()

    def render(self, rx: RenderContext) -> list[nodes.Node]:
        para = nodes.paragraph(classes=list(self.classes))
        para.extend(rx.parts(self.parts))
        return [para]


@dataclass(frozen=True)
class Item:
    parts: tuple[Part, ...]
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Bullets(Block):
    items: tuple[Item, ...]
    classes: tuple[str, ...] = ()

    def render(self, rx: RenderContext) -> list[nodes.Node]:
        return [_bullet_list(self.items, rx, list(self.classes))]


@dataclass(frozen=True)
class Content:
    """Everything one report shows, computed once per build."""

    report: str
    blocks: tuple[Block, ...]

    def render(self, rx: RenderContext) -> nodes.container:
        box = nodes.container(classes=["dd-report", f"dd-report-{self.report}"])
        for block in self.blocks:
            box.extend(block.render(rx))
        return box


def no_match(report: str) -> Content:
    return Content(report, (Para((NO_MATCH,), ("dd-no-match",)),))


def _part_text(part: Part) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Ref):
        return part.label or part.id
    if isinstance(part, DocRef):
        return part.title
    if isinstance(part, Pill):
        return part.status
    if isinstance(part, Broken):
        return part.id
    if isinstance(part, Invalid):
        return f"{part.value} {INVALID_NOTE}"
    return "x"


# -- the stored record ----------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """What a report asks for; equal queries are computed once per build.

    Each report module subclasses it with its options and a :meth:`compute`.
    """

    report: ClassVar[str] = ""

    def compute(self, cx: ComputeContext) -> Content:
        raise NotImplementedError


@dataclass(frozen=True)
class ReportSpec:
    """One report directive, as stored in the domain (``data["reports"]``)."""

    docname: str
    #: Position among the reports of its document (key of the placeholder).
    serial: int
    lineno: int
    query: Query


class report_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where a report goes; holds ``docname`` and ``serial`` of its ReportSpec.

    Always replaced by :class:`FillReports` before writing.
    """


# -- computing, once per build ---------------------------------------------------


@dataclass
class ComputeContext:
    """What reports are computed from: the link index and a few build facts."""

    index: LinkIndex
    registry: Registry
    today: dt.date
    titles: dict[str, str]
    #: Whether Graphviz's ``dot`` can be run (graphs are drawn, or listed).
    dot: bool
    config: Config
    #: The build's cache of values derived from the index (``DesignDomain.derived``),
    #: for what several reports and checks share.
    derived: dict[Any, Any]

    def select(self, kinds: Sequence[str] = (), flt: Filter | None = None) -> list[Entry]:
        """The entries of ``kinds`` (all if empty) matching ``flt``, in index order."""
        pinned = flt.documents() if flt is not None else None
        pool: Iterable[Entry] = (
            self.index.entries
            if pinned is None
            else [e for d in sorted(pinned) for e in self.index.by_doc.get(d, ())]
        )
        return [
            e for e in pool if (not kinds or e.kind in kinds) and (flt is None or flt.matches(e))
        ]

    def ref(self, entry: Entry, label: str = "") -> Ref:
        return Ref(entry.id, entry.docname, entry.title, label)

    def target(self, target_id: str) -> Ref | Broken:
        entry = self.index.resolve(target_id)
        if entry is None:
            return Broken(target_id, self.index.is_hidden(target_id))
        return self.ref(entry)

    def doc(self, docname: str) -> DocRef:
        return DocRef(docname, self.titles.get(docname, docname))


def graphviz_available(config: Config) -> bool:
    return bool(config.graphviz_dot) and shutil.which(config.graphviz_dot) is not None


def build_stamp(env: BuildEnvironment) -> tuple[str, bool]:
    """What reports depend on besides the entries: the build date, and whether
    graphs are drawn."""
    return build_date(env.config.designdoc_today).isoformat(), graphviz_available(env.config)


def compute_context(env: BuildEnvironment) -> ComputeContext:
    """The context of this build, made once (cached with the index)."""
    domain = get_domain(env)
    derived = domain.derived
    cx = derived.get("context")
    if cx is None:
        cx = ComputeContext(
            index=domain.index,
            registry=registry(env.config),
            today=build_date(env.config.designdoc_today),
            titles={d: t.astext() for d, t in env.titles.items()},
            dot=graphviz_available(env.config),
            config=env.config,
            derived=derived,
        )
        derived["context"] = cx
    return cx


def computed(env: BuildEnvironment, query: Query) -> Content:
    """The content of a report: computed at most once per build per distinct query."""
    derived = get_domain(env).derived
    key = ("report", query)
    content = derived.get(key)
    if content is None:
        content = query.compute(compute_context(env))
        derived[key] = content
    return content


def shown_reports(env: BuildEnvironment, docname: str) -> list[object]:
    """What the reports of a page show, for the page digest of ``freshness``."""
    specs: list[ReportSpec] = get_domain(env).data["reports"].get(docname, [])
    return [(spec.serial, spec.query, computed(env, spec.query)) for spec in specs]


# -- rendering ------------------------------------------------------------------


class RenderContext:
    """Turns content parts into nodes for one page of one builder."""

    def __init__(self, builder: Builder, fromdocname: str) -> None:
        self.builder = builder
        self.fromdocname = fromdocname
        self.env = builder.env
        self.format = builder.format
        #: The report being rendered (``docname`` and ``serial`` of its spec).
        self.report = ""
        #: Writes the rows of big tables as HTML text (HTML builders only).
        self.rows: HtmlRows | None = None
        self._ids = 0

    def new_id(self) -> str:
        """An ID unique in the page (single-page builders merge documents)."""
        self._ids += 1
        return nodes.make_id(f"dd-{self.report}-{self._ids}")

    def link(self, docname: str, targetid: str, child: nodes.Node, title: str = "") -> nodes.Node:
        if not targetid and docname == self.fromdocname:
            return child
        return link_to(self.builder, self.fromdocname, docname, targetid, child, title)

    def doc_uri(self, docname: str) -> str | None:
        """The URL of a document relative to the current page (None: it has none)."""
        try:
            return self.builder.get_relative_uri(self.fromdocname, docname)
        except NoUri:
            return None

    def uri(self, ref: Ref) -> str | None:
        """A URL relative to the current page (None where the builder has none)."""
        uri = self.doc_uri(ref.docname)
        return None if uri is None else one_anchor(f"{uri}#{ref.id}")

    def part(self, part: Part) -> nodes.Node:
        if isinstance(part, str):
            return nodes.Text(part)
        if isinstance(part, Ref):
            label: nodes.Node = (
                nodes.Text(part.label)
                if part.label
                else nodes.literal(part.id, part.id, classes=["dd-id"])
            )
            return self.link(part.docname, part.id, label, part.title)
        if isinstance(part, DocRef):
            return self.link(part.docname, "", nodes.Text(part.title), part.title)
        if isinstance(part, Pill):
            return status_pill(part.status)
        if isinstance(part, Broken):
            return nodes.literal(part.id, part.id, classes=[part.css_class])
        if isinstance(part, Invalid):
            return invalid_value(part.value)
        # U+2714 in HTML; LaTeX (pdflatex), man and plain text get an ASCII mark
        mark = CHECK_MARK if self.format == "html" else "x"
        return nodes.inline(mark, mark, classes=["dd-mark"])

    def parts(self, parts: Iterable[Part]) -> list[nodes.Node]:
        return [self.part(p) for p in parts]


def _entry(cell: Cell, rx: RenderContext) -> nodes.entry:
    entry = nodes.entry(classes=list(cell.classes))
    if cell.parts:
        para = nodes.paragraph()
        para.extend(rx.parts(cell.parts))
        entry += para
    return entry


def _width(cell: Cell) -> int:
    """Characters of a cell in plain text (where code is quoted: ``"G-1"``)."""
    quoted = sum(
        2 for p in cell.parts if isinstance(p, Broken) or (isinstance(p, Ref) and not p.label)
    )
    return len(cell.text) + quoted


def table_node(table: Table, rx: RenderContext) -> nodes.table:
    width = len(table.header)
    node = nodes.table(classes=["dd-table", "colwidths-auto", *table.classes])
    if table.caption:
        # a captioned table is an enumerable node: HTML writers want it to have an ID
        node["ids"].append(rx.new_id())
        node += nodes.title(table.caption, table.caption)
    tgroup = nodes.tgroup(cols=width)
    node += tgroup
    # widths in characters, as the RST table parser gives them (the text writer
    # wraps to them; HTML and LaTeX size the columns themselves: colwidths-auto)
    writer = rx.rows if rx.rows is not None and len(table.rows) >= rx.rows.min_rows else None
    lines = [table.header, *(() if writer else (row.cells for row in table.rows))]
    for i in range(width):
        longest = max(_width(cells[i]) if i < len(cells) else 0 for cells in lines)
        tgroup += nodes.colspec(colwidth=min(max(longest, 3), MAX_COLUMN_WIDTH))
    head = nodes.row()
    head.extend(_entry(cell, rx) for cell in table.header)
    tgroup += nodes.thead("", head)
    body = nodes.tbody()
    if writer is not None:
        body += raw(writer.rows(table.rows, first=1))
    else:
        for row in table.rows:
            line = nodes.row(classes=list(row.classes))
            line.extend(_entry(cell, rx) for cell in row.cells)
            body += line
    tgroup += body
    return node


def _bullet_list(items: Iterable[Item], rx: RenderContext, classes: list[str]) -> nodes.Node:
    blist = nodes.bullet_list(classes=classes)
    for item in items:
        li = nodes.list_item()
        para = nodes.paragraph()
        para.extend(rx.parts(item.parts))
        li += para
        if item.children:
            li += _bullet_list(item.children, rx, [])
        blist += li
    return blist


# -- columns: shared by the index and questions reports ------------------------

FIXED_COLUMNS = {
    "id": "ID",
    "title": "Title",
    "kind": "Kind",
    "document": "Document",
    "status": "Status",
    "owner": "Owner",
    "tags": "Tags",
}


def column_label(name: str, reg: Registry) -> str:
    if name in FIXED_COLUMNS:
        return FIXED_COLUMNS[name]
    for kind in reg.kinds.values():
        found = kind.field(name) or kind.link(name)
        if found is not None:
            return found.label
    return name


def is_link(entry: Entry, name: str, reg: Registry) -> bool:
    kind = reg.kinds.get(entry.kind)
    return kind is not None and kind.link(name) is not None and kind.field(name) is None


def is_multi(name: str, reg: Registry) -> bool:
    """Whether a column holds several values (tags, list and link fields)."""
    if name in COMMON_FIELDS:
        return COMMON_FIELDS[name] == "list"
    for kind in reg.kinds.values():
        fld = kind.field(name)
        if (fld is not None and fld.type == "list") or kind.link(name) is not None:
            return True
    return False


def column_values(entry: Entry, name: str, cx: ComputeContext) -> tuple[str, ...]:
    """The raw values of a column for an entry (several for list-like columns)."""
    if name == "id":
        return (entry.id,)
    if name == "title":
        return (entry.title,)
    if name == "kind":
        return (entry.kind,)
    if name == "document":
        return (entry.docname,)
    if name == "owner":
        return (entry.owner,) if entry.owner else ()
    if name == "tags":
        return entry.tags
    if is_link(entry, name, cx.registry):
        return entry.targets(name)
    value = entry.get(name)
    if is_multi(name, cx.registry):
        return split_list(value)
    return (value,) if value else ()


def joined(parts: Iterable[Part]) -> tuple[Part, ...]:
    out: list[Part] = []
    for part in parts:
        if out:
            out.append(", ")
        out.append(part)
    return tuple(out)


def value_parts(entry: Entry, name: str, value: str, cx: ComputeContext) -> Part:
    """One value of a column as shown."""
    if name == "id":
        return cx.ref(entry)
    if name == "kind":
        kind = cx.registry.kinds.get(value)
        return kind.label if kind else value
    if name == "document":
        return cx.doc(value)
    if name == "status":
        return Pill(value)
    if is_link(entry, name, cx.registry):
        return cx.target(value)
    return value


def column_cell(entry: Entry, name: str, cx: ComputeContext, anchor: bool = False) -> Cell:
    """The cell of a column; ``anchor``: the cell links to the entry."""
    if anchor and name == "title":
        return Cell((cx.ref(entry, entry.title),), ("dd-col-title",))
    values = column_values(entry, name, cx)
    parts = joined(value_parts(entry, name, v, cx) for v in values)
    if not parts and entry.invalid_value(name):
        parts = (Invalid(entry.invalid_value(name)),)
    return Cell(parts, (f"dd-col-{css_token(name)}",))


def natural_key(text: str) -> tuple[tuple[int, int | str, str], ...]:
    """``"G-10"`` after ``"G-9"``; case-insensitive.

    A run of decimal digits (of any script: ``١٢`` is 12) sorts by its value,
    compared as (number of digits, digits) so that no length is too long to
    compare; other characters, superscripts (``10⁶``) among them, sort as text.
    """
    key: list[tuple[int, int | str, str]] = []
    for i, part in enumerate(_DIGIT_RUNS.split(text)):
        if not part:
            continue
        if i % 2:  # a run of digits: what the split kept
            digits = part if part.isascii() else "".join(str(int(c)) for c in part)
            digits = digits.lstrip("0")
            key.append((0, len(digits), digits))
        else:
            key.append((1, part.casefold(), ""))
    return tuple(key)


_DIGIT_RUNS = re.compile(r"(\d+)")


def value_rank(name: str, value: str, cx: ComputeContext, kind_name: str = "") -> tuple[Any, ...]:
    """Sort key of a value: a choice's position among its values (in the entry's
    own kind first), else natural order."""
    if name == "document":
        return natural_key(cx.titles.get(value, value))
    own = cx.registry.kinds.get(kind_name)
    for kind in [*([own] if own else []), *cx.registry.kinds.values()]:
        fld = kind.field(name)
        if fld is not None and fld.type == "choice" and value in fld.choices:
            return ((0, fld.choices.index(value)),)
    return natural_key(value)


def sort_entries(entries: list[Entry], column: str, cx: ComputeContext) -> list[Entry]:
    """Entries sorted by a column (``-column``: descending); empty values last."""
    descending = column.startswith("-")
    name = column.lstrip("-")

    def key(entry: Entry) -> tuple[Any, ...]:
        values = column_values(entry, name, cx)
        return value_rank(name, values[0], cx, entry.kind) if values else ()

    filled = [e for e in entries if column_values(e, name, cx)]
    empty = [e for e in entries if not column_values(e, name, cx)]
    return sorted(filled, key=key, reverse=descending) + empty


def group_entries(
    entries: list[Entry], name: str, cx: ComputeContext
) -> list[tuple[str, list[Entry]]]:
    """(value, entries) per value of a column, in value order; no value: ``""`` last.

    An entry with several values (tags, links) is in the group of each.
    """
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        for value in column_values(entry, name, cx) or ("",):
            groups.setdefault(value, []).append(entry)
    order = sorted(
        (v for v in groups if v), key=lambda v: value_rank(name, v, cx, groups[v][0].kind)
    )
    return [(v, groups[v]) for v in [*order, *([""] if "" in groups else [])]]


def group_caption(name: str, value: str, cx: ComputeContext) -> str:
    label = column_label(name, cx.registry)
    if not value:
        return f"{label}: (none)"
    if name == "document":
        return cx.titles.get(value, value)
    if name == "kind":
        kind = cx.registry.kinds.get(value)
        return f"{label}: {kind.label if kind else value}"
    target = cx.index.resolve(value) if name not in FIXED_COLUMNS else None
    if target is not None and is_multi(name, cx.registry):
        return f"{label}: {target.id} {target.title}"
    return f"{label}: {value}"


def header(labels: Iterable[str]) -> tuple[Cell, ...]:
    return tuple(Cell((label,)) for label in labels)


def plural(label: str, count: int) -> str:
    word = label.lower()
    return word if count == 1 else f"{word}s"


# -- the directive ------------------------------------------------------------------


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
