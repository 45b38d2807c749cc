"""What can be watched, what its state is, and what happened between two states.

A state is a small JSON object kept with the watch: the risk level (enterprise), the red count and
red members (region), the surging systems (vehicle model), and the fact ids already seen with their
event kind. `events(kind, old, new)` turns the difference into events: a level that moved, a fact id
not seen before (a change record, penalty, abnormal listing, case, recall, lawyer sanction), a system
that started surging. A new watch stores the state as it is, so it alerts only on what comes after.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from core.errors import ModelMissing
from core.settings import Settings
from graph.store import GraphStore
from reasoning.enterprises import risk as enterprise_risk
from reasoning.lawyers.profile import load_profile
from reasoning.vehicles.model import load_latest, load_ranking
from reasoning.watches.store import Event

KINDS = ("enterprise", "vehicle", "lawyer", "region")
# who may watch what: a subject is watched only by a role that may read it (admin: everything)
ROLES = {"enterprise": ("regulator",), "region": ("regulator",), "vehicle": ("inspector",),
         "lawyer": ("inspector", "regulator")}
MAX_EVENTS = 50  # per watch and check; beyond, one alert counts the rest
RED_LISTED = 500  # red members of a region remembered
LEVELS = ("green", "yellow", "red")


def resolve(store: GraphStore, settings: Settings, kind: str, subject: str) -> tuple[str, str | None] | None:
    """(the canonical subject id, a label) or None when the graph has no such subject. An enterprise
    known by name only is the registered one it resolves to; a lawyer known from judgments the
    registered one; a region is a GB/T 2260 code or GB-<postcode area>."""
    if kind == "enterprise":
        row = enterprise_risk.find(store, subject)
        return (row["id"], row.get("name")) if row else None
    if kind == "vehicle":
        rows = store.read("vehicle_by_ids", {"ids": [subject]})
        return (rows[0]["id"], rows[0].get("name") or f"{rows[0]['make']} {rows[0]['model']} {rows[0]['year']}") \
            if rows else None
    if kind == "lawyer":
        profile = load_profile(store, settings, subject)
        return (profile.lawyer["id"], profile.lawyer.get("name")) if profile else None
    if kind == "region":
        rows = store.read("changes_region_state", {"ids": [f"DIV:{subject}"]})
        return (subject, rows[0].get("name")) if rows else None
    return None


def _fact(facts: dict[str, list[Any]], fact_id: str, event: str, date: Any, title: str) -> None:
    facts[fact_id] = [event, str(date) if date else None, title]


# --- states per kind ----------------------------------------------------------------------------
def _enterprises(store: GraphStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    states: dict[str, dict[str, Any]] = {}
    for r in store.read("changes_enterprise_state", {"ids": ids}):
        reasons = enterprise_risk.reasons(r.get("reasons"))
        states[r["id"]] = {"level": r.get("level"), "score": r.get("score"), "scored_at": r.get("scored_at"),
                           "model": r.get("model"), "reasons": [x["text"] for x in reasons[:3]], "facts": {}}
    for r in store.read("changes_enterprise_events", {"ids": ids}):
        facts = states.setdefault(r["id"], {"facts": {}})["facts"]
        label = r["label"]
        if label == "Change":
            title = f"change of {r.get('item') or r.get('kind') or 'record'}: {r.get('before') or '—'} → {r.get('after') or '—'}"
            _fact(facts, f"Change:{r['fact']}", "change", r.get("date"), title)
        elif label == "Penalty":
            fine = f", fine {r['fine']:g}" if isinstance(r.get("fine"), int | float) else ""
            number = f" {r['number']}" if r.get("number") else ""
            _fact(facts, f"Penalty:{r['fact']}", "penalty", r.get("date"),
                  f"penalty{number} for {r.get('offence') or 'an offence'}{fine}")
        elif label == "AbnormalListing":
            _fact(facts, f"AbnormalListing:{r['fact']}", "abnormal_listing", r.get("date"),
                  f"listed as abnormal: {r.get('reason') or 'no reason given'}")
    for r in store.read("changes_enterprise_cases", {"ids": ids}):
        facts = states.setdefault(r["id"], {"facts": {}})["facts"]
        _fact(facts, f"Case:{r['fact']}", "case", r.get("date"),
              f"court case {r.get('case_number') or r['fact']}" + (f" ({r['cause']})" if r.get("cause") else ""))
    return states


def _vehicles(store: GraphStore, settings: Settings, ids: list[str]) -> dict[str, dict[str, Any]]:
    states: dict[str, dict[str, Any]] = {i: {"facts": {}, "surging": {}} for i in
                                         (r["id"] for r in store.read("vehicle_by_ids", {"ids": ids}))}
    for r in store.read("changes_vehicle_recalls", {"ids": ids}):
        _fact(states.setdefault(r["id"], {"facts": {}, "surging": {}})["facts"], f"Recall:{r['fact']}", "recall",
              r.get("date"), f"recall {r.get('campno') or r['fact']}" + (f": {r['remedy']}" if r.get("remedy") else ""))
    try:
        alerts = load_ranking(settings, load_latest(settings)).alerts
    except ModelMissing:
        alerts = []
    wanted = set(ids)
    for a in alerts:
        if a.get("vehicle") in wanted and a["vehicle"] in states:
            states[a["vehicle"]]["surging"][a["system"]] = {k: a.get(k) for k in
                                                           ("recent", "expected", "ratio", "as_of", "window_start")}
    return states


def _lawyers(store: GraphStore, settings: Settings, ids: list[str]) -> dict[str, dict[str, Any]]:
    states: dict[str, dict[str, Any]] = {}
    for lawyer_id in ids:
        profile = load_profile(store, settings, lawyer_id)
        if profile is None:
            continue
        facts: dict[str, list[Any]] = {}
        for c in profile.cases:
            _fact(facts, f"Case:{c['case_id']}", "case", c.get("date"),
                  f"case {c.get('case_number') or c['case_id']}" + (f" ({c['cause']})" if c.get("cause") else ""))
        for x in profile.rewards_punishments:
            if x.get("label") == "Sanction":
                _fact(facts, f"Sanction:{x['id']}", "penalty", x.get("date"),
                      f"sanction: {x.get('kind') or ''} {x.get('decision') or ''}".strip())
        states[lawyer_id] = {"facts": facts}
    return states


def _regions(store: GraphStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    states: dict[str, dict[str, Any]] = {}
    for r in store.read("changes_region_state", {"ids": [f"DIV:{i}" for i in ids]}):
        code = r["id"].removeprefix("DIV:")
        red = store.read("changes_region_red", {"id": r["id"], "limit": RED_LISTED})
        states[code] = {"counts": {k: int(r.get(k) or 0) for k in ("total", "red", "yellow", "green")},
                        "red": {e["id"]: e.get("name") for e in red}, "facts": {}}
    return states


def states(store: GraphStore, settings: Settings, kind: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The current state of each subject of one kind (subjects gone from the graph are left out)."""
    if not ids:
        return {}
    if kind == "enterprise":
        return _enterprises(store, ids)
    if kind == "vehicle":
        return _vehicles(store, settings, ids)
    if kind == "lawyer":
        return _lawyers(store, settings, ids)
    return _regions(store, ids)


