"""The reference documentation, generated from the single sources of truth.

- :func:`kinds_rst`: every entry directive with its options and allowed values,
  from a kinds :class:`~.kinds.Registry` (the built-in kinds, or a project's
  own as well);
- :func:`config_rst`: every ``designdoc_*`` value with its type, default and
  help, from :class:`~.config.DesignDocConfig`;
- :func:`warnings_rst`: every warning subtype with its cause and fix, from the
  docstrings of :class:`~.warnings_.Subtype`;
- :func:`css_tokens_rst`: every ``--dd-*`` token of the stylesheet with its
  default.

Each returns reStructuredText lines that use only standard markup and the
directives Sphinx itself has (``rst:directive``, ``confval``), so that any
builder writes them.  The project's own docs parse them
(``docs/_ext/designdoc_reference.py``).
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..core.kinds import ANY_KIND, COMMON_OPTIONS, Field, Kind, LinkField, Registry
from ..core.subtypes import Subtype
from .assets import STATIC_DIR, STYLESHEET
from .config import PREFIX, DesignDocConfig, config_fields

#: What the options every kind takes mean (see ``kinds.COMMON_OPTIONS``).
COMMON_OPTION_HELP = {
    "id": (
        "ID",
        "The entry's ID, unique across the project and matching "
        "``designdoc_id_pattern``. Without it the ID is the kind's prefix and a "
        "slug of the title: ``.. design-goal:: Builds stay fast!`` gets "
        "``G-builds-stay-fast``.",
    ),
    "tags": ("comma-separated list", "Tags, shown on the card and usable in filters."),
    "owner": ("text", "The person or team responsible, shown on the card."),
}

_TYPE_HELP = {
    "text": ("text", "Free text."),
    "list": ("comma-separated list", "Several values, separated by commas."),
    "date": ("date", "An ISO date, ``YYYY-MM-DD``."),
    "path": ("path", "A file or folder, shown as written."),
    "level": ("quality level", "A quality level (``designdoc_quality_levels``)"),
    "check": ("check", "A check a quality gate verifies"),
}

_REBUILD_HELP = {
    "env": "Changing it makes Sphinx read every document again.",
    "html": "Changing it makes Sphinx write the HTML pages again.",
    "": "Changing it needs no rebuild.",
}


def _literals(values: Iterable[str]) -> str:
    return ", ".join(f"``{v}``" for v in values)


def _indent(lines: Iterable[str], prefix: str = "   ") -> list[str]:
    return [prefix + line if line else "" for line in lines]


# -- entry directives ---------------------------------------------------------------


def _field_option(fld: Field, registry: Registry) -> list[str]:
    allowed = registry.allowed(fld)
    if fld.type == "choice":
        kind_of_value = " | ".join(fld.choices)
        text = f"One of {_literals(fld.choices)}, ignoring case; " + (
            f"``{fld.default}`` if left out." if fld.default else "unset if left out."
        )
    else:
        kind_of_value, text = _TYPE_HELP[fld.type]
        if allowed:
            text += f": {_literals(allowed)}."
        elif not text.endswith("."):
            text += "."
        if fld.default:
            text += f" ``{fld.default}`` if left out."
    return [
        f".. rst:directive:option:: {fld.name}",
        f"   :type: {kind_of_value}",
        "",
        f"   {text}",
        "",
    ]


def _link_option(link: LinkField, registry: Registry) -> list[str]:
    if ANY_KIND in link.targets:
        targets = "entries of any kind"
    else:
        labels = [registry.kinds[t].label if t in registry.kinds else t for t in link.targets]
        targets = " or ".join(f"{label.lower()} entries" for label in labels)
    return [
        f".. rst:directive:option:: {link.name}",
        "   :type: comma-separated IDs",
        "",
        f"   Links to {targets}. The target lists this entry under *{link.reverse}*.",
        "",
    ]


def kind_rst(kind: Kind, registry: Registry) -> list[str]:
    """One entry directive: its argument, every option, its fields' allowed values."""
    title = "[title]" if kind.name == "doc" else "title"
    intro = (
        f"An entry of kind ``{kind.name}`` (*{kind.label}*); generated IDs start "
        f"with ``{kind.prefix}-``."
    )
    if kind.name == "doc":
        intro += (
            " The title may be left out: it is then the title of the page. A page "
            "holds at most one."
        )
    body = [intro, "", "The content of the directive is the entry's body.", ""]
    for name in COMMON_OPTIONS:
        kind_of_value, text = COMMON_OPTION_HELP[name]
        body += [f".. rst:directive:option:: {name}", f"   :type: {kind_of_value}", ""]
        body += [f"   {text}", ""]
    for fld in kind.fields:
        body += _field_option(fld, registry)
    for link in kind.links:
        body += _link_option(link, registry)
    return [f".. rst:directive:: .. {kind.directive}:: {title}", "", *_indent(body)]


