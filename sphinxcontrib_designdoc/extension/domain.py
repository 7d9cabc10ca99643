"""The ``design`` domain: where entries live, and the ``design:ref`` role.

Storage is keyed by document, so :meth:`DesignDomain.clear_doc` and
:meth:`DesignDomain.merge_domaindata` are one short loop each, which is what
makes parallel and incremental builds correct.  The link graph is derived from
the stored records once per build (:attr:`DesignDomain.index`).
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterable, Iterator, Set
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.logging import get_node_location
from sphinx.util.nodes import make_refnode

from ..core.model import Entry
from ..core.subtypes import Subtype
from .cards import entry_links
from .config import registry
from .pickled import Pickled, PickledByDocument
from .shown import entry_data, shows
from .warnings_ import DocumentWarning, warn

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

    from ..core.linkgraph import LinkIndex, Visibility
    from ..core.reports.query import Query
    from .reports.placeholder import ReportSpec

#: Bump when the shape of the stored records changes.
DATA_VERSION = 13

#: Per-document collections of the domain's data.
PER_DOC = ("entries", "refs", "anyrefs", "reports", "evidence", "warnings")


@dataclass
class BuildState:
    """What one build (one process) has done so far, in one place: begun anew
    by every build, never stored with the environment."""

    #: Whether a document was read or removed (see freshness).
    changed: bool = False
    #: Document -> its entries before this build read or removed it (see changes).
    cleared: dict[str, list[Entry]] = field(default_factory=dict)
    #: Document -> its title before this build read or removed it (see changes).
    titles: dict[str, str | None] = field(default_factory=dict)
    #: Whether the cross-document checks ran (see replay).
    checked: bool = False
    #: The pages resolved for writing (see freshness).
    resolved: set[str] = field(default_factory=set)
    #: (document, warning) of each ``design:ref`` that named no entry when the
    #: pages were resolved (recorded in the export).
    unresolved: list[tuple[str, DocumentWarning]] = field(default_factory=list)
    #: Pages whose writing reported a problem that only writing finds (a graph
    #: ``dot`` failed to draw): not recorded as written, so the next build
    #: writes them, and reports it, again.
    rewrite: set[str] = field(default_factory=set)
    #: The reports' HTML of the builder, once loaded (a
    #: ``reports.html_cache.HtmlCache``).
    html_cache: object | None = None
    #: The state of the builder's output folder, once loaded (a
    #: ``freshness.OutputState``).
    output_state: object | None = None
    #: Whether the entry generations are those of this build's sources (see
    #: :meth:`DesignDomain.entry_generations`).
    generations_current: bool = False


class DesignRefRole(XRefRole):
    """``:design:ref:`ID``` or ``:design:ref:`text <ID>```; records its target."""

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if is_ref:
            domain = get_domain(env)
            domain.data["refs"].setdefault(env.docname, []).append(node["reftarget"])
        return [node], []


class DesignDomain(Domain):
    """Entries, with one object type per kind (added per project: see
    :meth:`__init__`), so search results and objects.inv name the kind."""

    name = "design"
    label = "Design"
    object_types: dict[str, ObjType] = {}
    roles = {
        "ref": DesignRefRole(innernodeclass=nodes.inline, warn_dangling=True),
    }
    initial_data: dict[str, Any] = {
        # docname -> [Entry, ...] in source order, unpickled when first read
        "entries": PickledByDocument(),
        # docname -> [target ID, ...] of its design:ref roles
        "refs": {},
        # docname -> [target, ...] of its ``any`` roles (they may name entries)
        "anyrefs": {},
        # docname -> [ReportSpec, ...] of its report directives, in source
        # order, unpickled when first read
        "reports": PickledByDocument(),
        # docname -> {evidence path relative to the source folder: sha256 of
        # its content when the document was read, "" if it could not be read}
        "evidence": {},
        # docname -> [DocumentWarning, ...] logged while it was read, in order
        "warnings": {},
        # docname -> digest of what the document shows of other documents,
        # as computed by the last build that read or removed a document
        "rendered": {},
        # Query -> digest of its content, as computed by the build that last
        # changed what it shows (see reports.compute), unpickled when first read
        "report_digests": Pickled({}),
        # Query -> pickled digests of the rows of its entry tables, by
        # document and entry (see reports.kept_rows), unpickled when first read
        "row_digests": Pickled({}),
        # ([quality levels, default quality], pickled compliance of the
        # components, by document): see quality
        "compliance": None,
        # a new value whenever a document is read or removed: what the export
        # of an output folder was made from (see builder)
        "generation": None,
        # ([generation, build stamp, rule settings], [DocumentWarning, ...]):
        # the warnings of the problems the rules found in the project, and
        # what they depend on (see checks)
        "problems": None,
        # ([generation, build stamp], {docname: [target ID, ...]}): the
        # design:ref targets that name no entry (see replay)
        "unknown_refs": None,
        # ([generation, build stamp], pickled [(ID, kind, docname), ...]):
        # the entries the builder shows, for get_objects (see object_list)
        "objects": None,
    }
    data_version = DATA_VERSION
    _index: LinkIndex | None = None
    _derived: tuple[LinkIndex, dict[Any, Any]] | None = None

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: What this build has done so far (not stored with the environment).
        self.build = BuildState()
        # The kinds are the project's (built-in and designdoc_kinds): object
        # types of this instance, which Domain.__init__ made its own copy of.
        # The application's configuration is read because a pickled
        # environment still holds the previous one at this point.
        for kind in registry(_current_config(env)).kinds.values():
            self.add_object_type(kind.name, ObjType(kind.label, "ref"))

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        """The kind's label ("Goal"), as search results name an entry."""
        return str(type.lname)

    def begin_build(self) -> None:
        """Forget what an earlier build of this process did (a test, or an
        application that builds twice)."""
        self.build = BuildState()

    # -- storage ---------------------------------------------------------

    @property
    def entries(self) -> PickledByDocument[Entry]:
        store: PickledByDocument[Entry] = self.data["entries"]
        return store

    @property
    def reports(self) -> PickledByDocument[ReportSpec]:
        store: PickledByDocument[ReportSpec] = self.data["reports"]
        return store

    @property
    def report_digests(self) -> dict[Query, str]:
        """Query -> digest of its content (see reports.compute)."""
        digests: dict[Query, str] = self.data["report_digests"].value
        return digests

    @report_digests.setter
    def report_digests(self, digests: dict[Query, str]) -> None:
        self.data["report_digests"].value = digests

    @property
    def row_digests(self) -> dict[Query, bytes]:
        """Query -> pickled digests of its entry tables' rows (see reports.kept_rows)."""
        digests: dict[Query, bytes] = self.data["row_digests"].value
        return digests

    def add_entry(self, entry: Entry) -> None:
        self.entries.append(entry.docname, entry)
        self._index = None

    def entry_generations(self) -> dict[str, str]:
        """Docname -> its entry generation: the generation of the last build
        that could have changed what is made of its entries with what their
        page shows (see freshness).  Empty until this build renewed them:
        nothing made by an earlier build is kept then."""
        if not self.build.generations_current:
            return {}
        generations: dict[str, str] = self.data.get("entry_generations") or {}
        return generations

    def doc_entries(self, docname: str) -> list[Entry]:
        return self.entries.get(docname, [])

    def all_entries(self) -> Iterator[Entry]:
        """Every stored entry, in document-name then source order."""
        for docname in sorted(self.entries):
            yield from self.entries[docname]

    def clear_doc(self, docname: str) -> None:
        self.build.cleared.setdefault(docname, list(self.entries.get(docname, ())))
        for key in PER_DOC:
            self.data[key].pop(docname, None)
        self._index = None
        self.build.changed = True

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in PER_DOC:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._index = None
        self.build.changed = True

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record the targets of ``any`` roles (and of a default role ``any``):
        they may resolve to entries, so the page shows those entries' data and
        must be rewritten when it changes, like with ``design:ref``."""
        for node in document.findall(addnodes.pending_xref):
            if node.get("reftype") == "any":
                self.data["anyrefs"].setdefault(docname, []).append(node["reftarget"])
        self._note_only(docname, document)

    def _note_only(self, docname: str, document: nodes.document) -> None:
        """Record in each entry the ``only`` expressions its card sits in.

        Sphinx evaluates them when a builder writes the page, so the entries
        stay in the (shared) doctree and the index keeps those the builder
        shows (:meth:`visibility`).  The directive cannot see them: its nodes
        are attached to the ``only`` node after it ran.
        """
        entries = self.entries.get(docname)
        if not entries:
            return
        for placeholder in document.findall(entry_links):
            serial = placeholder["serial"]
            if placeholder["docname"] != docname or serial >= len(entries):
                continue
            only: list[str] = []
            parent = placeholder.parent
            while parent is not None:
                if isinstance(parent, addnodes.only):
                    only.insert(0, parent["expr"])
                parent = parent.parent
            if only:
                self.entries.replace(
                    docname, serial, dataclasses.replace(entries[serial], only=tuple(only))
                )
                self._index = None

    # -- derived, once per build -------------------------------------------

    @property
    def index(self) -> LinkIndex:
        """The link index of the entries the current builder shows."""
        if self._index is None:
            from ..core.linkgraph import build_index

            self._index = build_index(
                self.all_entries(), registry(self.env.config), self.visibility()
            )
        return self._index

    def visibility(self) -> Visibility | None:
        """Whether an entry exists for the current builder: every ``only``
        expression around it holds for the builder's tags (None: no builder)."""
        tags = builder_tags(self.env)
        if tags is None:
            return None
        known: dict[str, bool] = {}

        def holds(expr: str) -> bool:
            if expr not in known:
                # an invalid expression keeps its content, as Sphinx does
                # (which reports it when writing)
                known[expr] = True
                with suppress(Exception):
                    known[expr] = bool(tags.eval_condition(expr))
            return known[expr]

        def visible(entry: Entry) -> bool:
            return all(holds(expr) for expr in entry.only)

        return visible

    def inactive_docs(self) -> dict[str, str]:
        """Document -> status, for those no longer in force (once per index)."""
        cache = self.derived
        if "inactive_docs" not in cache:
            from ..core.project import inactive_docs

            cache["inactive_docs"] = inactive_docs(self.index)
        found: dict[str, str] = cache["inactive_docs"]
        return found

    @property
    def derived(self) -> dict[Any, Any]:
        """A cache of values computed from :attr:`index` (report contents);
        emptied whenever the index is invalidated."""
        index = self.index
        if self._derived is None or self._derived[0] is not index:
            self._derived = (index, {})
        return self._derived[1]

    # -- cross-references ------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        entry = self.index.resolve(target)
        if entry is None:
            return None
        return make_refnode(builder, fromdocname, entry.docname, entry.id, contnode, entry.title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.Element]]:
        ref = self.resolve_xref(env, fromdocname, builder, "ref", target, node, contnode)
        return [("design:ref", ref)] if ref is not None else []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Every entry once, as its kind, shown as its ID: the search matches
        and links the shown name and names the kind; objects.inv lists it so
        (decision D-one-object)."""
        for id_, kind, docname in self.object_list():
            yield id_, id_, kind, docname, id_, 1

    def object_list(self) -> list[tuple[str, str, str]]:
        """(ID, kind, document) of each entry the builder shows.

        Kept in the environment (pickled) with what it was made from: the
        entries' generation and the build stamp, which holds the builder's
        tags (see :mod:`.freshness`).  A build that reads nothing but still
        writes the object inventory and the search index (Sphinx 9 does) lists
        the entries without loading any.
        """
        key = [self.data.get("generation"), self.data.get("stamp")]
        kept = self.data.get("objects")
        if self._index is None and key[0] is not None and kept is not None and kept[0] == key:
            listed: list[tuple[str, str, str]] = pickle.loads(kept[1])
            return listed
        derived = self.derived  # once per index: the search and objects.inv both ask
        if "objects" not in derived:
            listed = [(e.id, e.kind, e.docname) for e in self.index.entries]
            self.data["objects"] = (key, pickle.dumps(listed, protocol=pickle.HIGHEST_PROTOCOL))
            derived["objects"] = listed
        found: list[tuple[str, str, str]] = derived["objects"]
        return found


def external_entries(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    """Object type -> {entry ID: item} of the design objects of the intersphinx
    inventories (empty without intersphinx)."""
    inventory: dict[str, Any] = getattr(env, "intersphinx_inventory", None) or {}
    return {
        type_: items
        for domain_type, items in inventory.items()
        for domain, _, type_ in [domain_type.partition(":")]
        if domain == DesignDomain.name
    }


def _current_config(env: BuildEnvironment) -> Config:
    """The configuration of the application ``env`` belongs to."""
    # Sphinx 9 deprecates BuildEnvironment.app in favour of a private _app
    app = getattr(env, "_app", None) or getattr(env, "app", None)
    config: Config = app.config if app is not None else env.config
    return config


def current_builder(env: BuildEnvironment) -> Builder | None:
    """The builder of the application ``env`` belongs to (None: none yet)."""
    # Sphinx 9 deprecates BuildEnvironment.app in favour of a private _app
    app = getattr(env, "_app", None) or getattr(env, "app", None)
    return getattr(app, "builder", None)


def builder_tags(env: BuildEnvironment) -> Tags | None:
    """The tags ``only`` directives are evaluated against in this build."""
    builder = current_builder(env)
    return getattr(builder, "tags", None) if builder is not None else None


def get_domain(env: BuildEnvironment) -> DesignDomain:
    domain = env.domains["design"]
    assert isinstance(domain, DesignDomain)
    return domain


@shows("role targets")
def _role_targets(env: BuildEnvironment, docname: str) -> Iterator[object]:
    """The entries the page's ``design:ref`` and ``any`` roles name."""
    domain = get_domain(env)
    for key in ("refs", "anyrefs"):
        for target in domain.data[key].get(docname, ()):
            yield entry_data(domain.index.resolve(target))