def state(store: GraphStore, settings: Settings, kind: str, subject: str) -> dict[str, Any]:
    return states(store, settings, kind, [subject]).get(subject, {"facts": {}})


# --- events -------------------------------------------------------------------------------------------
def _level_event(kind: str, subject: str, old: dict[str, Any], new: dict[str, Any]) -> list[Event]:
    before, after = old.get("level"), new.get("level")
    if after is None or before == after:
        return []
    up = True if before not in LEVELS or after not in LEVELS else LEVELS.index(after) > LEVELS.index(before)
    title = (f"risk level {before} → {after}" if before else f"first scored: {after}") + \
            (f" (score {new['score']:.2f})" if isinstance(new.get("score"), int | float) else "")
    return [Event("risk_level", title, (new.get("scored_at") or "")[:10] or None, [f"Enterprise:{subject}"],
                  {"before": before, "after": after, "score": new.get("score"), "rising": up,
                   "model": new.get("model"), "scored_at": new.get("scored_at"), "reasons": new.get("reasons", [])})]


def _region_events(subject: str, old: dict[str, Any], new: dict[str, Any]) -> list[Event]:
    before, after = (old.get("counts") or {}).get("red"), (new.get("counts") or {}).get("red")
    if before is None or after is None or before == after:
        return []
    added = [i for i in new.get("red", {}) if i not in (old.get("red") or {})]
    return [Event("risk_level", f"red enterprises in {subject}: {before} → {after}", None,
                  [f"Enterprise:{i}" for i in added[:20]],
                  {"before": old.get("counts"), "after": new.get("counts"),
                   "newly_red": [{"id": i, "name": new["red"][i]} for i in added[:20]]})]


def _surge_events(old: dict[str, Any], new: dict[str, Any]) -> list[Event]:
    out = []
    for system, s in sorted((new.get("surging") or {}).items()):
        if system in (old.get("surging") or {}):
            continue
        out.append(Event("complaint_surge", f"complaints surging for {system}: {s.get('recent')} in the window, "
                                            f"{s.get('expected')} expected", s.get("as_of"), [],
                         {"system": system, **s}))
    return out


def events(kind: str, subject: str, old: dict[str, Any], new: dict[str, Any]) -> list[Event]:
    """What happened between two states of one subject, oldest first; at most MAX_EVENTS (and one
    alert counting the rest)."""
    out: list[Event] = []
    if kind == "enterprise":
        out += _level_event(kind, subject, old, new)
    elif kind == "region":
        out += _region_events(subject, old, new)
    elif kind == "vehicle":
        out += _surge_events(old, new)
    seen = old.get("facts") or {}
    fresh = sorted(((f, v) for f, v in (new.get("facts") or {}).items() if f not in seen),
                   key=lambda fv: (fv[1][1] or "", fv[0]))
    out += [Event(v[0], v[2], v[1], [f], {"fact_id": f}) for f, v in fresh]
    if len(out) > MAX_EVENTS:
        rest = out[MAX_EVENTS - 1:]
        by_kind: dict[str, int] = defaultdict(int)
        for e in rest:
            by_kind[e.event] += 1
        out = out[: MAX_EVENTS - 1] + [Event("more", f"{len(rest)} more events: " + json.dumps(dict(by_kind)),
                                             max((e.as_of or "" for e in rest), default=None) or None,
                                             [x for e in rest for x in e.evidence][:100], dict(by_kind))]
    return out