def kinds_rst(registry: Registry) -> list[str]:
    """Every entry directive of a registry, in registry order."""
    lines: list[str] = []
    for kind in registry.kinds.values():
        lines += [*kind_rst(kind, registry), ""]
    return lines


# -- configuration -------------------------------------------------------------------


def _type_names(types: tuple[type, ...]) -> str:
    return " or ".join(f"``{t.__name__}``" for t in types)


def config_rst() -> list[str]:
    """Every configuration value, as ``confval`` descriptions."""
    defaults = dataclasses.asdict(DesignDocConfig())
    lines: list[str] = []
    for f in config_fields():
        lines += [
            f".. confval:: {PREFIX}{f.name}",
            f"   :type: {_type_names(f.metadata['types'])}",
            f"   :default: ``{defaults[f.name]!r}``",
            "",
            *_indent(_wrap(f.metadata["help"])),
            "",
            f"   {_REBUILD_HELP[f.metadata['rebuild']]}",
            "",
        ]
    return lines


def _wrap(text: str) -> list[str]:
    return inspect.cleandoc(text).splitlines()


# -- warnings -------------------------------------------------------------------------


def member_docs(enum: type[Enum]) -> dict[str, str]:
    """The docstrings written under an Enum's members (they are not kept at run time)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(enum)))
    (cls,) = (node for node in tree.body if isinstance(node, ast.ClassDef))
    docs: dict[str, str] = {}
    for node, following in zip(cls.body, cls.body[1:], strict=False):
        if (
            isinstance(node, ast.Assign)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    docs[target.id] = inspect.cleandoc(following.value.value)
    return docs


def warnings_rst() -> list[str]:
    """Every warning subtype with its cause and fix, as a definition list."""
    docs = member_docs(Subtype)
    lines: list[str] = []
    for subtype in Subtype:
        lines += [f"``designdoc.{subtype.value}``", *_indent(_wrap(docs[subtype.name])), ""]
    return lines


# -- stylesheet tokens -----------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    name: str
    default: str
    #: The comment right above the token in the stylesheet.
    about: str


_COMMENT = re.compile(r"/\*(?P<text>.*?)\*/", re.DOTALL)
_TOKEN = re.compile(r"(?P<name>--dd-[\w-]+)\s*:\s*(?P<value>[^;]+);")


def css_tokens(css: str | None = None) -> list[Token]:
    """The ``--dd-*`` tokens declared in the stylesheet's first rule (on ``body``)."""
    if css is None:
        css = Path(STATIC_DIR, STYLESHEET).read_text("utf-8")
    start = css.index("{", css.index(":where(body)")) + 1
    block = css[start : css.index("}", start)]
    tokens = []
    position = 0
    for match in _TOKEN.finditer(block):
        # the comment right above the token, if nothing else is in between
        between = block[position : match.start()]
        comment = _COMMENT.fullmatch(between.strip())
        about = " ".join(comment["text"].split()) if comment else ""
        tokens.append(Token(match["name"], " ".join(match["value"].split()), about))
        position = match.end()
    return tokens


def css_tokens_rst() -> list[str]:
    """The stylesheet's tokens as a table: name, default, what it is for."""
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 25 40 35",
        "",
        "   * - Token",
        "     - Default",
        "     - For",
    ]
    for token in css_tokens():
        lines += [f"   * - ``{token.name}``", f"     - ``{token.default}``"]
        lines.append(f"     - {token.about}" if token.about else "     -")
    return [*lines, ""]
