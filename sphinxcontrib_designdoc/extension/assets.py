"""The stylesheet and script; only HTML builders read the static path, CSS and JS files.

The script (``designdoc.js``) makes big report tables sortable, filterable and
downloadable as CSV in the browser; the static table reads without it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC_DIR = Path(__file__).parent / "static"
STYLESHEET = "designdoc.css"
SCRIPT = "designdoc.js"


def _add_static_path(app: Sphinx, config: Config) -> None:
    # At config-inited, so the stored configuration of an incremental build
    # compares equal and the build does not report a configuration change.
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))


def setup_assets(app: Sphinx) -> None:
    app.connect("config-inited", _add_static_path)
    app.add_css_file(STYLESHEET)
    # deferred: it runs once the page is parsed and does not hold up the first paint
    app.add_js_file(SCRIPT, loading_method="defer")
