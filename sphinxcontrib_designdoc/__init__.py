"""sphinxcontrib-designdoc: technical design documents as structured, checked data.

Importing the package imports nothing of Sphinx: the extension is loaded when
Sphinx calls :func:`setup`, so the ``designdoc`` command starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

from ._version import __version__

__all__ = ["__version__", "setup"]


def setup(app: Sphinx) -> ExtensionMetadata:
    from .extension import setup as setup_extension

    return setup_extension(app, __version__)
