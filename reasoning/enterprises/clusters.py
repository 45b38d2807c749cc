"""Suspicious clusters: enterprises tied by shared addresses, phones, e-mail, people and ownership,
grouped into connected components (split with Louvain when large) and ranked by risk.

The link graph is the one networkx would build by adding, connector by connector (kinds in order,
connectors in snapshot order), a star from the first member to the others and, for groups of up to 30,
every pair; then each corporate holding. It is held in arrays instead (a networkx graph of a province
takes gigabytes): edges in first-insertion order, nodes in first-appearance order, each node's
neighbours in insertion order. Components are found by scipy and walked breadth-first in that order,
so each component is the same Python set, in the same order, as `nx.connected_components` gives; only
a component large enough to be split becomes a networkx graph, with the nodes and edges in the order
its subgraph view would list them, so that Louvain sees what it saw before. A component past GIANT
enterprises (at a province's size shared addresses, phones and people join most of the register into one:
690k of 1M) is split by igraph's Louvain in C instead: networkx's graph of it took gigabytes.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import igraph
import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from reasoning.enterprises.snapshot import MATRIX_KINDS, Connectors, Snapshot

MAX_CONNECTOR = 300  # a connector shared by more enterprises than this is a hub (a registry address), not a tie
MAX_COMPONENT = 60  # components larger than this are split into communities
GIANT = 50_000  # components larger than this are split by igraph (C), not networkx
MIN_SIZE = 3
PAIRS_UP_TO = 30  # groups up to this size are linked pairwise (so density means something), larger ones as stars
KIND_NAMES = (*MATRIX_KINDS, "shareholder")  # edge kind bits, in the order edges get them


@dataclass
class LinkGraph:
    n_nodes: int
    order: np.ndarray  # nodes in order of first appearance
    indptr: np.ndarray  # neighbours of enterprise i: adj[indptr[i]:indptr[i + 1]], in edge insertion order
    adj: np.ndarray
    kinds: np.ndarray  # edge kind bits, per adjacency entry

    def neighbours(self, i: int) -> list[int]:
        return self.adj[self.indptr[i]:self.indptr[i + 1]].tolist()


def _pair_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (a, b), a < b, of positions in a group, for each size up to PAIRS_UP_TO in
    (a, b) order: pairs of size s are first[at[s]:at[s + 1]], second[...]."""
    at = np.zeros(PAIRS_UP_TO + 2, dtype=np.int64)
    firsts, seconds = [], []
    for size in range(PAIRS_UP_TO + 1):
        a, b = np.triu_indices(size, 1)
        at[size + 1] = at[size] + len(a)
        firsts.append(a)
        seconds.append(b)
    return np.concatenate(firsts).astype(np.int32), np.concatenate(seconds).astype(np.int32), at


_PAIR_FIRST, _PAIR_SECOND, _PAIRS_AT = _pair_tables()
ADDITIONS_AT_ONCE = 2_000_000  # edge additions expanded per step (a few bytes each, a few times over)


