"""Who controls every enterprise as of a date, in columns: the risk model's control features.

The same rules as the controllers answer (reasoning/enterprises/control.py), computed for all enterprises
at once over the snapshot's shareholding arrays (`Snapshot.own`) instead of one ownership tree at a time:

- a holding counts as of a day when it began before it (an unknown start counts from the start), had not
  ended by it, and both enterprises were founded before it;
- an owner controls a company when it holds more than half of it (or a UK PSC majority band), directly
  and through the companies it already controls; iterated to a fixed point (CONTROL_ROUNDS rounds at
  most, so control through up to that many companies is found and cycles end). The controller is a
  natural person, or a company with no holder on record (a controlling parent); a company that has
  holders but nobody controlling it controls nothing;
- `layers`: the fewest companies between the controller and the enterprise on a chain of control
  (0: the controller holds a majority itself); `direct`: the controller holds some of it itself;
- `share`: the controller's share through the holdings that give it control (its own and those of the
  companies it controls, multiplied along the chain): the effective share of control.py counted over the
  chain of control only (control.py also adds minority paths);
- `on_cycle` / `cycle_above`: the enterprise sits on a cycle of corporate ownership (a strongly connected
  set of companies holding each other) / one stands at most CONTROL_ROUNDS companies above it (or it
  sits on one);
- `controlled` / `controlled_abnormal`: how many enterprises its controller controls, and how many of
  them were put on the abnormal-operation list before the day (itself included in both).

Memory: a few arrays of one value per enterprise and per holding; the iteration runs only over the
holdings of enterprises that have a corporate holder (the others are settled by their largest personal
holder in one vectorised pass).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from reasoning.enterprises.snapshot import ABNORMAL, DAY_BITS, NO_DATE, Snapshot

CONTROL_ROUNDS = 8  # as control.py's default depth (RISKGRAPH_CONTROL_MAX_DEPTH)
HALF = 0.5


@dataclass
class ControlState:
    day: int
    size: int  # enterprises; a controller node at or above it is a person (node - size)
    controller: np.ndarray  # int64 node per enterprise, -1: nobody controls it
    layers: np.ndarray  # int16 companies between the controller and the enterprise
    share: np.ndarray  # float: the controller's share through its chain of control (NaN: no controller)
    direct: np.ndarray  # bool: the controller holds part of it itself
    has_holders: np.ndarray  # bool: a holder on record as of the day
    on_cycle: np.ndarray  # bool
    cycle_above: np.ndarray  # bool
    controlled: np.ndarray  # int32: enterprises its controller controls (itself included; 0: no controller)
    controlled_abnormal: np.ndarray  # int32: of those, listed abnormal before the day
    listed: np.ndarray  # bool: listed abnormal before the day
    _by_controller: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def controlled_by(self, node: int) -> np.ndarray:
        """The enterprises a controller node controls, ascending."""
        if self._by_controller is None:
            order = np.argsort(self.controller, kind="stable")
            self._by_controller = (order, self.controller[order])
        order, sorted_ctrl = self._by_controller
        lo, hi = np.searchsorted(sorted_ctrl, [node, node + 1])
        return order[lo:hi]


class ControlGraph:
    """The snapshot's shareholdings arranged once for the control state of any day."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        own = snap.own
        n = snap.size
        self.n, self.width = n, n + own.persons
        self.indptr = np.zeros(n + 1, dtype=np.int64)  # rows of a held enterprise (own is sorted by held)
        np.cumsum(np.bincount(own.held, minlength=n), out=self.indptr[1:])
        corporate = own.holder < n
        self.corporate_part = np.zeros(n, dtype=bool)  # enterprises with a corporate holder on record
        self.corporate_part[own.held[corporate]] = True
        in_part = self.corporate_part[own.held]
        # the others: the largest personal holder first (a majority band first, then share, then node)
        rest = np.flatnonzero(~in_part)
        wins = (own.share[rest] > HALF) | own.majority[rest]
        self.person_rows = rest[np.lexsort((own.holder[rest], -own.share[rest], ~wins, own.held[rest]))]
        self.part_rows = np.flatnonzero(in_part)
        self.abnormal = snap.events.kind == ABNORMAL

    def active(self, rows: np.ndarray, day: int) -> np.ndarray:
        own, founded = self.snap.own, self.snap.founded
        holder = own.holder[rows]
        is_ent = holder < self.n
        alive_holder = ~is_ent | (founded[np.where(is_ent, holder, 0)] < day)
        return ((own.since[rows] < day) & ((own.until[rows] == NO_DATE) | (own.until[rows] >= day))
                & (founded[own.held[rows]] < day) & alive_holder)

    def state(self, day: int) -> ControlState:
        own, n = self.snap.own, self.n
        ctrl = np.full(n, -1, dtype=np.int64)
        layers = np.zeros(n, dtype=np.int16)
        share = np.full(n, np.nan)
        direct = np.zeros(n, dtype=bool)
        has_holders = np.zeros(n, dtype=bool)
        # without a corporate holder: the largest personal holder, when it holds a majority
        rows = self.person_rows[self.active(self.person_rows, day)]
        held = own.held[rows]
        has_holders[held] = True
        if len(rows):
            first = rows[np.r_[True, held[1:] != held[:-1]]]
            first = first[(own.share[first] > HALF) | own.majority[first]]
            e = own.held[first]
            ctrl[e], share[e], direct[e] = own.holder[first], own.share[first], True
        rows = self.part_rows[self.active(self.part_rows, day)]
        has_holders[own.held[rows]] = True
        self._iterate(rows, ctrl, layers, share, direct, has_holders)
        on_cycle, above = self._cycles(rows)
        ev = self.snap.events
        listed = np.zeros(n, dtype=bool)
        listed[(ev.keys[self.abnormal & (ev.day < day)] >> DAY_BITS)] = True
        known = np.flatnonzero(ctrl >= 0)
        by_node = ctrl[known]
        controlled = np.zeros(n, dtype=np.int32)
        controlled_abnormal = np.zeros(n, dtype=np.int32)
        controlled[known] = np.bincount(by_node)[by_node]
        controlled_abnormal[known] = np.bincount(by_node, weights=listed[known]).astype(np.int32)[by_node]
        return ControlState(day, n, ctrl, layers, share, direct, has_holders, on_cycle, above, controlled,
                            controlled_abnormal, listed)

    def _groups(self, rows: np.ndarray, ctrl: np.ndarray, layers: np.ndarray, share: np.ndarray,
                has_holders: np.ndarray) -> dict[str, np.ndarray]:
        """Each holding's group (the controller it speaks for), whether that group can control, and what
        the holding adds to the group's layers and share."""
        own, n = self.snap.own, self.n
        h = own.holder[rows]
        is_ent = h < n
        hi = np.where(is_ent, h, 0)
        c_h = np.where(is_ent, ctrl[hi], -1)
        own_stake = ~is_ent | ((c_h < 0) & ~has_holders[hi])  # a person, or a company with no holder on record
        return {"group": np.where(own_stake | (c_h < 0), h, c_h), "eligible": own_stake | (c_h >= 0),
                "itself": own_stake, "layers": np.where(own_stake, 0, layers[hi].astype(np.int64) + 1),
                "share": own.share[rows] * np.where(own_stake, 1.0, np.nan_to_num(share[hi]))}

    def _iterate(self, rows: np.ndarray, ctrl: np.ndarray, layers: np.ndarray, share: np.ndarray,
                 direct: np.ndarray, has_holders: np.ndarray) -> None:
        if not len(rows):
            return
        own = self.snap.own
        held = own.held[rows].astype(np.int64)
        targets = np.unique(held)
        for _ in range(CONTROL_ROUNDS + 1):
            g = self._groups(rows, ctrl, layers, share, has_holders)
            key = held * self.width + g["group"]
            order = np.argsort(key, kind="stable")
            k = key[order]
            start = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
            total = np.add.reduceat(own.share[rows][order], start)
            wins = (total > HALF) | np.logical_or.reduceat(own.majority[rows][order], start)
            g_held, g_node = held[order][start], g["group"][order][start]
            cand = np.flatnonzero(wins)
            cand = cand[np.lexsort((g_node[cand], -total[cand], g_held[cand]))]
            best = cand[np.r_[True, g_held[cand][1:] != g_held[cand][:-1]]] if len(cand) else cand
            best = best[g["eligible"][order][start][best]]
            # the new values of the enterprises iterated on (only they can change): O(holdings) a round
            slot = np.searchsorted(targets, g_held[best])
            new_ctrl = np.full(len(targets), -1, dtype=np.int64)
            new_layers = np.zeros(len(targets), dtype=np.int16)
            new_share = np.full(len(targets), np.nan)
            new_direct = np.zeros(len(targets), dtype=bool)
            new_ctrl[slot] = g_node[best]
            new_layers[slot] = np.minimum.reduceat(g["layers"][order], start)[best]
            new_share[slot] = np.minimum(1.0, np.add.reduceat(g["share"][order], start)[best])
            new_direct[slot] = np.logical_or.reduceat(g["itself"][order], start)[best]
            same = (np.array_equal(new_ctrl, ctrl[targets]) and np.array_equal(new_layers, layers[targets])
                    and np.allclose(new_share, share[targets], equal_nan=True))
            ctrl[targets], layers[targets], share[targets], direct[targets] = new_ctrl, new_layers, new_share, new_direct
            if same:
                break

    def _cycles(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        own, n = self.snap.own, self.n
        on_cycle = np.zeros(n, dtype=bool)
        corp = rows[own.holder[rows] < n]
        if not len(corp):
            return on_cycle, on_cycle.copy()
        held, holder = own.held[corp].astype(np.int64), own.holder[corp]
        # only the enterprises in corporate holdings take part: a small graph whatever the register's size
        nodes, local = np.unique(np.concatenate([held, holder]), return_inverse=True)
        m = len(nodes)
        up = sparse.csr_matrix((np.ones(len(corp)), (local[:len(corp)], local[len(corp):])), shape=(m, m))
        _, labels = csgraph.connected_components(up, directed=True, connection="strong")
        cyc = np.bincount(labels)[labels] > 1
        above = cyc.copy()
        for _ in range(CONTROL_ROUNDS):
            nxt = above | ((up @ above.astype(np.float64)) > 0)
            if np.array_equal(nxt, above):
                break
            above = nxt
        on_cycle[nodes[cyc]] = True
        out = np.zeros(n, dtype=bool)
        out[nodes[above]] = True
        return on_cycle, out

    # --- for the explanations: one enterprise at a time ------------------------------------------------
    def chain(self, state: ControlState, i: int) -> list[tuple[int, int, float]]:
        """The chain of control of enterprise i as (holder node, held enterprise, share) from the
        controller down to i; empty when nobody controls it."""
        c = int(state.controller[i])
        if c < 0:
            return []
        own = self.snap.own
        steps: list[tuple[int, int, float]] = []
        node, seen = i, {i}
        while len(steps) <= CONTROL_ROUNDS:
            rows = np.arange(self.indptr[node], self.indptr[node + 1])
            rows = rows[self.active(rows, state.day)]
            g = self._groups(rows, state.controller, state.layers, state.share, state.has_holders)
            fits = np.flatnonzero((g["group"] == c) & (g["layers"] == state.layers[node]))
            if not len(fits):
                break
            pick = fits[np.lexsort((own.holder[rows[fits]], -own.share[rows[fits]]))[0]]
            holder = int(own.holder[rows[pick]])
            steps.append((holder, node, float(own.share[rows[pick]])))
            if g["itself"][pick] or holder in seen:
                break
            seen.add(holder)
            node = holder
        return steps[::-1]

    def cycles_above(self, state: ControlState, i: int, limit: int) -> list[int]:
        """Enterprises on an ownership cycle at or above enterprise i (nearest first), at most `limit`."""
        own = self.snap.own
        found: list[int] = []
        frontier, seen = [i], {i}
        for _ in range(CONTROL_ROUNDS + 1):
            nxt = []
            for node in frontier:
                if state.on_cycle[node]:
                    found.append(node)
                rows = np.arange(self.indptr[node], self.indptr[node + 1])
                rows = rows[self.active(rows, state.day)]
                for h in own.holder[rows].tolist():
                    if h < self.n and h not in seen:
                        seen.add(h)
                        nxt.append(h)
            if len(found) >= limit or not nxt:
                break
            frontier = sorted(nxt)
        return found[:limit]

    def node_entity(self, node: int) -> dict[str, str]:
        if node < self.n:
            return {"kind": "enterprise", "id": self.snap.ids[node], "name": self.snap.names[node]}
        p = node - self.n
        return {"kind": "person", "id": self.snap.own.person_ids[p], "name": self.snap.own.person_names[p]}
