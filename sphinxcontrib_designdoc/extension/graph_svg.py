"""Graphviz's SVG of a graph, made fit to be written into an HTML page.

``dot -Tsvg`` writes a standalone file: an XML prolog, a fixed size in points
and a white page.  Written into the page instead (not an ``<object>`` or
``<img>``), the SVG takes the page's stylesheet -- the theme's colours, light or
dark -- and its links are the page's links.  :func:`inline_svg` keeps the
``<svg>`` element alone, sized in CSS pixels as Graphviz's pictures are (96 per
inch), which the stylesheet lets shrink to the column and never grow beyond.
"""

from __future__ import annotations

import html
import re
import subprocess
from functools import lru_cache

#: CSS pixels per point: Graphviz's SVG is in points, its pictures at 96 dpi.
PX_PER_PT = 96 / 72

_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
#: The graph's own title (its DOT name): the first ``<title>`` of the picture.
_GRAPH_TITLE = re.compile(r"<title>[^<]*</title>")


class DotError(Exception):
    """``dot`` could not be run, or failed on the source."""


@lru_cache(maxsize=64)
def run_dot(source: str, dot: str, args: tuple[str, ...]) -> str:
    """The SVG ``dot`` makes of ``source`` (kept: every page of a builder, and
    several builders of a process, may draw the same graph)."""
    try:
        done = subprocess.run(
            [dot, *args, "-Tsvg"], input=source.encode(), capture_output=True, check=False
        )
    except OSError as error:
        raise DotError(str(error)) from error
    if done.returncode:
        message = done.stderr.decode(errors="replace").strip()
        raise DotError(f"exit status {done.returncode}: {message}")
    return done.stdout.decode()


def fit_svg(svg: str, label: str) -> str:
    """Graphviz's SVG document as an ``<svg>`` element of a page, sized in CSS
    pixels, its natural width its widest, named ``label``."""
    start = svg.find("<svg")
    size = _SIZE.search(svg, start)
    if start < 0 or size is None:
        raise DotError("dot wrote no SVG picture")
    width, height = (round(float(value) * PX_PER_PT) for value in size.groups())
    name = html.escape(label)
    element = (
        f'<svg class="dd-graph-svg" width="{width}" height="{height}" '
        f'style="max-width: {width}px" aria-label="{name}"'
    )
    body = svg[size.end() :]
    # the graph's title is its DOT name: browsers show it over the whole picture
    body = _GRAPH_TITLE.sub(f"<title>{name}</title>", body, count=1)
    return element + body.rstrip() + "\n"


def inline_svg(source: str, dot: str, args: tuple[str, ...], label: str) -> str:
    """The graph of DOT ``source`` as an ``<svg>`` element of an HTML page;
    :class:`DotError` where ``dot`` fails."""
    return fit_svg(run_dot(source, dot, args), label)
