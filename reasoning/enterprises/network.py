"""The linked-enterprise network around one enterprise: breadth-first over shared addresses, people,
phones and shareholders, a frontier per round trip, bounded by a node cap and a hub cap.

Nodes are enterprises and the connectors between them (address, phone, email, person); a corporate
shareholder links two enterprises directly. Nodes found after the cap was reached are counted in
`total_nodes` but not kept, and the walk stops there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore
from reasoning.enterprises.links import EDGE_KIND, edge_kind, hop


@dataclass
class Expansion:
    center: str
    via: list[str]  # the kinds of link followed, each once, in the order asked
    nodes: list[dict[str, Any]]  # id, kind, label, level, score, depth: nearest first, enterprises first, riskiest first
    edges: list[dict[str, str]]  # source, target, kind
    cut: bool  # a hub, the row bound or the node cap left something out
    total_nodes: int  # nodes kept and nodes found beyond the cap


def expand(store: GraphStore, root: dict[str, Any], depth: int, via: Sequence[str], node_cap: int, hub_cap: int
           ) -> Expansion:
    """The network `depth` enterprise hops around `root` (its enterprise_risk row), following `via`."""
    center = root["id"]
    followed = list(dict.fromkeys(via))
    nodes: dict[str, dict[str, Any]] = {center: {"id": center, "kind": "enterprise", "label": root.get("name"),
                                                 "level": root.get("level"), "score": root.get("score"), "depth": 0}}
    edges: dict[tuple[str, str, str], dict[str, str]] = {}
    frontier, over = [center], False
    beyond: set[str] = set()  # found after the cap was reached: counted in total_nodes, not shown

    def add(node: dict[str, Any]) -> bool:
        if node["id"] in nodes:
            return True
        if len(nodes) >= node_cap:
            beyond.add(node["id"])
            return False
        nodes[node["id"]] = node
        return True

    def link(source: str, target: str, kind: str) -> None:
        edges[(source, target, kind)] = {"source": source, "target": target, "kind": kind}

    for level in range(1, depth + 1):
        rows, cut = hop(store, frontier, followed, hub_cap, (n for n, v in nodes.items() if v["kind"] != "enterprise"))
        over = over or cut
        nxt: list[str] = []
        for r in rows:
            via_node = r["via"]
            if via_node and not add({"id": via_node, "kind": r["via_kind"], "label": r.get("via_label"),
                                     "depth": level}):
                beyond.update(t["id"] for t in r["targets"] if t["id"] not in nodes)
                continue
            if via_node:
                link(r["source"], via_node, edge_kind(r["rel_from"]))
            for t in r["targets"]:
                fresh = t["id"] not in nodes
                if not add({"id": t["id"], "kind": "enterprise", "label": t.get("name"), "level": t.get("level"),
                            "score": t.get("score"), "depth": level}):
                    continue
                if fresh:
                    nxt.append(t["id"])
                if via_node:
                    link(t["id"], via_node, edge_kind(t["rel"]))
                else:
                    link(r["source"], t["id"], EDGE_KIND[r["rel_from"]])
        frontier = nxt
        if beyond or not frontier:  # the cap is reached: expanding further would only be cut away
            break
    ordered = sorted(nodes.values(), key=lambda n: (n["depth"], n["kind"] != "enterprise", -(n.get("score") or 0)))
    return Expansion(center=center, via=followed, nodes=ordered, edges=list(edges.values()), cut=over or bool(beyond),
                     total_nodes=len(nodes) + len(beyond))
