"""The clusters' link graph from connectors of every size: the edges networkx gets when a star from each
group's first member and, for a group of up to 30, every pair are added one by one (the networkx
reference on a generated graph is in test_columnar.py; its groups are small, these reach the stars)."""

from __future__ import annotations

import numpy as np
import pytest

from reasoning.enterprises import clusters
from reasoning.enterprises.snapshot import Connectors


def _connectors(sizes: list[int], seed: int) -> tuple[int, Connectors]:
    """Groups of the given sizes over shuffled enterprises, an enterprise in several groups."""
    rng = np.random.default_rng(seed)
    n = max(sizes) * 3
    ents, conns = [], []
    for c, size in enumerate(sizes):
        members = np.sort(rng.choice(n, size=size, replace=False))
        ents += members.tolist()
        conns += [c] * size
    order = np.lexsort((np.array(conns), np.array(ents)))  # link order: enterprises ascending
    conn = Connectors.build(n, np.array(ents)[order], np.array(conns)[order], [f"c{c}" for c in range(len(sizes))],
                            np.zeros(n, dtype=np.int64))
    return n, conn


def _first_insertions(conn: Connectors) -> list[tuple[int, int]]:
    """Edges in order of first insertion, as networkx's add_edge calls make them."""
    seen: dict[frozenset[int], tuple[int, int]] = {}
    for c in range(conn.count):
        members = conn.members_of(c).tolist()
        if not 2 <= len(members) <= clusters.MAX_CONNECTOR:
            continue
        calls = [(members[0], j) for j in members[1:]]
        if len(members) <= clusters.PAIRS_UP_TO:
            calls += [(a, b) for p, a in enumerate(members) for b in members[p + 1:]]
        for a, b in calls:
            seen.setdefault(frozenset((a, b)), (a, b))
    return list(seen.values())


@pytest.mark.parametrize("step", [clusters.ADDITIONS_AT_ONCE, 7, 1])
def test_additions_give_the_edges_in_networkx_order_at_every_group_size(monkeypatch: pytest.MonkeyPatch,
                                                                        step: int) -> None:
    monkeypatch.setattr(clusters, "ADDITIONS_AT_ONCE", step)  # steps that cut groups' runs anywhere
    _, conn = _connectors([2, 5, 30, 31, 2, 44, 301, 3, 1, 12], seed=3)
    u, v = clusters._kind_additions(conn)
    got: dict[frozenset[int], tuple[int, int]] = {}
    for a, b in zip(u.tolist(), v.tolist(), strict=True):
        got.setdefault(frozenset((a, b)), (a, b))
    assert list(got.values()) == _first_insertions(conn)
    # a small group's star is not added again: one addition per pair of it
    sizes = conn.sizes()
    kept = sizes[(sizes >= 2) & (sizes <= clusters.MAX_CONNECTOR)]
    assert len(u) == int(np.where(kept <= clusters.PAIRS_UP_TO, kept * (kept - 1) // 2, kept - 1).sum())


def test_no_connector_of_two_or_more_gives_no_addition() -> None:
    _, conn = _connectors([1, 1, 301], seed=1)
    u, v = clusters._kind_additions(conn)
    assert len(u) == len(v) == 0
