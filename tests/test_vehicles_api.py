"""Vehicle defect endpoints through the real app (TestClient) with inspector keys: the picker, ranked
and explained components, top pairs, alerts, paging bounds, roles, and 503 before any model is trained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.keys import KeyStore
from core.settings import Settings
from datagen.vehicles import generate
from extraction.registry import get_kind
from graph.loader import Loader
from graph.store import GraphStore, open_store
from reasoning import defect_model
from tests.conftest import make_settings

KINDS = ["nhtsa-complaints", "nhtsa-recalls", "nhtsa-investigations", "nhtsa-tsbs", "cn-recall-notices",
         "cn-complaints"]


def _keys(settings: Settings) -> dict[str, dict[str, str]]:
    store = KeyStore(Path(settings.data_dir) / "keys.json")
    return {role: {"Authorization": f"Bearer {store.create(role)[1]}"} for role in ("inspector", "regulator")}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("vehicles-api")
    generate(root / "data", 0.3, 5)
    settings = make_settings(root / "state", batch_size=1000)
    store = open_store(settings)
    store.apply_schema()
    for kind in KINDS:
        Loader(store, settings).ingest(get_kind(kind), [root / "data" / kind])
    defect_model.train(store, settings)
    with TestClient(create_app(settings, store)) as c:
        yield c, _keys(settings)
    store.close()


def test_vehicle_picker_pages_and_aliases(client: tuple[TestClient, dict[str, Any]]) -> None:
    c, keys = client
    first = c.get("/api/v1/vehicles", params={"limit": 5}, headers=keys["inspector"]).json()
    assert len(first["items"]) == 5 and first["next_offset"] == 5
    second = c.get("/api/v1/vehicles", params={"limit": 5, "offset": 5}, headers=keys["inspector"]).json()
    assert not {v["id"] for v in first["items"]} & {v["id"] for v in second["items"]}
    vw = c.get("/api/v1/vehicles", params={"make": "vw", "limit": 50}, headers=keys["inspector"]).json()["items"]
    assert vw and {v["make"] for v in vw} == {"VOLKSWAGEN"}
    zh = c.get("/api/v1/vehicles", params={"make": "大众", "limit": 50}, headers=keys["inspector"]).json()["items"]
    assert zh == vw
    too_big = c.get("/api/v1/vehicles", params={"limit": 100_000}, headers=keys["inspector"])
    assert too_big.status_code == 422 and "limit" in too_big.text


def test_vehicle_defects_ranked_with_explanations(client: tuple[TestClient, dict[str, Any]]) -> None:
    c, keys = client
    top = c.get("/api/v1/defects/top", params={"limit": 3}, headers=keys["inspector"]).json()
    pair = top["pairs"]["items"][0]
    r = c.get(f"/api/v1/vehicles/{pair['make']}/{pair['model']}/{pair['year']}/defects", headers=keys["inspector"])
    assert r.status_code == 200, r.text
    out = r.json()
    items = out["components"]["items"]
    probabilities = [i["probability"] for i in items]
    assert probabilities == sorted(probabilities, reverse=True)
    assert items[0]["contributions"] and items[0]["contributions"][0]["description"]
    evidence = [e for i in items for e in i["evidence"]]
    assert evidence
    fact = c.get(f"/api/v1/evidence/{evidence[0]['fact_id']}", headers=keys["inspector"])
    assert fact.status_code == 200 and fact.json()["evidence"][0]["span_start"] is not None


def test_top_since_and_alerts(client: tuple[TestClient, dict[str, Any]]) -> None:
    c, keys = client
    all_pairs = c.get("/api/v1/defects/top", params={"limit": 200}, headers=keys["inspector"]).json()
    recent = c.get("/api/v1/defects/top", params={"limit": 200, "since": "2024-06-01"},
                   headers=keys["inspector"]).json()
    assert 0 < recent["pairs"]["total"] < all_pairs["pairs"]["total"]
    assert all(p["last_complaint"] >= "2024-06-01" for p in recent["pairs"]["items"])
    probs = [p["probability"] for p in all_pairs["pairs"]["items"]]
    assert probs == sorted(probs, reverse=True)
    alerts = c.get("/api/v1/defects/alerts", headers=keys["inspector"]).json()
    for a in alerts["alerts"]["items"]:
        assert a["recent"] >= 3 and a["recent"] > a["expected"] and a["p_value"] < 0.01
    bad = c.get("/api/v1/defects/top", params={"since": "last tuesday"}, headers=keys["inspector"])
    assert bad.status_code == 422


def test_roles_and_unknown_vehicle(client: tuple[TestClient, dict[str, Any]]) -> None:
    c, keys = client
    assert c.get("/api/v1/defects/top").status_code == 401
    assert c.get("/api/v1/defects/top", headers=keys["regulator"]).status_code == 403
    r = c.get("/api/v1/vehicles/NOSUCH/CAR/2019/defects", headers=keys["inspector"])
    assert r.status_code == 404 and "/api/v1/vehicles" in r.text


def test_503_before_any_model_is_trained(falkor_store: GraphStore, settings: Settings) -> None:
    keys = _keys(settings)
    with TestClient(create_app(settings, falkor_store)) as c:
        r = c.get("/api/v1/defects/alerts", headers=keys["inspector"])
        assert r.status_code == 503 and "riskgraph train defects" in r.text
