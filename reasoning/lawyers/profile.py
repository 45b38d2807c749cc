"""Lawyer profile aggregation: the credit record of one lawyer from the graph.

Cases by year, court, case type and cause; outcomes for the sides represented with counts beside
every rate (no rate over fewer than settings.min_cases_for_rate cases); firms over time (register
stints, and the firms judgments name with first and last case date); rewards and punishments;
reviewed social service; first and last seen.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from core.settings import Settings
from extraction.lawyers.ids import firm_id
from graph.store import GraphStore

OUTCOMES = ("won", "lost", "partly", "withdrawn", "dismissed", "settled")


@dataclass
class Profile:
    lawyer: dict[str, Any]
    node_ids: list[str]  # the lawyer and every node resolved to them
    resolved_to: str | None  # when the id asked for is an alias of a registered lawyer
    cases: list[dict[str, Any]]
    firms: list[dict[str, Any]]
    rewards_punishments: list[dict[str, Any]]
    service: list[dict[str, Any]]
    stats: dict[str, Any] = field(default_factory=dict)


def counts(values: list[Any]) -> list[dict[str, Any]]:
    """[{"key": value, "cases": n}] most frequent first, unknown values left out."""
    return [{"key": str(k), "cases": n} for k, n in Counter(v for v in values if v not in (None, "")).most_common()]


def outcome_stats(cases: list[dict[str, Any]], minimum: int) -> list[dict[str, Any]]:
    """Per side represented: counts of each outcome, and shares only over at least `minimum` decided cases."""
    by_side: dict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        by_side[case.get("side") or "unknown"][case.get("outcome") or "unknown"] += 1
    out = []
    for side, tally in sorted(by_side.items()):
        decided = sum(tally[o] for o in OUTCOMES)
        row: dict[str, Any] = {"side": side, "cases": sum(tally.values()), "decided": decided,
                               "counts": {o: tally[o] for o in (*OUTCOMES, "unknown") if tally[o]}}
        if decided >= minimum:
            row["rates"] = {o: round(tally[o] / decided, 3) for o in OUTCOMES if tally[o]}
        else:
            row["rates"] = None
            row["rate_note"] = f"no rates over fewer than {minimum} decided cases ({decided} here)"
        out.append(row)
    return out


def _firm_history(firms: list[dict[str, Any]], cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Register stints (since/until), and firms known only from judgments; each with its first and
    last case there (the firm a judgment names, whatever variant of its name it prints)."""
    seen: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        if case.get("firm") and case.get("date"):
            with suppress(ValueError):
                seen[firm_id(case["firm"])].append(case["date"])
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    for f in firms:
        if f.get("source") == "register":
            out[(f["firm_id"], f.get("since"))] = {"firm_id": f["firm_id"], "firm": f["firm"], "since": f.get("since"),
                                                   "until": f.get("until"), "source": "register"}
    for f in firms:
        if not any(k[0] == f["firm_id"] for k in out):
            out[(f["firm_id"], None)] = {"firm_id": f["firm_id"], "firm": f["firm"], "since": None, "until": None,
                                         "source": "judgments"}
    for (fid, _), row in out.items():
        dates = [d for d in seen.get(fid, []) if (row["since"] or "") <= d and (not row["until"] or d < row["until"])]
        row["first_case"], row["last_case"] = (min(dates), max(dates)) if dates else (None, None)
    return sorted(out.values(), key=lambda r: (r["since"] or r["first_case"] or "9999", r["firm_id"]))


def load_profile(store: GraphStore, settings: Settings, lawyer_id: str) -> Profile | None:
    rows = store.read("lawyer_record", {"id": lawyer_id})
    if not rows or rows[0].get("lawyer") is None:
        return None
    row = rows[0]
    resolved_to = None
    if len(row["canonical"]) == 1:  # an alias (name at firm) of one registered lawyer: show that lawyer
        resolved_to = row["canonical"][0]
        rows = store.read("lawyer_record", {"id": resolved_to})
        row = rows[0]
    lawyer = row["lawyer"]
    node_ids = [lawyer["id"], *row["aliases"]]
    cases = store.read("lawyer_cases", {"ids": node_ids})
    unique: dict[tuple[str, str | None], dict[str, Any]] = {}
    for case in cases:  # one row per case and side (a lawyer may act for two parties of one side)
        unique.setdefault((case["case_id"], case.get("side")), case)
    cases = sorted(unique.values(), key=lambda c: (c.get("date") or "", c["case_id"]), reverse=True)
    firms = store.read("lawyer_firms", {"ids": node_ids})
    profile = Profile(
        lawyer=lawyer, node_ids=node_ids, resolved_to=resolved_to, cases=cases,
        firms=_firm_history(firms, cases),
        rewards_punishments=store.read("lawyer_rewards_punishments", {"ids": node_ids}),
        service=store.read("lawyer_service", {"ids": node_ids}),
    )
    dates = sorted(c["date"] for c in cases if c.get("date"))
    profile.stats = {
        "cases": len({c["case_id"] for c in cases}),
        "by_year": counts([c.get("year") or (c.get("date") or "")[:4] for c in cases]),
        "by_court": counts([c.get("court") for c in cases]),
        "by_case_type": counts([c.get("case_type_name") or c.get("case_type") for c in cases]),
        "by_cause": counts([c.get("cause") for c in cases]),
        "outcomes": outcome_stats(cases, settings.min_cases_for_rate),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "min_cases_for_rate": settings.min_cases_for_rate,
    }
    return profile
