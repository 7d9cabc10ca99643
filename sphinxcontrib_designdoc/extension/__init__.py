"""The Sphinx extension: adapts the core to Sphinx.

Directives and the ``design`` domain collect entries while documents are read;
post-transforms fill links and reports after reading; freshness, replay and the
builder keep every output and warning true in every build.  :func:`setup` is
the table of contents.  It imports only what registers something; what
computes (queries, rules, compliance, rendering, the export) is imported by
the functions that use it, so a build that reads nothing imports none of it
(``tests/test_imports.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .assets import setup_assets
from .authoring import setup_authoring
from .builder import setup_builder
from .checks import setup_checks
from .collector import setup_collector
from .config import setup_config
from .directives import setup_directives
from .domain import DATA_VERSION, setup_domain
from .freshness import setup_freshness
from .quality import setup_quality
from .replay import setup_replay
from .reports import setup_reports
from .resolve import setup_resolve

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx, version: str) -> ExtensionMetadata:
    setup_config(app)
    setup_domain(app)
    setup_directives(app)
    setup_authoring(app)
    setup_resolve(app)
    setup_reports(app)
    setup_quality(app)
    setup_checks(app)
    setup_freshness(app)
    setup_replay(app)
    setup_assets(app)
    setup_builder(app)
    setup_collector(app)
    return {
        "version": version,
        "env_version": DATA_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
