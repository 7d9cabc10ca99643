"""Write one benchmark corpus in three equivalent flavours.

- ``plain``: the same titles, fields and bodies as ordinary admonitions with
  field lists: the floor no extension can beat.
- ``designdoc``: the entries as sphinxcontrib-designdoc directives, with
  ``design-index``/``design-questions``/``design-matrix`` on the report page.
- ``needs``: sphinx-needs with need types, extra options and link types that
  carry the same data, and ``needtable`` where designdoc has a report.

Shapes: ``wide`` (500 documents x 10 entries) and ``dense`` (100 x 50); the
number of documents is multiplied by ``scale``.  The report page is a leaf of
the toctree, parent of no document.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FLAVOURS = ("plain", "designdoc", "needs")

#: documents, and entries of each kind per document
SHAPES: dict[str, tuple[int, dict[str, int]]] = {
    "wide": (500, {"goal": 2, "component": 3, "gate": 3, "question": 1, "risk": 1}),
    "dense": (100, {"goal": 10, "component": 15, "gate": 15, "question": 5, "risk": 5}),
}

PREFIX = {"goal": "G", "component": "C", "gate": "QG", "question": "Q", "risk": "R"}
DIRECTIVE = {
    "goal": "design-goal",
    "component": "design-component",
    "gate": "quality-gate",
    "question": "design-question",
    "risk": "design-risk",
}
#: the report page's name (a leaf of the toctree)
REPORT_PAGE = "reports"
#: the document and entry the benchmark edits, and its statuses before and after
EDIT_STATUS = ("planned", "done")

BODY = (
    "This entry explains what it is for, why it matters and how it is checked. "
    "It links to related work with an inline reference and keeps the wording "
    "short, like entries in real design documents."
)


@dataclass
class Entry:
    kind: str
    id: str
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)


def entry_id(kind: str, doc: int, n: int) -> str:
    return f"{PREFIX[kind]}-{doc:04d}-{n}"


def entries(doc: int, docs: int, counts: dict[str, int]) -> Iterator[Entry]:
    """The entries of document ``doc``, linked to their own and the previous document."""
    prev = (doc - 1) % docs
    for n in range(counts["goal"]):
        yield Entry(
            "goal",
            entry_id("goal", doc, n),
            f"Goal {n} of document {doc}",
            {"status": "accepted", "priority": "must"},
        )
    for n in range(counts["component"]):
        yield Entry(
            "component",
            entry_id("component", doc, n),
            f"Component {n} of document {doc}",
            {"status": EDIT_STATUS[0], "owner": f"team-{doc % 7}"},
            {
                "satisfies": [entry_id("goal", prev if n % 2 else doc, n % counts["goal"])],
                # no link back from the first document: dependencies form no cycle
                **({"depends-on": [entry_id("component", doc - 1, n)]} if doc else {}),
            },
        )
    for n in range(counts["gate"]):
        yield Entry(
            "gate",
            entry_id("gate", doc, n),
            f"Gate {n} of document {doc}",
            {
                "check": ("tests", "lint", "coverage")[n % 3],
                "level": "production",
                "status": "passing",
            },
            {"applies-to": [entry_id("component", doc, n % counts["component"])]},
        )
    for n in range(counts["question"]):
        yield Entry(
            "question",
            entry_id("question", doc, n),
            f"Question {n} of document {doc}?",
            {"status": "open", "priority": "normal", "raised": "2026-01-15"},
            {"affects": [entry_id("component", doc, n % counts["component"])]},
        )
    for n in range(counts["risk"]):
        yield Entry(
            "risk",
            entry_id("risk", doc, n),
            f"Risk {n} of document {doc}",
            {"status": "open", "likelihood": "medium", "impact": "high"},
            {"mitigated-by": [entry_id("component", prev, n % counts["component"])]},
        )


# -- the three flavours --------------------------------------------------------


def _designdoc_entry(e: Entry) -> str:
    lines = [f".. {DIRECTIVE[e.kind]}:: {e.title}", f"   :id: {e.id}"]
    lines += [f"   :{k}: {v}" for k, v in e.fields.items()]
    lines += [f"   :{k}: {', '.join(v)}" for k, v in e.links.items()]
    return "\n".join([*lines, "", f"   {BODY}", "", ""])


def _needs_option(name: str) -> str:
    return name.replace("-", "_")


def _needs_entry(e: Entry) -> str:
    lines = [f".. {e.kind}:: {e.title}", f"   :id: {e.id}"]
    lines += [f"   :{_needs_option(k)}: {v}" for k, v in e.fields.items()]
    lines += [f"   :{_needs_option(k)}: {', '.join(ids)}" for k, ids in e.links.items()]
    return "\n".join([*lines, "", f"   {BODY}", "", ""])


def _plain_entry(e: Entry) -> str:
    lines = [f".. admonition:: {e.kind.capitalize()} {e.id}: {e.title}", ""]
    lines += [f"   :{k}: {v}" for k, v in e.fields.items()]
    lines += [f"   :{k}: {', '.join(v)}" for k, v in e.links.items()]
    return "\n".join([*lines, "", f"   {BODY}", "", ""])


ENTRY_WRITERS = {"plain": _plain_entry, "designdoc": _designdoc_entry, "needs": _needs_entry}


def _page_tables(flavour: str, docname: str) -> str:
    if flavour == "designdoc":
        return (
            "Summary\n-------\n\n"
            f".. design-questions::\n   :filter: document={docname}\n\n"
            f".. design-index::\n   :kinds: component\n   :filter: document={docname}\n\n"
        )
    if flavour == "needs":
        return (
            "Summary\n-------\n\n"
            f".. needtable::\n   :types: question\n"
            f'   :filter: docname == "{docname}" and status == "open"\n\n'
            f'.. needtable::\n   :types: component\n   :filter: docname == "{docname}"\n\n'
        )
    return ""


def _report_page(flavour: str) -> str:
    title = "Reports\n=======\n\n"
    if flavour == "designdoc":
        return title + (
            ".. design-index::\n   :kinds: component\n"
            "   :columns: id, title, status, owner, satisfies, document\n\n"
            ".. design-index::\n   :kinds: goal\n\n"
            ".. design-index::\n   :kinds: risk\n   :filter: status=open\n\n"
            ".. design-questions::\n\n"
            ".. design-matrix::\n   :rows: goal\n   :columns: component\n   :link: satisfies\n"
        )
    if flavour == "needs":
        return title + (
            ".. needtable::\n   :types: component\n"
            "   :columns: id, title, status, owner, satisfies\n\n"
            ".. needtable::\n   :types: goal\n\n"
            '.. needtable::\n   :types: risk\n   :filter: status == "open"\n\n'
            '.. needtable::\n   :types: question\n   :filter: status == "open"\n\n'
            ".. needtable::\n   :types: goal\n   :columns: id, title, satisfies_back\n"
        )
    return title + "The plain flavour has no reports.\n"


CONF_COMMON = 'project = "bench"\nhtml_theme = "alabaster"\n'

CONF = {
    "plain": CONF_COMMON,
    "designdoc": CONF_COMMON + 'extensions = ["sphinxcontrib_designdoc"]\n'
    'designdoc_today = "2026-06-01"\n',
    "needs": CONF_COMMON
    + """extensions = ["sphinx_needs"]
