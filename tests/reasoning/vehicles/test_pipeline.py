"""Vehicle domain end to end on a small generated data set: generate, ingest every source kind through
the loader, train the defect model, and check what an inspector would check: the model beats the
complaint-count baseline on later verdicts, the planted supplier defect shows on a model with few
complaints of its own (and the explanation says why), features ignore documents dated after the as-of
date, and extraction quality on the labelled set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.errors import ModelMissing
from core.settings import Settings
from datagen.vehicles.generate import generate
from graph.loader import Loader
from graph.records import Document, Extraction, Node, Rel
from graph.store import GraphStore, open_store
from reasoning.ingest import ingest
from reasoning.vehicles import features as defect_features
from reasoning.vehicles import model as defect_model
from reasoning.vehicles.features import load, pair_features
from reasoning.vehicles.scoring import find_vehicle, score_vehicle
from tests.conftest import make_settings

KINDS = ["nhtsa-complaints", "nhtsa-recalls", "nhtsa-investigations", "nhtsa-tsbs", "cn-recall-notices",
         "cn-complaints"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("vehicles")
    summary = generate(root / "data", 0.4, 11)
    settings = make_settings(root / "state", batch_size=1000)
    store = open_store(settings)
    store.apply_schema()
    ingested = {k: ingest(store, settings, k, [root / "data" / k]) for k in KINDS}
    result = defect_model.train(store, settings)
    yield {"root": root, "summary": summary, "settings": settings, "store": store, "ingested": ingested,
           "trained": result}
    store.close()


def test_every_kind_ingests_and_malformed_rows_are_rejected_with_reasons(world: dict[str, Any]) -> None:
    ingested = world["ingested"]
    for kind in KINDS:
        assert ingested[kind].written > 0, kind
    # the generator plants 3 broken complaint rows and 1 Chinese complaint without a series
    assert ingested["nhtsa-complaints"].rejected == 3
    assert ingested["cn-complaints"].rejected == 1
    rejects = (world["settings"].rejects_dir / "nhtsa-complaints.jsonl").read_text()
    assert "tab-separated fields" in rejects and "model year 9999" in rejects and "received date" in rejects
    counts = world["store"].counts()
    assert counts["nodes"]["Investigation"] == world["summary"]["investigations"]


def test_model_beats_complaint_count_baseline_on_later_verdicts(world: dict[str, Any]) -> None:
    result = world["trained"]
    assert result["test_verdicts"] >= 15 and 0 < result["test_confirmed"] < result["test_verdicts"]
    model, baseline = result["model"], result["baseline_complaint_count"]
    assert model["roc_auc"] > baseline["roc_auc"]
    assert model["average_precision"] > baseline["average_precision"]
    assert model["roc_auc"] >= 0.7
    path = Path(result["model_file"])
    assert (path / "model.joblib").exists() and (path / "meta.json").exists()  # versioned with its metrics
    assert "baseline_complaint_count" in (path / "meta.json").read_text()


def _supplier_case(world: dict[str, Any]) -> dict[str, Any]:
    import json

    truth = [json.loads(x) for x in (world["root"] / "data/truth/vehicles/investigations.jsonl").read_text().splitlines()]
    # a model whose part comes from a supplier already implicated elsewhere, with almost no complaints
    cases = [t for t in truth if t["kind"] == "supplier" and t["complaints"] <= 1 and t["verdict"] == "confirmed"
             and t["opened"] > "2019-01-01"]
    assert cases, "the generator plants supplier cases with few complaints"
    return cases[-1]


def test_supplier_defect_surfaces_on_model_with_few_complaints(world: dict[str, Any]) -> None:
    case = _supplier_case(world)
    store, art = world["store"], defect_model.load_latest(world["settings"])
    vehicle = find_vehicle(store, *case["vehicle"])
    assert vehicle is not None
    ranked = score_vehicle(store, art, vehicle["id"], case["opened"])
    top = ranked[0]
    assert top["system"] == case["system"]
    assert top["complaints"] <= 1
    assert top["probability"] > 0.5
    assert top["contributions"][0]["feature"] == "supplier_confirmed"
    assert top["supplier_propagation"] and top["supplier_propagation"][0]["supplier"].lower().startswith(
        case["supplier"].lower()[:10])
    # every explanation carries evidence facts and similar past cases with their verdicts
    assert any(e["fact_id"].startswith("IMPLICATES:") for e in top["evidence"])
    assert top["similar_cases"] and {c["verdict"] for c in top["similar_cases"]} <= {"confirmed", "not_confirmed"}


def test_features_as_of_ignore_a_document_dated_later(world: dict[str, Any]) -> None:
    store = world["store"]
    rows = defect_model.verdict_rows(store)
    row = next(r for r in rows if r["verdict"] == "confirmed")
    before = pair_features(load(store, [row["vehicle"]]), row["vehicle"], row["system"], row["opened"]).values
    # plant a severe complaint and a recall on the same pair dated after the investigation opened
    late = (row["opened"][:4] + "-12-31") if row["opened"][5:] < "12-31" else row["opened"]
    doc = Document("nhtsa-complaints", "late.txt", "late-1", "LATE COMPLAINT: CAUGHT FIRE", late)
    comp = f"component:{row['system'].lower()}"
    ex = Extraction(doc, "test", "1", rels=[
        Rel("ABOUT", "Complaint", "complaint:test:late", "VehicleModel", row["vehicle"], {"date": late}),
        Rel("CONCERNS", "Complaint", "complaint:test:late", "Component", comp, {"date": late}),
    ])
    ex.nodes.append(Node("Complaint", "complaint:test:late", {"date": late, "crash": True, "fire": True, "injured": 2}))
    recall_doc = Document("nhtsa-recalls", "late.txt", "late-2", "LATE RECALL", late)
    recall = Extraction(recall_doc, "test", "1", nodes=[Node("Recall", "recall:99V999000", {"date": late})], rels=[
        Rel("COVERS", "Recall", "recall:99V999000", "VehicleModel", row["vehicle"], {"date": late}),
        Rel("CONCERNS", "Recall", "recall:99V999000", "Component", comp, {"date": late}),
    ])
    Loader(store, world["settings"]).write_extractions([ex, recall])
    data = load(store, [row["vehicle"]])
    assert any(c.id == "complaint:test:late" for c in data.vehicles[row["vehicle"]].complaints[row["system"]])
    after = pair_features(data, row["vehicle"], row["system"], row["opened"]).values
    assert after == before
    moved = pair_features(data, row["vehicle"], row["system"], "2099-01-01").values
    assert moved["complaints_log"] > before["complaints_log"] and moved["prior_recalls"] > before["prior_recalls"]


def test_extraction_evaluation_reports_precision_recall_per_field(world: dict[str, Any]) -> None:
    from extraction.vehicles.evaluate import evaluate

    notes: list[str] = []

    class Notes:
        def note(self, message: str) -> None:
            notes.append(message)

    result = evaluate(world["settings"], world["root"] / "data", Notes())
    fields = result["fields"]
    for name in ("nhtsa-complaints.vehicle", "nhtsa-complaints.symptoms", "cn-complaints.symptoms",
                 "cn-recall-notices.vehicle", "nhtsa-recalls.supplier"):
        assert name in fields
    assert fields["nhtsa-complaints.vehicle"]["recall"] > 0.98
    assert fields["cn-complaints.vehicle"]["precision"] > 0.95
    assert 0.6 < fields["nhtsa-complaints.symptoms"]["recall"] <= 1.0
    assert any("precision" in line for line in notes)
    assert any(line.startswith("nhtsa-complaints.vehicle ") for line in notes)


def test_no_model_answers_clearly(settings: Settings) -> None:
    with pytest.raises(ModelMissing, match="riskgraph train defects"):
        defect_model.load_latest(settings)


def test_training_refuses_an_empty_graph(falkor_store: GraphStore, settings: Settings) -> None:

    with pytest.raises(ModelMissing, match="investigations"):
        defect_model.train(falkor_store, settings)


def test_figures_aggregated_in_the_graph_equal_those_from_each_complaint(world: dict[str, Any]) -> None:
    store = world["store"]
    rows = defect_model.verdict_rows(store)
    ids = sorted({r["vehicle"] for r in rows})[:40]
    as_of = rows[len(rows) // 2]["opened"]
    raw, aggregated = load(store, ids), load(store, ids, as_of)
    compared = 0
    for vid in ids:
        for system in sorted(raw.vehicles[vid].systems()):
            a = pair_features(raw, vid, system, as_of)
            b = pair_features(aggregated, vid, system, as_of)
            assert a.values == pytest.approx(b.values), (vid, system)
            assert a.counts == b.counts and a.figures.last_complaint == b.figures.last_complaint
            assert [c.id for c in a.figures.evidence] == [c.id for c in b.figures.evidence]
            assert [sorted(c.symptoms) for c in a.figures.evidence] == [list(c.symptoms) for c in b.figures.evidence]
            compared += a.counts["complaints"] > 0
    assert compared > 20
    with pytest.raises(ValueError, match="aggregated as of"):
        pair_features(aggregated, ids[0], "ENGINE", "2099-01-01")


def test_model_call_per_request_equals_the_calibrated_model(world: dict[str, Any]) -> None:
    import numpy as np

    store, art = world["store"], defect_model.load_latest(world["settings"])
    rows = defect_model.verdict_rows(store)[:40]
    data = load(store, sorted({r["vehicle"] for r in rows}))
    values = [pair_features(data, r["vehicle"], r["system"], r["opened"]).values for r in rows]
    for v, r in zip(values, rows, strict=True):
        v["similar_confirmed"] = art.similar.confirmed_rate(defect_model.base_vector(v), r["opened"])
    p, contrib = art.probabilities(values)
    x = np.array([defect_features.vector(v) for v in values])
    assert p == pytest.approx(art.model.predict_proba(x)[:, 1], abs=1e-12)
    assert len(set(np.round(p, 6))) > 5  # not a constant
    coef = [c.estimator.steps[-1][1].coef_[0] for c in art.model.calibrated_classifiers_]
    scaled = [c.estimator.steps[0][1].transform(x) for c in art.model.calibrated_classifiers_]
    assert contrib == pytest.approx(sum(w * z for w, z in zip(coef, scaled, strict=True)) / len(coef))
