from __future__ import annotations

import inspect
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from sphinxcontrib_designdoc.extension.reports import fill

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


# -- helpers for the entry, warning and configuration tests -------------------

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: ``<location>: WARNING: <message> [<type>.<subtype>]``, the location optional.
_WARNING = re.compile(
    r"^(?:(?P<location>.+?): )?WARNING: (?P<message>.*?)(?: \[(?P<type>[\w.]+)\])?$"
)


@dataclass(frozen=True)
class BuildWarning:
    """One line of a build's warning stream, taken apart."""

    path: str  # relative to the source folder; "" when the warning has no location
    line: int  # 0 when the location has no line number
    message: str
    type: str  # "designdoc.<subtype>", or "" for an untyped warning
    text: str  # the whole line


def build_warnings(app: SphinxTestApp) -> list[BuildWarning]:
    """Every warning of ``app``'s builds so far, in the order they were logged."""
    srcdir = f"{Path(app.srcdir).as_posix()}/"
    found = []
    for text in _ANSI.sub("", app.warning.getvalue()).splitlines():
        match = _WARNING.match(text)
        if not match:
            continue
        location = (match["location"] or "").replace("\\", "/")
        path, _, line = location.rpartition(":")
        if not line.isdigit():
            path, line = location, "0"
        found.append(
            BuildWarning(
                path=path.removeprefix(srcdir),
                line=int(line),
                message=match["message"],
                type=match["type"] or "",
                text=text,
            )
        )
    return found


def designdoc_warnings(app: SphinxTestApp, subtype: str | None = None) -> list[BuildWarning]:
    """The ``designdoc`` warnings of ``app`` (of one subtype if given)."""
    wanted = f"designdoc.{subtype}" if subtype else None
    return [
        w
        for w in build_warnings(app)
        if w.type.startswith("designdoc.") and (wanted is None or w.type == wanted)
    ]


class _EntryDivs(HTMLParser):
    """Finds the outermost ``<div class="dd-entry ...">`` elements of a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for line in html.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.found: list[str] = []
        self.depth = 0
        self.start = 0
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "div":
            return
        if self.depth:
            self.depth += 1
        elif "dd-entry" in (dict(attrs).get("class") or "").split():
            self.depth, self.start = 1, self._offset()

    def handle_endtag(self, tag: str) -> None:
        if tag != "div" or not self.depth:
            return
        self.depth -= 1
        if not self.depth:
            end = self.html.index(">", self._offset()) + 1
            self.found.append(self.html[self.start : end])


def copy_root(tmp: Path, name: str) -> Path:
    """A copy of ``tests/roots/test-<name>`` in ``tmp`` (tests may edit it)."""
    srcdir = tmp / name
    shutil.copytree(ROOTS / f"test-{name}", srcdir, ignore=shutil.ignore_patterns("_build"))
    return srcdir


def exported(app: SphinxTestApp) -> dict[str, Any]:
    """The ``designdoc.json`` a build wrote next to its pages."""
    data: dict[str, Any] = json.loads((Path(app.outdir) / "designdoc.json").read_text("utf-8"))
    return data


def html_words(html: str) -> str:
    """The words of an HTML fragment, one space apart (a tag separates words)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def entry_divs(html: str) -> dict[str, str]:
    """Entry ID -> the entry's ``<div class="dd-entry ...">`` element, in page order."""
    divs = {}
    for div in _EntryDivs(html).found:
        match = re.match(r'<div [^>]*\bid="([^"]+)"', div)
        assert match, f"an entry without an id: {div[:200]}"
        divs[match[1]] = div
    return divs


def read_page(app: SphinxTestApp, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text("utf-8")


def resolved_doctree(app: SphinxTestApp, docname: str) -> nodes.document:
    """The doctree of a page as its builder writes it (post-transforms applied),
    with the reports as the standard nodes that HTML builders render into the
    page as HTML (``extension/reports/html_cache.py``)."""
    resolve = app.env.get_and_resolve_doctree
    kwargs: dict[str, object] = {}
    if "tags" in inspect.signature(resolve).parameters:  # Sphinx >= 9 wants them
        kwargs["tags"] = app.builder.tags
    cache = fill.html_cache
    fill.html_cache = lambda *args: None
    try:
        return resolve(docname, app.builder, **kwargs)  # type: ignore[arg-type]
    finally:
        fill.html_cache = cache


# -- the designdoc command ------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """What a run of the ``designdoc`` command gave."""

    code: int
    out: str
    err: str


def designdoc_entry_point() -> Callable[[list[str]], int]:
    """The installed ``designdoc`` console script's function."""
    (script,) = entry_points(group="console_scripts", name="designdoc")
    main: Callable[[list[str]], int] = script.load()
    return main


@pytest.fixture
def designdoc(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Runs the ``designdoc`` command in this process."""
    main = designdoc_entry_point()

    def run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
