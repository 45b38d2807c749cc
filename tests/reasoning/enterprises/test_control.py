"""Who controls an enterprise (reasoning/enterprises/control.py): on hand-built trees (paths multiplied
and summed, cycles reported and not followed, control through controlled companies, the suspected
controller's bases, the bounds), then on the ownership chains, diamonds and cycles the generator plants
(truth/enterprises/control.jsonl), read from a real graph."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from datagen.enterprises.generate import generate
from graph.store import open_store
from reasoning.enterprises.control import (
    Holding,
    Officer,
    Tree,
    analyse,
    controllers,
    features,
    features_as_of,
)
from reasoning.ingest import ingest
from tests.conftest import make_settings


def _tree(root: str, edges: list[tuple[str, str, float | None]], natures: dict[tuple[str, str], list[str]] | None = None,
          officers: dict[str, list[Officer]] | None = None) -> Tree:
    holdings: dict[str, list[Holding]] = {}
    for holder, held, share in edges:
        kind = "person" if holder.startswith("P:") else "enterprise"
        holdings.setdefault(held, []).append(Holding(holder, held, kind, holder, share,
                                                     natures=(natures or {}).get((holder, held), []),
                                                     fact_ids=[f"SHAREHOLDER_OF:{holder}>{held}"]))
    return Tree(root, holdings, officers=officers or {})


def _owner(report: dict[str, Any], owner: str) -> dict[str, Any]:
    return next(o for o in report["owners"] if o["id"] == owner)


def test_effective_share_multiplies_along_paths_and_sums_over_them() -> None:
    report = analyse(_tree("T", [("A", "T", 0.3), ("B", "T", 0.3), ("P:q", "T", 0.4), ("P:p", "A", 0.5),
                                 ("P:x", "A", 0.5), ("P:p", "B", 0.5), ("P:y", "B", 0.5)]))
    p = _owner(report, "P:p")
    assert p["effective_share"] == pytest.approx(0.3)  # 0.5 x 0.3 twice
    assert len(p["paths"]) == 2 and all(len(path["steps"]) == 2 for path in p["paths"])
    step = p["paths"][0]["steps"]
    assert step[0]["holder"] == "P:p" and step[-1]["held"] == "T"  # from the owner down
    assert step[0]["fact_ids"] and step[1]["fact_ids"]
    assert _owner(report, "P:q")["effective_share"] == pytest.approx(0.4)
    # nobody holds a majority; P:q (0.4 direct) beats P:p (0.3): suspected, labelled so
    c = report["controller"]
    assert c["id"] == "P:q" and c["suspected"] and c["basis"] == "largest_effective_share"
    assert c["label"] == "suspected actual controller" and not c["concealed"]
    assert sorted(report["beneficial_owners"]) == ["P:p", "P:q"]


def test_control_through_controlled_companies_beats_a_larger_effective_share() -> None:
    # P controls A (80%) which controls B (70%) which controls T (60%): 0.336 effective; U holds 40% of T
    report = analyse(_tree("T", [("B", "T", 0.6), ("P:u", "T", 0.4), ("A", "B", 0.7), ("P:s", "B", 0.3),
                                 ("P:p", "A", 0.8), ("P:r", "A", 0.2)]))
    c = report["controller"]
    assert c["id"] == "P:p" and not c["suspected"] and c["basis"] == "majority" and c["label"] == "actual controller"
    assert c["layers"] == 2 and c["concealed"]
    assert c["effective_share"] == pytest.approx(0.8 * 0.7 * 0.6)
    assert _owner(report, "P:u")["effective_share"] > c["effective_share"]
    f = features(report)
    assert f["concealed_control"] == 1.0 and f["control_layers"] == 2.0 and f["suspected_controller"] == 0.0


def test_votes_of_several_controlled_companies_add_up() -> None:
    # P controls A and B (60% each); each holds 30% of T: P controls 60% of T's votes
    report = analyse(_tree("T", [("A", "T", 0.3), ("B", "T", 0.3), ("P:q", "T", 0.4), ("P:p", "A", 0.6),
                                 ("P:x", "A", 0.4), ("P:p", "B", 0.6), ("P:y", "B", 0.4)]))
    assert report["controller"]["id"] == "P:p" and not report["controller"]["suspected"]


def test_a_cycle_is_reported_with_its_facts_and_never_followed() -> None:
    tree = _tree("T", [("B", "T", 0.6), ("P:s", "T", 0.4), ("A", "B", 0.3), ("P:q", "B", 0.7), ("C", "A", 0.2),
                       ("P:p", "A", 0.8), ("B", "C", 0.3), ("P:r", "C", 0.7)])
    report = analyse(tree)
    assert report["circular"] and len(report["cycles"]) == 1
    cycle = report["cycles"][0]
    assert sorted(cycle["members"]) == ["A", "B", "C"] and cycle["members"][0] == "A"
    assert sorted(cycle["fact_ids"]) == sorted(["SHAREHOLDER_OF:A>B", "SHAREHOLDER_OF:C>A", "SHAREHOLDER_OF:B>C"])
    assert _owner(report, "P:r")["effective_share"] == pytest.approx(0.7 * 0.2 * 0.3 * 0.6)
    assert report["controller"]["id"] == "P:q"
    for owner in report["owners"]:  # no path visits a node twice
        for path in owner["paths"]:
            nodes = [s["holder"] for s in path["steps"]] + [path["steps"][-1]["held"]]
            assert len(nodes) == len(set(nodes))
    assert features(report)["circular_ownership_tree"] == 1.0


def test_the_root_inside_a_cycle_and_a_company_holding_itself_terminate() -> None:
    report = analyse(_tree("A", [("B", "A", 0.5), ("A", "B", 0.5), ("P:p", "B", 0.5)]))
    assert report["circular"] and report["cycles"][0]["members"] == ["A", "B"]
    assert _owner(report, "P:p")["effective_share"] == pytest.approx(0.25)


def test_legal_representative_of_a_controlling_parent_without_holders() -> None:
    rep = Officer("P:l", "L", legal_rep=True, chair=True, fact_id="LEGAL_REP_OF:rel:1")
    report = analyse(_tree("T", [("B", "T", 0.6), ("P:q", "T", 0.4), ("C", "B", 0.8), ("P:u", "B", 0.2)],
                           officers={"C": [rep]}))
    c = report["controller"]
    assert c["id"] == "P:l" and c["suspected"] and c["basis"] == "legal_rep_of_parent" and c["layers"] == 2
    assert c["fact_ids"] == ["LEGAL_REP_OF:rel:1"]
    assert report["controlling_parent"]["id"] == "C" and _owner(report, "C")["controls"]


def test_board_control_from_psc_natures_where_nobody_holds_a_majority() -> None:
    natures = {("H", "T"): ["ownership-of-shares-75-to-100-percent"],
               ("P:p", "H"): ["ownership-of-shares-25-to-50-percent", "right-to-appoint-and-remove-directors"],
               ("P:q", "H"): ["ownership-of-shares-25-to-50-percent"]}
    report = analyse(_tree("T", [("H", "T", 0.75), ("P:p", "H", 0.25), ("P:q", "H", 0.25)], natures))
    c = report["controller"]
    assert c["id"] == "P:p" and c["basis"] == "board_control" and c["suspected"] and c["layers"] == 1


def test_a_majority_band_controls_although_its_lower_bound_is_one_half() -> None:
    natures = {("P:p", "T"): ["voting-rights-50-to-75-percent"]}
    report = analyse(_tree("T", [("P:p", "T", 0.5), ("P:q", "T", 0.25)], natures))
    assert report["controller"]["id"] == "P:p" and not report["controller"]["suspected"]


def test_a_tie_names_nobody_and_unknown_shares_count_nothing() -> None:
    report = analyse(_tree("T", [("P:a", "T", 0.5), ("P:b", "T", 0.5), ("P:c", "T", None)]))
    assert report["controller"] is None
    assert _owner(report, "P:c")["effective_share"] == 0.0


def test_path_bound_cuts_and_says_so() -> None:
    edges = [(f"P:{i}", "T", 0.01) for i in range(30)]
    report = analyse(_tree("T", edges), max_paths=10)
    assert report["truncated"] and len(report["owners"]) == 10 and "more than 10" in report["notes"][0]


def test_features_as_of_count_only_holdings_that_began_before_the_cutoff() -> None:
    holdings = {"T": [Holding("A", "T", "enterprise", "A", 0.9, since="2020-01-01"),
                      Holding("P:q", "T", "person", "Q", 0.1, since="2015-01-01")],
                "A": [Holding("P:p", "A", "person", "P", 1.0, since="2021-06-01")]}
    later = features_as_of("T", lambda i: holdings.get(i, []), cutoff="2022-01-01")
    assert later["concealed_control"] == 1.0 and later["control_layers"] == 1.0
    earlier = features_as_of("T", lambda i: holdings.get(i, []), cutoff="2019-01-01")
    assert earlier["concealed_control"] == 0.0 and earlier["controller_effective_share"] == pytest.approx(0.1)


# --- on the generator's planted structures ----------------------------------------------------------
@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("control")
    generate(root / "in", 0.05, 7)
    settings = make_settings(root / "state", batch_size=500)
    store = open_store(settings)
    store.apply_schema()
    for kind in ("cn-registry", "uk-companies", "uk-psc"):
        ingest(store, settings, kind, [root / "in" / kind])
    cases = [json.loads(line) for line in (root / "in" / "truth" / "enterprises" / "control.jsonl").read_text(
        encoding="utf-8").splitlines()]
    yield {"store": store, "settings": settings, "cases": cases}
    store.close()


def _name(text: str | None) -> str:
    return (text or "").casefold()


def test_every_template_is_planted(planted: dict[str, Any]) -> None:
    assert {c["template"] for c in planted["cases"]} == {"chain", "diamond", "cycle", "parent", "uk-board", "uk-chain"}


def test_planted_controllers_effective_shares_and_cycles_are_found(planted: dict[str, Any]) -> None:
    store, settings = planted["store"], planted["settings"]
    for case in planted["cases"]:
        report = controllers(store, settings, case["target"])
        assert report is not None, case["case"]
        expected, got = case["controller"], report["controller"]
        assert got is not None, case["case"]
        assert _name(got["name"]) == _name(expected["name"]), case["case"]
        assert (got["basis"], got["suspected"]) == (expected["basis"], expected["suspected"]), case["case"]
        assert got["layers"] == case["layers"] and got["concealed"] == case["concealed"], case["case"]
        shares = {(_name(o["name"]) if o["kind"] == "person" else o["id"]): o["effective_share"]
                  for o in report["owners"]}
        for e in case["effective"]:
            key = _name(e["name"]) if e["kind"] == "person" else e["id"]
            assert shares.get(key) == pytest.approx(e["share"], abs=1e-6), (case["case"], key)
        owners = {o["id"]: o for o in report["owners"]}
        assert sorted(_name(owners[i]["name"]) for i in report["beneficial_owners"]) == \
            sorted(_name(n) for n in case["beneficial_owners"]), case["case"]
        if case["cycle"]:
            assert report["circular"] and sorted(report["cycles"][0]["members"]) == case["cycle"]
        else:
            assert not report["circular"], case["case"]
        if "parent" in expected:
            assert report["controlling_parent"]["id"] == expected["parent"]
        for name, n in case.get("paths", {}).items():
            assert len(next(o for o in report["owners"] if _name(o["name"]) == _name(name))["paths"]) == n
        assert not report["truncated"]


def test_every_path_step_names_a_stored_fact(planted: dict[str, Any]) -> None:
    store, settings = planted["store"], planted["settings"]
    case = next(c for c in planted["cases"] if c["template"] == "chain")
    report = controllers(store, settings, case["target"])
    steps = [s for o in report["owners"] for p in o["paths"] for s in p["steps"]]
    assert len({s["holder"] for s in steps}) >= 5
    for step in steps:
        fid = step["fact_ids"][0].removeprefix("SHAREHOLDER_OF:")
        rows = store.read("templates/relationship_provenance", {"fid": fid, "limit": 1}, TYPE="SHAREHOLDER_OF")
        assert rows and rows[0]["start_id"] == step["holder"] and rows[0]["end_id"] == step["held"]


def test_depth_bound_reads_no_further_and_says_so(planted: dict[str, Any]) -> None:
    case = next(c for c in planted["cases"] if c["template"] == "chain")
    tight = planted["settings"].model_copy(update={"control_max_depth": 2})
    report = controllers(planted["store"], tight, case["target"])
    assert report["truncated"] and any("above 2 levels" in n for n in report["notes"])
    assert max(n["depth"] for n in report["tree"]["nodes"]) <= 2
