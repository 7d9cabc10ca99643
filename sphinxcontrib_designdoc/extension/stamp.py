"""What every page digest depends on besides the entries: the build stamp."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.builddate import build_date
from .config import graphviz_available
from .domain import builder_tags

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def digest_stamp(env: BuildEnvironment) -> list[object]:
    """What the digests depend on besides the entries: the build date (reports
    count days against it), whether graphs are drawn, and the tags ``only``
    directives are evaluated against (which entries exist)."""
    tags = builder_tags(env)
    config = env.config
    return [
        build_date(config.designdoc_today).isoformat(),
        graphviz_available(config),
        sorted(tags) if tags is not None else None,
    ]
