"""The enterprise features and clusters as they were computed one enterprise at a time over lists and
dicts (before the snapshot became columns), kept to check that the columnar code gives the same numbers:
`reference(snap)` turns a columnar snapshot into the old lists, `ReferenceFeatures(...).row(i, cutoff)` is
the old per-enterprise row and `reference_clusters` the old networkx clustering."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from reasoning.enterprises.features import BURST_DAYS, FAR, PPR_ALPHA, FeatureBuilder
from reasoning.enterprises.snapshot import CHANGE_CODES, EVENT_KINDS, MATRIX_KINDS, Snapshot

CHANGE_NAMES = {code: name for name, code in CHANGE_CODES.items()}


@dataclass
class Event:
    kind: str
    day: int
    detail: Any = None
    a: Any = None
    b: Any = None
    x: Any = None
    y: Any = None
    until: int = 0


@dataclass
class Lists:
    """The old snapshot: connector kind -> connector id -> members, links per enterprise, holds, events."""

    snap: Snapshot
    groups: dict[str, dict[str, list[int]]]
    links: list[list[tuple[str, str]]]
    holds: list[tuple[int, int]]
    events: list[list[Event]]


def reference(snap: Snapshot) -> Lists:
    groups: dict[str, dict[str, list[int]]] = {}
    links: list[list[tuple[str, str]]] = [[] for _ in range(snap.size)]
    for kind, conn in snap.connectors.items():
        groups[kind] = {conn.names[c]: conn.members_of(c).tolist() for c in range(conn.count)}
        for i in range(snap.size):
            links[i] += [(kind, conn.names[c]) for c in conn.of(i).tolist()]
    ev = snap.events
    events: list[list[Event]] = [[] for _ in range(snap.size)]
    for i in range(snap.size):
        for e in range(ev.indptr[i], ev.indptr[i + 1]):
            kind = EVENT_KINDS[ev.kind[e]]
            if kind == "change":
                a = None if np.isnan(ev.a[e]) else float(ev.a[e])
                b = None if np.isnan(ev.b[e]) else float(ev.b[e])
                x = None if ev.x[e] < 0 else int(ev.x[e])
                y = None if ev.y[e] < 0 else int(ev.y[e])
                events[i].append(Event(kind, int(ev.day[e]), CHANGE_NAMES.get(int(ev.change[e])), a, b, x, y))
            else:
                events[i].append(Event(kind, int(ev.day[e]), until=int(ev.until[e])))
    return Lists(snap, groups, links, list(zip(snap.holder.tolist(), snap.held.tolist(), strict=True)), events)


class ReferenceFeatures:
    """The old FeatureBuilder.row over the lists; graph-wide states from the columnar builder (their
    code did not change)."""

    def __init__(self, lists: Lists, fb: FeatureBuilder) -> None:
        self.lists, self.fb, self.snap = lists, fb, lists.snap
        self.holders: list[list[int]] = [[] for _ in range(self.snap.size)]
        for holder, held in lists.holds:
            self.holders[held].append(holder)

    def shared(self, i: int, kind: str, cutoff: int) -> dict[str, list[int]]:
        snap = self.snap
        out = {}
        for k, via in self.lists.links[i]:
            if k != kind:
                continue
            others = [j for j in self.lists.groups[kind][via] if j != i and snap.founded[j] < cutoff]
            if others:
                out[via] = others
        return out

    def _ownership(self, i: int, cutoff: int) -> tuple[bool, int]:
        founded = self.snap.founded
        depth, frontier, seen, cycle = 0, [i], {i}, False
        while frontier and depth < 5:
            nxt = []
            for node in frontier:
                for h in self.holders[node]:
                    if founded[h] >= cutoff:
                        continue
                    if h == i:
                        cycle = True
                    elif h not in seen:
                        seen.add(h)
                        nxt.append(h)
            if not nxt:
                break
            depth += 1
            frontier = nxt
        return cycle, depth

    def row(self, i: int, cutoff: int) -> list[float]:
        snap = self.snap
        f0 = snap.founded[i]
        per_kind = {k: self.shared(i, k, cutoff) for k in ("address", "building", "phone", "email", "person")}
        counts = {k: len({j for js in v.values() for j in js}) for k, v in per_kind.items()}

        def burst(kind: str) -> int:
            others = {j for js in per_kind[kind].values() for j in js}
            return sum(1 for j in others if abs(int(snap.founded[j]) - int(f0)) <= BURST_DAYS) if f0 else 0

        cycle, depth = self._ownership(i, cutoff)
        rep = cap_jump = ind = changes = pen = listed = current = cases = 0
        cap_jump_ratio = 1.0
        for ev in self.lists.events[i]:
            if ev.day >= cutoff:
                break
            if ev.kind == "change":
                changes += 1
                rep += ev.detail == "legal_rep"
                if ev.detail == "capital" and ev.a and ev.b and ev.a > 0:
                    cap_jump_ratio = max(cap_jump_ratio, float(ev.b) / float(ev.a))
                ind += ev.detail == "scope" and ev.x is not None and ev.y is not None and ev.x != ev.y
            elif ev.kind == "penalty":
                pen += 1
            elif ev.kind == "abnormal":
                listed += 1
                current += ev.until == 0 or ev.until >= cutoff
            elif ev.kind == "case":
                cases += 1
        cap_jump = math.log10(cap_jump_ratio)
        capital, paid = snap.capital[i], snap.paid[i]
        paid_ratio = paid / capital if capital and capital > 0 and not np.isnan(paid) else np.nan
        state = self.fb.state(cutoff)
        distance = float(state.distance[i])
        ppr = float(state.ppr[i])
        if state.seeds[i]:
            distance = 1.0 if any(state.seeds[j] for js in per_kind["address"].values() for j in js) else 2.0
            ppr = max(0.0, ppr - PPR_ALPHA * snap.size / max(1, int(state.seeds.sum())))
        kinds = sum(1 for k in ("address", "phone", "email", "person") if counts[k]) + (depth > 0)
        assert distance <= FAR
        return [
            counts["address"], burst("address"), counts["building"], counts["phone"], counts["email"],
            counts["person"], burst("person"), kinds, rep, cap_jump, ind, changes, paid_ratio,
            math.log10(capital + 1) if capital == capital else np.nan,
            (cutoff - f0) / 365.25 if f0 else np.nan, float(cycle), depth, pen, listed, current, cases,
            distance, ppr, float(state.community_size[i]), float(state.community_density[i]),
            float(snap.code_invalid[i]), float(snap.division_mismatch[i]),
        ]


def reference_connector_matrix(lists: Lists) -> Any:
    from scipy import sparse

    snap = lists.snap
    names: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for kind in MATRIX_KINDS:
        for conn, members in lists.groups.get(kind, {}).items():
            if len(members) < 2:
                continue
            j = names.setdefault(conn, len(names))
            rows.extend(members)
            cols.extend([j] * len(members))
    for holder, held in lists.holds:
        j = names.setdefault(f"own:{holder}->{held}", len(names))
        rows.extend((holder, held))
        cols.extend((j, j))
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(snap.size, max(1, len(names))))
    m.data[:] = 1.0
    return m


def reference_clusters(lists: Lists, scores: np.ndarray, red: float, seed: int = 0) -> list[dict[str, Any]]:
    snap = lists.snap
    g = nx.Graph()
    for kind in MATRIX_KINDS:
        for members in lists.groups.get(kind, {}).values():
            if not 2 <= len(members) <= 300:
                continue
            first = members[0]
            for j in members[1:]:
                if g.has_edge(first, j):
                    g[first][j]["kinds"].add(kind)
                else:
                    g.add_edge(first, j, kinds={kind})
            if len(members) <= 30:
                for a_pos, a in enumerate(members):
                    for b in members[a_pos + 1:]:
                        if g.has_edge(a, b):
                            g[a][b]["kinds"].add(kind)
                        else:
                            g.add_edge(a, b, kinds={kind})
    for holder, held in lists.holds:
        if g.has_edge(holder, held):
            g[holder][held]["kinds"].add("shareholder")
        else:
            g.add_edge(holder, held, kinds={"shareholder"})
    groups: list[set[int]] = []
    for comp in nx.connected_components(g):
        if len(comp) > 60:
            groups.extend(nx.community.louvain_communities(g.subgraph(comp), seed=seed))
        else:
            groups.append(set(comp))
    out = []
    for members in groups:
        if len(members) < 3:
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
