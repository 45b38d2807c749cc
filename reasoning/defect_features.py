"""Features of a (vehicle model, component system) pair as of a date, from the graph.

Only what was known before `as_of` counts: complaints received before it, recalls and bulletins
dated before it, supplier and platform links evidenced before it, and supplier defects confirmed
before it. Data is fetched once per batch of vehicles (queries anchored on VehicleModel ids). For
training, each complaint is fetched and the features computed in Python for any number of as-of dates;
for scoring as of one date, the graph aggregates the complaints (one row per pair), which keeps a
request's cost independent of how many complaints a vehicle has.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from graph.store import GraphStore
from reasoning.defect_alerts import BASE_DAYS, WINDOW_DAYS

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
EVIDENCE = 6  # complaints kept per pair as evidence for the explanation


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
class Figures:
    """A pair's complaints as of a date, as far as features, surge detector and explanation need them."""

    complaints: int = 0
    complaints_12m: int = 0
    complaints_3m: int = 0
    complaints_surge_span: int = 0  # the surge window and the base period before it
    severe: int = 0
    harmed: int = 0
    fires: int = 0
    with_symptoms: int = 0
    top_symptom: int = 0  # complaints naming the most named symptom
    last_complaint: str | None = None
    evidence: list[Complaint] = field(default_factory=list)  # most severe, then latest, first

    @property
    def surge_base(self) -> int:
        return self.complaints_surge_span - self.complaints_3m


@dataclass
class Windows:
    """The window starts of an as-of date (ISO strings compare as dates)."""

    as_of: str
    since_12m: str
    since_3m: str
    since_surge_base: str

    @classmethod
    def of(cls, as_of: str) -> Windows:
        return cls(as_of, _days_before(as_of, 365), _days_before(as_of, WINDOW_DAYS),
                   _days_before(as_of, WINDOW_DAYS + BASE_DAYS))


def figures_of(complaints: list[Complaint], as_of: str, evidence: int = EVIDENCE) -> Figures:
    """Figures of one pair from its complaints (training: many as-of dates over one fetch)."""
    w = Windows.of(as_of)
    comps = [c for c in complaints if c.date < as_of]
    counts = Counter(s for c in comps for s in c.symptoms)
    return Figures(
        len(comps), sum(c.date >= w.since_12m for c in comps), sum(c.date >= w.since_3m for c in comps),
        sum(c.date >= w.since_surge_base for c in comps), sum(c.severe for c in comps),
        sum(c.harmed for c in comps), sum(c.fire for c in comps), sum(1 for c in comps if c.symptoms),
        counts.most_common(1)[0][1] if counts else 0, max((c.date for c in comps), default=None),
        sorted(comps, key=lambda c: (c.severe, c.date, c.id), reverse=True)[:evidence])


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


def _complaint_events(store: GraphStore, vehicles: dict[str, VehicleData], ids: list[str]) -> None:
    for r in store.read("defect_complaint_events", {"ids": ids}):
        if not r["date"]:
            continue
        vehicles[r["vehicle"]].complaints[r["system"]].append(Complaint(
            r["complaint"], r["date"], bool(r["crash"] or r["fire"] or r["injured"] or r["deaths"]),
            bool(r["fire"]), int(r["injured"] or 0) + int(r["deaths"] or 0), tuple(r["symptoms"] or ()),
            tuple(r["evidence"] or ())))


def _complaint_figures(store: GraphStore, vehicles: dict[str, VehicleData], ids: list[str], as_of: str,
                       evidence: int) -> None:
    w = Windows.of(as_of)
    params = {"ids": ids, "as_of": as_of, "since_12m": w.since_12m, "since_3m": w.since_3m,
              "since_surge_base": w.since_surge_base}
    shown: list[tuple[str, Figures, list[str]]] = []
    for r in store.read("defect_complaint_figures", {**params, "evidence": evidence}):
        v = vehicles[r["vehicle"]]
        f = Figures(*(int(r[k] or 0) for k in ("complaints", "complaints_12m", "complaints_3m",
                                               "complaints_surge_span", "severe", "harmed", "fires")),
                    last_complaint=r["last_complaint"])
        v.figures[r["system"]] = f
        shown.append((r["system"], f, r["evidence"] or []))
    for v in vehicles.values():
        v.figures_as_of = as_of
    for r in store.read("defect_symptom_counts", {k: params[k] for k in ("ids", "as_of")}):
        f = vehicles[r["vehicle"]].figures.get(r["system"])
        if f is None:
            continue
        if r["symptom"] == "*":
            f.with_symptoms = int(r["complaints"])
        else:
            f.top_symptom = max(f.top_symptom, int(r["complaints"]))
    if not evidence:
        return
    found = {(r["complaint"], r["system"]): r for r in store.read(
        "defect_complaint_evidence", {"ids": sorted({cid for _, _, items in shown for cid in items})})}
    for system, f, items in shown:
        for cid in items:
            r = found.get((cid, system))
            if r:
                f.evidence.append(Complaint(cid, r["date"], bool(r["severe"]), False, 0,
                                            tuple(sorted(r["symptoms"] or ())), tuple(r["evidence"] or ())))


def load(store: GraphStore, vehicle_ids: list[str], as_of: str | None = None, evidence: int = EVIDENCE) -> GraphData:
    """The graph data of these vehicles. Without `as_of`, every complaint (features for any date);
    with it, complaint figures aggregated in the graph as of that date, with `evidence` complaints
    per pair."""
    vehicles: dict[str, VehicleData] = {v: VehicleData(v) for v in vehicle_ids}
    for i in range(0, len(vehicle_ids), BATCH):
        ids = vehicle_ids[i : i + BATCH]
        if as_of is None:
            _complaint_events(store, vehicles, ids)
        else:
            _complaint_figures(store, vehicles, ids, as_of, evidence)
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
    }
    counts = {"complaints": n, "complaints_12m": n12, "complaints_3m": n3, "severe": f.severe, "harmed": f.harmed,
              "fires": f.fires, "bulletins": bulletins, "recalls": recalls}
    return PairFeatures(values, counts, f, docs, supplier_ev, platform)


def vector(values: dict[str, float]) -> list[float]:
    return [values[f] for f in FEATURES]
