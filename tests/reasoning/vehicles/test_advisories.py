"""The do-not-drive and park-outside advisories of NHTSA's current recall file: a severity feature of the
pair (counted only before the as-of date) and said in the explanation (evidence notes, advisories)."""

from __future__ import annotations

from typing import Any

from reasoning.vehicles.features import FEATURE_TEXT, FEATURES, GraphData, VehicleData, pair_features
from reasoning.vehicles.scoring import _evidence, advisories, advisory_words

V = "vehicle:a|x|2018"


def _recall(rid: str, day: str, **flags: Any) -> dict[str, Any]:
    return {"vehicle": V, "kind": "Recall", "id": rid, "date": day, "system": "FUEL/PROPULSION SYSTEM",
            "campno": rid.removeprefix("recall:"), "fid": f"f-{rid}", "doc_id": "d", "span_start": 0, "span_end": 3,
            **flags}


def _data(*docs: dict[str, Any]) -> GraphData:
    v = VehicleData(V)
    v.documents["FUEL/PROPULSION SYSTEM"] = list(docs)
    return GraphData({V: v}, {})


def test_the_advisory_feature_counts_flagged_recalls_before_the_date() -> None:
    assert "recall_advisory" in FEATURES and FEATURE_TEXT["recall_advisory"]
    data = _data(_recall("recall:19V001000", "2019-03-01", park_outside=True),
                 _recall("recall:20V002000", "2020-05-01", do_not_drive=True, park_outside=False),
                 _recall("recall:21V003000", "2021-01-01", do_not_drive=False, park_outside=False))
    values = [pair_features(data, V, "FUEL/PROPULSION SYSTEM", day).values["recall_advisory"]
              for day in ("2019-01-01", "2019-06-01", "2022-01-01")]
    assert values == [0.0, 1.0, 2.0]


def test_the_explanation_says_the_advice() -> None:
    data = _data(_recall("recall:19V001000", "2019-03-01", park_outside=True),
                 _recall("recall:21V003000", "2021-01-01"),
                 _recall("recall:20V002000", "2020-05-01", do_not_drive=True, park_outside=True))
    pf = pair_features(data, V, "FUEL/PROPULSION SYSTEM", "2022-01-01")
    said = advisories(pf)
    assert [(a["campaign"], a["advice"]) for a in said] == [("19V001000", "park outside"),
                                                            ("20V002000", "do not drive and park outside")]
    notes = [e["note"] for e in _evidence(pf)]
    assert notes[0] == "recall 20V002000: do not drive and park outside"  # flagged recalls shown first
    assert advisory_words({"kind": "Bulletin", "do_not_drive": True}) == []
