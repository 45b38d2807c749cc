"""Vehicle defect endpoints through the real app (TestClient) with inspector keys: the picker, ranked
and explained components, top pairs, alerts, paging bounds, roles, and 503 before any model is trained."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.keys import KeyStore
from core.settings import Settings
from datagen.vehicles.generate import generate
from graph.store import GraphStore, open_store
from reasoning.ingest import ingest
from reasoning.vehicles import model as defect_model
from reasoning.vehicles.scoring import find_vehicle
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
        ingest(store, settings, kind, [root / "data" / kind])
    # ingest times have one-second resolution and a refresh takes documents of the scoring's second as
    # new (safe side): train in a later second so that only the test's own ingest counts as new
    time.sleep(1.05)
    defect_model.train(store, settings)
    with TestClient(create_app(settings, store)) as c:
        yield c, {**_keys(settings), "root": root}
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
    assert too_big.status_code == 200 and too_big.json()["limit"] == 200  # the server's bound, said in the answer


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


def _surge_rows(root: Path, after: str, n: int) -> tuple[list[str], str]:
    """n complaints on one generated row's vehicle and component, received in the month after `after`."""
    import datetime as dt

    line = next(ln for ln in (root / "data/nhtsa-complaints/COMPLAINTS_RECEIVED_2021-2024.txt").read_text(
        encoding="utf-8").splitlines() if ln.count("\t") == 50)
    rows = []
    for i in range(n):
        cols = line.split("\t")
        day = (dt.date.fromisoformat(after) + dt.timedelta(days=3 + 2 * i)).strftime("%Y%m%d")
        cols[1], cols[7], cols[15], cols[16] = str(90_000_000 + i), day, day, day
        cols[19] = "THE VEHICLE STALLED ON THE HIGHWAY WITHOUT WARNING."
        rows.append("\t".join(cols))
    return rows, line.split("\t")[11].split(":")[0]


def test_new_complaints_refresh_top_and_alerts_without_retraining(
        client: tuple[TestClient, dict[str, Any]]) -> None:
    c, keys = client
    store, settings = c.app.state.store, c.app.state.settings
    before_top = c.get("/api/v1/defects/top", params={"limit": 200}, headers=keys["inspector"]).json()
    before_alerts = c.get("/api/v1/defects/alerts", params={"limit": 200}, headers=keys["inspector"]).json()
    rows, system = _surge_rows(keys["root"], before_top["as_of"], 12)
    vehicle = rows[0].split("\t")
    new = keys["root"] / "new" / "complaints.txt"
    new.parent.mkdir()
    new.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    summary = ingest(store, settings, "nhtsa-complaints", [new])
    assert summary.written == 12 and summary.after_ingest["rescored_pairs"] >= 1
    assert summary.after_ingest["rescored_vehicles"] == 1  # only the model these complaints name
    pair = find_vehicle(store, vehicle[3], vehicle[4], vehicle[5])
    assert pair is not None

    def mine(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [i for i in items if i["vehicle"] == pair["id"] and i["system"] == system]

    assert not mine(before_alerts["alerts"]["items"])
    alerts = c.get("/api/v1/defects/alerts", params={"limit": 200}, headers=keys["inspector"]).json()
    assert alerts["model_version"] == before_alerts["model_version"]  # no retraining
    assert alerts["as_of"] > before_alerts["as_of"]
    surge = mine(alerts["alerts"]["items"])
    assert surge and surge[0]["recent"] >= 12
    top = c.get("/api/v1/defects/top", params={"limit": 200, "since": before_top["as_of"]},
                headers=keys["inspector"]).json()
    fresh = mine(top["pairs"]["items"])
    assert fresh and fresh[0]["last_complaint"] > before_top["as_of"]
    assert fresh[0]["complaints"] >= 12
    # the vehicle's own page, as of the refreshed date, agrees with the stored score
    page = c.get(f"/api/v1/vehicles/{vehicle[3]}/{vehicle[4]}/{vehicle[5]}/defects", params={"limit": 50},
                 headers=keys["inspector"]).json()
    assert page["as_of"] == top["as_of"]
    live = [i for i in page["components"]["items"] if i["system"] == system]
    assert live[0]["probability"] == fresh[0]["probability"] and live[0]["surge"]["recent"] == surge[0]["recent"]
    # a second run of the same file writes nothing; at most the same model is rescored again (ingest
    # times have one-second resolution, so documents of the same second count as new)
    again = ingest(store, settings, "nhtsa-complaints", [new])
    assert again.written == 0 and again.after_ingest["rescored_vehicles"] <= 1


def test_503_before_any_model_is_trained(falkor_store: GraphStore, settings: Settings) -> None:
    keys = _keys(settings)
    with TestClient(create_app(settings, falkor_store)) as c:
        r = c.get("/api/v1/defects/alerts", headers=keys["inspector"])
        assert r.status_code == 503 and "riskgraph train defects" in r.text
