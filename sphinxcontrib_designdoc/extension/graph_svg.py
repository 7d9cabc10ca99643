"""Graphviz's SVG of a graph, made fit to be written into an HTML page.

``dot -Tsvg`` writes a standalone file: an XML prolog, a fixed size in points
and a white page.  Written into the page instead (not an ``<object>`` or
``<img>``), the SVG takes the page's stylesheet -- the theme's colours, light or
dark -- and its links are the page's links.  :func:`inline_svg` keeps the
``<svg>`` element alone, sized in CSS pixels as Graphviz's pictures are (96 per
inch), which the stylesheet lets shrink to the column and never grow beyond --
nor shrink below the width at which its smallest text is :data:`MIN_FONT_PX`
high: a narrower column (a phone) scrolls the picture sideways in its box.
"""

from __future__ import annotations

import html
import math
import re
import subprocess
from functools import lru_cache

#: CSS pixels per point: Graphviz's SVG is in points, its pictures at 96 dpi.
PX_PER_PT = 96 / 72

_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
#: The width of the picture in its own units (points), which font sizes are in.
_VIEW_WIDTH = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"')
_FONT_SIZE = re.compile(r'font-size="([\d.]+)"')
#: The smallest text a graph shows, in CSS pixels: WCAG sets no minimum, but
#: text under 10 px cannot be read on a phone held at arm's length.
MIN_FONT_PX = 10
#: The graph's own title (its DOT name): the first ``<title>`` of the picture.
_GRAPH_TITLE = re.compile(r"<title>[^<]*</title>")
#: The DOT names of the boxes around documents' entries (their links name them).
_CLUSTER_TITLE = re.compile(r"<title>cluster_\d+</title>\n?")


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
        raise DotError(f"exit status {done.returncode}" + (f": {message}" if message else ""))
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
    body = svg[size.end() :]
    element = (
        f'<svg class="dd-graph-svg" width="{width}" height="{height}" '
        f'style="max-width: {width}px; min-width: {min_width(svg, width)}px" '
        f'aria-label="{name}"'
    )
    # the graph's title is its DOT name: browsers show it over the whole picture
    body = _GRAPH_TITLE.sub(f"<title>{name}</title>", body, count=1)
    body = _CLUSTER_TITLE.sub("", body)
    return element + body.rstrip() + "\n"


def min_width(svg: str, width: int) -> int:
    """The narrowest the picture may be shown, in CSS pixels: where its smallest
    text is :data:`MIN_FONT_PX` high (``width``, its natural width, at most)."""
    view = _VIEW_WIDTH.search(svg)
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    if view is None or not sizes or min(sizes) <= 0:
        return width
    return min(width, math.ceil(float(view[1]) * MIN_FONT_PX / min(sizes)))


def inline_svg(source: str, dot: str, args: tuple[str, ...], label: str) -> str:
    """The graph of DOT ``source`` as an ``<svg>`` element of an HTML page;
    :class:`DotError` where ``dot`` fails."""
    return fit_svg(run_dot(source, dot, args), label)
