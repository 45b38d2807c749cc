"""Complaints per (vehicle model, component system, month), kept in the graph as ComplaintMonth nodes so
that scoring one vehicle as of a date reads a bounded number of rows instead of every complaint.

A month node holds the month's complaint count, severity sums, symptom counts, latest date and its
EVIDENCE highest-ranked complaints with their fact ids, spans and symptoms (enough to explain the pair's
overall top ones without reading a complaint). Nodes are recomputed
from the complaints, never incremented, so rebuilding a vehicle twice, or re-ingesting a file, leaves
them as they were. Figures as of a date combine the months before the as-of month (summed in the graph) with
the complaints of the as-of month dated before it (read one by one: a month of one vehicle), so nothing
dated on or after the as-of date counts even though months are the unit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore
from reasoning.vehicles.complaints import EVIDENCE, Complaint, Figures, Windows, complaint_events

WRITE_BATCH = 5000
BATCH_COMPLAINTS = 20_000  # complaints read as one reply when rebuilding (parsed, a row takes about 1 KB)
COUNT_BATCH = 5000  # vehicles whose complaints are counted per query


@dataclass
class Tally:
    """One month (or part of one) of a pair's complaints."""

    month: str  # yyyy-mm
    complaints: int = 0
    severe: int = 0
    harmed: int = 0
    fires: int = 0
    with_symptoms: int = 0
    symptoms: Counter[str] = field(default_factory=Counter)
    last_complaint: str | None = None
    evidence: list[str] = field(default_factory=list)  # Complaint.entry of the top complaints, best first


def tally(month: str, complaints: list[Complaint]) -> Tally:
    return Tally(month, len(complaints), sum(c.severe for c in complaints), sum(c.harmed for c in complaints),
                 sum(c.fire for c in complaints), sum(1 for c in complaints if c.symptoms),
                 Counter(s for c in complaints for s in c.symptoms), max((c.date for c in complaints), default=None),
                 sorted((c.entry for c in complaints), reverse=True)[:EVIDENCE])


def month_rows(vehicle: str, system: str, complaints: list[Complaint]) -> list[dict[str, Any]]:
    """The ComplaintMonth rows of one pair (for defect_complaint_months_write)."""
    by_month: dict[str, list[Complaint]] = defaultdict(list)
    for c in complaints:
        by_month[c.date[:7]].append(c)
    rows = []
    for month, items in sorted(by_month.items()):
        t = tally(month, items)
        keys = sorted(t.symptoms)
        rows.append({"id": f"complaint-month:{vehicle}|{system}|{month}", "vehicle": vehicle, "system": system,
                     "month": month, "complaints": t.complaints, "severe": t.severe, "harmed": t.harmed,
                     "fires": t.fires, "with_symptoms": t.with_symptoms, "symptom_keys": keys,
                     "symptom_counts": [t.symptoms[k] for k in keys], "last_complaint": t.last_complaint,
                     "evidence": t.evidence})
    return rows


def rebuild(store: GraphStore, vehicle_ids: list[str], batch: int = 300) -> int:
    """Recompute the month nodes of these vehicles from their complaints (and drop months no complaint
    is left in); the number of month nodes written."""
    written = 0
    for ids in _batches(store, vehicle_ids, batch):
        events = complaint_events(store, "defect_complaint_events", {"ids": ids})
        rows = [row for (vid, system), items in sorted(events.items()) for row in month_rows(vid, system, items)]
        del events
        for j in range(0, len(rows), WRITE_BATCH):
            store.write("defect_complaint_months_write", rows[j : j + WRITE_BATCH])
        kept: dict[str, list[str]] = {vid: [] for vid in ids}
        for r in rows:
            kept[r["vehicle"]].append(r["id"])
        store.write("defect_complaint_months_prune", [{"vehicle": v, "keep": k} for v, k in kept.items()])
        written += len(rows)
    return written


def _batches(store: GraphStore, vehicle_ids: list[str], batch: int) -> Iterator[list[str]]:
    """The vehicles in order, in batches of at most `batch` vehicles and BATCH_COMPLAINTS complaints (a
    vehicle with more alone): a batch's complaints are read as one reply."""
    counts: dict[str, int] = {}
    for i in range(0, len(vehicle_ids), COUNT_BATCH):
        for r in store.read("defect_complaint_counts", {"ids": vehicle_ids[i : i + COUNT_BATCH]}):
            counts[r["vehicle"]] = int(r["complaints"] or 0)
    current: list[str] = []
    load = 0
    for vid in vehicle_ids:
        n = counts.get(vid, 0)
        if current and (len(current) >= batch or load + n > BATCH_COMPLAINTS):
            yield current
            current, load = [], 0
        current.append(vid)
        load += n
    if current:
        yield current


def _add(f: Figures, t: Tally) -> None:
    """Add the as-of month's complaints (inside every window) to a pair's figures."""
    f.complaints += t.complaints
    f.complaints_12m += t.complaints
    f.complaints_3m += t.complaints
    f.complaints_surge_span += t.complaints
    f.severe += t.severe
    f.harmed += t.harmed
    f.fires += t.fires
    f.with_symptoms += t.with_symptoms
    if t.last_complaint and (f.last_complaint is None or t.last_complaint > f.last_complaint):
        f.last_complaint = t.last_complaint


def figures_as_of(store: GraphStore, ids: list[str], as_of: str, evidence: int = EVIDENCE
                  ) -> dict[tuple[str, str], Figures]:
    """Complaint figures of every pair of these vehicles as of a date, with up to `evidence` evidence
    complaints each: the months before the as-of month summed in the graph (one row per pair), the
    as-of month's complaints before the date one by one."""
    w = Windows.of(as_of)
    month = as_of[:7]
    out: dict[tuple[str, str], Figures] = {}
    entries: dict[tuple[str, str], list[str]] = defaultdict(list)
    params = {"ids": ids, "month": month, "since_12m": w.since_12m[:7], "since_3m": w.since_3m[:7],
              "since_surge_base": w.since_surge_base[:7], "evidence": evidence}
    for r in store.read("defect_complaint_months", params):
        key = (r["vehicle"], r["system"])
        out[key] = Figures(*(int(r[k] or 0) for k in (
            "complaints", "complaints_12m", "complaints_3m", "complaints_surge_span", "severe", "harmed", "fires",
            "with_symptoms")), last_complaint=r["last_complaint"])
        entries[key] = list(r["evidence"] or [])
    symptoms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in store.read("defect_complaint_month_symptoms", {"ids": ids, "month": month}):
        symptoms[(r["vehicle"], r["system"])][r["symptom"]] += int(r["complaints"])
    for key, items in complaint_events(store, "defect_complaint_events_between",
                                       {"ids": ids, "since": month + "-01", "as_of": as_of}).items():
        t = tally(month, items)
        _add(out.setdefault(key, Figures()), t)
        symptoms[key].update(t.symptoms)
        entries[key] = sorted(entries[key] + t.evidence, reverse=True)
    for key, f in out.items():
        f.top_symptom = max(symptoms[key].values(), default=0)
        f.evidence = [Complaint.from_entry(e) for e in entries[key][:evidence]]
    return out
