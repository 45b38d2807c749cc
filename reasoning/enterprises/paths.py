"""How two enterprises connect: the shortest chain of shared links (address, person, phone or e-mail,
shareholder), by a breadth-first search from both ends at once, PATH_DEPTH hops from each."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore
from reasoning.enterprises.links import ALL_VIA, hop

PATH_DEPTH = 3  # hops searched from each end
FRONTIER_MAX = 400  # enterprises expanded per hop, and other enterprises read per connector

Parents = dict[str, tuple[str, dict[str, Any]] | None]  # enterprise -> (enterprise before it, link row)


@dataclass
class Connection:
    source: str
    target: str
    connected: bool
    searched_depth: int  # enterprise hops searched in all
    steps: list[dict[str, Any]] = field(default_factory=list)  # source, target, via_kind, via, via_label

    @property
    def hops(self) -> int | None:
        return len(self.steps) if self.connected else None


def _reached(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """Hop rows flattened to (link row, enterprise reached)."""
    return [(r, t["id"]) for r in rows for t in r["targets"]]


def _step(source: str, target: str, row: dict[str, Any]) -> dict[str, Any]:
    return {"source": source, "target": target, "via_kind": row["via_kind"], "via": row.get("via"),
            "via_label": row.get("via_label")}


def connect(store: GraphStore, start: str, goal: str) -> Connection:
    """The shortest chain from enterprise `start` to enterprise `goal` (both resolved ids)."""
    if start == goal:
        return Connection(start, goal, connected=True, searched_depth=0)
    via = list(ALL_VIA)
    sides: list[tuple[Parents, deque[str]]] = [({start: None}, deque([start])), ({goal: None}, deque([goal]))]
    meet = None
    searched = 0
    for _ in range(PATH_DEPTH):
        for side, (parents, frontier) in enumerate(sides):
            layer = list(frontier)[:FRONTIER_MAX]
            frontier.clear()
            searched += 1
            for r, target in _reached(hop(store, layer, via, FRONTIER_MAX)[0]):
                if target in parents:
                    continue
                parents[target] = (r["source"], r)
                frontier.append(target)
                if target in sides[1 - side][0]:
                    meet = target
                    break
            if meet:
                break
        if meet:
            break
    if meet is None:
        return Connection(start, goal, connected=False, searched_depth=searched)
    steps: list[dict[str, Any]] = []
    node = meet
    while (back := sides[0][0][node]) is not None:  # from the meeting point back to the start
        prev, r = back
        steps.insert(0, _step(prev, node, r))
        node = prev
    node = meet
    while (back := sides[1][0][node]) is not None:  # and on to the goal
        prev, r = back
        steps.append(_step(node, prev, r))
        node = prev
    return Connection(start, goal, connected=True, searched_depth=searched, steps=steps)
