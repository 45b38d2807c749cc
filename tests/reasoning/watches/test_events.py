"""What happened to a watched subject between two states (reasoning/watches/subjects.py): new facts of
every kind, a level that moved, a surge that started, a region's red count; batches capped; cursors of
the changes feed."""

from __future__ import annotations

import pytest

from reasoning.watches import changes
from reasoning.watches.subjects import MAX_EVENTS, events


def test_new_facts_become_events_oldest_first_and_seen_ones_do_not() -> None:
    old = {"facts": {"Recall:R1": ["recall", "2024-01-01", "recall 24V001"]}}
    new = {"facts": {**old["facts"], "Recall:R3": ["recall", "2025-03-01", "recall 25V003"],
                     "Recall:R2": ["recall", "2025-01-01", "recall 25V002"]}, "surging": {}}
    found = events("vehicle", "vehicle:ford|f-150|2019", old, new)
    assert [(e.event, e.as_of, e.evidence) for e in found] == [("recall", "2025-01-01", ["Recall:R2"]),
                                                               ("recall", "2025-03-01", ["Recall:R3"])]


def test_a_surge_that_starts_is_an_event_and_one_that_goes_on_is_not() -> None:
    surge = {"recent": 9, "expected": 1.5, "ratio": 6.0, "as_of": "2025-02-01", "window_start": "2024-11-01"}
    old = {"facts": {}, "surging": {"AIR BAGS": surge}}
    new = {"facts": {}, "surging": {"AIR BAGS": surge, "BRAKES": {**surge, "recent": 7}}}
    found = events("vehicle", "v", old, new)
    assert [(e.event, e.detail["system"], e.as_of) for e in found] == [("complaint_surge", "BRAKES", "2025-02-01")]


def test_enterprise_levels_lawyer_cases_and_region_counts() -> None:
    old = {"level": "yellow", "facts": {}}
    new = {"level": "red", "score": 0.81, "scored_at": "2025-06-30T10:00:00+00:00", "facts": {
        "Penalty:P1": ["penalty", "2025-05-01", "penalty"], "Case:C1": ["case", "2025-04-01", "court case"]}}
    found = events("enterprise", "CN:X", old, new)
    assert [e.event for e in found] == ["risk_level", "case", "penalty"]
    assert found[0].detail["rising"] and found[0].as_of == "2025-06-30" and found[0].evidence == ["Enterprise:CN:X"]
    assert events("enterprise", "CN:X", new, new) == []
    lawyer = events("lawyer", "L1", {"facts": {}}, {"facts": {"Case:K": ["case", None, "case K"],
                                                             "Sanction:S": ["penalty", "2024-02-02", "sanction"]}})
    assert [e.event for e in lawyer] == ["case", "penalty"]
    region = events("region", "310105", {"counts": {"red": 3}, "red": {"a": "A"}, "facts": {}},
                    {"counts": {"red": 4}, "red": {"a": "A", "b": "B"}, "facts": {}})
    assert region[0].title == "red enterprises in 310105: 3 → 4" and region[0].evidence == ["Enterprise:b"]


def test_a_large_batch_is_capped_with_one_alert_counting_the_rest() -> None:
    new = {"facts": {f"Case:{i:03d}": ["case", f"2025-01-{1 + i % 28:02d}", "case"] for i in range(120)}}
    found = events("lawyer", "L", {"facts": {}}, new)
    assert len(found) == MAX_EVENTS and found[-1].event == "more" and found[-1].detail == {"case": 120 - MAX_EVENTS + 1}


def test_feed_cursors_round_trip_and_anything_else_is_refused() -> None:
    cursor = changes.Cursor("2025-01-01T00:00:00+00:00", "Document:doc:x")
    assert changes.decode(changes.encode(cursor)) == cursor
    assert changes.decode(None) == changes.Cursor("", "")
    assert changes.decode("2025-01-01").at == "2025-01-01"
    assert changes.decode("c" + b"not json at all".hex()) == changes.Cursor("not json at all", "")
    for bad in ("%%%", "eyJ0IjogMX0", "c0", "cZZ", "2025-1-1"):
        with pytest.raises(ValueError):
            changes.decode(bad)
    with pytest.raises(PermissionError):
        changes.domains_for("inspector", "enterprises")
    assert changes.domains_for("public", None) == ("lawyers",)
