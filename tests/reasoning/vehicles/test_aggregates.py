"""Monthly complaint aggregates (ComplaintMonth nodes): recomputed after ingests, not incremented, so
re-ingesting a file leaves them unchanged; and features as of a date read from them ignore a complaint
received on or after that date, even inside the as-of month."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from datagen.vehicles.generate import generate
from graph.loader import Loader
from graph.records import Document, Extraction, Node, Rel
from graph.store import GraphStore, open_store
from reasoning.ingest import ingest
from reasoning.vehicles import aggregates
from reasoning.vehicles import model as defect_model
from reasoning.vehicles.aggregates import rebuild
from reasoning.vehicles.features import load, pair_features
from tests.conftest import make_settings

KINDS = ["nhtsa-complaints", "nhtsa-recalls", "nhtsa-investigations", "nhtsa-tsbs", "cn-recall-notices",
         "cn-complaints"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("vehicle-aggregates")
    generate(root / "data", 0.2, 5)
    settings = make_settings(root / "state", batch_size=1000)
    store = open_store(settings)
    store.apply_schema()
    for k in KINDS:
        ingest(store, settings, k, [root / "data" / k])
    defect_model.train(store, settings)
    yield {"root": root, "settings": settings, "store": store, "loader": Loader(store, settings)}
    store.close()


def _months(store: GraphStore) -> list[dict[str, Any]]:
    ids = sorted(defect_model.all_vehicles(store))
    return store.read("defect_complaint_month_rows", {"ids": ids})


def _new_complaints(world: dict[str, Any], tmp_path: Path) -> Path:
    """The latest complaints of the generated file again, under new complaint numbers: new documents about
    models that already have complaints."""
    source = sorted((world["root"] / "data" / "nhtsa-complaints").glob("*.txt"))[-1]
    lines = source.read_bytes().splitlines()[-300:]
    out = tmp_path / "COMPLAINTS_RECEIVED_extra.txt"
    out.write_bytes(b"\n".join(b"\t".join([b"9" + f if i < 2 else f for i, f in enumerate(line.split(b"\t"))])
                               for line in lines) + b"\n")
    return out


def test_aggregates_are_recomputed_not_incremented(world: dict[str, Any], tmp_path: Path) -> None:
    store, settings = world["store"], world["settings"]
    before = _months(store)
    assert len(before) > 100 and sum(r["complaints"] for r in before) > 1000
    extra = _new_complaints(world, tmp_path)
    summary = ingest(store, settings, "nhtsa-complaints", [extra])
    assert summary.written > 100
    assert summary.after_ingest["complaint_months"] > 10  # the hook recomputed the models named
    grown = _months(store)
    assert sum(r["complaints"] for r in grown) > sum(r["complaints"] for r in before)
    # what the hook left equals a recomputation of every model from its complaints, which also drops a
    # month no complaint is in
    stale = {**grown[0], "id": grown[0]["id"][:-7] + "1999-01", "month": "1999-01"}
    store.write("defect_complaint_months_write", [stale])
    assert len(_months(store)) == len(grown) + 1
    rebuild(store, sorted(defect_model.all_vehicles(store)))
    assert _months(store) == grown
    # the same file again, even forced, changes nothing
    ingest(store, settings, "nhtsa-complaints", [extra], force=True)
    assert _months(store) == grown


def _busy_pair(store: GraphStore) -> tuple[str, str, str]:
    """A (vehicle, system) with complaints, and an as-of date in the middle of its latest complaint month."""
    best = max(_months(store), key=lambda r: r["complaints"])
    return best["vehicle"], best["system"], best["month"] + "-16"


def test_a_complaint_on_or_after_the_as_of_date_leaves_features_unchanged(world: dict[str, Any]) -> None:
    store = world["store"]
    vid, system, as_of = _busy_pair(store)
    before = pair_features(load(store, [vid], as_of), vid, system, as_of)
    assert before.counts["complaints"] > 0
    # received on the as-of date itself: same month as the date, so the month bucket alone would count it
    doc = Document("nhtsa-complaints", "late.txt", "late-1", "LATE COMPLAINT: AIR BAG CAUGHT FIRE", as_of)
    cid = "complaint:test:late-month"
    late = Extraction(doc, "test", "1", nodes=[
        Node("Complaint", cid, {"date": as_of, "crash": True, "fire": True, "injured": 2})], rels=[
        Rel("ABOUT", "Complaint", cid, "VehicleModel", vid, {"date": as_of}),
        Rel("CONCERNS", "Complaint", cid, "Component", f"component:{system.lower()}", {"date": as_of}),
    ])
    world["loader"].write_extractions([late])
    rebuild(store, [vid])  # as the after-ingest hook does
    after = pair_features(load(store, [vid], as_of), vid, system, as_of)
    assert after.values == before.values and after.counts == before.counts
    assert [c.id for c in after.figures.evidence] == [c.id for c in before.figures.evidence]
    # a day later it counts, in the aggregated path and in the training path alike
    next_day = (date.fromisoformat(as_of) + timedelta(days=1)).isoformat()
    moved = pair_features(load(store, [vid], next_day), vid, system, next_day)
    raw = pair_features(load(store, [vid]), vid, system, next_day)
    assert moved.counts["complaints"] == before.counts["complaints"] + 1
    assert moved.values == pytest.approx(raw.values) and moved.counts == raw.counts
    assert moved.figures.evidence[0].id == cid  # the most severe and latest leads the evidence


def test_rebuild_batches_by_complaints_and_training_reads_the_aggregates(world: dict[str, Any],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store = world["store"]
    before = _months(store)
    # batches of a few hundred complaints (a popular model alone): the same month nodes
    monkeypatch.setattr(aggregates, "BATCH_COMPLAINTS", 300)
    assert rebuild(store, sorted(defect_model.all_vehicles(store))) == len(before)
    assert _months(store) == before
    # training's features, read from the aggregates as of each verdict's opening, are those computed from
    # every complaint
    rows = defect_model.verdict_rows(store)
    assert len(rows) >= 20
    by_day = defect_model.data_as_of_openings(store, rows)
    everything = load(store, sorted({r["vehicle"] for r in rows}))
    nonzero = 0
    for r in rows:
        day = r["opened"]
        aggregated = pair_features(by_day[day], r["vehicle"], r["system"], day)
        raw = pair_features(everything, r["vehicle"], r["system"], day)
        assert aggregated.values == pytest.approx(raw.values), (r["vehicle"], r["system"], day)
        assert aggregated.counts == raw.counts
        nonzero += raw.counts["complaints"] > 0
    assert nonzero > len(rows) / 2