def _warn_missing_reference(app: Sphinx, domain: Domain, node: pending_xref) -> bool | None:
    """Report an unresolved ``design:ref`` as a typed, located warning."""
    if domain is None or domain.name != "design":
        return None
    if isinstance(domain, DesignDomain) and domain.index.is_hidden(node["reftarget"]):
        return True  # exists, but not for this builder: shown as written, unlinked
    message = f"design:ref names unknown entry {node['reftarget']!r}"
    warn(message, Subtype.unknown_ref, node)
    if isinstance(domain, DesignDomain):
        location = get_node_location(node)
        warning = DocumentWarning(message, Subtype.unknown_ref.value, location)
        domain.build.unresolved.append((node.get("refdoc", ""), warning))
    return True


def _add_external_kinds(app: Sphinx) -> None:
    """Let ``design:ref`` name the entries of the intersphinx inventories
    whatever their kind: the types they list entries under that the project
    lacks become object types here, with no entries of their own (another
    project's kinds, and ``entry``, which inventories of earlier versions list
    every entry under, with its title)."""
    domain = get_domain(app.env)
    for type_ in external_entries(app.env):
        if type_ not in domain.object_types:
            domain.add_object_type(type_, ObjType(type_, "ref"))


def setup_domain(app: Sphinx) -> None:
    app.add_domain(DesignDomain)
    # after intersphinx has loaded the inventories
    app.connect("builder-inited", _add_external_kinds, priority=800)
    app.connect("warn-missing-reference", _warn_missing_reference)
