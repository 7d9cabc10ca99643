"""The ``designdoc`` command: scaffold a design document, read an export.

::

    designdoc init DIR [--format rst|md] [--title TITLE] [--quality LEVEL] [--force]
    designdoc report designdoc.json [--kind KIND] [--filter EXPR] [--format FORMAT]
    designdoc check designdoc.json
    designdoc diff OLD.json NEW.json
    designdoc summary designdoc.json [--base OLD.json] [--baseurl URL] [--limit N]

Installed as a console script, and runs as ``python -m sphinxcontrib_designdoc``.
Everything but ``init`` reads a ``designdoc.json`` written by ``sphinx-build -b
designdoc`` (or next to HTML output).  A problem with the input (a missing or
malformed file, an unknown schema version, a bad filter) is one line on stderr
and exit status 2; ``check`` and ``summary`` exit with 1 when the check finds
problems (those that make ``sphinx-build -W`` fail: the same rules, see
:mod:`.core.rules`).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from .core.filters import FilterError, parse_filter
from .core.kinds import DEFAULT_QUALITY_LEVELS
from .core.reports.content import Table
from .core.reports.index import IndexQuery
from .export.check import check_export
from .export.diff import diff_exports
from .export.load import Export, ExportError, read_export
from .export.markdown_text import content_lines
from .export.summary import DEFAULT_LIMIT, MIN_LIMIT, summarize
from .export.template import DEFAULT_LEVEL, DEFAULT_TITLE, FORMATS, render_conf, render_document

PROG = "designdoc"
#: Exit statuses: success, problems found by ``check``, unusable input.
OK, PROBLEMS, ERROR = 0, 1, 2
#: Widest column of the terminal table (longer cells end with an ellipsis).
MAX_WIDTH = 48
REPORT_FORMATS = ("table", "markdown", "json", "csv")
NO_MATCH = "No entries match."
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
#: A base URL a Markdown link can hold: a scheme, no space, parenthesis or angle bracket.
_BASEURL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s()<>]+")


class CommandError(Exception):
    """A problem the user can fix; the message is one line."""


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line (``designdoc: error: ...``), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(ERROR, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# -- init -------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, "utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None


def cmd_init(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    fmt: str = args.format
    if directory.exists() and not directory.is_dir():
        raise CommandError(f"{directory} exists and is not a folder")
    document = directory / f"index.{fmt}"
    for other in FORMATS:
        clash = directory / f"index.{other}"
        if other != fmt and clash.exists():
            raise CommandError(
                f"{clash} exists: a project has one index document "
                f"(use --format {other}, or remove it)"
            )
    if document.exists() and not args.force:
        raise CommandError(f"{document} exists (--force overwrites it)")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot create {directory}: {exc.strerror or exc}") from None
    _write(document, render_document(args.title, fmt, args.quality, dt.date.today()))
    print(f"wrote {document}")
    conf = directory / "conf.py"
    if conf.exists():
        needs = (
            "myst_parser and sphinxcontrib_designdoc" if fmt == "md" else "sphinxcontrib_designdoc"
        )
        print(f"kept {conf}: its extensions must include {needs}")
    else:
        _write(conf, render_conf(args.title, fmt))
        print(f"wrote {conf}")
    print(f"build it with: sphinx-build -W -b html {directory} {directory / '_build' / 'html'}")
    return OK


# -- report -----------------------------------------------------------------------


def report_columns(export: Export, kind: str | None) -> tuple[str, ...]:
    """The columns of ``designdoc report``: common ones, or all of one kind's
    (with a question's age and days overdue, a component's verdict)."""
    if kind is None:
        return ("id", "kind", "title", "status", "owner", "document")
    spec = export.registry.kinds[kind]
    columns = ["id", "title", *(f.name for f in spec.fields), *(link.name for link in spec.links)]
    columns += ["owner", "document"]
    if kind == "question":
        columns += ["age", "overdue"]
    if kind == "component" and export.has_compliance:
        columns.append("verdict")
    return tuple(columns)


def _clip(text: str, width: int | None) -> str:
    text = " ".join(text.split())
    return text if width is None or len(text) <= width else text[: width - 1] + "\u2026"


def text_table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Aligned columns for a terminal; long cells are cut (not the last column)."""
    last = len(headings) - 1
    cells = [
        [_clip(c, None if i == last else MAX_WIDTH) for i, c in enumerate(row)]
        for row in [list(headings), *rows]
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headings))]
    rule = ["-" * w for w in widths]
    lines = [cells[0], rule, *cells[1:]]
    return (
        "\n".join(
            "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
            for line in lines
        )
        + "\n"
    )


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula
    (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading ``'``, as
    OWASP recommends; a plain number (``-3``) is left as it is."""
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def render_report(export: Export, query: IndexQuery, fmt: str, ascii_only: bool = False) -> str:
    """The report as text; ``ascii_only``: JSON escapes other characters."""
    if fmt == "json":
        raw = [export.raw[e.id] for e in export.select(query.kinds, query.filter)]
        return json.dumps(raw, indent=2, ensure_ascii=ascii_only) + "\n"
    content = export.report(query)
    tables = [block for block in content.blocks if isinstance(block, Table)]
    if fmt == "csv":
        out = io.StringIO()
        # RFC 4180 line ends: a carriage return in a cell is quoted, as a line feed is
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(query.columns)
        for table in tables:
            writer.writerows([csv_cell(cell.text) for cell in row.cells] for row in table.rows)
        return out.getvalue()
    if not tables:
        return NO_MATCH + "\n"
    if fmt == "markdown":
        return "\n".join(content_lines(export, content)) + "\n"
    (table,) = tables
    return text_table(
        [cell.text for cell in table.header], [[c.text for c in row.cells] for row in table.rows]
    )


def cmd_report(args: argparse.Namespace) -> int:
    export = read_export(args.export)
    kinds: tuple[str, ...] = ()
    if args.kind is not None:
        if args.kind not in export.registry.kinds:
            known = ", ".join(sorted(export.registry.kinds))
            raise CommandError(f"unknown kind {args.kind!r} (kinds: {known})")
        kinds = (args.kind,)
    flt = None
    if args.filter is not None:
        try:
            flt = parse_filter(args.filter, export.registry)
        except FilterError as exc:
            raise CommandError(f"bad filter: {exc}") from None
    query = IndexQuery(kinds, flt, report_columns(export, args.kind))
    text = render_report(export, query, args.format)
    if args.format == "json" and not _encodable(text, sys.stdout):
        # escaped as JSON, not by the stream (which would make it invalid JSON)
        text = render_report(export, query, args.format, ascii_only=True)
    sys.stdout.write(text)
    return OK


def _encodable(text: str, stream: object) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# -- check and diff ---------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    export = read_export(args.export)
    problems = check_export(export)
    for problem in problems:
        print(problem)
    components = export.of_kind("component")
    if components and not export.has_compliance:
        print("note: the export has no compliance data; quality gates were not checked")
    if problems:
        word = "problem" if len(problems) == 1 else "problems"
        print(f"{PROG} check: {len(problems)} {word} in {export.source}")
        return PROBLEMS
    print(f"{PROG} check: {export.source} passes ({len(export.entries)} entries)")
    return OK


def cmd_diff(args: argparse.Namespace) -> int:
    old, new = read_export(args.old), read_export(args.new)
    sys.stdout.write(diff_exports(old, new))
    return OK


# -- summary ---------------------------------------------------------------------------


def _limit(text: str) -> int:
    """``--limit``: a whole number of characters, at least :data:`MIN_LIMIT`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < MIN_LIMIT:
        raise argparse.ArgumentTypeError(f"{value} is less than {MIN_LIMIT}")
    return value


def cmd_summary(args: argparse.Namespace) -> int:
    baseurl: str = args.baseurl
    if baseurl and not _BASEURL.fullmatch(baseurl):
        raise CommandError(
            f"--baseurl {baseurl!r} is not a URL a link can hold "
            "(a scheme such as https://, no spaces, parentheses or angle brackets)"
        )
    export = read_export(args.export)
    base = read_export(args.base) if args.base is not None else None
    result = summarize(export, base, baseurl, args.limit)
    sys.stdout.write(result.text)
    return PROBLEMS if result.problems else OK


# -- the command line ---------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = _Parser(
        prog=PROG,
        description="Design documents in Sphinx: scaffold one, and read designdoc.json exports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    init = commands.add_parser(
        "init",
        help="scaffold a design document with every section of the template",
        description="Write DIR/index.rst (or .md) with every section of the design "
        "template, and DIR/conf.py if DIR has none. Existing files are kept unless "
        "--force is given (conf.py is never overwritten).",
    )
    init.add_argument("directory", metavar="DIR")
    init.add_argument("--format", choices=FORMATS, default="rst", help="default: rst")
    init.add_argument("--title", default=DEFAULT_TITLE, help=f"default: {DEFAULT_TITLE!r}")
    init.add_argument(
        "--quality",
        choices=list(DEFAULT_QUALITY_LEVELS),
        default=DEFAULT_LEVEL,
        metavar="LEVEL",
        help=f"{', '.join(DEFAULT_QUALITY_LEVELS)} (default: {DEFAULT_LEVEL})",
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing document")
    init.set_defaults(run=cmd_init)

    report = commands.add_parser(
        "report",
        help="print the entries of an export",
        description="Print the entries of an export, optionally of one kind and "
        "matching a filter (the language of the report directives' :filter:, "
        "for example 'status=open; priority=blocking').",
    )
    report.add_argument("export", metavar="EXPORT", help="a designdoc.json")
    report.add_argument("--kind", help="only entries of this kind (and all its fields)")
    report.add_argument("--filter", metavar="EXPR", help="only entries matching EXPR")
    report.add_argument("--format", choices=REPORT_FORMATS, default="table", help="default: table")
    report.set_defaults(run=cmd_report)

    check = commands.add_parser(
        "check",
        help="fail on what fails sphinx-build -W: every designdoc warning of the build",
        description="Print, as the build shows them, the warnings the build logged "
        "while reading the documents (recorded in the export) and the problems of "
        "the cross-document checks, run on the export with the settings the build "
        "had (duplicate IDs, unknown link targets, link kinds, self-links, overdue "
        "and blocking questions, dependency cycles, missing and failing gates); "
        "exit with status 1 if there is any.",
    )
    check.add_argument("export", metavar="EXPORT", help="a designdoc.json")
    check.set_defaults(run=cmd_check)

    diff = commands.add_parser(
        "diff",
        help="what changed between two exports, in Markdown",
        description="Summarize, in Markdown, what changed from OLD to NEW: entries "
        "added and removed, status changes, questions opened and answered, decisions "
        "superseded, and, for each other changed entry, every part that changed (title, "
        "fields, links, tags, owner, text, document) with its old and its new value "
        "('(none)' when unset; a long value on one line of at most 80 characters).",
    )
    diff.add_argument("old", metavar="OLD", help="the earlier designdoc.json")
    diff.add_argument("new", metavar="NEW", help="the later designdoc.json")
    diff.set_defaults(run=cmd_diff)

    summary = commands.add_parser(
        "summary",
        help="a short Markdown summary for a CI job summary or a pull-request comment",
        description="Print a short Markdown summary of an export for a CI job summary "
        "($GITHUB_STEP_SUMMARY) or a pull-request comment: whether designdoc check "
        "passes, its problems, the components that are not compliant and the open "
        "questions that are blocking or overdue, each with a status marker. With "
        "--base, those lists show only what is new or changed since the base export, "
        "and a section lists the changes between the two (as designdoc diff). Text "
        "from the documents is escaped, so it mentions no user and links no issue. "
        "Exit with status 1 if the check finds problems, as designdoc check does.",
    )
    summary.add_argument("export", metavar="EXPORT", help="a designdoc.json")
    summary.add_argument(
        "--base",
        metavar="OLD",
        help="an earlier designdoc.json (of the target branch, say) to compare with",
    )
    summary.add_argument(
        "--baseurl",
        metavar="URL",
        default="",
        help="the base URL of the published HTML pages, for the links of the IDs "
        "(default: the export's html_baseurl; without one, IDs are not linked)",
    )
    summary.add_argument(
        "--limit",
        metavar="N",
        type=_limit,
        default=DEFAULT_LIMIT,
        help=f"at most N characters (at least {MIN_LIMIT}): whole lines are cut from "
        f"the end, and a last line says how many (default: {DEFAULT_LIMIT}; a GitHub "
        "comment holds 65536)",
    )
    summary.set_defaults(run=cmd_summary)
    return parser


def _replacing_unencodable(streams: Sequence[object]) -> list[tuple[io.TextIOWrapper, str]]:
    """Make the streams write what their encoding cannot hold as escapes
    (``\\xe9`` on an ASCII terminal) instead of failing; return how to undo it."""
    changed = []
    for stream in streams:
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            with contextlib.suppress(ValueError, OSError):  # closed, or cannot change
                stream.reconfigure(errors="backslashreplace")
                changed.append((stream, "strict"))
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status."""
    changed = _replacing_unencodable([sys.stdout, sys.stderr])
    try:
        return _run(argv)
    finally:
        for stream, errors in changed:
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors=errors)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else OK
    except (CommandError, ExportError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return ERROR
    except BrokenPipeError:
        # the reader (``| head``) went away: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return PROBLEMS
    except KeyboardInterrupt:
        return 130
