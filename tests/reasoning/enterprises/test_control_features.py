"""The risk model's control features (reasoning/enterprises/control_state.py) on a small hand-built
snapshot: a chain of companies (concealed control), control through one company, votes of two controlled
companies adding up, a cycle of companies above an enterprise, a controlling parent with no shareholder
on record, dispersed ownership, the controller's other (and abnormal-listed) enterprises, holdings that
begin after the date, a UK PSC majority band, a share read from the amounts; cross-checked with the
controllers answer (reasoning/enterprises/control.py) on the same holdings; and the reasons they give,
naming the controller with the chain as evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from reasoning.enterprises.control import Holding, Tree, analyse
from reasoning.enterprises.features import FEATURES, FeatureBuilder
from reasoning.enterprises.reasons import reasons
from reasoning.enterprises.snapshot import (
    CONNECTOR_KINDS,
    EVENT_KINDS,
    Categories,
    Snapshot,
    Strings,
    _events,
    _HoldingRows,
    _Interned,
    ordinal,
)

FOUNDED = "2015-01-01"
LATE = "2021-06-01"  # a holding that begins after the first cutoff
CUTOFF = date(2020, 3, 15).toordinal()  # month start 2020-03-01
LATER = date(2022, 1, 10).toordinal()

# (holder, held, share, extra); holders P:* are people, the others companies (enterprises of the snapshot)
HOLDINGS: list[tuple[str, str, float | None, dict[str, Any]]] = [
    # chain: P -80%-> A -70%-> B -60%-> C -90%-> T; U 40% of C, V 10% of T
    ("P:p", "A", 0.8, {}), ("P:o", "A", 0.2, {}), ("A", "B", 0.7, {}), ("P:o", "B", 0.3, {}),
    ("B", "C", 0.6, {}), ("P:u", "C", 0.4, {}), ("C", "T", 0.9, {}), ("P:v", "T", 0.1, {}),
    # direct: X holds all of D
    ("P:x", "D", 1.0, {}),
    # one company between: E 60% of G, G all of S
    ("P:e", "G", 0.6, {}), ("P:f", "G", 0.4, {}), ("G", "S", 1.0, {}),
    # votes adding up: R 60% of H1 and of H2, each holding 30% of W
    ("P:r", "H1", 0.6, {}), ("P:r", "H2", 0.6, {}), ("H1", "W", 0.3, {}), ("H2", "W", 0.3, {}),
    ("P:w", "W", 0.4, {}),
    # cycle: A2 -30%-> B2 -30%-> C2 -20%-> A2; Q 70% of B2; B2 60% of T2
    ("A2", "B2", 0.3, {}), ("P:q", "B2", 0.7, {}), ("B2", "C2", 0.3, {}), ("P:c", "C2", 0.7, {}),
    ("C2", "A2", 0.2, {}), ("P:a", "A2", 0.8, {}), ("B2", "T2", 0.6, {}), ("P:t", "T2", 0.4, {}),
    # a controlling parent with no shareholder on record: K (none) -80%-> M -60%-> L
    ("K", "M", 0.8, {}), ("P:m", "M", 0.2, {}), ("M", "L", 0.6, {}), ("P:l", "L", 0.4, {}),
    # dispersed: nobody above half
    ("P:d1", "N", 0.4, {}), ("P:d2", "N", 0.3, {}), ("P:d3", "N", 0.3, {}),
    # Z controls three enterprises directly; two were listed abnormal before the cutoff, one after
    ("P:z", "Z1", 0.7, {}), ("P:z", "Z2", 0.7, {}), ("P:z", "Z3", 0.7, {}), ("P:z", "Z4", 0.7, {}),
    # a holding that begins after the first cutoff: J has no holder on record before it
    ("P:j", "J", 1.0, {"since": LATE}),
    # a UK majority band (lower bound 0.5) controls; a share read from the amounts (600 of 1000)
    ("P:uk", "UK", 0.5, {"natures": ["ownership-of-shares-50-to-75-percent"]}), ("P:uk2", "UK", 0.25, {}),
    ("P:am", "AM", None, {"amount": 600.0}), ("P:an", "AM", None, {"amount": 400.0}),
    # the same holding stated twice (two facts): one row, the larger share
    ("P:dup", "DUP", 0.3, {}), ("P:dup", "DUP", 0.7, {}),
]
LISTED = {"Z1": "2019-05-01", "Z2": "2019-07-01", "Z3": "2021-01-01"}
ENTERPRISES = sorted({h for h, _, _, _ in HOLDINGS if not h.startswith("P:")}
                     | {e for _, e, _, _ in HOLDINGS} | {"NONE"})


def hand_snapshot() -> Snapshot:
    ids = [f"CN:{e}" for e in ENTERPRISES]
    n = len(ids)
    index = {e: i for i, e in enumerate(ids)}
    founded = np.full(n, ordinal(FOUNDED), dtype=np.int64)
    links = {kind: _Interned() for kind in CONNECTOR_KINDS}
    connectors = {kind: links[kind].build(n, founded) for kind in CONNECTOR_KINDS}
    rows = [{"holder": h if h.startswith("P:") else f"CN:{h}", "held": f"CN:{e}",
             "label": "Person" if h.startswith("P:") else "Enterprise", "name": f"name of {h}", "share": share,
             "amount": extra.get("amount"), "natures": extra.get("natures"), "since": extra.get("since", FOUNDED),
             "until": None} for h, e, share, extra in HOLDINGS]
    own = _HoldingRows()
    own.add(rows, {}, index, ordinal)
    corporate = sorted({(index[r["holder"]], index[r["held"]]) for r in rows if r["label"] == "Enterprise"})
    ev: dict[str, list[Any]] = {k: [] for k in ("ent", "day", "kind", "change", "a", "b", "x", "y", "until", "vid")}
    for e, day in LISTED.items():
        for k, v in (("ent", index[f"CN:{e}"]), ("day", ordinal(day)), ("kind", EVENT_KINDS.index("abnormal")),
                     ("change", 0), ("a", np.nan), ("b", np.nan), ("x", -1), ("y", -1), ("until", 0), ("vid", None)):
            ev[k].append(v)
    events, verdicts = _events(n, ev, [])
    return Snapshot(ids=ids, index=index, names=Strings(f"name of {e}" for e in ENTERPRISES), founded=founded,
                    capital=np.full(n, np.nan), paid=np.full(n, np.nan), division=Categories.of([None] * n),
                    code_invalid=np.zeros(n, dtype=bool), division_mismatch=np.zeros(n, dtype=bool),
                    connectors=connectors, holder=np.array([a for a, _ in corporate], dtype=np.int32),
                    held=np.array([b for _, b in corporate], dtype=np.int32), events=events, **verdicts,
                    own=own.build(n))


@pytest.fixture(scope="module")
def fb() -> FeatureBuilder:
    return FeatureBuilder(hand_snapshot())


def _row(fb: FeatureBuilder, e: str, cutoff: int = CUTOFF) -> dict[str, float]:
    return dict(zip(FEATURES, fb.row(fb.snap.index[f"CN:{e}"], cutoff), strict=True))


def _controller(fb: FeatureBuilder, e: str, cutoff: int = CUTOFF) -> dict[str, str] | None:
    state = fb.state(cutoff).control
    assert state is not None
    c = int(state.controller[fb.snap.index[f"CN:{e}"]])
    return fb.control.node_entity(c) if c >= 0 else None


def test_the_holdings_are_merged_per_pair_and_shares_read_from_amounts(fb: FeatureBuilder) -> None:
    own, snap = fb.snap.own, fb.snap
    assert len(own.holder) == len(HOLDINGS) - 1 and own.persons == len({h for h, *_ in HOLDINGS if h.startswith("P:")})
    rows = {(fb.control.node_entity(int(h))["id"], snap.ids[e]): s
            for h, e, s in zip(own.holder.tolist(), own.held.tolist(), own.share.tolist(), strict=True)}
    assert rows[("P:dup", "CN:DUP")] == 0.7
    assert rows[("P:am", "CN:AM")] == pytest.approx(0.6) and rows[("P:an", "CN:AM")] == pytest.approx(0.4)


def test_a_chain_of_companies_is_concealed_control_with_its_chain(fb: FeatureBuilder) -> None:
    t = _row(fb, "T")
    assert t["concealed_control"] == 1.0 and t["control_layers"] == 3.0
    assert t["controller_share"] == pytest.approx(0.8 * 0.7 * 0.6 * 0.9)
    assert t["no_person_controller"] == 0.0 and t["ownership_cycle_above"] == 0.0
    assert _controller(fb, "T") == {"kind": "person", "id": "P:p", "name": "name of P:p"}
    # C: U holds 40% directly, P 60% through two companies; B: one company between (not concealed)
    assert _row(fb, "C")["concealed_control"] == 1.0 and _row(fb, "C")["control_layers"] == 2.0
    assert _row(fb, "B")["concealed_control"] == 0.0 and _row(fb, "B")["control_layers"] == 1.0
    state = fb.state(CUTOFF).control
    assert state is not None
    chain = fb.control.chain(state, fb.snap.index["CN:T"])
    assert [(fb.control.node_entity(h)["id"], fb.snap.ids[e], s) for h, e, s in chain] == [
        ("P:p", "CN:A", 0.8), ("CN:A", "CN:B", 0.7), ("CN:B", "CN:C", 0.6), ("CN:C", "CN:T", 0.9)]


def test_direct_one_layer_and_votes_adding_up(fb: FeatureBuilder) -> None:
    d, s, w = _row(fb, "D"), _row(fb, "S"), _row(fb, "W")
    assert (d["concealed_control"], d["control_layers"], d["controller_share"]) == (0.0, 0.0, 1.0)
    assert (s["concealed_control"], s["control_layers"], s["controller_share"]) == (0.0, 1.0, 0.6)
    assert _controller(fb, "W") == {"kind": "person", "id": "P:r", "name": "name of P:r"}
    assert w["control_layers"] == 1.0 and w["controller_share"] == pytest.approx(0.36)
    assert _row(fb, "UK")["no_person_controller"] == 0.0 and _controller(fb, "UK")["id"] == "P:uk"  # type: ignore[index]
    assert _row(fb, "AM")["controller_share"] == pytest.approx(0.6)


def test_a_cycle_above_is_flagged_and_control_goes_through_it(fb: FeatureBuilder) -> None:
    t2 = _row(fb, "T2")
    assert t2["ownership_cycle_above"] == 1.0 and t2["in_ownership_cycle"] == 0.0
    assert _controller(fb, "T2")["id"] == "P:q" and t2["control_layers"] == 1.0  # type: ignore[index]
    for e in ("A2", "B2", "C2"):
        assert _row(fb, e)["ownership_cycle_above"] == 1.0 and _row(fb, e)["in_ownership_cycle"] == 1.0
    assert _row(fb, "T")["ownership_cycle_above"] == 0.0
    state = fb.state(CUTOFF).control
    assert state is not None
    found = fb.control.cycles_above(state, fb.snap.index["CN:T2"], 8)
    assert sorted(fb.snap.ids[j] for j in found) == ["CN:A2", "CN:B2", "CN:C2"]


def test_no_natural_person_at_the_top(fb: FeatureBuilder) -> None:
    lo, n, none = _row(fb, "L"), _row(fb, "N"), _row(fb, "NONE")
    assert lo["no_person_controller"] == 1.0 and _controller(fb, "L")["id"] == "CN:K"  # type: ignore[index]
    assert lo["control_layers"] == 1.0 and lo["controller_share"] == pytest.approx(0.48)
    assert n["no_person_controller"] == 1.0 and np.isnan(n["controller_share"]) and _controller(fb, "N") is None
    assert np.isnan(none["no_person_controller"])  # no holder on record: unknown, not "no person"


def test_the_controllers_other_enterprises_count_listings_before_the_date(fb: FeatureBuilder) -> None:
    z1, z3, z4 = _row(fb, "Z1"), _row(fb, "Z3"), _row(fb, "Z4")
    assert z1["controller_others"] == 3.0 and z1["controller_others_abnormal"] == 1.0  # Z2 (Z3 listed later)
    assert z3["controller_others_abnormal"] == 2.0 and z4["controller_others_abnormal"] == 2.0
    assert _row(fb, "Z4", LATER)["controller_others_abnormal"] == 3.0
    assert _row(fb, "T")["controller_others"] == 3.0  # P also controls A, B and C


def test_a_holding_counts_from_its_start(fb: FeatureBuilder) -> None:
    before, after = _row(fb, "J"), _row(fb, "J", LATER)
    assert np.isnan(before["no_person_controller"]) and np.isnan(before["controller_share"])
    assert after["no_person_controller"] == 0.0 and after["controller_share"] == 1.0


def test_the_controllers_answer_agrees_on_the_same_holdings(fb: FeatureBuilder) -> None:
    """control.py on the same holdings: the same controller (majority basis, or the holderless parent),
    layers and circular ownership above."""
    held_by: dict[str, list[Holding]] = {}
    for h, e, share, extra in HOLDINGS:
        if extra.get("since") or extra.get("amount") or h == "P:dup":
            continue
        hid, eid = (h if h.startswith("P:") else f"CN:{h}"), f"CN:{e}"
        held_by.setdefault(eid, []).append(Holding(hid, eid, "person" if h.startswith("P:") else "enterprise", h,
                                                   share, natures=extra.get("natures", [])))

    def tree(root: str) -> Tree:
        t, frontier = Tree(root, {}), [root]
        while frontier:
            node = frontier.pop()
            t.holdings[node] = held_by.get(node, [])
            frontier += [x.holder for x in t.holdings[node] if x.kind == "enterprise" and x.holder not in t.holdings]
        return t

    for e in ("T", "C", "B", "D", "S", "W", "T2", "L", "N", "Z1", "UK"):
        report = analyse(tree(f"CN:{e}"))
        row, mine = _row(fb, e), _controller(fb, e)
        c = report["controller"]
        if c and c["basis"] == "majority":
            assert mine is not None and mine["id"] == c["id"] and row["control_layers"] == c["layers"], e
            assert row["concealed_control"] == float(c["concealed"] and c["layers"] >= 2), e
        elif report["controlling_parent"] and not report["controlling_parent"]["has_holders"]:
            assert mine is not None and mine["id"] == report["controlling_parent"]["id"], e
        else:
            assert mine is None, e
        assert row["ownership_cycle_above"] == float(report["circular"]), e


def test_the_reasons_name_the_controller_and_the_chain(fb: FeatureBuilder) -> None:
    def why(e: str) -> dict[str, dict[str, Any]]:
        i = fb.snap.index[f"CN:{e}"]
        return {r["feature"]: r for r in reasons(fb, i, CUTOFF, fb.row(i, CUTOFF), {}, FEATURES, limit=20)}

    t = why("T")["concealed_control"]
    assert "name of P:p" in t["text"] and "3 companies" in t["text"] and "P:p" in t["text"]
    assert [x["id"] for x in t["linked"]] == ["P:p", "CN:A", "CN:B", "CN:C"]
    assert t["linked"][0]["kind"] == "person"
    cycle = why("T2")["ownership_cycle_above"]
    assert {x["id"] for x in cycle["linked"]} == {"CN:A2", "CN:B2", "CN:C2"}
    listed = why("Z4")["controller_others_abnormal"]
    assert [x["id"] for x in listed["linked"]] == ["P:z", "CN:Z1", "CN:Z2"] and "2 enterprise(s)" in listed["text"]
    parent = why("L")["no_person_controller"]
    assert "CN:K" in parent["text"] and [x["id"] for x in parent["linked"]] == ["CN:K", "CN:M"]
    assert "no holder holds a majority" in why("N")["no_person_controller"]["text"]


def test_a_model_trained_before_the_control_features_scores_with_its_own_columns(fb: FeatureBuilder) -> None:
    from sklearn.linear_model import LogisticRegression

    from core.errors import ModelMissing
    from reasoning.enterprises.model import predict

    old = FEATURES[:FEATURES.index("division_mismatch") + 1]
    x = np.nan_to_num(fb.matrix([(i, CUTOFF) for i in range(fb.snap.size)]))
    y = np.arange(fb.snap.size) % 2
    model = LogisticRegression().fit(x[:, :len(old)], y)
    assert np.allclose(predict({"model": model, "features": old}, x), model.predict_proba(x[:, :len(old)])[:, 1])
    with pytest.raises(ModelMissing):
        predict({"model": model, "features": [*old[:-1], "a_feature_no_longer_computed"]}, x)
