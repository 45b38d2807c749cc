"""As-of feature rules and the surge detector on hand-made data (no graph): platform and supplier
propagation count only what was known before the date, and a surge needs a real rise."""

from __future__ import annotations

from datetime import date, timedelta

from reasoning.vehicles.alerts import surge
from reasoning.vehicles.features import Complaint, GraphData, VehicleData, pair_features

V, SIB, OTHER = "vehicle:a|x|2018", "vehicle:a|y|2018", "vehicle:b|z|2017"


def _data() -> GraphData:
    v = VehicleData(V)
    v.complaints["AIR BAGS"] = [
        Complaint(f"c{i}", f"2019-0{i + 1}-10", i == 0, False, 0, ("rupture",), ("fid", "doc", 0, 4)) for i in range(3)]
    v.suppliers = [{"supplier": "NAME:apex", "name": "APEX", "system": "AIR BAGS", "date": "2017-10-01", "fid": "s1"}]
    v.platform_recalls = [
        {"platform": "P1", "linked": "2017-10-01", "sibling": SIB, "sibling_name": "A Y 2018", "recall": "recall:1",
         "date": "2019-02-01", "system": "AIR BAGS"},
        {"platform": "P1", "linked": "2017-10-01", "sibling": SIB, "sibling_name": "A Y 2018", "recall": "recall:2",
         "date": "2020-02-01", "system": "AIR BAGS"},
    ]
    confirmations = {"NAME:apex": [
        {"supplier": "NAME:apex", "kind": "Recall", "id": "recall:9", "date": "2018-06-01", "system": "AIR BAGS",
         "vehicle": OTHER, "vehicle_name": "B Z 2017", "fid": "i1"},
        {"supplier": "NAME:apex", "kind": "Recall", "id": "recall:10", "date": "2021-01-01", "system": "AIR BAGS",
         "vehicle": SIB, "vehicle_name": "A Y 2018", "fid": "i2"},
        {"supplier": "NAME:apex", "kind": "Recall", "id": "recall:11", "date": "2018-01-01", "system": "AIR BAGS",
         "vehicle": V, "vehicle_name": "A X 2018", "fid": "i3"},  # its own recall is no propagation
    ]}
    return GraphData({V: v}, confirmations)


def test_supplier_and_platform_evidence_count_only_before_the_date() -> None:
    data = _data()
    early = pair_features(data, V, "AIR BAGS", "2018-01-01")
    assert early.values["supplier_confirmed"] == 0 and early.values["platform_recalls"] == 0
    mid = pair_features(data, V, "AIR BAGS", "2019-06-01")
    assert [e["vehicle"] for e in mid.supplier_evidence] == [OTHER]
    assert mid.values["platform_recalls"] == 1 and mid.counts["complaints"] == 3
    late = pair_features(data, V, "AIR BAGS", "2022-01-01")
    assert {e["vehicle"] for e in late.supplier_evidence} == {OTHER, SIB}
    assert late.values["platform_recalls"] == 2
    # a supplier linked to another system does not propagate to this one
    assert pair_features(data, V, "STEERING", "2022-01-01").supplier_evidence == []


def test_complaint_windows_and_agreement() -> None:
    pf = pair_features(_data(), V, "AIR BAGS", "2019-03-20")
    assert pf.counts["complaints"] == 3 and pf.counts["complaints_3m"] == 3 and pf.counts["severe"] == 1
    assert pf.values["symptom_agreement"] == 1.0
    assert pair_features(_data(), V, "AIR BAGS", "2019-01-10").counts["complaints"] == 0  # strictly before


def test_surge_needs_a_rise_over_the_year_before() -> None:
    as_of = date(2024, 1, 1)
    steady = [(as_of - timedelta(days=d)).isoformat() for d in range(5, 450, 30)]
    assert surge(steady, as_of.isoformat()) is None
    rising = steady[-5:] + [(as_of - timedelta(days=d)).isoformat() for d in range(2, 80, 8)]
    alert = surge(rising, as_of.isoformat())
    assert alert is not None and alert["recent"] >= 10 and alert["p_value"] < 0.01
    assert surge([(as_of - timedelta(days=3)).isoformat()] * 2, as_of.isoformat()) is None  # too few
