"""Scoring with the trained defect model: one vehicle's components ranked with explanations (top
feature contributions, evidence facts with spans, earlier recalls' do-not-drive / park-outside advisories,
similar past cases with verdicts), and every pair of the graph scored in batches at training time (with
surge alerts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from extraction.vehicles.vocab import normalise_make, normalise_model, parse_year, vehicle_id
from graph.store import GraphStore
from reasoning.vehicles.alerts import surge_of_counts
from reasoning.vehicles.complaints import Windows
from reasoning.vehicles.features import (
    BATCH,
    FEATURE_TEXT,
    FEATURES,
    GraphData,
    PairFeatures,
    load,
    pair_features,
)
from reasoning.vehicles.model import Artifact, all_vehicles, base_vector

TOP_CONTRIBUTIONS = 5
EVIDENCE_ITEMS = 6
SIMILAR_SHOWN = 3


def find_vehicle(store: GraphStore, make: str, model: str, year: str | int) -> dict[str, Any] | None:
    """The vehicle model for a make / model / year as a user writes them (aliases, case, dashes)."""
    canonical = normalise_make(make)
    y = parse_year(str(year))
    if not canonical or y is None:
        return None
    name = normalise_model(canonical, model)
    if not name:
        return None
    rows = store.read("vehicle_get", {"id": vehicle_id(canonical, name, y)})
    return rows[0] if rows else None


def advisory_words(document: dict[str, Any]) -> list[str]:
    """The advisories a recall gives owners (NHTSA's current recall file), as the explanation says them."""
    return [word for key, word in (("do_not_drive", "do not drive"), ("park_outside", "park outside"))
            if document.get("kind") == "Recall" and document.get(key)]


def advisories(pf: PairFeatures) -> list[dict[str, Any]]:
    """Earlier recalls of the pair's component on this model with a do-not-drive or park-outside advisory."""
    seen: dict[str, dict[str, Any]] = {}
    for d in sorted(pf.documents, key=lambda d: (d.get("date") or "", d["id"])):
        if advisory_words(d) and d["id"] not in seen:
            seen[d["id"]] = {"campaign": d.get("campno") or d["id"], "date": d.get("date"),
                             "do_not_drive": bool(d.get("do_not_drive")), "park_outside": bool(d.get("park_outside")),
                             "advice": " and ".join(advisory_words(d)), "fact_id": f"CONCERNS:{d['fid']}"}
    return list(seen.values())


def _evidence(pf: PairFeatures) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for e in pf.supplier_evidence[:2]:
        items.append({"kind": "supplier_defect", "fact_id": f"IMPLICATES:{e['fid']}", "doc_id": e.get("doc_id"),
                      "date": e.get("date"), "span_start": e.get("span_start"), "span_end": e.get("span_end"),
                      "note": f"{e['supplier_name']} part confirmed defective ({e['kind'].lower()} {e['id']}) "
                              f"on {e['vehicle_name']}"})
    # recalls telling owners not to drive or to park outside first, then the latest documents
    for d in sorted(pf.documents, key=lambda d: (bool(advisory_words(d)), d.get("date") or ""), reverse=True)[:2]:
        words = advisory_words(d)
        items.append({"kind": d["kind"].lower(), "fact_id": f"CONCERNS:{d['fid']}", "doc_id": d.get("doc_id"),
                      "date": d.get("date"), "span_start": d.get("span_start"), "span_end": d.get("span_end"),
                      "note": f"{d['kind'].lower()} {d.get('campno') or d.get('action') or d['id']}"
                              + (f": {' and '.join(words)}" if words else "")})
    for c in pf.figures.evidence[: max(0, EVIDENCE_ITEMS - len(items))]:
        fid, doc, s, e = (list(c.evidence) + [None] * 4)[:4]
        items.append({"kind": "complaint", "fact_id": f"CONCERNS:{fid}", "doc_id": doc, "date": c.date,
                      "span_start": s, "span_end": e,
                      "note": ("severe: " if c.severe else "") + (", ".join(c.symptoms) or "no symptom named")})
    return items


def explain_pairs(art: Artifact, data: GraphData, pairs: list[tuple[str, str]], as_of: str) -> list[dict[str, Any]]:
    """Probability and explanation of each (vehicle, system) pair as of a date; the model runs once
    over the whole batch."""
    if not pairs:
        return []
    feats, nearest = [], []
    for vehicle, system in pairs:
        pf = pair_features(data, vehicle, system, as_of)
        near = art.similar.nearest(base_vector(pf.values), as_of)  # once: for the feature and the explanation
        pf.values["similar_confirmed"] = art.similar.rate_of(near)
        feats.append(pf)
        nearest.append(near)
    probabilities, contribs = art.probabilities([pf.values for pf in feats])
    windows = Windows.of(as_of)
    out = []
    for (_vehicle, system), pf, near, probability, contrib in zip(pairs, feats, nearest, probabilities, contribs,
                                                                   strict=True):
        order = sorted(range(len(FEATURES)), key=lambda i: -abs(contrib[i]))[:TOP_CONTRIBUTIONS]
        similar = [{"action": c.action, "vehicle": c.vehicle_name, "system": c.system, "opened": c.opened,
                    "closed": c.closed, "verdict": c.verdict, "distance": round(d, 3)}
                   for c, d in near[:SIMILAR_SHOWN]]
        out.append({
            "system": system, "probability": round(float(probability), 4), "complaints": pf.counts["complaints"],
            "complaints_12m": pf.counts["complaints_12m"], "severe_complaints": pf.counts["severe"],
            "last_complaint": pf.figures.last_complaint,
            "contributions": [{"feature": FEATURES[i], "description": FEATURE_TEXT[FEATURES[i]],
                               "value": round(pf.values[FEATURES[i]], 4),
                               "contribution": round(float(contrib[i]), 4)} for i in order],
            "supplier_propagation": [{"supplier": e["supplier_name"], "confirmed_on": e["vehicle_name"],
                                      "document": e["id"], "date": e.get("date"),
                                      "fact_id": f"IMPLICATES:{e['fid']}"} for e in pf.supplier_evidence],
            "advisories": advisories(pf), "evidence": _evidence(pf), "similar_cases": similar,
            "surge": surge_of_counts(pf.figures.complaints_3m, pf.figures.surge_base, as_of, windows.since_3m),
        })
    return out


def score_vehicle(store: GraphStore, art: Artifact, vid: str, as_of: str) -> list[dict[str, Any]]:
    """Every component system of one vehicle model, most probable defect first."""
    data = load(store, [vid], as_of)
    ranked = explain_pairs(art, data, [(vid, s) for s in sorted(data.vehicles[vid].systems())], as_of)
    return sorted(ranked, key=lambda r: (-r["probability"], r["system"]))


def score_vehicles(store: GraphStore, art: Artifact, vehicles: dict[str, dict[str, Any]], as_of: str,
                   progress: Callable[[int], None] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Probability of every (vehicle, system) pair of these vehicles as of a date, and the pairs surging;
    both in ranking order."""
    scores, alerts = [], []
    ids = sorted(vehicles)
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        data = load(store, chunk, as_of, evidence=0)
        pairs = [(vid, system) for vid in chunk for system in sorted(data.vehicles[vid].systems())]
        for (vid, system), r in zip(pairs, explain_pairs(art, data, pairs, as_of), strict=True):
            v = vehicles[vid]
            row = {"vehicle": vid, "vehicle_name": v["name"], "make": v["make"], "model": v["model"],
                   "year": v["year"], "system": system, "probability": r["probability"],
                   "complaints": r["complaints"], "complaints_12m": r["complaints_12m"],
                   "last_complaint": r["last_complaint"], "contributions": r["contributions"][:3],
                   "supplier_propagation": r["supplier_propagation"][:3]}
            scores.append(row)
            if r["surge"]:
                alerts.append({**{k: row[k] for k in ("vehicle", "vehicle_name", "make", "model", "year",
                                                      "system", "probability", "complaints")}, **r["surge"]})
        if progress:
            progress(len(chunk))
    sort_ranking(scores, alerts)
    return scores, alerts


def sort_ranking(scores: list[dict[str, Any]], alerts: list[dict[str, Any]]) -> None:
    scores.sort(key=lambda r: (-r["probability"], r["vehicle"], r["system"]))
    alerts.sort(key=lambda a: (a["p_value"], -a["recent"], a["vehicle"], a["system"]))


def score_all(store: GraphStore, art: Artifact, progress: Callable[[int], None] | None = None
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every pair of the graph as of the model's date (at training time)."""
    return score_vehicles(store, art, all_vehicles(store), art.as_of, progress)
