"""The watchlist: enterprises at one risk level, riskiest first, a page at a time."""

from __future__ import annotations

from typing import Any

from graph.store import GraphStore
from reasoning.enterprises.risk import watch_item


def watchlist(store: GraphStore, level: str, skip: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """`limit` enterprises of the level after the first `skip` (as risk.watch_item), and how many the
    level holds in all."""
    rows = store.read("enterprise_watchlist", {"level": level, "skip": skip, "limit": limit})
    total = int(store.read("enterprise_watchlist_count", {"level": level})[0]["n"])
    return [watch_item(r) for r in rows], total
