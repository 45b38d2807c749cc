"""The matcher over the graph: the register's records and the model's parameters, built once per
register state and process, and the screening of a batch of queries with each candidate's risk.

Parameters are estimated from the register exactly as the ingest-time resolution estimates them (the
same function on the same graph gives the same numbers), and kept as the `matching` model file
(reasoning/artifacts.py) with the register's counts in its meta, so that other processes and the CLI
read them instead of estimating again; a file whose counts differ from the graph's is replaced. The
register's records (every registered enterprise with its addresses, phones and people) are read into
memory once per process and register state: a few seconds at demo scale, about a minute at 500k.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from core.errors import ModelMissing
from core.reporting import SILENT, Progress, Reporter
from core.settings import Settings
from extraction.enterprises.matching.fields import Rec, enterprise_record, query_record
from extraction.enterprises.matching.model import MatchModel, Scored
from extraction.enterprises.matching.register import Register, rank
from extraction.enterprises.matching.source import estimate_from_store, records_from_store, registered_ids
from graph.store import GraphStore
from reasoning import artifacts
from reasoning.enterprises import risk as enterprise_risk

NAME = "matching"
RECHECK_SECONDS = 30.0  # how long a process trusts that the register did not change


@dataclass
class Matcher:
    params: dict[str, Any]
    model: MatchModel
    register: Register
    fingerprint: dict[str, int]
    version: int | None = None


_lock = threading.Lock()
_cache: dict[int, tuple[Matcher, float]] = {}  # per store: the matcher and when its register was checked


def fingerprint(store: GraphStore) -> dict[str, int]:
    rows = store.read("enterprise_match_fingerprint")
    return {k: int(v or 0) for k, v in (rows[0] if rows else {}).items()}


def _params(store: GraphStore, settings: Settings, counts: dict[str, int], report: Reporter) -> tuple[dict[str, Any], int | None]:
    try:
        stored = artifacts.load(settings, NAME)
        if stored.meta.get("register") == counts:
            return stored.payload, stored.version
    except ModelMissing:
        pass
    report.note("matching: estimating the model's parameters from the register")
    params, _, _ = estimate_from_store(store)
    saved = artifacts.save(settings, NAME, params, {"register": counts, "data_as_of": time.strftime("%Y-%m-%d"),
                                                    "fit": params["fit"], "estimated": params["estimated"]})
    return params, saved.version


def build(store: GraphStore, settings: Settings, report: Reporter = SILENT) -> Matcher:
    counts = fingerprint(store)
    params, version = _params(store, settings, counts, report)
    ids = registered_ids(store)
    report.note(f"matching: reading {len(ids):,} registered enterprises")
    records = [enterprise_record(r) for r in records_from_store(store, sorted(ids))]
    return Matcher(params, MatchModel(params), Register.of(records), counts, version)


def matcher(store: GraphStore, settings: Settings, report: Reporter = SILENT) -> Matcher:
    """The process's matcher, rebuilt when the register's counts moved (checked every RECHECK_SECONDS)."""
    with _lock:
        current, checked = _cache.get(id(store), (None, 0.0))
        now = time.monotonic()
        if current is not None and now - checked < RECHECK_SECONDS:
            return current
        if current is None or fingerprint(store) != current.fingerprint:
            current = build(store, settings, report)
        _cache[id(store)] = (current, now)
        return current


def reset() -> None:
    """Forget the process's matcher (tests)."""
    with _lock:
        _cache.clear()


def _candidate(s: Scored, threshold: float) -> dict[str, Any]:
    c = s.candidate
    out: dict[str, Any] = {"id": c.id, "kind": c.kind, "name": c.display or (c.names[0] if c.names else None),
                           "code": c.code or None, "score": round(s.probability, 4),
                           "match": s.probability >= threshold, "weight": s.weight, "features": s.features}
    if c.kind == "person":
        out["enterprises"] = c.extra.get("enterprises", [])[:20]
    return out


def screen_one(m: Matcher, query: dict[str, Any], threshold: float, limit: int) -> dict[str, Any]:
    kind = query.get("kind") if query.get("kind") in ("enterprise", "person") else None
    rec: Rec = query_record(query, kind)
    ranked = rank(m.model, m.register, rec)
    passing = [s for s in ranked if s.probability >= threshold]
    return {"kind": rec.kind, "code_valid": rec.code_valid if rec.code else None,
            "code_issue": rec.code_issue or None, "candidates": len(ranked), "total": len(passing),
            "results": [_candidate(s, threshold) for s in passing[:limit]]}


def attach_risk(store: GraphStore, answers: dict[str, dict[str, Any]]) -> None:
    """Each enterprise candidate's stored risk level, score and reasons (one query for the batch)."""
    ids = sorted({r["id"] for a in answers.values() for r in a["results"] if r["kind"] == "enterprise"})
    rows = {r["id"]: r for r in store.read("enterprise_match_risk", {"ids": ids})} if ids else {}
    for answer in answers.values():
        for r in answer["results"]:
            row = rows.get(r["id"])
            r["risk"] = None if row is None or row.get("level") is None else {
                "level": row["level"], "score": row.get("score"), "reasons": enterprise_risk.reasons(row.get("reasons"))}


def screen(store: GraphStore, settings: Settings, queries: dict[str, dict[str, Any]], threshold: float, limit: int,
           progress: Progress | None = None, report: Reporter = SILENT) -> dict[str, Any]:
    """Every query screened: ranked candidates at or above the threshold (at most `limit`), with the
    features that decided each and each enterprise's risk."""
    m = matcher(store, settings, report)
    answers = {}
    for key, query in queries.items():
        answers[key] = screen_one(m, query, threshold, limit)
        if progress is not None:
            progress(1)
    attach_risk(store, answers)
    return {"responses": answers, "threshold": threshold, "limit": limit,
            "model": {"name": NAME, "version": m.version, "estimated": m.params["estimated"],
                      "register": m.fingerprint}}
