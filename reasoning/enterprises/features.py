"""Risk features of an enterprise as of a date: only records dated before the cutoff count.

Local features (shared connectors, bursts, changes, penalties, listings, ownership) use the exact
cutoff; graph-wide ones (distance to and personalised PageRank from known-bad enterprises, the
community) are computed once per calendar month on the graph as it stood on the month's first day,
which is never later than any cutoff in that month.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from reasoning.enterprises.snapshot import Snapshot

FEATURES = [
    "address_share", "address_burst", "building_share", "phone_share", "email_share", "person_share",
    "person_burst", "shared_kinds", "legal_rep_changes", "capital_jump", "industry_jumps", "changes",
    "paid_ratio", "log_capital", "age_years", "in_ownership_cycle", "ownership_depth", "penalties",
    "abnormal_listings", "abnormal_current", "cases", "bad_distance", "bad_ppr", "community_size",
    "community_density", "code_invalid", "division_mismatch",
]
BURST_DAYS = 30
FAR = 5  # distance reported when no known-bad enterprise is within 4 shared-connector hops
PPR_ALPHA = 0.25
PPR_STEPS = 15


def month_start(day: int) -> int:
    d = date.fromordinal(day)
    return date(d.year, d.month, 1).toordinal()


@dataclass
class GraphState:
    """Graph-wide figures as of one cutoff."""

    distance: np.ndarray
    ppr: np.ndarray
    seeds: np.ndarray  # bool: known-bad before the cutoff
    community: np.ndarray  # component label per enterprise
    community_size: np.ndarray
    community_density: np.ndarray


class FeatureBuilder:
    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.incidence, _ = snap.connector_matrix()
        self.holders: list[list[int]] = [[] for _ in range(snap.size)]
        for holder, held in snap.holds:
            self.holders[held].append(holder)
        self._states: dict[int, GraphState] = {}

    # --- graph-wide -------------------------------------------------------------------------
    def state(self, cutoff: int) -> GraphState:
        key = month_start(cutoff)
        if key not in self._states:
            self._states[key] = self._compute_state(key)
        return self._states[key]

    def _compute_state(self, cutoff: int) -> GraphState:
        snap = self.snap
        alive = (snap.founded < cutoff).astype(np.float32)
        m = sparse.diags(alive) @ self.incidence
        seeds = np.zeros(snap.size, dtype=bool)
        for i, day, abnormal, _ in snap.verdicts:
            if abnormal and day < cutoff:
                seeds[i] = True
        deg_e = np.asarray(m.sum(axis=1)).ravel()
        deg_c = np.asarray(m.sum(axis=0)).ravel()
        inv_e = np.divide(1.0, deg_e, out=np.zeros_like(deg_e), where=deg_e > 0)
        inv_c = np.divide(1.0, deg_c, out=np.zeros_like(deg_c), where=deg_c > 0)
        distance = np.full(snap.size, FAR, dtype=float)
        ppr = np.zeros(snap.size)
        if seeds.any():
            distance[seeds] = 0
            reached = seeds.copy()
            frontier = seeds.astype(np.float32)
            for hop in range(1, FAR):
                frontier = (m @ (m.T @ frontier)) > 0
                new = frontier & ~reached
                distance[new] = hop
                reached |= new
                frontier = new.astype(np.float32)
                if not new.any():
                    break
            start = seeds / seeds.sum()
            ppr = start.copy()
            for _ in range(PPR_STEPS):  # two-step walk enterprise -> connector -> enterprise
                ppr = PPR_ALPHA * start + (1 - PPR_ALPHA) * (m @ (inv_c * (m.T @ (inv_e * ppr))))
        bip = sparse.bmat([[None, m], [m.T, None]], format="csr")
        _, labels = csgraph.connected_components(bip, directed=False)
        ent_labels = labels[: snap.size]
        size = np.bincount(ent_labels, weights=alive, minlength=labels.max() + 1)
        edges = np.bincount(ent_labels, weights=deg_e, minlength=labels.max() + 1)
        density = np.divide(edges, size, out=np.zeros_like(edges), where=size > 0)
        return GraphState(distance, ppr * snap.size, seeds, ent_labels, size[ent_labels], density[ent_labels])

    # --- per enterprise ----------------------------------------------------------------------
    def shared(self, i: int, kind: str, cutoff: int) -> dict[str, list[int]]:
        """Connector id -> the other enterprises on it registered before the cutoff."""
        snap = self.snap
        out = {}
        for k, via in snap.links[i]:
            if k != kind:
                continue
            others = [j for j in snap.groups[kind][via] if j != i and snap.founded[j] < cutoff]
            if others:
                out[via] = others
        return out

    def _ownership(self, i: int, cutoff: int) -> tuple[bool, int]:
        """(on a cycle of corporate ownership, depth of the chain of corporate holders above), using
        holders registered before the cutoff; depth capped at 5."""
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
        for ev in snap.events[i]:
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
        state = self.state(cutoff)
        distance = float(state.distance[i])
        ppr = float(state.ppr[i])
        if state.seeds[i]:  # its own earlier verdict is not a neighbour's
            distance = 1.0 if any(state.seeds[j] for js in per_kind["address"].values() for j in js) else 2.0
            ppr = max(0.0, ppr - PPR_ALPHA * snap.size / max(1, int(state.seeds.sum())))
        kinds = sum(1 for k in ("address", "phone", "email", "person") if counts[k]) + (depth > 0)
        return [
            counts["address"], burst("address"), counts["building"], counts["phone"], counts["email"],
            counts["person"], burst("person"), kinds, rep, cap_jump, ind, changes, paid_ratio,
            math.log10(capital + 1) if capital == capital else np.nan,
            (cutoff - f0) / 365.25 if f0 else np.nan, float(cycle), depth, pen, listed, current, cases,
            distance, ppr, float(state.community_size[i]), float(state.community_density[i]),
            float(snap.code_invalid[i]), float(snap.division_mismatch[i]),
        ]

    def matrix(self, samples: list[tuple[int, int]]) -> np.ndarray:
        return np.array([self.row(i, cutoff) for i, cutoff in samples], dtype=float).reshape(-1, len(FEATURES))
