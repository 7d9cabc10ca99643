"""Checking data against the published JSON Schema, without a dependency.

The ``designdoc`` command reads exports produced elsewhere, possibly by an
older or newer version, or edited by hand.  It checks them against the schema
shipped in this package before using them, so a wrong shape is a one-line
message instead of a traceback.  Only the keywords the schema uses are
implemented (a test keeps it that way); the tests check that this validator
agrees with ``jsonschema``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: The keywords :func:`first_error` understands; annotations are ignored.
KEYWORDS = frozenset(
    {
        "type",
        "required",
        "properties",
        "additionalProperties",
        "items",
        "$ref",
        "const",
        "enum",
        "pattern",
        "minLength",
        "minimum",
    }
)
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description"})

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def _is(value: Any, type_name: str) -> bool:
    if isinstance(value, bool) and type_name in ("integer", "number"):
        return False
    if type_name == "integer" and isinstance(value, float):
        return value.is_integer()  # as JSON Schema counts it: 1.0 is an integer
    return isinstance(value, _TYPES[type_name])


def _where(path: str) -> str:
    return path or "the top level"


def first_error(value: Any, schema: Mapping[str, Any], root: Mapping[str, Any]) -> str | None:
    """The first way ``value`` breaks ``schema`` (a readable message), or None."""
    return _check(value, schema, root, "")


def _check(value: Any, schema: Mapping[str, Any], root: Mapping[str, Any], path: str) -> str | None:
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _check(value, target, root, path)
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_is(value, t) for t in names):
            return f"{_where(path)}: expected {' or '.join(names)}, found {_kind(value)}"
    if "const" in schema and value != schema["const"]:
        return f"{_where(path)}: expected {schema['const']!r}, found {value!r}"
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(map(str, schema["enum"]))
        return f"{_where(path)}: {value!r} is not one of {allowed}"
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            return f"{_where(path)}: must not be empty"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return f"{_where(path)}: {value!r} does not match {schema['pattern']}"
    if _is(value, "number") and "minimum" in schema and value < schema["minimum"]:
        return f"{_where(path)}: {value} is below {schema['minimum']}"
    if isinstance(value, dict):
        return _check_object(value, schema, root, path)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problem = _check(item, schema["items"], root, f"{path}[{i}]")
            if problem:
                return problem
    return None


def _check_object(
    value: dict[str, Any], schema: Mapping[str, Any], root: Mapping[str, Any], path: str
) -> str | None:
    for key in schema.get("required", ()):
        if key not in value:
            return f"{_where(path)}: {key!r} is missing"
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        sub = f"{path}.{key}" if path else key
        if key in properties:
            problem = _check(item, properties[key], root, sub)
        elif extra is False:
            problem = f"{_where(path)}: unknown key {key!r}"
        elif isinstance(extra, Mapping):
            problem = _check(item, extra, root, sub)
        else:
            problem = None
        if problem:
            return problem
    return None


def _kind(value: Any) -> str:
    for name in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _is(value, name):
            return name
    return type(value).__name__
