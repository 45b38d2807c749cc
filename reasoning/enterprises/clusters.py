"""Suspicious clusters: enterprises tied by shared addresses, phones, e-mail, people and ownership,
grouped with networkx (connected components, split with Louvain when large) and ranked by risk."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

import networkx as nx
import numpy as np

from reasoning.enterprises.snapshot import Snapshot

MAX_CONNECTOR = 300  # a connector shared by more enterprises than this is a hub (a registry address), not a tie
MAX_COMPONENT = 60  # components larger than this are split into communities
MIN_SIZE = 3


def link_graph(snap: Snapshot) -> nx.Graph:
    g = nx.Graph()
    for kind in ("address", "phone", "email", "person"):
        for members in snap.groups.get(kind, {}).values():
            if not 2 <= len(members) <= MAX_CONNECTOR:
                continue
            first = members[0]
            for j in members[1:]:  # a star per connector keeps the graph linear in the members
                if g.has_edge(first, j):
                    g[first][j]["kinds"].add(kind)
                else:
                    g.add_edge(first, j, kinds={kind})
            if len(members) <= 30:  # small groups: all pairs, so density means something
                for a_pos, a in enumerate(members):
                    for b in members[a_pos + 1:]:
                        if g.has_edge(a, b):
                            g[a][b]["kinds"].add(kind)
                        else:
                            g.add_edge(a, b, kinds={kind})
    for holder, held in snap.holds:
        if g.has_edge(holder, held):
            g[holder][held]["kinds"].add("shareholder")
        else:
            g.add_edge(holder, held, kinds={"shareholder"})
    return g


def find_clusters(snap: Snapshot, scores: np.ndarray, red: float, seed: int = 0) -> list[dict[str, Any]]:
    g = link_graph(snap)
    groups: list[set[int]] = []
    for comp in nx.connected_components(g):
        if len(comp) > MAX_COMPONENT:
            groups.extend(nx.community.louvain_communities(g.subgraph(comp), seed=seed))
        else:
            groups.append(set(comp))
    out = []
    for members in groups:
        if len(members) < MIN_SIZE:
            continue
        sub = g.subgraph(members)
        member_scores = scores[list(members)]
        kinds: Counter[str] = Counter()
        for _, _, data in sub.edges(data=True):
            kinds.update(data["kinds"])
        divisions = Counter(snap.division[i] for i in members if snap.division[i])
        mean = float(member_scores.mean())
        out.append({
            "members": sorted(members), "size": len(members), "mean_score": round(mean, 4),
            "score": round(mean * math.log2(1 + len(members)), 4), "red": int((member_scores >= red).sum()),
            "density": round(nx.density(sub), 4), "links": json.dumps(dict(kinds)),
            "division": divisions.most_common(1)[0][0] if divisions else None,
        })
    out.sort(key=lambda c: (-c["score"], c["members"][0]))
    for rank, cluster in enumerate(out, start=1):
        cluster["rank"] = rank
    return out
