"""Warnings in a build: typed (a :class:`~..core.subtypes.Subtype`), located,
logged through Sphinx so that ``suppress_warnings`` and ``-W`` apply.

A warning about a document is shown in every build until its source is fixed:
those raised while the document is read are recorded with it
(:class:`DocumentWarning`) and logged again by builds that take the document
from the cache (see :mod:`.replay`).
"""

from __future__ import annotations

from typing import Any, NamedTuple, TypeAlias

from docutils import nodes
from sphinx.util import logging
from sphinx.util.logging import get_node_location

from ..core.subtypes import Subtype

logger = logging.getLogger("sphinxcontrib_designdoc")


def warn(message: str, subtype: Subtype, location: Any = None) -> None:
    """Log a located, typed warning that ``suppress_warnings`` can silence."""
    logger.warning(
        message,
        type="designdoc",
        subtype=subtype.value,
        location=location,
    )


#: Where a warning points: ``"source:line"``, a docname, ``(docname, line)`` or nothing.
Location: TypeAlias = str | tuple[str | None, int | None] | None


class DocumentWarning(NamedTuple):
    """A warning logged while a document was read, kept with the document (plain
    and picklable) so that builds that do not read it again log it too."""

    message: str
    #: The :class:`Subtype` value (``invalid_value``).
    subtype: str
    location: Location

    @classmethod
    def from_record(cls, record: Any) -> DocumentWarning:
        """The warning of a log record of :func:`warn`; a node location becomes
        the ``source:line`` text Sphinx shows for it."""
        location = getattr(record, "location", None)
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        elif not isinstance(location, (str, tuple)):
            location = None
        return cls(record.getMessage(), str(getattr(record, "subtype", "")), location)

    def log(self) -> None:
        """Log the warning again, as :func:`warn` logged it."""
        logger.warning(
            self.message,
            type="designdoc",
            subtype=self.subtype,
            location=self.location,
        )