needs_types = [
    {"directive": d, "title": d.capitalize(), "prefix": p + "-",
     "color": "#BFD8D2", "style": "node"}
    for d, p in [("goal", "G"), ("component", "C"), ("gate", "QG"),
                 ("question", "Q"), ("risk", "R")]
]
needs_fields = {
    f: {"nullable": True}
    for f in ["priority", "owner", "check", "level", "raised", "likelihood", "impact"]
}
needs_links = {
    o: {"incoming": o + " (incoming)", "outgoing": o}
    for o in ["satisfies", "depends_on", "applies_to", "affects", "mitigated_by"]
}
needs_id_regex = "^[A-Z0-9_-]{3,}"
""",
}


def docname(doc: int) -> str:
    return f"doc{doc:04d}"


def generate(
    outdir: Path, flavour: str, shape: str, scale: float = 1.0, page_tables: bool = False
) -> int:
    """Write the corpus; return the number of entries."""
    base_docs, counts = SHAPES[shape]
    docs = max(2, round(base_docs * scale))
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "conf.py").write_text(CONF[flavour], "utf-8")
    toctree = "\n".join(f"   {docname(d)}" for d in range(docs))
    (outdir / "index.rst").write_text(
        f"Benchmark\n=========\n\n.. toctree::\n   :maxdepth: 1\n\n{toctree}\n   {REPORT_PAGE}\n",
        "utf-8",
    )
    (outdir / f"{REPORT_PAGE}.rst").write_text(_report_page(flavour), "utf-8")
    write_entry = ENTRY_WRITERS[flavour]
    total = 0
    for d in range(docs):
        name = docname(d)
        body = [f"Document {d}\n{'=' * len(f'Document {d}')}\n\n"]
        for e in entries(d, docs, counts):
            body.append(write_entry(e))
            total += 1
        if page_tables:
            body.append(_page_tables(flavour, name))
        (outdir / f"{name}.rst").write_text("".join(body), "utf-8")
    return total


def edit_target(outdir: Path) -> tuple[Path, str]:
    """The document the edit benchmark changes, and the ID of the edited component."""
    docs = len(list(outdir.glob("doc*.rst")))
    doc = docs // 2
    return outdir / f"{docname(doc)}.rst", entry_id("component", doc, 0)


def edit_status(outdir: Path, back: bool = False) -> tuple[str, str]:
    """Change one component's status (planned -> done; ``back``: done ->
    planned); return its ID and its new status."""
    old, new = EDIT_STATUS[::-1] if back else EDIT_STATUS
    path, target = edit_target(outdir)
    text = path.read_text("utf-8")
    start = text.index(target)  # where the entry is defined (its first mention)
    before, after = text[:start], text[start:]
    after = after.replace(old, new, 1)
    path.write_text(before + after, "utf-8")
    return target, new


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--flavour", choices=FLAVOURS, default="designdoc")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="wide")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--page-tables", action="store_true")
    args = parser.parse_args(argv)
    n = generate(args.outdir, args.flavour, args.shape, args.scale, args.page_tables)
    print(f"{args.outdir}: {n} entries")


if __name__ == "__main__":
    main()
