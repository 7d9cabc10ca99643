"""The stylesheet, added for HTML builders only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "designdoc.css"


def _add_stylesheet(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file(STYLESHEET)


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", _add_stylesheet)
