"""The columnar snapshot, read in pages, gives the numbers the per-enterprise code over lists gave
(tests/reasoning/enterprises/reference.py): the same snapshot whatever the page sizes, the same feature
rows for every verdict and for every enterprise today, the same incidence matrix, the same explanations'
neighbours and the same clusters. The control features came after the per-enterprise code and are not in
its rows (test_control_features.py checks them against the controllers answer); their shareholdings are
checked here to be the same whatever the page sizes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np
import pytest

from reasoning.enterprises.clusters import find_clusters
from reasoning.enterprises.features import FEATURES, FeatureBuilder
from reasoning.enterprises.model import labelled
from reasoning.enterprises.snapshot import Snapshot, load_snapshot
from tests.enterprise_support import trained_graph
from tests.reasoning.enterprises.reference import (
    ReferenceFeatures,
    reference,
    reference_clusters,
    reference_connector_matrix,
)

REFERENCE_COLUMNS = FEATURES.index("division_mismatch") + 1  # the features the per-enterprise code had
KINDS = ["cn-registry", "cn-registry-changes", "cn-penalties", "cn-abnormal-list", "uk-companies", "uk-psc",
         "enterprise-verdicts"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    world = trained_graph(tmp_path_factory.mktemp("columnar"), KINDS, 0.12, 3)
    snap = load_snapshot(world["store"])
    yield {**world, "snap": snap, "fb": FeatureBuilder(snap)}
    world["store"].close()


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(((a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == "f" else a == b).all())


def _snapshots_equal(a: Snapshot, b: Snapshot) -> None:
    assert a.ids == b.ids and list(a.names) == list(b.names) and list(a.division) == list(b.division)
    for name in ("founded", "capital", "paid", "code_invalid", "division_mismatch", "holder", "held",
                 "verdict_enterprise", "verdict_day", "verdict_abnormal"):
        assert _same(getattr(a, name), getattr(b, name)), name
    for kind, conn in a.connectors.items():
        other = b.connectors[kind]
        assert list(conn.names) == list(other.names), kind
        for name in ("indptr", "members", "by_enterprise", "conns", "keys"):
            assert _same(getattr(conn, name), getattr(other, name)), (kind, name)
    for name in ("indptr", "keys", "day", "kind", "change", "a", "b", "x", "y", "until"):
        assert _same(getattr(a.events, name), getattr(b.events, name)), name
    for name in ("holder", "held", "share", "majority", "since", "until"):
        assert _same(getattr(a.own, name), getattr(b.own, name)), ("own", name)
    assert list(a.own.person_ids) == list(b.own.person_ids) and list(a.own.person_names) == list(b.own.person_names)


def test_the_snapshot_does_not_depend_on_the_page_sizes(world: dict[str, Any]) -> None:
    snap = world["snap"]
    assert snap.size > 300 and len(snap.holder) and len(snap.verdict_day) and len(snap.events.day)
    assert len(snap.own.holder) > len(snap.holder) and snap.own.persons
    assert snap.ids == sorted(snap.ids)
    _snapshots_equal(snap, load_snapshot(world["store"], page=7, anchor=5))


def test_features_are_the_per_enterprise_reference_rows(world: dict[str, Any]) -> None:
    snap, fb = world["snap"], world["fb"]
    ref = ReferenceFeatures(reference(snap), fb)
    (ents, days), y, _ = labelled(snap)
    assert len(y) > 50
    today = date.today().toordinal() + 1
    samples = [*zip(ents.tolist(), days.tolist(), strict=True), *((i, today) for i in range(snap.size))]
    x = fb.matrix(samples)[:, :REFERENCE_COLUMNS]
    expected = np.array([ref.row(i, cutoff) for i, cutoff in samples], dtype=float)
    bad = [(FEATURES[c], samples[r], x[r, c], expected[r, c]) for r, c in zip(*np.nonzero(
        ~((x == expected) | (np.isnan(x) & np.isnan(expected)))), strict=True)]
    assert not bad, bad[:10]
    for column in ("address_share", "person_share", "address_burst", "legal_rep_changes", "capital_jump",
                   "abnormal_current", "ownership_depth", "bad_distance"):  # the comparison saw each feature at work
        assert np.nanmax(x[:, FEATURES.index(column)]) > 0, column


def test_neighbours_and_holders_for_the_explanations_are_the_reference_ones(world: dict[str, Any]) -> None:
    snap, fb = world["snap"], world["fb"]
    ref = ReferenceFeatures(reference(snap), fb)
    today = date.today().toordinal() + 1
    for i in range(snap.size):
        for kind in ("address", "building", "phone", "email", "person"):
            assert fb.shared(i, kind, today) == ref.shared(i, kind, today)
        assert fb.holders(i) == ref.holders[i]


def test_incidence_matrix_is_the_reference_one(world: dict[str, Any]) -> None:
    m, expected = world["fb"].incidence, reference_connector_matrix(reference(world["snap"]))
    assert m.shape == expected.shape
    assert np.array_equal(m.indptr, expected.indptr) and np.array_equal(m.indices, expected.indices)
    assert np.array_equal(m.data, expected.data)


def test_clusters_are_the_networkx_ones(world: dict[str, Any]) -> None:
    snap = world["snap"]
    scores = np.round(np.random.default_rng(1).random(snap.size), 4)
    got, expected = find_clusters(snap, scores, 0.7), reference_clusters(reference(snap), scores, 0.7)
    assert len(got) == len(expected) > 3
    for a, b in zip(got, expected, strict=True):
        assert {k: v for k, v in a.items() if k != "links"} == {k: v for k, v in b.items() if k != "links"}
        assert json.loads(a["links"]) == json.loads(b["links"])


def test_a_giant_component_is_split_by_igraph_into_a_partition(world: dict[str, Any],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from reasoning.enterprises import clusters

    snap = world["snap"]
    graph = clusters.link_graph(snap)
    largest = max(clusters._components(graph, snap.size), key=len)
    assert len(largest) > 2 * clusters.MIN_SIZE
    monkeypatch.setattr(clusters, "GIANT", len(largest) - 1)  # the largest component counts as giant
    parts = clusters._split_giant(graph, largest, seed=0)
    members = [i for part in parts for i in part]
    assert len(members) == len(set(members)) and set(members) == largest  # a partition of the component
    assert 1 < len(parts) < len(largest)
    assert parts == clusters._split_giant(graph, largest, seed=0)  # the same every run
    scores = np.round(np.random.default_rng(1).random(snap.size), 4)
    got = find_clusters(snap, scores, 0.7)
    inside = [c for c in got if set(c["members"]) <= largest]
    assert inside and all(c["size"] >= clusters.MIN_SIZE for c in got)
    assert {tuple(c["members"]) for c in inside} <= {tuple(sorted(p)) for p in parts}
