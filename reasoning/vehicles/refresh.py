"""Keeps the stored defect ranking fresh after ingests, without retraining.

After a run of a vehicle source kind, the documents ingested since the ranking was last scored name the
vehicle models touched; every pair of those models is rescored (a new complaint changes the model's
complaint share on its other systems too) as of the data's new date, with its surge alert, and the
ranking file is replaced. Recalls, bulletins and investigations also touch the models that share a
platform or a supplier with them, whose propagation features they change. Untouched pairs keep their
earlier scores and dates. Models named by new complaints first get their monthly complaint aggregates
recomputed (reasoning/vehicles/aggregates.py). Nothing happens while no model is trained: training builds
the aggregates of every model.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from core.errors import ModelMissing
from core.reporting import SILENT, Reporter
from core.settings import Settings
from graph.store import GraphStore
from reasoning.vehicles.aggregates import rebuild
from reasoning.vehicles.model import Ranking, load_latest, load_ranking, now_utc, save_ranking
from reasoning.vehicles.scoring import score_vehicles, sort_ranking

COMPLAINT_KINDS = ["nhtsa-complaints", "cn-complaints"]


def _as_of(previous: str, latest_complaint: str | None) -> str:
    """The day after the latest complaint now known (never before the earlier scoring, never after today)."""
    if not latest_complaint:
        return previous
    later = (date.fromisoformat(latest_complaint) + timedelta(days=1)).isoformat()
    return max(previous, min(later, date.today().isoformat()))


def refresh(store: GraphStore, settings: Settings, related: bool) -> dict[str, Any]:
    """Rescore the pairs touched by documents ingested since the last scoring; figures for the summary."""
    try:
        art = load_latest(settings)
        ranking = load_ranking(settings, art)
    except ModelMissing:
        return {"rescored_pairs": 0, "note": "no defect model trained yet: nothing to rescore"}
    started = now_utc()
    touched = store.read("defect_touched_vehicles", {"since": ranking.scored_at, "complaint_kinds": COMPLAINT_KINDS})
    ids = {r["vehicle"] for r in touched}
    # recomputed, not incremented: re-ingesting a file leaves them as they were
    aggregated = rebuild(store, sorted(r["vehicle"] for r in touched if r["latest_complaint"]))
    if related and ids:
        ids |= {r["vehicle"] for r in store.read("defect_related_vehicles", {"ids": sorted(ids)}) if r["vehicle"]}
    if not ids:
        return {"rescored_pairs": 0, "rescored_vehicles": 0, "alerts": len(ranking.alerts), "as_of": ranking.as_of,
                "complaint_months": aggregated}
    as_of = _as_of(ranking.as_of, max((r["latest_complaint"] or "" for r in touched), default=None) or None)
    vehicles = {r["id"]: r for r in store.read("vehicle_by_ids", {"ids": sorted(ids)})}
    scores, alerts = score_vehicles(store, art, vehicles, as_of)
    kept_scores = [r for r in ranking.scores if r["vehicle"] not in vehicles] + scores
    kept_alerts = [a for a in ranking.alerts if a["vehicle"] not in vehicles] + alerts
    sort_ranking(kept_scores, kept_alerts)
    save_ranking(settings, Ranking(art.version, as_of, started, kept_scores, kept_alerts,
                                   ranking.rescored_pairs + len(scores)))
    return {"rescored_pairs": len(scores), "rescored_vehicles": len(vehicles), "surging_rescored": len(alerts),
            "alerts": len(kept_alerts), "as_of": as_of, "complaint_months": aggregated}


def after_complaints(store: GraphStore, settings: Settings, report: Reporter = SILENT) -> dict[str, Any]:
    return refresh(store, settings, related=False)


def after_documents(store: GraphStore, settings: Settings, report: Reporter = SILENT) -> dict[str, Any]:
    """Recalls, bulletins, investigations and notices: their models and those sharing platform or supplier."""
    return refresh(store, settings, related=True)
