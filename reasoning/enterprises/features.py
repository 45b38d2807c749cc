"""Risk features of an enterprise as of a date: only records dated before the cutoff count.

Local features (shared connectors, bursts, changes, penalties, listings, ownership) use the exact
cutoff; graph-wide ones (distance to and personalised PageRank from known-bad enterprises, the
community, and who controls each enterprise: reasoning/enterprises/control_state.py) are computed once
per calendar month on the graph as it stood on the month's first day, which is never later than any
cutoff in that month.

Features are computed for many (enterprise, cutoff) samples at once, in columns: counts of connector
neighbours from each connector's members sorted by founding day (a search per sample, or the distinct
neighbours of the samples with several connectors of a kind), event counts from prefix sums over
each enterprise's events sorted by day, ownership chains by a walk over the few enterprises with
corporate holders. The graph-wide figures of a month are computed when its samples come and dropped
after them (MONTHS_KEPT are kept for explanations).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from reasoning.enterprises.control_state import ControlGraph, ControlState
from reasoning.enterprises.snapshot import (
    ABNORMAL,
    CASE,
    CHANGE,
    CHANGE_CAPITAL,
    CHANGE_LEGAL_REP,
    CHANGE_SCOPE,
    DAY_BITS,
    PENALTY,
    Snapshot,
    segments,
)

FEATURES = [
    "address_share", "address_burst", "building_share", "phone_share", "email_share", "person_share",
    "person_burst", "shared_kinds", "legal_rep_changes", "capital_jump", "industry_jumps", "changes",
    "paid_ratio", "log_capital", "age_years", "in_ownership_cycle", "ownership_depth", "penalties",
    "abnormal_listings", "abnormal_current", "cases", "bad_distance", "bad_ppr", "community_size",
    "community_density", "code_invalid", "division_mismatch",
    # who controls it (the month's control state; see ControlState)
    "concealed_control", "control_layers", "controller_share", "ownership_cycle_above", "controller_others",
    "controller_others_abnormal", "no_person_controller",
]
COLUMN = {name: k for k, name in enumerate(FEATURES)}
BURST_DAYS = 30
FAR = 5  # distance reported when no known-bad enterprise is within 4 shared-connector hops
PPR_ALPHA = 0.25
PPR_STEPS = 15
MONTHS_KEPT = 2  # graph-wide states kept (each is a few arrays of one value per enterprise)
CHUNK = 20_000  # samples per vectorised step
CONCEALED_LAYERS = 2  # concealed control: the controller holds nothing directly and is this many companies up
PAIRS = 4_000_000  # (sample, neighbour) pairs expanded at most per step for samples with several connectors


def month_start(day: int) -> int:
    d = date.fromordinal(day)
    return date(d.year, d.month, 1).toordinal()


def _log10(values: np.ndarray) -> np.ndarray:
    """math.log10 of each value (numpy's log10 may differ in the last bit)."""
    return np.fromiter((math.log10(v) for v in values.tolist()), dtype=float, count=len(values))


@dataclass
class GraphState:
    """Graph-wide figures as of one cutoff."""

    distance: np.ndarray
    ppr: np.ndarray
    seeds: np.ndarray  # bool: known-bad before the cutoff
    community: np.ndarray  # component label per enterprise
    community_size: np.ndarray
    community_density: np.ndarray
    control: ControlState | None = None  # who controls every enterprise as of the same day
    _members: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def community_members(self, label: int) -> np.ndarray:
        """Enterprises of one community, ascending."""
        if self._members is None:
            order = np.argsort(self.community, kind="stable")
            bounds = np.searchsorted(self.community[order], np.arange(int(self.community.max()) + 2))
            self._members = (order, bounds)
        order, bounds = self._members
        return order[bounds[label]:bounds[label + 1]]


class FeatureBuilder:
    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.incidence = snap.connector_matrix()
        # corporate holders of each enterprise, in holding order
        order = np.argsort(snap.held, kind="stable")
        self._holders_indptr = np.zeros(snap.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(snap.held, minlength=snap.size), out=self._holders_indptr[1:])
        self._holders = snap.holder[order].astype(np.int64)
        self._holder_lists: dict[int, list[int]] = {}
        ev = snap.events
        self._cum = {name: np.concatenate(([0], np.cumsum(mask))) for name, mask in {
            "changes": ev.kind == CHANGE,
            "rep": (ev.kind == CHANGE) & (ev.change == CHANGE_LEGAL_REP),
            "ind": (ev.kind == CHANGE) & (ev.change == CHANGE_SCOPE) & (ev.x >= 0) & (ev.y >= 0) & (ev.x != ev.y),
            "pen": ev.kind == PENALTY, "listed": ev.kind == ABNORMAL, "cases": ev.kind == CASE}.items()}
        with np.errstate(divide="ignore", invalid="ignore"):
            valid = (ev.kind == CHANGE) & (ev.change == CHANGE_CAPITAL) & (ev.a > 0) & (ev.b != 0) & ~np.isnan(ev.b)
            ratio = np.where(valid, ev.b / np.where(valid, ev.a, 1.0), 1.0)
        self._ratio = np.append(ratio, 1.0)  # one past the end: reduceat's segments may end there
        abnormal = np.flatnonzero(ev.kind == ABNORMAL)
        self._abnormal = abnormal
        self._abnormal_indptr = np.zeros(snap.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(ev.keys[abnormal] >> DAY_BITS, minlength=snap.size), out=self._abnormal_indptr[1:])
        self._states: OrderedDict[int, GraphState] = OrderedDict()
        self._reach = {kind: conn.reach() for kind, conn in snap.connectors.items()}
        self.control = ControlGraph(snap)

    def holders(self, i: int) -> list[int]:
        """The corporate holders of an enterprise, in holding order."""
        found = self._holder_lists.get(i)
        if found is None:
            found = self._holders[self._holders_indptr[i]:self._holders_indptr[i + 1]].tolist()
            if len(self._holder_lists) > 100_000:
                self._holder_lists.clear()
            self._holder_lists[i] = found
        return found

    # --- graph-wide -------------------------------------------------------------------------
    def state(self, cutoff: int) -> GraphState:
        key = month_start(cutoff)
        if key in self._states:
            self._states.move_to_end(key)
        else:
            self._states[key] = self._compute_state(key)
            while len(self._states) > MONTHS_KEPT:
                self._states.popitem(last=False)
        return self._states[key]

    def _compute_state(self, cutoff: int) -> GraphState:
        snap = self.snap
        alive = (snap.founded < cutoff).astype(np.float32)
        m = sparse.diags(alive) @ self.incidence
        seeds = np.zeros(snap.size, dtype=bool)
        before = snap.verdict_abnormal & (snap.verdict_day < cutoff)
        seeds[snap.verdict_enterprise[before]] = True
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
        del bip
        ent_labels = labels[: snap.size]
        size = np.bincount(ent_labels, weights=alive, minlength=labels.max() + 1)
        edges = np.bincount(ent_labels, weights=deg_e, minlength=labels.max() + 1)
        density = np.divide(edges, size, out=np.zeros_like(edges), where=size > 0)
        return GraphState(distance, ppr * snap.size, seeds, ent_labels, size[ent_labels], density[ent_labels],
                          control=self.control.state(cutoff))

    # --- per enterprise ----------------------------------------------------------------------
    def shared(self, i: int, kind: str, cutoff: int) -> dict[str, list[int]]:
        """Connector id -> the other enterprises on it registered before the cutoff."""
        conn = self.snap.connectors[kind]
        founded = self.snap.founded
        out = {}
        for c in conn.of(i).tolist():
            members = conn.members_of(c)
            others = members[(members != i) & (founded[members] < cutoff)].tolist()
            if others:
                out[conn.names[c]] = others
        return out

    def _ownership(self, i: int, cutoff: int) -> tuple[bool, int]:
        """(on a cycle of corporate ownership, depth of the chain of corporate holders above), using
        holders registered before the cutoff; depth capped at 5."""
        founded = self.snap.founded
        depth, frontier, seen, cycle = 0, [i], {i}, False
        while frontier and depth < 5:
            nxt = []
            for node in frontier:
                for h in self.holders(node):
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
        return self.matrix([(i, cutoff)])[0].tolist()

    def matrix(self, samples: Iterable[tuple[int, int]] | tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Feature rows of (enterprise, cutoff) samples, in sample order."""
        if isinstance(samples, tuple) and len(samples) == 2 and isinstance(samples[0], np.ndarray):
            ents, cutoffs = (np.asarray(a, dtype=np.int64) for a in samples)
        else:
            pairs = list(samples)  # type: ignore[arg-type]
            ents = np.array([p[0] for p in pairs], dtype=np.int64)
            cutoffs = np.array([p[1] for p in pairs], dtype=np.int64)
        out = np.empty((len(ents), len(FEATURES)), dtype=float)
        if not len(ents):
            return out
        starts = {c: month_start(c) for c in np.unique(cutoffs).tolist()}
        months = np.fromiter((starts[c] for c in cutoffs.tolist()), dtype=np.int64, count=len(cutoffs))
        for month in np.unique(months).tolist():  # one graph-wide state at a time, in date order
            picked = np.flatnonzero(months == month)
            state = self.state(month)
            for k in range(0, len(picked), CHUNK):
                rows = picked[k:k + CHUNK]
                out[rows] = self._rows(ents[rows], cutoffs[rows], state)
        return out

    def _rows(self, si: np.ndarray, sc: np.ndarray, state: GraphState) -> np.ndarray:
        snap = self.snap
        f0 = snap.founded[si]
        x = np.empty((len(si), len(FEATURES)), dtype=float)
        counts = {}
        for kind in ("address", "building", "phone", "email", "person"):
            n, burst = self._shared_counts(kind, si, sc, f0, kind in ("address", "person"))
            counts[kind] = n
            if burst is not None:
                x[:, COLUMN[f"{kind}_burst"]] = burst
        x[:, COLUMN["address_share"]] = counts["address"]
        x[:, COLUMN["building_share"]] = counts["building"]
        x[:, COLUMN["phone_share"]] = counts["phone"]
        x[:, COLUMN["email_share"]] = counts["email"]
        x[:, COLUMN["person_share"]] = counts["person"]
        cycle, depth = self._ownerships(si, sc)
        x[:, COLUMN["shared_kinds"]] = ((counts["address"] > 0).astype(int) + (counts["phone"] > 0)
                                        + (counts["email"] > 0) + (counts["person"] > 0) + (depth > 0))
        # events before the cutoff: a prefix of the enterprise's events
        ev = snap.events
        first = ev.indptr[si]
        end = np.searchsorted(ev.keys, (si << DAY_BITS) | sc, side="left")
        cum = self._cum
        x[:, COLUMN["legal_rep_changes"]] = cum["rep"][end] - cum["rep"][first]
        x[:, COLUMN["industry_jumps"]] = cum["ind"][end] - cum["ind"][first]
        x[:, COLUMN["changes"]] = cum["changes"][end] - cum["changes"][first]
        x[:, COLUMN["penalties"]] = cum["pen"][end] - cum["pen"][first]
        x[:, COLUMN["abnormal_listings"]] = cum["listed"][end] - cum["listed"][first]
        x[:, COLUMN["cases"]] = cum["cases"][end] - cum["cases"][first]
        bounds = np.empty(2 * len(si), dtype=np.int64)
        bounds[0::2], bounds[1::2] = first, end
        top = np.maximum.reduceat(self._ratio, bounds)[0::2]
        ratio = np.where(end > first, np.maximum(top, 1.0), 1.0)
        x[:, COLUMN["capital_jump"]] = _log10(ratio)
        x[:, COLUMN["abnormal_current"]] = self._current_listings(si, sc)
        capital, paid = snap.capital[si], snap.paid[si]
        with np.errstate(divide="ignore", invalid="ignore"):
            x[:, COLUMN["paid_ratio"]] = np.where((capital > 0) & ~np.isnan(paid), paid / capital, np.nan)
        known = ~np.isnan(capital)
        log_capital = np.full(len(si), np.nan)
        log_capital[known] = _log10(capital[known] + 1)
        x[:, COLUMN["log_capital"]] = log_capital
        x[:, COLUMN["age_years"]] = np.where(f0 != 0, (sc - f0) / 365.25, np.nan)
        x[:, COLUMN["in_ownership_cycle"]] = cycle
        x[:, COLUMN["ownership_depth"]] = depth
        distance = state.distance[si].astype(float)
        ppr = state.ppr[si].astype(float)
        own = np.flatnonzero(state.seeds[si])
        if len(own):  # its own earlier verdict is not a neighbour's
            correction = PPR_ALPHA * snap.size / max(1, int(state.seeds.sum()))
            for k in own.tolist():
                near = any(state.seeds[j] for js in self.shared(int(si[k]), "address", int(sc[k])).values() for j in js)
                distance[k] = 1.0 if near else 2.0
                lowered = ppr[k] - correction
                ppr[k] = lowered if lowered > 0.0 else 0.0
        x[:, COLUMN["bad_distance"]] = distance
        x[:, COLUMN["bad_ppr"]] = ppr
        x[:, COLUMN["community_size"]] = state.community_size[si]
        x[:, COLUMN["community_density"]] = state.community_density[si]
        x[:, COLUMN["code_invalid"]] = snap.code_invalid[si]
        x[:, COLUMN["division_mismatch"]] = snap.division_mismatch[si]
        self._control_columns(x, si, state.control)
        return x

    def _control_columns(self, x: np.ndarray, si: np.ndarray, cs: ControlState | None) -> None:
        """Who controls it, as of the month's first day (reasoning/enterprises/control_state.py)."""
        assert cs is not None
        ctrl = cs.controller[si]
        known = ctrl >= 0
        person = ctrl >= cs.size
        layers = cs.layers[si].astype(float)
        x[:, COLUMN["concealed_control"]] = person & ~cs.direct[si] & (layers >= CONCEALED_LAYERS)
        x[:, COLUMN["control_layers"]] = np.where(known, layers, 0.0)
        x[:, COLUMN["controller_share"]] = np.where(known, cs.share[si], np.nan)
        x[:, COLUMN["ownership_cycle_above"]] = cs.cycle_above[si]
        x[:, COLUMN["controller_others"]] = np.where(known, cs.controlled[si] - 1, 0)
        x[:, COLUMN["controller_others_abnormal"]] = np.where(known, cs.controlled_abnormal[si] - cs.listed[si], 0)
        x[:, COLUMN["no_person_controller"]] = np.where(cs.has_holders[si], (~person).astype(float), np.nan)

    def _shared_counts(self, kind: str, si: np.ndarray, sc: np.ndarray, f0: np.ndarray, with_burst: bool
                       ) -> tuple[np.ndarray, np.ndarray | None]:
        """Distinct other enterprises registered before the cutoff on any of the sample's connectors of
        this kind, and those of them founded within BURST_DAYS of the sample's enterprise."""
        founded = self.snap.founded
        conn = self.snap.connectors[kind]
        start = conn.by_enterprise[si]
        nv = conn.by_enterprise[si + 1] - start
        count = np.zeros(len(si), dtype=np.int64)
        burst = np.zeros(len(si), dtype=np.int64) if with_burst else None
        self_alive = (f0 < sc).astype(np.int64)  # the enterprise is a member of its own connectors
        one = np.flatnonzero(nv == 1)
        if len(one):
            c = conn.conns[start[one]]
            count[one] = conn.founded_between(c, np.zeros(len(one), dtype=np.int64), sc[one] - 1) - self_alive[one]
            if burst is not None:
                f = f0[one]
                near = conn.founded_between(c, f - BURST_DAYS, np.minimum(f + BURST_DAYS, sc[one] - 1)) - self_alive[one]
                burst[one] = np.where(f != 0, near, 0)
        many = np.flatnonzero(nv >= 2)
        if len(many):
            bound = np.cumsum(self._reach[kind][si[many]])  # pairs to expand, to bound each step
            lo = 0
            while lo < len(many):
                hi = max(lo + 1, int(np.searchsorted(bound, (bound[lo - 1] if lo else 0) + PAIRS, side="right")))
                part = many[lo:hi]
                lo = hi
                rep = np.repeat(part, nv[part])
                cs = conn.conns[segments(start[part], nv[part])]
                lengths = conn.indptr[cs + 1] - conn.indptr[cs]
                s = np.repeat(rep, lengths)
                j = conn.members[segments(conn.indptr[cs], lengths)].astype(np.int64)
                keep = (j != si[s]) & (founded[j] < sc[s])
                key = np.unique(s[keep] * self.snap.size + j[keep])
                s, j = key // self.snap.size, key % self.snap.size
                count += np.bincount(s, minlength=len(si))
                if burst is not None:
                    near = (f0[s] != 0) & (np.abs(founded[j] - f0[s]) <= BURST_DAYS)
                    burst += np.bincount(s[near], minlength=len(si))
        return count, burst

    def _ownerships(self, si: np.ndarray, sc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        cycle = np.zeros(len(si), dtype=float)
        depth = np.zeros(len(si), dtype=np.int64)
        held = np.flatnonzero(self._holders_indptr[si + 1] > self._holders_indptr[si])
        for k in held.tolist():
            c, d = self._ownership(int(si[k]), int(sc[k]))
            cycle[k], depth[k] = float(c), d
        return cycle, depth

    def _current_listings(self, si: np.ndarray, sc: np.ndarray) -> np.ndarray:
        """Abnormal listings before the cutoff and not lifted by it."""
        lo, hi = self._abnormal_indptr[si], self._abnormal_indptr[si + 1]
        out = np.zeros(len(si), dtype=np.int64)
        with_any = np.flatnonzero(hi > lo)
        if len(with_any):
            s = np.repeat(with_any, (hi - lo)[with_any])
            e = self._abnormal[segments(lo[with_any], (hi - lo)[with_any])]
            ev = self.snap.events
            until = ev.until[e]
            on = (ev.day[e] < sc[s]) & ((until == 0) | (until >= sc[s]))
            out += np.bincount(s[on], minlength=len(si))
        return out
