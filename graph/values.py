"""Conversion of engine result values to plain Python, and of Python values to safe parameters."""

from __future__ import annotations

import math
from typing import Any


def clean_param(value: Any) -> Any:
    """Parameters as both engines take them: no NUL bytes, no NaN/inf, tuples as lists."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): clean_param(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_param(v) for v in value]
    return value


# Node ids carry a unique constraint. FalkorDB 4.16 crashes when such a value starts or ends with
# whitespace (FalkorDB issue #1340) and does not enforce the constraint past 4096 bytes (#2440), so no such
# id is ever written; Neo4j's index key limit is larger.
MAX_KEY_BYTES = 4096


def key_problem(key: Any) -> str | None:
    """Why a value cannot be a node id, or None."""
    if not isinstance(key, str) or not key:
        return "an id must be a non-empty string"
    if key != key.strip():
        return "an id must not start or end with whitespace"
    if len(key) * 4 > MAX_KEY_BYTES and len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        return f"an id must be at most {MAX_KEY_BYTES} bytes"
    return None


def cypher_params_header(params: dict[str, Any]) -> str:
    """The `CYPHER name=value ...` prefix that carries parameters to FalkorDB, cleaned as `clean_param`
    cleans them. One pass instead of cleaning then quoting: a bulk load spends much of its time here."""
    return "CYPHER " + " ".join(f"{_key(k)}={_literal(v)}" for k, v in params.items()) + " " if params else ""


def _key(name: Any) -> str:
    name = str(name)
    if not name or "`" in name:
        raise ValueError(f"parameter or map key {name!r} cannot be sent to FalkorDB (empty or has a backtick)")
    return f"`{name}`"


def _literal(value: Any) -> str:
    kind = type(value)
    if kind is str:
        if "\x00" in value:
            value = value.replace("\x00", "")
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value) if math.isfinite(value) else "null"
    if kind is dict:
        return "{" + ",".join(f"{_key(k)}:{_literal(v)}" for k, v in value.items()) + "}"
    if kind is list or kind is tuple:
        return "[" + ",".join(map(_literal, value)) + "]"
    # subclasses (str enums, numpy scalars): the plain value they stand for
    if isinstance(value, str):
        return _literal(str.__str__(value))
    if hasattr(value, "item") and not hasattr(value, "__len__"):
        return _literal(value.item())
    for base in (bool, int, float, dict, list):
        if isinstance(value, base):
            return _literal(base(value))  # type: ignore[arg-type]  # value is an instance of base
    raise TypeError(f"cannot send a {kind.__name__} as a graph parameter")


def drop_nulls(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None and v != [] and v != ""}
