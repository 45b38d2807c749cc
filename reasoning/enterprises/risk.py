"""One enterprise's stored risk as the scoring wrote it (score, level, reasons, cluster), and the short
form a list of enterprises shows."""

from __future__ import annotations

import json
from typing import Any

from graph.store import GraphStore

WATCH_FIELDS = ("id", "name", "score", "level", "division", "division_name", "cluster")


def find(store: GraphStore, enterprise_id: str) -> dict[str, Any] | None:
    """The enterprise's risk row, a name-only enterprise followed to the registered one it resolves to
    (`asked` keeps the id asked for); None when no enterprise has the id."""
    rows = store.read("enterprise_risk", {"id": enterprise_id})
    return rows[0] if rows else None


def reasons(raw: str | None) -> list[dict[str, Any]]:
    """The stored reasons (a JSON list of feature, value, text, linked); none when unreadable."""
    try:
        return json.loads(raw) if raw else []
    except ValueError:
        return []


def watch_item(row: dict[str, Any]) -> dict[str, Any]:
    """An enterprise in a list: who, how risky, where, and its first reason in plain words."""
    first = reasons(row.get("reasons"))
    return {k: row.get(k) for k in WATCH_FIELDS} | {"top_reason": first[0]["text"] if first else None}
