"""The format of ``designdoc.json``: its published schema and its layout.

Keys and entries come in a stable order, one line per entry, so the file is
byte-identical for serial, parallel, incremental and fresh builds of the same
sources and diffs line by line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import Any, NamedTuple

SCHEMA_VERSION = 1
SCHEMA_FILE = "designdoc.schema.json"
EXPORT_FILE = "designdoc.json"


def schema_text() -> str:
    """The published JSON Schema of ``designdoc.json``, as the package holds it."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8")


def schema() -> dict[str, Any]:
    """The published JSON Schema of ``designdoc.json``."""
    result: dict[str, Any] = json.loads(schema_text())
    return result


def html_baseurl(config: Any) -> str:
    """``designdoc_html_baseurl``, else Sphinx's ``html_baseurl``, else ""."""
    return str(config.designdoc_html_baseurl or getattr(config, "html_baseurl", "") or "")


def dumps(data: Mapping[str, Any]) -> str:
    """JSON with one line per item of each top-level collection (per entry, per
    document, per kind): readable, diffable line by line, and written by the
    json module's C encoder, which ``indent`` would turn off."""
    return "".join(pieces(data))


def pieces(data: Mapping[str, Any]) -> Iterator[str]:
    """:func:`dumps` in pieces, each :class:`Lines` one of them as it is (a
    big export is written without being copied into one string)."""
    if not data:
        yield _dumps(data, 0) + "\n"
        return
    yield "{\n"
    for i, (key, value) in enumerate(data.items()):
        yield ",\n  " if i else "  "
        yield f"{json.dumps(key, ensure_ascii=False)}: "
        if isinstance(value, list) and value:
            yield "[\n"
            for j, item in enumerate(value):
                if j:
                    yield ",\n"
                yield item.text if isinstance(item, Lines) else f"    {_dumps(item, 2)}"
            yield "\n  ]"
        else:
            yield _dumps(value, 1)
    yield "\n}\n"


class Lines(NamedTuple):
    """Items of a top-level list as :func:`dumps` writes them (one per line,
    indented, separated by ``,``), written as they are: a list of one
    ``Lines`` per part of the items writes what the items would."""

    text: str


def lines(items: Iterable[Any]) -> Lines:
    """The items of a top-level list (entries), encoded (at least one)."""
    return Lines(",\n".join(f"{'  ' * 2}{_dumps(item, 2)}" for item in items))


def _dumps(value: Any, depth: int) -> str:
    if depth >= 2 or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False)
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, depth + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    items = [v.text if isinstance(v, Lines) else f"{inner}{_dumps(v, depth + 1)}" for v in value]
    return "[\n" + ",\n".join(items) + f"\n{pad}]"
