"""The reference pages of these docs, generated from the code.

Directives (each parses reStructuredText from :mod:`sphinxcontrib_designdoc.reference`,
so every builder writes standard nodes):

``designdoc-kinds``
    every entry directive with its options and allowed values (kinds registry);
``designdoc-config``
    every ``designdoc_*`` value with type, default and help (config dataclass);
``designdoc-warnings``
    every warning subtype with its cause and fix (warnings Enum);
``designdoc-css-tokens``
    every ``--dd-*`` token of the stylesheet with its default;
``designdoc-cli``
    the ``--help`` of the ``designdoc`` command and of each of its commands.

Report directives are described by hand (what their options mean is prose), and
checked against the code once everything is read: a report directive or option
that the docs leave out, or one that no longer exists, is a warning, so
``sphinx-build -W`` fails until the docs follow the code.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinxcontrib_designdoc import cli
from sphinxcontrib_designdoc.core import kinds
from sphinxcontrib_designdoc.extension import config, reference, warnings_
from sphinxcontrib_designdoc.extension.assets import STATIC_DIR, STYLESHEET
from sphinxcontrib_designdoc.extension.config import registry
from sphinxcontrib_designdoc.extension.reports import DIRECTIVES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class _Generated(SphinxDirective):
    """Parses the lines :meth:`lines` returns; rebuilt when ``sources`` change."""

    has_content = False
    sources: tuple[Path, ...] = ()

    def lines(self) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        for source in self.sources:
            self.env.note_dependency(str(source))
        box = nodes.container()
        name = f"<{self.name}>"
        self.state.nested_parse(StringList(self.lines(), source=name), 0, box)
        return box.children


def _module_file(module: Any) -> Path:
    return Path(module.__file__)


class KindsDirective(_Generated):
    sources = (_module_file(kinds), _module_file(reference))

    def lines(self) -> list[str]:
        return reference.kinds_rst(registry(self.config))


class ConfigDirective(_Generated):
    sources = (_module_file(config), _module_file(reference))

    def lines(self) -> list[str]:
        return reference.config_rst()


class WarningsDirective(_Generated):
    sources = (_module_file(warnings_), _module_file(reference))

    def lines(self) -> list[str]:
        return reference.warnings_rst()


class CssTokensDirective(_Generated):
    sources = (STATIC_DIR / STYLESHEET, _module_file(reference))

    def lines(self) -> list[str]:
        return reference.css_tokens_rst()


def _help(parser: argparse.ArgumentParser) -> str:
    """``--help`` as a terminal 80 columns wide shows it."""
    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    try:
        return parser.format_help()
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns


class CliDirective(_Generated):
    sources = (_module_file(cli),)

    def lines(self) -> list[str]:
        parser = cli.build_parser()
        found: list[str] = []
        blocks = [("designdoc", parser)]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                blocks += [(f"designdoc {name}", sub) for name, sub in action.choices.items()]
        for title, sub in blocks:
            found += [f".. rubric:: ``{title}``", "", ".. code-block:: text", ""]
            found += [f"   {line}".rstrip() for line in _help(sub).splitlines()]
            found.append("")
        return found


def check_report_docs(app: Sphinx, env: BuildEnvironment) -> None:
    """Every report directive and each of its options is documented, and no other."""
    objects = env.get_domain("rst").objects  # type: ignore[attr-defined]
    documented = {name for (objtype, name) in objects if objtype == "directive"}
    options = {name for (objtype, name) in objects if objtype == "directive:option"}
    for name, directive in DIRECTIVES.items():
        if name not in documented:
            logger.warning("report directive %s is not documented", name, type="docs")
            continue
        have = {o.split(":", 1)[1] for o in options if o.startswith(f"{name}:")}
        for missing in sorted(set(directive.known_options) - have):
            logger.warning("%s: option :%s: is not documented", name, missing, type="docs")
        for gone in sorted(have - set(directive.known_options)):
            logger.warning("%s: documented option :%s: does not exist", name, gone, type="docs")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("designdoc-kinds", KindsDirective)
    app.add_directive("designdoc-config", ConfigDirective)
    app.add_directive("designdoc-warnings", WarningsDirective)
    app.add_directive("designdoc-css-tokens", CssTokensDirective)
    app.add_directive("designdoc-cli", CliDirective)
    app.connect("env-check-consistency", check_report_docs)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