def _kind_additions(conn: Connectors) -> tuple[np.ndarray, np.ndarray]:
    """The edge additions of one connector kind in order: a large group's star from its first member,
    a small group's every pair. A small group's pairs begin with its star's edges in the star's order, so
    its star is not added: the first insertion of every edge, and so the graph, is the same."""
    sizes = conn.sizes()
    groups = np.flatnonzero((sizes >= 2) & (sizes <= MAX_CONNECTOR))
    length = sizes[groups]
    small = length <= PAIRS_UP_TO
    added = np.where(small, length * (length - 1) // 2, length - 1)
    ends = np.cumsum(added)
    total = int(ends[-1]) if len(ends) else 0
    u, v = np.empty(total, dtype=np.int32), np.empty(total, dtype=np.int32)
    cuts = np.searchsorted(ends, np.arange(ADDITIONS_AT_ONCE, total, ADDITIONS_AT_ONCE), side="right")
    for g0, g1 in zip(np.r_[0, cuts], np.r_[cuts, len(groups)], strict=True):
        if g0 == g1:
            continue
        lo, count = int(ends[g0] - added[g0]), added[g0:g1]
        g = np.repeat(np.arange(g0, g1), count)
        t = np.arange(int(count.sum())) - np.repeat(ends[g0:g1] - count - lo, count)  # place within the group
        in_pairs = small[g]
        at = np.where(in_pairs, _PAIRS_AT[np.minimum(length[g], PAIRS_UP_TO)] + t, 0)
        first = conn.indptr[groups[g]]
        u[lo:lo + len(g)] = conn.members[first + np.where(in_pairs, _PAIR_FIRST[at], 0)]
        v[lo:lo + len(g)] = conn.members[first + np.where(in_pairs, _PAIR_SECOND[at], t + 1)]
    return u, v


def _calls(snap: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every edge addition in order: (u, v, kind bit), in 32-bit node indexes and 8-bit kinds (at a
    province's size there are tens of millions)."""
    us, vs = [], []
    for kind in MATRIX_KINDS:
        u, v = _kind_additions(snap.connectors[kind])
        us.append(u)
        vs.append(v)
    us.append(snap.holder.astype(np.int32))
    vs.append(snap.held.astype(np.int32))
    bits = np.repeat(np.arange(len(us), dtype=np.int8), [len(u) for u in us])
    u = np.concatenate(us)
    del us
    return u, np.concatenate(vs), bits


def link_graph(snap: Snapshot) -> LinkGraph:
    n = snap.size
    u, v, k = _calls(snap)
    # edges: first insertion (the earliest addition of a pair: a stable sort keeps it first), with the
    # union of the kinds of every addition
    key = np.minimum(u, v).astype(np.int64) * n + np.maximum(u, v)
    by_key = np.argsort(key, kind="stable")
    key = key[by_key]
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    del key
    first = by_key[start]
    mask = np.bitwise_or.reduceat(np.left_shift(np.int8(1), k[by_key]), start) if len(start) else k[:0]
    del by_key, start, k
    by_insertion = np.argsort(first, kind="stable")
    first = first[by_insertion]
    eu, ev, em = u[first], v[first], mask[by_insertion]
    del u, v, first, mask, by_insertion
    # nodes in order of first appearance (a node first appears in the first insertion of an edge)
    flat = np.empty(2 * len(eu), dtype=np.int32)
    flat[0::2], flat[1::2] = eu, ev
    nodes, first_seen = np.unique(flat, return_index=True)
    del flat
    order = nodes[np.argsort(first_seen, kind="stable")].astype(np.int64)
    src, dst = np.concatenate((eu, ev)), np.concatenate((ev, eu))
    rank = np.concatenate((np.arange(len(eu)), np.arange(len(eu))))
    adj_order = np.lexsort((rank, src))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return LinkGraph(len(order), order, indptr, dst[adj_order], np.concatenate((em, em))[adj_order])


def _components(g: LinkGraph, n: int) -> Iterator[set[int]]:
    """Components of at least MIN_SIZE nodes, each the set networkx's breadth-first walk builds."""
    if not g.n_nodes:
        return
    m = sparse.csr_matrix((np.ones(len(g.adj), dtype=np.int8), g.adj, g.indptr), shape=(n, n))
    _, labels = csgraph.connected_components(m, directed=False)
    sizes = np.bincount(labels)
    seen_label: set[int] = set()
    for source in g.order.tolist():  # the first node of each component in node order starts its walk
        label = int(labels[source])
        if label in seen_label:
            continue
        seen_label.add(label)
        if sizes[label] < MIN_SIZE:
            continue
        seen = {source}
        nextlevel = [source]
        while nextlevel:
            thislevel = nextlevel
            nextlevel = []
            for x in thislevel:
                for w in g.neighbours(x):
                    if w not in seen:
                        seen.add(w)
                        nextlevel.append(w)
        yield seen


def _view(g: LinkGraph, members: set[int], rank: dict[int, int] | None) -> tuple[list[int], list[tuple[int, int, int]]]:
    """The nodes and edges (u, v, kind bits) of the subgraph on `members`, in the order networkx's
    subgraph view lists them."""
    nodes = set(n for n in members)  # noqa: C401 - built one by one like networkx's node filter
    if 2 * len(nodes) < g.n_nodes:
        node_order = list(nodes)
    else:
        assert rank is not None
        node_order = sorted(nodes, key=rank.__getitem__)
    edges, done = [], set()
    for x in node_order:
        lo, hi = g.indptr[x], g.indptr[x + 1]
        for w, bits in zip(g.adj[lo:hi].tolist(), g.kinds[lo:hi].tolist(), strict=True):
            if w in nodes and w not in done:
                edges.append((x, w, bits))
        done.add(x)
    return node_order, edges


_KIND_SETS: dict[int, set[str]] = {}


def _kind_set(bits: int) -> set[str]:
    """The kinds of an edge as networkx held them: a set grown in the order the kinds were added."""
    found = _KIND_SETS.get(bits)
    if found is None:
        found = set()
        for b, name in enumerate(KIND_NAMES):
            if bits >> b & 1:
                found.add(name)
        _KIND_SETS[bits] = found
    return found


def _split_giant(g: LinkGraph, members: set[int], seed: int) -> list[set[int]]:
    """Louvain communities of one very large component, on igraph's C graph of its edges."""
    nodes = np.fromiter(sorted(members), dtype=np.int64, count=len(members))
    local = np.full(len(g.indptr) - 1, -1, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    src = np.repeat(np.arange(len(g.indptr) - 1, dtype=np.int32), np.diff(g.indptr))
    keep = (src < g.adj) & (local[src] >= 0)  # each edge once; a component's edges stay inside it
    edges = np.stack((local[src[keep]], local[g.adj[keep]]), axis=1)
    del src, keep
    # Added from the array's buffer to an empty graph: igraph's constructor given the same edges takes
    # about 160 bytes an edge while it builds (1.2 GB for the 7M edges of a province's giant component).
    graph = igraph.Graph(n=len(nodes))
    graph.add_edges(edges)
    del edges
    igraph.set_random_number_generator(random.Random(seed))
    try:
        parts = graph.community_multilevel()
    finally:
        igraph.set_random_number_generator(random)
    return [set(nodes[part].tolist()) for part in parts]


def find_clusters(snap: Snapshot, scores: np.ndarray, red: float, seed: int = 0) -> list[dict[str, Any]]:
    g = link_graph(snap)
    rank: dict[int, int] | None = None
    groups: list[set[int]] = []
    for comp in _components(g, snap.size):
        if len(comp) > GIANT:
            groups.extend(_split_giant(g, comp, seed))
        elif len(comp) > MAX_COMPONENT:
            if rank is None and 2 * len(comp) >= g.n_nodes:
                rank = {int(x): r for r, x in enumerate(g.order.tolist())}
            node_order, edges = _view(g, comp, rank)
            sub = nx.Graph()
            sub.add_nodes_from(node_order)
            sub.add_edges_from((a, b) for a, b, _ in edges)
            groups.extend(nx.community.louvain_communities(sub, seed=seed))
        else:
            groups.append(set(comp))  # a copy, as before: its order is the copy's
    out = []
    for members in groups:
        if len(members) < MIN_SIZE:
            continue
        if rank is None and 2 * len(members) >= g.n_nodes:
            rank = {int(x): r for r, x in enumerate(g.order.tolist())}
        _, edges = _view(g, members, rank)
        member_scores = scores[list(members)]
        kinds: Counter[str] = Counter()
        for _, _, bits in edges:
            kinds.update(_kind_set(bits))
        divisions = Counter(snap.division[i] for i in members if snap.division[i])
        mean = float(member_scores.mean())
        n, m = len(members), len(edges)
        density = 0 if m == 0 or n <= 1 else m / (n * (n - 1)) * 2
        out.append({
            "members": sorted(members), "size": len(members), "mean_score": round(mean, 4),
            "score": round(mean * math.log2(1 + len(members)), 4), "red": int((member_scores >= red).sum()),
            "density": round(density, 4), "links": json.dumps(dict(kinds), sort_keys=True),  # the same text every run (set order is not)
            "division": divisions.most_common(1)[0][0] if divisions else None,
        })
    out.sort(key=lambda c: (-c["score"], c["members"][0]))
    for rank_no, cluster in enumerate(out, start=1):
        cluster["rank"] = rank_no
    return out
