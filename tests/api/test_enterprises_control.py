"""Control in the enterprise risk answer, through the HTTP client, on a generated graph ingested and trained:
the generator's planted chain of companies (truth/enterprises/control.jsonl) comes back from
GET /enterprises/{id}/risk with the concealed-control reason naming the controller the controllers answer
names, the chain as linked evidence in order; a planted cycle gives the circular-ownership reason with the
cycle's companies; and the time-ordered evaluation still computes, with the control features in it."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from reasoning.enterprises import model as enterprise_model
from reasoning.enterprises.features import FEATURES
from tests.api_support import bearer, make_keys
from tests.enterprise_support import trained_graph

KINDS = ["cn-registry", "cn-registry-changes", "cn-penalties", "cn-abnormal-list", "uk-companies", "uk-psc",
         "enterprise-verdicts"]
CONTROL = ("concealed_control", "control_layers", "controller_share", "ownership_cycle_above", "controller_others",
           "controller_others_abnormal", "no_person_controller")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    w = trained_graph(tmp_path_factory.mktemp("enterprise-control"), KINDS, 0.12, 3)
    w["settings"].public_rate_limit_per_minute = 0
    cases: dict[str, list[dict[str, Any]]] = {}
    for line in (w["data"] / "truth" / "enterprises" / "control.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        cases.setdefault(case["template"], []).append(case)
    with TestClient(create_app(w["settings"], w["store"])) as client:
        yield {**w, "client": client, "tokens": make_keys(w["settings"]), "cases": cases}
    w["store"].close()


def _get(world: dict[str, Any], enterprise: str, what: str) -> dict[str, Any]:
    r = world["client"].get(f"/api/v1/enterprises/{quote(enterprise, safe='')}/{what}",
                            headers=bearer(world["tokens"]["regulator"]))
    assert r.status_code == 200, r.text
    return r.json()


def test_a_planted_chain_gives_the_concealed_control_reason_with_the_chain(world: dict[str, Any]) -> None:
    for case in world["cases"]["chain"]:
        risk = _get(world, case["target"], "risk")
        why = {r["feature"]: r for r in risk["reasons"]}
        assert "concealed_control" in why, risk["reasons"]
        reason = why["concealed_control"]
        controller = _get(world, case["target"], "controllers")["controller"]
        assert controller["label"] == "actual controller" and controller["layers"] == 3
        assert reason["value"] == 1.0 and controller["name"] in reason["text"] and "3 companies" in reason["text"]
        linked = reason["linked"]
        assert linked[0] == {"kind": "person", "id": controller["id"], "name": controller["name"]}
        # the chain in order, from the controller's company down to the target's direct holder
        path = next(o for o in _get(world, case["target"], "controllers")["owners"] if o["id"] == controller["id"])
        steps = path["paths"][0]["steps"]
        assert [x["id"] for x in linked] == [s["holder"] for s in steps]
        assert all(x["kind"] == "enterprise" for x in linked[1:])


def test_a_planted_cycle_gives_the_circular_ownership_reason_with_its_companies(world: dict[str, Any]) -> None:
    for case in world["cases"]["cycle"]:
        why = {r["feature"]: r for r in _get(world, case["target"], "risk")["reasons"]}
        assert "ownership_cycle_above" in why, why
        assert {x["id"] for x in why["ownership_cycle_above"]["linked"]} == set(case["cycle"])


def test_the_evaluation_still_computes_with_the_control_features(world: dict[str, Any]) -> None:
    assert all(name in FEATURES for name in CONTROL)
    result = enterprise_model.evaluate(world["store"], world["settings"])
    for name, row in result["metrics"].items():
        assert all(math.isfinite(v) for v in row.values()), name
    assert 0.5 < result["metrics"]["model"]["average_precision"] <= 1.0
    trained = world["trained"]["enterprises"] if "enterprises" in world["trained"] else world["trained"]
    assert set(trained["metrics"]) == set(result["metrics"])
