"""A (vehicle model, component system) pair's complaints and the figures the defect features need from
them as of a date: counts in month-aligned windows, severity, symptom agreement, the latest date and the
evidence complaints."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from graph.store import GraphStore
from reasoning.vehicles.alerts import BASE_DAYS, WINDOW_DAYS

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

    @property
    def rank(self) -> str:
        """Evidence order as one string (most severe, then latest, first when sorted descending); the
        date has a fixed width, so string order is tuple order."""
        return f"{int(self.severe)}|{self.date}|{self.id}"

    @property
    def entry(self) -> str:
        """The complaint as evidence in one string that sorts by its rank (a tab sorts before any
        character of an id, so string order stays tuple order): rank, then the fact and the symptoms."""
        return f"{self.rank}\t{json.dumps([list(self.evidence), sorted(self.symptoms)], ensure_ascii=False)}"

    @classmethod
    def from_entry(cls, entry: str) -> Complaint:
        rank, payload = entry.split("\t", 1)
        severe, day, cid = rank.split("|", 2)
        evidence, symptoms = json.loads(payload)
        return cls(cid, day, severe == "1", False, 0, tuple(symptoms), tuple(evidence))


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


def _month_near(as_of: str, days: int) -> str:
    """The month boundary nearest to `days` before `as_of`: windows are whole months (plus the as-of
    month up to the date), so that monthly aggregates answer them exactly."""
    day = date.fromisoformat(as_of) - timedelta(days=days)
    if day.day > 15:
        day = day.replace(day=1) + timedelta(days=32)
    return day.replace(day=1).isoformat()


@dataclass
class Windows:
    """The window starts of an as-of date (ISO strings compare as dates; each start is a month's first day)."""

    as_of: str
    since_12m: str
    since_3m: str
    since_surge_base: str

    @classmethod
    def of(cls, as_of: str) -> Windows:
        return cls(as_of, _month_near(as_of, 365), _month_near(as_of, WINDOW_DAYS),
                   _month_near(as_of, WINDOW_DAYS + BASE_DAYS))


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
        sorted(comps, key=lambda c: c.rank, reverse=True)[:evidence])


def complaint_events(store: GraphStore, query: str, params: dict[str, Any]) -> dict[tuple[str, str], list[Complaint]]:
    """Complaints per (vehicle, system) from a query returning one row per complaint and component
    (defect_complaint_events*), in date order; a complaint naming several parts of one system counts once."""
    found: dict[tuple[str, str], dict[str, Complaint]] = defaultdict(dict)
    for r in store.read(query, params):
        if not r["date"]:
            continue
        found[(r["vehicle"], r["system"])][r["complaint"]] = Complaint(
            r["complaint"], r["date"], bool(r["crash"] or r["fire"] or r["injured"] or r["deaths"]),
            bool(r["fire"]), int(r["injured"] or 0) + int(r["deaths"] or 0), tuple(r["symptoms"] or ()),
            tuple(r["evidence"] or ()))
    return {k: sorted(v.values(), key=lambda c: c.date) for k, v in found.items()}
