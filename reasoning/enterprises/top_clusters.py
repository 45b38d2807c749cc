"""Suspicious clusters ranked for investigation, each with its riskiest members."""

from __future__ import annotations

import json
from typing import Any

from graph.store import GraphStore

CLUSTER_FIELDS = ("id", "rank", "size", "score", "mean_score", "red", "density", "division")
MEMBER_FIELDS = ("id", "name", "level", "score")


def top_clusters(store: GraphStore, skip: int, limit: int, shown: int, members: int
                 ) -> tuple[list[dict[str, Any]], int]:
    """`limit` clusters by rank after the first `skip`, the first `shown` of them with their `members`
    riskiest members (`top_members`) and the pairs tied by each kind of link (`links`); and how many
    clusters there are."""
    rows = store.read("cluster_top", {"skip": skip, "limit": limit})
    by_cluster: dict[str, list[dict[str, Any]]] = {}
    if rows and members:
        for m in store.read("cluster_members", {"ids": [r["id"] for r in rows[:shown]]}):
            group = by_cluster.setdefault(m["cluster"], [])
            if len(group) < members:
                group.append({k: m.get(k) for k in MEMBER_FIELDS})
    items = [{k: r.get(k) for k in CLUSTER_FIELDS} | {"links": json.loads(r.get("links") or "{}"),
                                                       "top_members": by_cluster.get(r["id"], [])}
             for r in rows]
    total = int(store.read("cluster_count")[0]["n"])
    return items, total
