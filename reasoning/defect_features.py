"""Features of a (vehicle model, component system) pair as of a date, from the graph.

Only what was known before `as_of` counts: complaints received before it, recalls and bulletins
dated before it, supplier and platform links evidenced before it, and supplier defects confirmed
before it. Data is fetched once per batch of vehicles (queries anchored on VehicleModel ids) and the
features are then computed in Python for any number of as-of dates.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from graph.store import GraphStore

FEATURES = [
    "complaints_log", "complaints_12m_log", "complaints_3m_log", "growth", "share_of_vehicle", "severe_share",
    "injuries_deaths_log", "fires_log", "symptom_agreement", "bulletins", "prior_recalls", "platform_recalls",
    "supplier_confirmed", "similar_confirmed",
]
FEATURE_TEXT = {
    "complaints_log": "complaints about this component", "complaints_12m_log": "complaints in the last 12 months",
    "complaints_3m_log": "complaints in the last 3 months", "growth": "growth of complaints (3 months vs the 9 before)",
    "share_of_vehicle": "share of the model's complaints on this component",
    "severe_share": "share of complaints with a crash, fire, injury or death",
    "injuries_deaths_log": "injuries and deaths reported", "fires_log": "fires reported",
    "symptom_agreement": "complaints agreeing on one symptom", "bulletins": "service bulletins on this component",
    "prior_recalls": "earlier recalls of this component on this model",
    "platform_recalls": "recalls of this component on models sharing the platform",
    "supplier_confirmed": "defects confirmed in this supplier's part on other models",
    "similar_confirmed": "verdicts of the most similar past investigations",
}
BATCH = 300


@dataclass
class Complaint:
    id: str
    date: str
    severe: bool
    fire: bool
    harmed: int
    symptoms: tuple[str, ...]
    evidence: tuple[Any, ...]  # (fact id of the component link, doc id, span start, span end)


@dataclass
class VehicleData:
    id: str
    complaints: dict[str, list[Complaint]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    suppliers: list[dict[str, Any]] = field(default_factory=list)
    platform_recalls: list[dict[str, Any]] = field(default_factory=list)

    def systems(self) -> set[str]:
        return set(self.complaints) | set(self.documents)


@dataclass
class GraphData:
    vehicles: dict[str, VehicleData]
    confirmations: dict[str, list[dict[str, Any]]]  # supplier id -> implicating recalls / investigations


def load(store: GraphStore, vehicle_ids: list[str]) -> GraphData:
    vehicles: dict[str, VehicleData] = {v: VehicleData(v) for v in vehicle_ids}
    for i in range(0, len(vehicle_ids), BATCH):
        ids = vehicle_ids[i : i + BATCH]
        for r in store.read("defect_complaint_events", {"ids": ids}):
            if not r["date"]:
                continue
            vehicles[r["vehicle"]].complaints[r["system"]].append(Complaint(
                r["complaint"], r["date"], bool(r["crash"] or r["fire"] or r["injured"] or r["deaths"]),
                bool(r["fire"]), int(r["injured"] or 0) + int(r["deaths"] or 0), tuple(r["symptoms"] or ()),
                tuple(r["evidence"] or ())))
        for r in store.read("defect_vehicle_documents", {"ids": ids}):
            vehicles[r["vehicle"]].documents[r["system"]].append(r)
        for r in store.read("defect_vehicle_suppliers", {"ids": ids}):
            vehicles[r["vehicle"]].suppliers.append(r)
        for r in store.read("defect_platform_recalls", {"ids": ids}):
            vehicles[r["vehicle"]].platform_recalls.append(r)
    for v in vehicles.values():
        for items in v.complaints.values():
            # one complaint may name several parts of one system: count it once
            unique = {c.id: c for c in items}
            items[:] = sorted(unique.values(), key=lambda c: c.date)
    suppliers = sorted({s["supplier"] for v in vehicles.values() for s in v.suppliers})
    confirmations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for i in range(0, len(suppliers), BATCH):
        for r in store.read("defect_supplier_confirmations", {"suppliers": suppliers[i : i + BATCH]}):
            confirmations[r["supplier"]].append(r)
    return GraphData(vehicles, confirmations)


def _days_before(as_of: str, days: int) -> str:
    return (date.fromisoformat(as_of) - timedelta(days=days)).isoformat()


@dataclass
class PairFeatures:
    values: dict[str, float]
    counts: dict[str, int]  # raw figures for the explanation and the baseline
    complaints: list[Complaint]
    documents: list[dict[str, Any]]
    supplier_evidence: list[dict[str, Any]]
    platform_evidence: list[dict[str, Any]]


def pair_features(data: GraphData, vehicle: str, system: str, as_of: str) -> PairFeatures:
    """Features of (vehicle, system) from documents dated strictly before `as_of` (ISO date)."""
    v = data.vehicles[vehicle]
    comps = [c for c in v.complaints.get(system, []) if c.date < as_of]
    all_before = sum(1 for items in v.complaints.values() for c in items if c.date < as_of)
    d12, d3 = _days_before(as_of, 365), _days_before(as_of, 91)
    n, n12 = len(comps), sum(c.date >= d12 for c in comps)
    n3 = sum(c.date >= d3 for c in comps)
    prev9 = n12 - n3
    growth = math.log((n3 + 1) / (prev9 / 3 + 1))
    severe = sum(c.severe for c in comps)
    harmed = sum(c.harmed for c in comps)
    fires = sum(c.fire for c in comps)
    symptom_counts = Counter(s for c in comps for s in c.symptoms)
    with_symptoms = sum(1 for c in comps if c.symptoms)
    agreement = (symptom_counts.most_common(1)[0][1] / with_symptoms) if with_symptoms >= 2 else 0.0
    docs = [d for d in v.documents.get(system, []) if (d.get("date") or "9999") < as_of]
    bulletins = sum(d["kind"] == "Bulletin" for d in docs)
    recalls = sum(d["kind"] == "Recall" for d in docs)
    platform = [r for r in v.platform_recalls
                if r["system"] == system and (r.get("date") or "9999") < as_of and (r.get("linked") or "") < as_of]
    supplier_ev = []
    for link in v.suppliers:
        if link["system"] != system or (link.get("date") or "9999") >= as_of:
            continue
        for conf in data.confirmations.get(link["supplier"], []):
            if conf["vehicle"] != vehicle and conf["system"] == system and (conf.get("date") or "9999") < as_of:
                supplier_ev.append({**conf, "supplier_name": link["name"], "link_fid": link["fid"]})
    distinct_conf = {(e["supplier"], e["vehicle"]) for e in supplier_ev}
    values = {
        "complaints_log": math.log1p(n), "complaints_12m_log": math.log1p(n12), "complaints_3m_log": math.log1p(n3),
        "growth": growth, "share_of_vehicle": n / all_before if all_before else 0.0,
        "severe_share": severe / n if n else 0.0, "injuries_deaths_log": math.log1p(harmed),
        "fires_log": math.log1p(fires), "symptom_agreement": agreement, "bulletins": float(min(bulletins, 5)),
        "prior_recalls": float(min(recalls, 3)), "platform_recalls": float(min(len({r["recall"] for r in platform}), 5)),
        "supplier_confirmed": math.log1p(len(distinct_conf)), "similar_confirmed": 0.0,
    }
    counts = {"complaints": n, "complaints_12m": n12, "complaints_3m": n3, "severe": severe, "harmed": harmed,
              "fires": fires, "bulletins": bulletins, "recalls": recalls}
    return PairFeatures(values, counts, comps, docs, supplier_ev, platform)


def vector(values: dict[str, float]) -> list[float]:
    return [values[f] for f in FEATURES]
