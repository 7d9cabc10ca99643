"""The standard design-document template, for ``designdoc init``.

Every section of the template (Overview, Goals and Non-Goals, ..., Open
Questions) with short guidance and the directives that belong in it, written
as reStructuredText or MyST Markdown.  The guidance is a comment, so the
scaffold builds (with ``-W``) into a clean page; the entries are placeholders
with IDs made from the document's title, so several scaffolds can live in one
project.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..core.kinds import DEFAULT_QUALITY_LEVELS
from ..core.model import slugify
from .markdown_text import escape_markup as md_escape

FORMATS = ("rst", "md")
DEFAULT_LEVEL = "prototype"
DEFAULT_TITLE = "Technical design"
TBD = "TBD"

#: Titles of the quality gates seeded for the checks of a level.
CHECK_TITLES = {
    "tests": "Automated tests pass",
    "lint": "Lint is clean",
    "coverage": "Test coverage meets the threshold",
    "review": "Design and code review",
    "security-scan": "Security scan is clean",
    "threat-model": "Threat model is reviewed",
}


@dataclass(frozen=True)
class Directive:
    name: str
    argument: str = ""
    options: tuple[tuple[str, str], ...] = ()
    body: str = ""


@dataclass(frozen=True)
class Scaffold:
    """What the seeded entries are made from."""

    title: str
    level: str
    today: dt.date

    @property
    def key(self) -> str:
        return slugify(self.title)[:30].strip("-") or "design"

    def id(self, prefix: str, suffix: str = "1") -> str:
        return f"{prefix}-{self.key}" + (f"-{suffix}" if suffix else "")

    @property
    def checks(self) -> list[tuple[str, str]]:
        """(check, level that adds it) for every check the level requires."""
        found = []
        for level, checks in DEFAULT_QUALITY_LEVELS.items():
            found += [(check, level) for check in checks]
            if level == self.level:
                break
        return found


Seed = Callable[[Scaffold], Sequence[Directive | str]]


def _design_doc(s: Scaffold) -> Sequence[Directive]:
    return [
        Directive(
            "design-doc",
            options=(
                ("id", s.id("DOC", "")),
                ("status", "draft"),
                ("owners", TBD),
                ("quality", s.level),
                ("created", s.today.isoformat()),
            ),
        )
    ]


def _goals(s: Scaffold) -> Sequence[Directive]:
    return [
        Directive(
            "design-goal",
            "First goal",
            (
                ("id", s.id("G")),
                ("priority", "must"),
                ("metric", TBD),
                ("target", TBD),
            ),
            "What success looks like, and how it is measured.",
        ),
        Directive(
            "design-non-goal",
            "First non-goal",
            (("id", s.id("NG")),),
            "What this design deliberately leaves out.",
        ),
    ]


def _quality(s: Scaffold) -> Sequence[Directive | str]:
    gates: list[Directive | str] = [f"Quality level: **{s.level}**."]
    for check, level in s.checks:
        gates.append(
            Directive(
                "quality-gate",
                CHECK_TITLES.get(check, check.replace("-", " ").capitalize()),
                (
                    ("id", s.id("QG", check)),
                    ("check", check),
                    ("level", level),
                    ("status", "pending"),
                    ("applies-to", s.id("C")),
                ),
            )
        )
    return gates


def _components(s: Scaffold) -> Sequence[Directive]:
    return [
        Directive(
            "design-component",
            "First component",
            (
                ("id", s.id("C")),
                ("status", "planned"),
                ("quality", s.level),
                ("inputs", TBD),
                ("outputs", TBD),
                ("satisfies", s.id("G")),
            ),
            "Its purpose and key dependencies.",
        )
    ]


def _entities(s: Scaffold) -> Sequence[Directive]:
    return [
        Directive(
            "design-entity",
            "First entity",
            (
                ("id", s.id("E")),
                ("storage", TBD),
                ("retention", TBD),
                ("stored-in", s.id("C")),
            ),
            "Its schema and its relationships to other entities (relates-to).",
        )
    ]


def _interfaces(s: Scaffold) -> Sequence[Directive]:
    return [
        Directive(
            "design-interface",
            "First interface",
            (
                ("id", s.id("IF")),
                ("status", "draft"),
                ("protocol", TBD),
                ("version", TBD),
                ("implemented-by", s.id("C")),
            ),
            "Its key endpoints, commands or events, and the contract they keep.",
        )
    ]


def _decision(s: Scaffold) -> Sequence[Directive]:
    return [
        Directive(
            "design-decision",
            "First decision",
            (("id", s.id("D")), ("status", "proposed"), ("affects", s.id("C"))),
            "What was decided, and why this option.",
        ),
        Directive(
            "design-alternative",
            "First alternative considered",
            (("id", s.id("ALT")), ("status", "considered"), ("alternative-to", s.id("D"))),
            "What it would have meant, and why it was not chosen.",
        ),
    ]


def _risk(s: Scaffold) -> Sequence[Directive]:
    return [
        Directive(
            "design-risk",
            "First risk",
            (
                ("id", s.id("R")),
                ("likelihood", "medium"),
                ("impact", "medium"),
                ("mitigation", TBD),
                ("affects", s.id("C")),
            ),
        )
    ]


def _milestones(s: Scaffold) -> Sequence[Directive]:
    return [
        Directive(
            "design-milestone",
            "First milestone",
            (
                ("id", s.id("M")),
                ("status", "planned"),
                ("target-quality", s.level),
                ("delivers", s.id("C")),
            ),
            "A rollout step (a beta, a migration phase, a flag flip) and its rollback.",
        )
    ]


def _question(s: Scaffold) -> Sequence[Directive]:
    return [
        Directive(
            "design-question",
            "First open question?",
            (
                ("id", s.id("Q")),
                ("priority", "normal"),
                ("raised", s.today.isoformat()),
                ("affects", s.id("C")),
            ),
        )
    ]


#: (heading, guidance, seeded entries) of every section, in template order.
SECTIONS: tuple[tuple[str, str, Seed | None], ...] = (
    (
        "Overview",
        "Summarize the problem, the target users, and the outcomes this design aims "
        "to deliver. Keep this section concise and business-oriented.",
        None,
    ),
    (
        "Goals and Non-Goals",
        "Goals: measurable objectives, each with a metric and a target. "
        "Non-goals: what is explicitly out of scope, to avoid scope creep.",
        _goals,
    ),
    (
        "Architecture",
        "A high-level diagram and narrative of the system boundaries, data and "
        "control flows, and trust boundaries. Deployment targets and runtime assumptions.",
        None,
    ),
    (
        "Quality",
        "The quality level (experiment, prototype, production, secure) decides the "
        "gates: prototype needs tests; production adds lint, coverage and review; "
        "secure adds security scans and a threat model. Set the level on the "
        "design-doc and on each component; record each gate's status and evidence.",
        _quality,
    ),
    (
        "Components",
        "The major components or services: responsibilities, inputs and outputs, "
        "key dependencies (depends-on) and the goals they serve (satisfies).",
        _components,
    ),
    (
        "Data Model",
        "Core entities, schemas and relationships; storage engines and retention "
        "policies. Record each entity with where it is stored (stored-in).",
        _entities,
    ),
    (
        "Interfaces",
        "External APIs, CLIs or UIs with their key endpoints, commands and contracts; "
        "internal module interfaces as needed. Record each contract as an interface "
        "with the components that implement and consume it.",
        _interfaces,
    ),
    (
        "Configuration",
        "Configuration surfaces (environment variables, files, flags) and their "
        "defaults. How secrets are managed (never commit them).",
        None,
    ),
    (
        "Algorithms / Processing",
        "The principal algorithms, workflows or pipelines, step by step. Record the "
        "rationale as decisions and the alternatives considered as alternatives "
        "to them.",
        _decision,
    ),
    (
        "Error Handling & Resilience",
        "Failure modes, timeouts, retries and backoff, idempotency, and fallback strategies.",
        None,
    ),
    (
        "Performance & Scalability",
        "Expected load, latency and throughput targets, and how the system scales: "
        "caching, indexing, parallelism.",
        None,
    ),
    (
        "Security & Privacy",
        "Threat model overview and mitigations; permissions, least privilege, and "
        "data protection. Record each threat as a risk with its mitigation.",
        _risk,
    ),
    ("Observability", "Logging, metrics, tracing, and run reporting.", None),
    (
        "Testing Strategy",
        "Unit, integration and end-to-end coverage plans; test data.",
        None,
    ),
    (
        "Rollout & Migration",
        "Deployment plan, feature flags, migration and compatibility strategy, and "
        "rollback plan. Record each step as a dated milestone with what it delivers; "
        "design-roadmap lists them by date.",
        _milestones,
    ),
    (
        "Open Questions",
        "Outstanding decisions or risks to resolve. A blocking question must be "
        "answered before the document is approved.",
        _question,
    ),
)


# -- writing it -------------------------------------------------------------------


def _rst_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "\\*`_|" else c for c in text)


def _rst_heading(text: str, char: str) -> str:
    return f"{text}\n{char * max(len(text.encode('utf-8')), 3)}"


def _rst_directive(d: Directive) -> str:
    lines = [f".. {d.name}::" + (f" {d.argument}" if d.argument else "")]
    lines += [f"   :{name}: {value}" for name, value in d.options]
    if d.body:
        lines += ["", f"   {d.body}"]
    return "\n".join(lines)


def _md_directive(d: Directive) -> str:
    lines = ["```{" + d.name + "}" + (f" {d.argument}" if d.argument else "")]
    lines += [f":{name}: {value}" for name, value in d.options]
    if d.body:
        lines += ["", d.body]
    lines.append("```")
    return "\n".join(lines)


def _wrap(text: str, width: int = 76) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def render_document(title: str, fmt: str, level: str, today: dt.date) -> str:
    """The design document, every section seeded, as ``rst`` or ``md`` text."""
    title = " ".join(title.split()) or DEFAULT_TITLE
    s = Scaffold(title, level, today)
    md = fmt == "md"
    blocks: list[str] = []
    if md:
        blocks.append(f"# {md_escape(title)}")
    else:
        blocks.append(_rst_heading(_rst_escape(title), "="))
    directive = _md_directive if md else _rst_directive
    blocks += [directive(d) for d in _design_doc(s)]
    for heading, guidance, seed in SECTIONS:
        blocks.append(f"## {heading}" if md else _rst_heading(_rst_escape(heading), "-"))
        comment = _wrap(guidance)
        if md:
            blocks.append("\n".join(f"% {line}" for line in comment))
        else:
            blocks.append("..\n" + "\n".join(f"   {line}" for line in comment))
        for item in seed(s) if seed else ():
            blocks.append(item if isinstance(item, str) else directive(item))
    return "\n\n".join(blocks) + "\n"


def render_conf(title: str, fmt: str) -> str:
    """A ``conf.py`` for a project made of the scaffolded document."""
    title = " ".join(title.split()) or DEFAULT_TITLE
    extensions = (
        '["myst_parser", "sphinxcontrib_designdoc"]'
        if fmt == "md"
        else ('["sphinxcontrib_designdoc"]')
    )
    lines = [
        "# Sphinx configuration of a design document (written by `designdoc init`).",
        "",
        f"project = {json.dumps(title, ensure_ascii=False)}",
        f"extensions = {extensions}",
        'exclude_patterns = ["_build"]',
    ]
    if fmt == "md":
        lines.append('source_suffix = {".rst": "restructuredtext", ".md": "markdown"}')
    lines += [
        "",
        "# Where the HTML pages are published: the Markdown reports of",
        "# `sphinx-build -b designdoc` then link to them.",
        '# designdoc_html_baseurl = "https://docs.example.com/design/"',
    ]
    return "\n".join(lines) + "\n"
