"""Generated test projects: many documents, every kind, RST and MyST mixed.

The build tests (parallel, incremental, builders, fuzz) need projects larger or
more varied than a hand-written root, so they are written here from data.
"""

from __future__ import annotations

import os
import re
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.core.kinds import BUILTIN

from .evidence import COMMITTED_JUNIT

#: Every built-in kind's directive.
DIRECTIVES = {name: kind.directive for name, kind in BUILTIN.items()}

PREFIXES = {name: kind.prefix for name, kind in BUILTIN.items()}

CONF = """\
extensions = ["myst_parser", "sphinxcontrib_designdoc"]
project = "Generated"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
"""


@dataclass
class Entry:
    """One entry as an author writes it."""

    kind: str
    title: str = ""
    options: Mapping[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def directive(self) -> str:
        # a project's own kinds get ``design-<name>``
        return DIRECTIVES.get(self.kind, f"design-{self.kind}")


def rst_entry(entry: Entry) -> str:
    lines = [f".. {entry.directive}::" + (f" {entry.title}" if entry.title else "")]
    lines += [f"   :{name}: {value}".rstrip() for name, value in entry.options.items()]
    if entry.body:
        lines.append("")
        lines += [f"   {line}" if line else "" for line in entry.body.splitlines()]
    return "\n".join(lines) + "\n"


def myst_entry(entry: Entry) -> str:
    # CommonMark forbids backticks in the info string of a backtick fence (the
    # fence would not open at all); a tilde fence allows them.
    fence = "~~~" if "`" in entry.title else "```"
    lines = [fence + "{" + entry.directive + "}" + (f" {entry.title}" if entry.title else "")]
    lines += [f":{name}: {value}".rstrip() for name, value in entry.options.items()]
    if entry.body:
        lines.append("")
        lines += entry.body.splitlines()
    lines.append(fence)
    return "\n".join(lines) + "\n"


def ref(target: str, syntax: str, text: str = "", role: str = "design:ref") -> str:
    """A ``design:ref`` role (or another one) in either syntax."""
    content = f"{text} <{target}>" if text else target
    if syntax == "md":
        return "{" + role + "}`" + content + "`"
    return f":{role}:`{content}`"


def document(
    title: str,
    syntax: str,
    entries: Iterable[Entry | str],
    *,
    orphan: bool = False,
) -> str:
    """A whole document: a title, then entries and paragraphs (plain strings)."""
    parts: list[str] = []
    if syntax == "md":
        if orphan:
            parts.append("---\norphan: true\n---\n")
        parts.append(f"# {title}\n")
    else:
        if orphan:
            parts.append(":orphan:\n")
        parts.append(f"{title}\n{'=' * len(title.encode('utf-8'))}\n")
    for item in entries:
        if isinstance(item, str):
            parts.append(item + "\n")
        elif syntax == "md":
            parts.append(myst_entry(item))
        else:
            parts.append(rst_entry(item))
    return "\n".join(parts)


def index_rst(title: str = "Generated project", glob: str = "doc*") -> str:
    """A root document: a glob toctree, and reports of every entry."""
    return (
        f"{title}\n{'=' * len(title)}\n\n.. toctree::\n   :glob:\n\n   {glob}\n\n"
        ".. design-index::\n\n.. design-summary::\n"
    )


def write(path: Path, text: str, mtime: float | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def set_mtime(paths: Iterable[Path], mtime: float) -> None:
    for path in paths:
        os.utime(path, (mtime, mtime))


class PageDates:
    """Which pages of an output directory a build rewrote, from modification times.

    Before the build every page is dated an hour into the future (a whole
    second, so any file system keeps it exactly): no page is then rewritten
    because of its date alone, and a page the build writes gets the current
    time instead.  (Dating pages into the past would race with the
    modification times of the theme's templates, which Sphinx compares too.)
    """

    def __init__(self, outdir: Path, suffix: str = ".html") -> None:
        self.outdir = outdir
        self.suffix = suffix
        self.sentinel = int(time.time() + 3600)
        set_mtime(outdir.rglob(f"*{suffix}"), self.sentinel)

    def rewritten(self) -> set[str]:
        return {
            p.relative_to(self.outdir).as_posix().removesuffix(self.suffix)
            for p in self.outdir.rglob(f"*{self.suffix}")
            if p.stat().st_mtime != self.sentinel
        }


# -- the large, linked project -------------------------------------------------


def _ids(i: int) -> dict[str, str]:
    """The IDs of the entries of document ``i``."""
    return {kind: f"{PREFIXES[kind]}-{i:02d}" for kind in DIRECTIVES}


def corpus_document(i: int, n: int, *, with_problems: bool) -> tuple[str, str]:
    """Document ``i`` of ``n`` as (file name, text); even ones RST, odd ones MyST.

    Every document holds one entry of every kind, linked to entries of other
    documents (before and after it in name order) and referring to some with
    ``design:ref`` roles.  With ``with_problems`` some documents also hold
    entries that warn (an unknown link target, a link to a wrong kind, a value
    outside its choices, a duplicate ID, a dangling role), so that the warnings
    of two builds can be compared too.
    """
    syntax = "rst" if i % 2 == 0 else "md"
    own = _ids(i)
    prev, nxt, far = _ids((i - 1) % n), _ids((i + 1) % n), _ids((i + n // 2) % n)
    half = _ids(i // 2)
    entries: list[Entry | str] = [
        Entry(
            "doc",
            options={
                "id": own["doc"],
                "status": "approved" if i % 3 else "draft",
                "owners": "alice, bob",
                "quality": "production",
                "created": "2024-01-02",
                **({"supersedes": prev["doc"]} if i % 4 == 1 else {}),
            },
        ),
        Entry(
            "goal",
            f"Goal {i}: keep <builds> & *links* `right`",
            {"id": own["goal"], "status": "accepted", "priority": "must", "metric": "p95"},
            body="The goal's body text.",
        ),
        Entry("non-goal", f"Non-goal {i}", {"id": own["non-goal"], "tags": "scope, later"}),
        Entry(
            "component",
            f"Component {i}",
            {
                "id": own["component"],
                "status": "in-progress",
                "quality": "prototype",
                # only on earlier documents' components: no dependency cycle
                **({"depends-on": f"{prev['component']}, {half['component']}"} if i else {}),
                "satisfies": f"{own['goal']}, {far['goal']}",
                "owner": "carol",
            },
            body=f"Built on {ref(prev['component'], syntax)}.",
        ),
        Entry(
            "gate",
            f"Gate {i}",
            {
                "id": own["gate"],
                "check": "tests",
                "level": "prototype",
                "status": "passing",
                "evidence": "reports/tests.xml",
                "applies-to": own["component"],
            },
        ),
        Entry(
            "question",
            f"Question {i}?",
            {
                "id": own["question"],
                "status": "answered",
                "raised": "2024-02-03",
                "affects": f"{far['component']}, {own['goal']}",
                "resolved-by": own["decision"],
            },
        ),
        Entry(
            "risk",
            f"Risk {i}",
            {
                "id": own["risk"],
                "likelihood": "low",
                "impact": "high",
                "mitigated-by": f"{nxt['component']}, {own['decision']}",
                "affects": prev["goal"],
            },
        ),
        Entry(
            "decision",
            f"Decision {i}",
            {
                "id": own["decision"],
                "status": "accepted",
                "date": "2024-03-04",
                "deciders": "alice",
                "affects": far["component"],
                **({"supersedes": prev["decision"]} if i % 2 else {}),
            },
        ),
        "See "
        + ref(far["goal"], syntax)
        + ", "
        + ref(nxt["risk"], syntax, "the next risk")
        + " and "
        + ref(prev["decision"], syntax)
        + ".",
        # nothing links to a non-goal: the next two show here only through roles
        "Out of scope: " + ref(nxt["non-goal"], syntax) + ".",
        "Later: " + ref(_ids((i + 2) % n)["non-goal"], syntax, role="any") + ".",
    ]
    if with_problems and i % 5 == 0:
        entries += [
            Entry(
                "risk",
                f"Troubled risk {i}",
                {
                    "id": f"R-{i:02d}x",
                    "likelihood": "extreme",
                    "affects": f"NOPE-{i}",
                    "mitigated-by": nxt["goal"],
                },
            ),
            Entry("goal", f"Duplicate of goal {prev['goal']}", {"id": prev["goal"]}),
            "Dangling: " + ref(f"MISSING-{i}", syntax) + ".",
        ]
    title = f"Document {i}"
    name = f"doc{i:02d}.{syntax}"
    return name, document(title, syntax, entries)


def write_corpus(
    srcdir: Path, n: int = 32, *, with_problems: bool = True, mtime: float | None = None
) -> list[Path]:
    """Write a project of ``n`` linked documents (plus ``index.rst``) into ``srcdir``."""
    written = [srcdir / "conf.py", srcdir / "index.rst"]
    write(written[0], CONF, mtime)
    write(written[1], index_rst(), mtime)
    # the evidence file of every quality gate (a JUnit report written by pytest)
    write(srcdir / "reports" / "tests.xml", COMMITTED_JUNIT.read_text("utf-8"), mtime)
    for i in range(n):
        name, text = corpus_document(i, n, with_problems=with_problems)
        write(srcdir / name, text, mtime)
        written.append(srcdir / name)
    return written


# -- building ------------------------------------------------------------------


def build(buildername: str, srcdir: Path, **kwargs: Any) -> SphinxTestApp:
    """Build ``srcdir`` with a test app, and undo the app's global registrations.

    Several apps run in one test: each must be cleaned up before the next one
    is created, or the next one warns about directives registered twice.
    """
    app = SphinxTestApp(buildername, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def plain(text: str) -> str:
    """Status or warning text without ANSI colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# -- comparing builds --------------------------------------------------------


def files(root: Path, suffix: str) -> dict[str, bytes]:
    """Relative path -> content of every file with ``suffix`` under ``root``."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob(f"*{suffix}"))
        if p.is_file()
    }


def warning_lines(text: str, *roots: Path) -> list[str]:
    """The warning lines of a build, sorted, without colour codes.

    Each given source directory's path is replaced by ``<src>``, for comparing
    the warnings of builds of copies of one project.
    """
    text = plain(text)
    for root in roots:
        text = text.replace(str(root), "<src>")
    return sorted(line for line in text.splitlines() if line.strip())


def decoded_inventory(path: Path) -> list[str]:
    """The sorted lines of an objects.inv, decompressed (its header included)."""
    data = path.read_bytes()
    header: list[str] = []
    rest = data
    for _ in range(4):
        line, _, rest = rest.partition(b"\n")
        header.append(line.decode())
    body = zlib.decompress(rest).decode()
    return header + sorted(body.splitlines())


def first_difference(a: Mapping[str, bytes], b: Mapping[str, bytes]) -> str:
    """A readable description of where two sets of files first differ (for asserts)."""
    if set(a) != set(b):
        only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        return f"different files: only in first {only_a}, only in second {only_b}"
    for name in sorted(a):
        if a[name] != b[name]:
            la = a[name].decode(errors="replace").splitlines()
            lb = b[name].decode(errors="replace").splitlines()
            for n, (x, y) in enumerate(zip(la, lb, strict=False), 1):
                if x != y:
                    return f"{name} line {n}:\n  {x}\n  {y}"
            return f"{name}: lengths differ ({len(la)} vs {len(lb)} lines)"
    return "no difference"


def assert_same_files(first: Mapping[str, bytes], second: Mapping[str, bytes]) -> None:
    """Assert two sets of files are the same, naming the first difference if not."""
    differing = sorted(
        name for name in set(first) | set(second) if first.get(name) != second.get(name)
    )
    assert not differing, f"{len(differing)} files differ: {differing}\n" + first_difference(
        first, second
    )
