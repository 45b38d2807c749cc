"""Features of a (vehicle model, component system) pair as of a date, from the graph.

Only what was known before `as_of` counts: complaints received before it, recalls and bulletins
dated before it, supplier and platform links evidenced before it, and supplier defects confirmed
before it. Data is fetched once per batch of vehicles (queries anchored on VehicleModel ids). For
training, each complaint is fetched and the features computed in Python for any number of as-of dates;
for scoring as of one date, complaints are read as monthly aggregates kept in the graph
(reasoning/vehicles/aggregates.py) plus the complaints of the as-of month dated before it, which keeps a
request's cost independent of how many complaints a vehicle has. Complaint windows (12 months, 3
months, the surge base) therefore start on month boundaries, in both paths.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore
from reasoning.vehicles.aggregates import figures_as_of
from reasoning.vehicles.complaints import EVIDENCE, Complaint, Figures, complaint_events, figures_of

FEATURES = [
    "complaints_log", "complaints_12m_log", "complaints_3m_log", "growth", "share_of_vehicle", "severe_share",
    "injuries_deaths_log", "fires_log", "symptom_agreement", "bulletins", "prior_recalls", "platform_recalls",
    "supplier_confirmed", "similar_confirmed", "recall_advisory",
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
    "recall_advisory": "earlier recalls of this component on this model telling owners not to drive or to park outside",
}
BATCH = 300


@dataclass
class VehicleData:
    id: str
    complaints: dict[str, list[Complaint]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    suppliers: list[dict[str, Any]] = field(default_factory=list)
    platform_recalls: list[dict[str, Any]] = field(default_factory=list)
    # complaint figures aggregated in the graph as of `figures_as_of` (instead of `complaints`)
    figures: dict[str, Figures] = field(default_factory=dict)
    figures_as_of: str = ""

    def systems(self) -> set[str]:
        return set(self.complaints) | set(self.figures) | set(self.documents)

    def complaint_figures(self, system: str, as_of: str) -> Figures:
        if not self.figures_as_of:
            return figures_of(self.complaints.get(system, []), as_of)
        if as_of != self.figures_as_of:
            raise ValueError(f"{self.id}: complaint figures were aggregated as of {self.figures_as_of}, not {as_of}")
        return self.figures.get(system, Figures())

    def complaints_before(self, as_of: str) -> int:
        if self.figures_as_of:
            return sum(self.complaint_figures(s, as_of).complaints for s in self.figures)
        return sum(1 for items in self.complaints.values() for c in items if c.date < as_of)


@dataclass
class GraphData:
    vehicles: dict[str, VehicleData]
    confirmations: dict[str, list[dict[str, Any]]]  # supplier id -> implicating recalls / investigations


def load(store: GraphStore, vehicle_ids: list[str], as_of: str | None = None, evidence: int = EVIDENCE) -> GraphData:
    """The graph data of these vehicles. Without `as_of`, every complaint (features for any date); with
    it, complaint figures as of that date from the monthly aggregates, with `evidence` complaints per pair."""
    vehicles: dict[str, VehicleData] = {v: VehicleData(v) for v in vehicle_ids}
    for i in range(0, len(vehicle_ids), BATCH):
        ids = vehicle_ids[i : i + BATCH]
        if as_of is None:
            for (vid, system), items in complaint_events(store, "defect_complaint_events", {"ids": ids}).items():
                vehicles[vid].complaints[system] = items
        else:
            for (vid, system), figures in figures_as_of(store, ids, as_of, evidence).items():
                vehicles[vid].figures[system] = figures
            for vid in ids:
                vehicles[vid].figures_as_of = as_of
        for r in store.read("defect_vehicle_documents", {"ids": ids}):
            vehicles[r["vehicle"]].documents[r["system"]].append(r)
        for r in store.read("defect_vehicle_suppliers", {"ids": ids}):
            vehicles[r["vehicle"]].suppliers.append(r)
        for r in store.read("defect_platform_recalls", {"ids": ids}):
            vehicles[r["vehicle"]].platform_recalls.append(r)
    suppliers = sorted({s["supplier"] for v in vehicles.values() for s in v.suppliers})
    confirmations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for i in range(0, len(suppliers), BATCH):
        for r in store.read("defect_supplier_confirmations", {"suppliers": suppliers[i : i + BATCH]}):
            confirmations[r["supplier"]].append(r)
    return GraphData(vehicles, confirmations)


@dataclass
class PairFeatures:
    values: dict[str, float]
    counts: dict[str, int]  # raw figures for the explanation and the baseline
    figures: Figures
    documents: list[dict[str, Any]]
    supplier_evidence: list[dict[str, Any]]
    platform_evidence: list[dict[str, Any]]


def pair_features(data: GraphData, vehicle: str, system: str, as_of: str) -> PairFeatures:
    """Features of (vehicle, system) from documents dated strictly before `as_of` (ISO date)."""
    v = data.vehicles[vehicle]
    f = v.complaint_figures(system, as_of)
    all_before = v.complaints_before(as_of)
    n, n12, n3 = f.complaints, f.complaints_12m, f.complaints_3m
    prev9 = n12 - n3
    growth = math.log((n3 + 1) / (prev9 / 3 + 1))
    agreement = f.top_symptom / f.with_symptoms if f.with_symptoms >= 2 else 0.0
    docs = [d for d in v.documents.get(system, []) if (d.get("date") or "9999") < as_of]
    bulletins = sum(d["kind"] == "Bulletin" for d in docs)
    recalls = sum(d["kind"] == "Recall" for d in docs)
    # a severity signal of NHTSA's current recall file: do not drive / park outside (fire risk)
    advisories = len({d["id"] for d in docs if d["kind"] == "Recall" and (d.get("do_not_drive") or d.get("park_outside"))})
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
        "severe_share": f.severe / n if n else 0.0, "injuries_deaths_log": math.log1p(f.harmed),
        "fires_log": math.log1p(f.fires), "symptom_agreement": agreement, "bulletins": float(min(bulletins, 5)),
        "prior_recalls": float(min(recalls, 3)), "platform_recalls": float(min(len({r["recall"] for r in platform}), 5)),
        "supplier_confirmed": math.log1p(len(distinct_conf)), "similar_confirmed": 0.0,
        "recall_advisory": float(min(advisories, 2)),
    }
    counts = {"complaints": n, "complaints_12m": n12, "complaints_3m": n3, "severe": f.severe, "harmed": f.harmed,
              "fires": f.fires, "bulletins": bulletins, "recalls": recalls, "advisories": advisories}
    return PairFeatures(values, counts, f, docs, supplier_ev, platform)


def vector(values: dict[str, float]) -> list[float]:
    return [values[f] for f in FEATURES]
