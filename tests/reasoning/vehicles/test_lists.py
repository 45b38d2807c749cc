"""The inspector's vehicle lists (reasoning/vehicles/catalogue.py, top_pairs.py, defects.py): vehicles
of a make written any way, the riskiest pairs since a date, one vehicle's components."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from reasoning.vehicles import defects as vehicle_defects_module
from reasoning.vehicles.catalogue import vehicles
from reasoning.vehicles.defects import vehicle_defects
from reasoning.vehicles.top_pairs import pairs_since


class FixedStore:
    def __init__(self, **answers: list[dict[str, Any]]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def read(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        self.calls.append((name, params or {}))
        return list(self.answers.get(name, []))


CRV = {"id": "vehicle:honda|crv|2017", "make": "HONDA", "model": "CR-V", "year": 2017, "name": "HONDA CR-V 2017"}


def test_vehicles_of_a_make_written_as_an_alias() -> None:
    store = FixedStore(vehicle_list_by_make=[CRV])
    assert vehicles(store, "VW", 5, 11) == [CRV]
    assert store.calls == [("vehicle_list_by_make", {"skip": 5, "limit": 11, "make_id": "make:volkswagen"})]
    vehicles(store, "丰田", 0, 2)
    assert store.calls[-1][1]["make_id"] == "make:toyota"


def test_every_vehicle_without_a_make() -> None:
    store = FixedStore(vehicle_list=[CRV])
    assert vehicles(store, None, 0, 51) == [CRV]
    assert vehicles(store, "", 0, 51) == [CRV]
    assert [c[0] for c in store.calls] == ["vehicle_list", "vehicle_list"]


SCORES = [{"vehicle": "v1", "system": "AIR BAGS", "probability": 0.9, "last_complaint": "2021-11-02"},
          {"vehicle": "v2", "system": "ENGINE", "probability": 0.8, "last_complaint": None},
          {"vehicle": "v3", "system": "BRAKES", "probability": 0.7, "last_complaint": "2020-12-31"}]


def test_pairs_since_a_date_keep_their_order_and_drop_older_or_silent_ones() -> None:
    assert [r["vehicle"] for r in pairs_since(SCORES, dt.date(2021, 1, 1))] == ["v1"]
    assert [r["vehicle"] for r in pairs_since(SCORES, dt.date(2020, 12, 31))] == ["v1", "v3"]
    assert pairs_since(SCORES, None) == SCORES


def test_an_unknown_vehicle_has_no_defects() -> None:
    store = FixedStore(vehicle_get=[])
    assert vehicle_defects(store, None, "NOBODY", "X", 2000, "2024-01-01") is None  # type: ignore[arg-type]


def test_a_vehicle_is_scored_as_of_the_date_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, str]] = []

    def score(store: Any, art: Any, vid: str, as_of: str) -> list[dict[str, Any]]:
        asked.append((vid, as_of))
        return [{"system": "AIR BAGS", "probability": 0.9}]

    monkeypatch.setattr(vehicle_defects_module, "score_vehicle", score)
    found = vehicle_defects(FixedStore(vehicle_get=[CRV]), object(), "honda", "crv", 2017, "2022-06-30")  # type: ignore[arg-type]
    assert found is not None
    assert found.vehicle == {"id": "vehicle:honda|crv|2017", "make": "HONDA", "model": "CR-V", "year": 2017}
    assert found.as_of == "2022-06-30" and found.components == [{"system": "AIR BAGS", "probability": 0.9}]
    assert asked == [("vehicle:honda|crv|2017", "2022-06-30")]
