"""The enterprise domain end to end on a small generated set: ingest (rejects, invalid codes, name
resolution), training (the model beats the rule baselines on later verdicts), clusters, divisions,
the extraction evaluation, and the regulator API."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.keys import KeyStore
from core.settings import Settings
from extraction.enterprises.evaluate import evaluate as evaluate_extraction
from graph.loader import Loader
from graph.store import GraphStore
from reasoning.enterprises import store as enterprise_store
from reasoning.enterprises.features import FeatureBuilder
from reasoning.enterprises.model import LEVELS, ranked, score_rows
from reasoning.enterprises.snapshot import load_snapshot
from tests.enterprise_support import trained_graph

KINDS = ["cn-registry", "cn-registry-changes", "cn-penalties", "cn-abnormal-list", "uk-companies", "uk-psc",
         "enterprise-verdicts"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    world = trained_graph(tmp_path_factory.mktemp("enterprises"), KINDS, 0.12, 3)
    yield {**world, "truth": world["data"] / "truth" / "enterprises"}
    world["store"].close()


def _rejects(settings: Settings, kind: str) -> list[dict[str, Any]]:
    path = settings.rejects_dir / f"{kind}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_malformed_records_go_to_the_reject_file_with_reasons(world: dict[str, Any]) -> None:
    rejects = _rejects(world["settings"], "cn-registry")
    reasons = " | ".join(r["reason"] for r in rejects)
    assert len(rejects) == 3
    assert "not valid JSON" in reasons and "no 企业名称 and no 统一社会信用代码" in reasons and "has 2 fields" in reasons
    assert all(r["record_id"] and r["line"] > 0 for r in rejects)
    changes = _rejects(world["settings"], "cn-registry-changes")
    assert [r["reason"] for r in changes] == [f"{changes[0]['record_id']}: 变更日期 '不是日期' is not a date"]
    ingest = world["ingests"]["cn-registry"]
    assert ingest.written == world["summary"]["cn_enterprises"]  # every good record is in, the bad ones apart


def test_invalid_codes_are_kept_flagged_and_reported(world: dict[str, Any]) -> None:
    planted = [json.loads(line)["id"] for line in (world["truth"] / "invalid_codes.jsonl").read_text().splitlines()]
    report = world["ingests"]["cn-registry"].after_ingest
    assert report["invalid_codes"] == len(planted) > 0
    row = world["store"].read("enterprise_risk", {"id": planted[0]})[0]
    assert row["code_valid"] is False and "GB 32100-2015 gives" in row["code_issue"]


def test_name_only_shareholders_resolve_to_the_registered_enterprise(world: dict[str, Any]) -> None:
    variants = [json.loads(line) for line in (world["truth"] / "name_variants.jsonl").read_text().splitlines()]
    assert variants
    resolved = 0
    for v in variants:
        from extraction.common.names import enterprise_id

        row = world["store"].read("enterprise_risk", {"id": enterprise_id(v["name"])})
        if row and row[0]["id"] == v["id"]:
            resolved += 1
            assert row[0]["same_as_score"] >= 0.9 and "match probability" in row[0]["same_as_evidence"]
    assert resolved >= 0.8 * len(variants)


def test_model_beats_the_rule_baselines_on_later_verdicts(world: dict[str, Any]) -> None:
    metrics = world["trained"]["metrics"]
    split = world["trained"]["split"]
    assert split["test_from"] > split["train_until"]
    assert 0 < split["test_abnormal"] < split["test"]
    model = metrics["model"]
    for name, rule in metrics.items():
        if name.startswith("rule"):
            assert model["average_precision"] > rule["average_precision"], name
            assert model["roc_auc"] >= rule["roc_auc"], name


def test_model_file_is_versioned_with_its_metrics(world: dict[str, Any]) -> None:
    folder = world["settings"].models_dir / "enterprises"
    latest = json.loads((folder / "latest.json").read_text())
    version = folder / f"v{latest['version']}"
    assert (version / "model.joblib").exists()
    saved = json.loads((version / "meta.json").read_text())
    assert saved["version"] == latest["version"] and saved["trained_at"]
    assert saved["metrics"]["metrics"]["model"] == world["trained"]["metrics"]["model"]


def test_each_planted_ring_is_found_as_one_cluster(world: dict[str, Any]) -> None:
    rings = json.loads((world["truth"] / "rings.json").read_text())
    store = world["store"]
    for ring in rings:
        rows = store.read("cluster_of_enterprises", {"ids": ring["members"]})
        clusters = Counter(r["cluster"] for r in rows)
        cluster, n = clusters.most_common(1)[0]
        assert cluster is not None and n == len(ring["members"]), ring["ring"]
        members = store.read("cluster_members", {"ids": [cluster]})
        assert {m["id"] for m in members} == set(ring["members"]), ring["ring"]


def test_business_centres_and_groups_are_mostly_not_red(world: dict[str, Any]) -> None:
    lookalikes = json.loads((world["truth"] / "lookalikes.json").read_text())
    ids = [m for group in lookalikes for m in group["members"]]
    levels = Counter(r["level"] for r in world["store"].read("cluster_of_enterprises", {"ids": ids}))
    assert levels["red"] < 0.2 * len(ids)


def test_division_counts_roll_up(world: dict[str, Any]) -> None:
    rows = world["store"].read("region_open_data", {"skip": 0, "limit": 1000})
    by_code = {r["code"]: r for r in rows}
    for r in rows:
        assert r["enterprises"] == r["red"] + r["yellow"] + r["green"]
    provinces = [r for r in rows if r["level"] == "province"]
    assert sum(r["enterprises"] for r in provinces) + sum(
        r["enterprises"] for r in rows if r["level"] == "postcode_area") == world["trained"]["scoring"]["enterprises"]
    assert by_code  # at least one division


def test_extraction_evaluation_reports_precision_and_recall_per_field(world: dict[str, Any]) -> None:
    result = evaluate_extraction(world["settings"], world["data"])
    assert result["records"] > 10
    for field, figures in result["fields"].items():
        assert figures["precision"] >= 0.9 and figures["recall"] >= 0.9, field
    assert result["resolution"]["recall"] >= 0.8


# --- API ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api(world: dict[str, Any]) -> Iterator[tuple[TestClient, dict[str, str], dict[str, str]]]:
    settings = world["settings"]
    keys = KeyStore(Path(settings.data_dir) / "keys.json")
    _, regulator = keys.create("regulator")
    _, inspector = keys.create("inspector")
    with TestClient(create_app(settings, world["store"])) as client:
        yield client, {"Authorization": f"Bearer {regulator}"}, {"Authorization": f"Bearer {inspector}"}


def _ring(world: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in json.loads((world["truth"] / "rings.json").read_text()) if r["ring"].startswith("ring"))


def test_every_stored_score_level_rank_and_reason_is_what_scoring_the_one_enterprise_gives(
        world: dict[str, Any]) -> None:
    """Scoring every enterprise writes each score with its rank in one write: the stored figures are the
    ones `riskgraph score enterprise ID` computes, and the ranks number each level riskiest first, ties
    by id."""
    store, settings = world["store"], world["settings"]
    snap = load_snapshot(store)
    expected = score_rows(FeatureBuilder(snap), enterprise_store.load(settings), np.arange(snap.size),
                          date.today().toordinal() + 1, settings)
    stored = {r["id"]: (r["score"], level, r["rank"]) for level in LEVELS
              for r in store.read("enterprise_level_scores", {"level": level})}
    assert {r["id"]: (r["score"], r["level"]) for r in expected} == {i: s[:2] for i, s in stored.items()}
    for level in LEVELS:
        entries = [(r["id"], r["score"]) for r in expected if r["level"] == level]
        assert [(i, stored[i][2]) for i, _ in ranked(entries)] == ranked(entries)
    with_reasons = [r for r in expected if r["reasons"]][:20]
    assert with_reasons
    for r in with_reasons:
        assert json.loads(store.read("enterprise_risk", {"id": r["id"]})[0]["reasons"]) == r["reasons"]


def test_api_needs_the_regulator_role(world: dict[str, Any], api: Any) -> None:
    client, regulator, inspector = api
    eid = _ring(world)["members"][0]
    assert client.get(f"/api/v1/enterprises/{eid}/risk").status_code == 401
    assert client.get(f"/api/v1/enterprises/{eid}/risk", headers=inspector).status_code == 403
    assert client.get(f"/api/v1/enterprises/{eid}/risk", headers=regulator).status_code == 200


def test_api_risk_has_level_and_reasons_with_linked_entities(world: dict[str, Any], api: Any) -> None:
    client, regulator, _ = api
    ring = _ring(world)
    body = client.get(f"/api/v1/enterprises/{ring['members'][0]}/risk", headers=regulator).json()
    assert body["level"] == "red" and 0 <= body["score"] <= 1
    assert body["reasons"] and all(r["text"] for r in body["reasons"])
    linked = {item["id"] for r in body["reasons"] for item in r["linked"]}
    assert linked & set(ring["members"])  # the reasons point at the ring's other members
    missing = client.get("/api/v1/enterprises/CN:91350100M000100Y43/risk", headers=regulator)
    assert missing.status_code == 404 and "no enterprise" in missing.json()["detail"]


def test_api_network_is_bounded_and_coloured(world: dict[str, Any], api: Any) -> None:
    client, regulator, _ = api
    ring = _ring(world)
    body = client.get(f"/api/v1/enterprises/{ring['members'][0]}/network?depth=2", headers=regulator).json()
    enterprises = {n["id"] for n in body["nodes"] if n["kind"] == "enterprise"}
    assert set(ring["members"]) <= enterprises
    assert all(n["level"] in ("red", "yellow", "green") for n in body["nodes"] if n["kind"] == "enterprise")
    assert {e["kind"] for e in body["edges"]} >= {"registered_at", "phone"}
    ids = {n["id"] for n in body["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    world["settings"].max_graph_nodes = 5
    try:
        small = client.get(f"/api/v1/enterprises/{ring['members'][0]}/network?depth=3", headers=regulator).json()
    finally:
        world["settings"].max_graph_nodes = 300
    assert small["truncated"] is True and len(small["nodes"]) == 5 and small["total_nodes"] > 5
    only = client.get(f"/api/v1/enterprises/{ring['members'][0]}/network?via=address", headers=regulator).json()
    assert {n["kind"] for n in only["nodes"]} == {"enterprise", "address"}
    assert client.get(f"/api/v1/enterprises/{ring['members'][0]}/network?depth=4", headers=regulator).status_code == 422


def test_api_network_cuts_hubs_such_as_business_centres(world: dict[str, Any], api: Any) -> None:
    client, regulator, _ = api
    centre = next(g for g in json.loads((world["truth"] / "lookalikes.json").read_text())
                  if g.get("centre") and len(g["members"]) > 6)
    url = f"/api/v1/enterprises/{centre['members'][0]}/network?depth=1&via=address"
    world["settings"].enterprise_hub_cap = 200
    try:
        whole = client.get(url, headers=regulator).json()
        world["settings"].enterprise_hub_cap = 3
        cut = client.get(url, headers=regulator).json()
    finally:
        world["settings"].enterprise_hub_cap = 25
    assert whole["truncated"] is False and len(whole["nodes"]) >= 6
    firms = [n for n in cut["nodes"] if n["kind"] == "enterprise" and n["depth"] == 1]
    assert cut["truncated"] is True and len(firms) == 3
    # the riskiest firms of the hub are the ones kept
    shown = sorted((n["score"] for n in whole["nodes"] if n["kind"] == "enterprise" and n["depth"] == 1),
                   reverse=True)
    assert sorted((n["score"] for n in firms), reverse=True) == shown[:3]


def test_api_watchlist_pages_cover_the_level_once_in_score_order(world: dict[str, Any], api: Any) -> None:
    client, regulator, _ = api
    seen: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = client.get(f"/api/v1/enterprises/watchlist?level=yellow&limit=7&offset={offset}",
                          headers=regulator).json()
        seen += page["items"]
        if page["next_offset"] is None:
            break
        offset = page["next_offset"]
    ids = [i["id"] for i in seen]
    assert len(ids) == len(set(ids)) == page["total"] > 7
    assert [i["score"] for i in seen] == sorted((i["score"] for i in seen), reverse=True)
    assert {i["level"] for i in seen} == {"yellow"}


def test_api_paths_between_ring_members_and_unrelated(world: dict[str, Any], api: Any) -> None:
    client, regulator, _ = api
    rings = [r for r in json.loads((world["truth"] / "rings.json").read_text()) if r["ring"].startswith("ring")]
    a, b = rings[0]["members"][0], rings[0]["members"][-1]
    body = client.get(f"/api/v1/enterprises/{a}/paths/{b}", headers=regulator).json()
    assert body["connected"] and body["hops"] == 1 and body["steps"][0]["via_kind"] in ("address", "phone", "person")
    other = client.get(f"/api/v1/enterprises/{a}/paths/{rings[1]['members'][0]}", headers=regulator).json()
    assert other["connected"] is False


def test_api_watchlist_clusters_and_regions_are_paged(world: dict[str, Any], api: Any) -> None:
    client, regulator, _ = api
    page = client.get("/api/v1/enterprises/watchlist?level=red&limit=5", headers=regulator).json()
    assert len(page["items"]) == 5 and page["total"] >= 5 and page["next_offset"] == 5
    scores = [i["score"] for i in page["items"]]
    assert scores == sorted(scores, reverse=True) and all(i["level"] == "red" for i in page["items"])
    too_big = client.get("/api/v1/enterprises/watchlist?limit=100000", headers=regulator)
    assert too_big.status_code == 200 and too_big.json()["limit"] == 200  # the server's bound, said in the answer
    clusters = client.get("/api/v1/clusters/top?limit=2", headers=regulator).json()
    assert [c["rank"] for c in clusters["items"]] == [1, 2] and clusters["items"][0]["top_members"]
    second = client.get("/api/v1/clusters/top?limit=2&offset=2", headers=regulator).json()
    assert second["items"][0]["rank"] == 3
    division = _ring(world)["division"]
    province = division[:2] + "0000"
    region = client.get(f"/api/v1/regions/{province}", headers=regulator).json()
    assert region["counts"]["red"] >= 1 and region["top"]["items"][0]["level"] == "red"
    assert client.get("/api/v1/regions/999999", headers=regulator).status_code == 404
    assert client.get("/api/v1/regions/abc", headers=regulator).status_code == 422


def test_api_search_by_name_variant_code_and_person(world: dict[str, Any], api: Any) -> None:
    client, regulator, _ = api
    ring = _ring(world)
    risk = client.get(f"/api/v1/enterprises/{ring['members'][0]}/risk", headers=regulator).json()
    name, code = risk["name"], risk["code"]
    for q in (name, name.replace("有限公司", "有限责任公司"), " ".join(code[i:i + 6] for i in range(0, 18, 6))):
        items = client.get("/api/v1/enterprises", params={"q": q}, headers=regulator).json()["items"]
        assert items[0]["id"] == ring["members"][0], q
    network = client.get(f"/api/v1/enterprises/{ring['members'][0]}/network?via=person", headers=regulator).json()
    person = next(n for n in network["nodes"] if n["kind"] == "person")
    found = client.get("/api/v1/enterprises", params={"q": person["label"]}, headers=regulator).json()["items"]
    assert any(h["matched_on"] == "person" and h["id"] in ring["members"] for h in found)


def test_api_answers_503_until_a_model_is_trained(tmp_path: Path, falkor_store: GraphStore, settings: Settings) -> None:
    _, token = KeyStore(Path(settings.data_dir) / "keys.json").create("regulator")
    with TestClient(create_app(settings, falkor_store)) as client:
        r = client.get("/api/v1/enterprises/watchlist", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 503 and "riskgraph train enterprises" in r.json()["detail"]


def test_a_vehicle_manufacturer_known_by_name_reaches_its_registered_enterprise(world: dict[str, Any]) -> None:
    from datagen.enterprises.generate import _manufacturers
    from extraction.common.names import enterprise_id
    from extraction.enterprises.resolution import resolve_names
    from graph.records import Document, Extraction, Node

    makers = _manufacturers()
    if not makers:
        pytest.skip("the vehicle domain's makes.yaml is absent")
    name = makers[0]
    doc = Document("cn-recall-notices", "n.txt", "1", f"{name}召回", "2022-01-01", "zh")
    node = Node("Enterprise", enterprise_id(name), {"name": name})
    Loader(world["store"], world["settings"]).write_extractions([Extraction(doc, "test", "1", [node])])
    resolve_names(world["store"])
    row = world["store"].read("enterprise_risk", {"id": enterprise_id(name)})[0]
    assert row["id"].startswith("CN:") and row["name"] == name and row["same_as_score"] > 0.99  # the match model's probability
