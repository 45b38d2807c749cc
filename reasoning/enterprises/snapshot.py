"""The enterprise graph pulled into memory once for feature computation: enterprises, their
connectors (address, building, phone, e-mail, person), corporate ownership and dated events."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse

from graph.store import GraphStore

NO_DATE = 0  # ordinal of an unknown date: treated as known from the start


def ordinal(value: Any) -> int:
    if not value:
        return NO_DATE
    try:
        return date.fromisoformat(str(value)[:10]).toordinal()
    except ValueError:
        return NO_DATE


@dataclass
class Event:
    kind: str  # change | penalty | abnormal | verdict | case
    day: int
    detail: Any = None
    a: Any = None
    b: Any = None
    x: Any = None
    y: Any = None
    until: int = 0


@dataclass
class Snapshot:
    ids: list[str]
    index: dict[str, int]
    names: list[str]
    founded: np.ndarray  # ordinal days
    capital: np.ndarray  # NaN when unknown
    paid: np.ndarray
    division: list[str | None]
    code_invalid: np.ndarray
    division_mismatch: np.ndarray
    # connector kind -> connector id -> member enterprise indices
    groups: dict[str, dict[str, list[int]]]
    # enterprise index -> [(kind, connector id)]
    links: list[list[tuple[str, str]]]
    holds: list[tuple[int, int]]  # (holder, held) between registered enterprises
    events: list[list[Event]]
    verdicts: list[tuple[int, int, bool, str]] = field(default_factory=list)  # (enterprise, day, abnormal, verdict)

    @property
    def size(self) -> int:
        return len(self.ids)

    def connector_matrix(self) -> tuple[sparse.csr_matrix, list[str]]:
        """Enterprise x connector incidence (address, phone, e-mail, person; buildings left out: a
        building is shared by honest neighbours by nature), plus ownership as enterprise-enterprise."""
        names: dict[str, int] = {}
        rows, cols = [], []
        for kind in ("address", "phone", "email", "person"):
            for conn, members in self.groups.get(kind, {}).items():
                if len(members) < 2:
                    continue
                j = names.setdefault(conn, len(names))
                rows.extend(members)
                cols.extend([j] * len(members))
        for holder, held in self.holds:
            j = names.setdefault(f"own:{holder}->{held}", len(names))
            rows.extend((holder, held))
            cols.extend((j, j))
        m = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                              shape=(self.size, max(1, len(names))))
        m.data[:] = 1.0
        return m, list(names)


def load_snapshot(store: GraphStore) -> Snapshot:
    rows = store.read("enterprise_snapshot_enterprises")
    ids = [r["id"] for r in rows]
    index = {e: i for i, e in enumerate(ids)}
    n = len(ids)

    def arr(key: str) -> np.ndarray:
        return np.array([np.nan if r.get(key) is None else float(r[key]) for r in rows], dtype=float)

    # Name-only enterprises resolved to a registered one count as that one.
    canonical: dict[str, str] = {}
    own_rows = store.read("enterprise_snapshot_ownership")
    for r in own_rows:
        if r["kind"] == "same_as":
            canonical[r["holder"]] = r["held"]
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    links: list[list[tuple[str, str]]] = [[] for _ in range(n)]
    for r in store.read("enterprise_snapshot_links"):
        i = index.get(r["id"])
        if i is None:
            continue
        pairs = [(r["kind"], r["via"])]
        if r["kind"] == "address" and r.get("building"):
            pairs.append(("building", r["building"]))
        for kind, via in pairs:
            members = groups[kind][via]
            if not members or members[-1] != i:  # one person in several roles counts once
                members.append(i)
                links[i].append((kind, via))
    holds = []
    for r in own_rows:
        if r["kind"] == "holds":
            a = index.get(canonical.get(r["holder"], r["holder"]))
            b = index.get(canonical.get(r["held"], r["held"]))
            if a is not None and b is not None and a != b:
                holds.append((a, b))
    events: list[list[Event]] = [[] for _ in range(n)]
    verdicts = []
    for r in store.read("enterprise_snapshot_events"):
        i = index.get(canonical.get(r["id"], r["id"]))
        day = ordinal(r.get("date"))
        if i is None or day == NO_DATE:
            continue
        ev = Event(r["kind"], day, r.get("detail"), r.get("a"), r.get("b"), r.get("x"), r.get("y"), ordinal(r.get("until")))
        events[i].append(ev)
        if ev.kind == "verdict":
            verdicts.append((i, day, bool(ev.y), str(ev.detail)))
    for evs in events:
        evs.sort(key=lambda e: e.day)
    return Snapshot(
        ids=ids, index=index, names=[r.get("name") or r["id"] for r in rows],
        founded=np.array([ordinal(r.get("founded")) for r in rows], dtype=np.int64),
        capital=arr("capital"), paid=arr("paid"), division=[r.get("division") for r in rows],
        code_invalid=np.array([r.get("code_valid") is False for r in rows]),
        division_mismatch=np.array([r.get("division_check") == "mismatch" for r in rows]),
        groups={k: dict(v) for k, v in groups.items()}, links=links, holds=holds, events=events,
        verdicts=sorted(verdicts, key=lambda v: (v[1], v[0])),
    )
