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


def drop_nulls(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None and v != [] and v != ""}
