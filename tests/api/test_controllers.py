"""GET /api/v1/enterprises/{id}/controllers through the HTTP client, on the generator's planted ownership
structures: the controller (actual or suspected, labelled), effective shares, circular ownership, the
drawn tree, every path step's fact resolvable through /evidence, and the role and 404 answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from datagen.enterprises.generate import generate
from graph.store import open_store
from reasoning.ingest import ingest
from tests.api_support import bearer, make_keys
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("controllers")
    generate(root / "in", 0.05, 11)
    settings = make_settings(root / "state", batch_size=500, public_rate_limit_per_minute=0)
    store = open_store(settings)
    store.apply_schema()
    for kind in ("cn-registry", "uk-companies", "uk-psc"):
        ingest(store, settings, kind, [root / "in" / kind])
    cases = {c["template"]: c for c in (json.loads(line) for line in (root / "in" / "truth" / "enterprises" /
                                                                       "control.jsonl").read_text().splitlines())}
    with TestClient(create_app(settings, store)) as client:
        yield {"client": client, "tokens": make_keys(settings), "cases": cases}
    store.close()


def _get(world: dict[str, Any], enterprise: str, role: str = "regulator") -> Any:
    return world["client"].get(f"/api/v1/enterprises/{quote(enterprise, safe='')}/controllers",
                               headers=bearer(world["tokens"][role]))


def test_a_chain_names_the_actual_controller_with_every_path_as_evidence(world: dict[str, Any]) -> None:
    case = world["cases"]["chain"]
    r = _get(world, case["target"])
    assert r.status_code == 200, r.text
    body = r.json()
    c = body["controller"]
    assert c["name"] == case["controller"]["name"] and c["label"] == "actual controller" and not c["suspected"]
    assert c["layers"] == 3 and c["concealed"] and c["effective_share"] == pytest.approx(0.8 * 0.7 * 0.6 * 0.9)
    assert body["features"]["concealed_control"] == 1.0 and body["features"]["control_layers"] == 3.0
    owner = next(o for o in body["owners"] if o["id"] == c["id"])
    steps = owner["paths"][0]["steps"]
    assert [s["held"] for s in steps][-1] == case["target"] and len(steps) == 4
    assert steps[0]["holder"] == c["id"] and all(a["held"] == b["holder"] for a, b in zip(steps, steps[1:], strict=False))
    for step in steps:  # each holding is a stored fact with its source record
        fact = world["client"].get(f"/api/v1/evidence/{quote(step['fact_ids'][0], safe='')}",
                                   headers=bearer(world["tokens"]["regulator"]))
        assert fact.status_code == 200 and step["holder_name"] in fact.json()["evidence"][0]["snippet"]
    ids = {n["id"] for n in body["tree"]["nodes"]}
    assert case["target"] in ids and set(case["enterprises"]) <= ids
    assert all(e["source"] in ids and e["target"] in ids for e in body["tree"]["edges"])
    assert body["bounds"] == {"max_depth": 8, "max_holders": 50, "max_paths": 2000} and not body["truncated"]


def test_a_cycle_is_reported_and_a_suspected_controller_is_labelled(world: dict[str, Any]) -> None:
    cycle = _get(world, world["cases"]["cycle"]["target"]).json()
    assert cycle["circular"] and sorted(cycle["cycles"][0]["members"]) == world["cases"]["cycle"]["cycle"]
    assert all(n for n in cycle["cycles"][0]["names"]) and len(cycle["cycles"][0]["fact_ids"]) == 3
    assert cycle["features"]["circular_ownership_tree"] == 1.0
    diamond = _get(world, world["cases"]["diamond"]["target"]).json()["controller"]
    assert diamond["label"] == "suspected actual controller" and diamond["basis"] == "largest_effective_share"
    parent = _get(world, world["cases"]["parent"]["target"]).json()
    assert parent["controller"]["basis"] == "legal_rep_of_parent" and parent["controller"]["suspected"]
    assert parent["controlling_parent"]["id"] == world["cases"]["parent"]["controller"]["parent"]
    board = _get(world, world["cases"]["uk-board"]["target"]).json()["controller"]
    assert board["basis"] == "board_control" and board["suspected"]


def test_unknown_enterprises_and_other_roles_are_refused(world: dict[str, Any]) -> None:
    missing = _get(world, "CN:NOSUCHCODE")
    assert missing.status_code == 404 and "CN:NOSUCHCODE" in missing.json()["detail"]
    target = world["cases"]["chain"]["target"]
    assert _get(world, target, "inspector").status_code == 403
    assert world["client"].get(f"/api/v1/enterprises/{target}/controllers").status_code == 401
    assert _get(world, target, "admin").status_code == 200
