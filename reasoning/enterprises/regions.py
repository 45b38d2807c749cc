"""Risk in one administrative division: counts by level, the divisions inside it, and its riskiest
enterprises (its own and those of the divisions inside it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore
from reasoning.enterprises.risk import watch_item

LEVELS = ("total", "red", "yellow", "green")


@dataclass
class RegionRisk:
    code: str
    name: str | None
    level: str | None  # province, city, district, …
    parent: str | None  # the code of the division it is part of
    counts: dict[str, int]  # enterprises by risk level: total, red, yellow, green
    divisions: list[dict[str, Any]]  # code, name, level and the counts of each division inside it
    top: list[dict[str, Any]]  # a page of its enterprises, riskiest first (as risk.watch_item)
    scored: int  # enterprises with a level (red + yellow + green)


def region(store: GraphStore, code: str, skip: int, limit: int, max_divisions: int) -> RegionRisk | None:
    """The division with `code` (GB/T 2260 or GB-<postcode area>); None when there is no such division."""
    rows = store.read("region_get", {"id": f"DIV:{code}"})
    if not rows:
        return None
    d = rows[0]
    top = store.read("region_top_enterprises", {"id": f"DIV:{code}", "skip": skip, "limit": limit})
    children = store.read("region_children", {"id": f"DIV:{code}", "limit": max_divisions})
    return RegionRisk(code=code, name=d.get("name"), level=d.get("level"), parent=d.get("parent"),
                      counts={k: int(d.get(k) or 0) for k in LEVELS}, divisions=children,
                      top=[watch_item(r) for r in top],
                      scored=int(d.get("red") or 0) + int(d.get("yellow") or 0) + int(d.get("green") or 0))
