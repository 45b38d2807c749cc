"""Features of a unit (make, model, model year, component system) as of a cutoff T, from complaints
filed and recalls reported strictly before T, and the unit's label: a recall on it reported in
[T, T + horizon).

Every complaint enters a unit's series at the date NHTSA received it; a feature as of T reads the
series up to the first complaint filed at or after T (a bisection on the dates), so nothing filed at or
after T can reach it. Recalls likewise: only those reported before T count as history (the unit's own
earlier recalls leave it out of the ranking altogether; its siblings' are features).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from extraction.vehicles.vocab import symptoms as symptom_table
from reasoning.vehicles.outcomes.data import Complaint, Corpus, Recall, settings, system_group
from reasoning.vehicles.outcomes.text import TEXT_FEATURES, RecallText

Vehicle = tuple[str, str, int]  # make, unit model, model year
Unit = tuple[str, str, int, str]  # make, unit model, model year, system group

# per-complaint indicators summed in a unit's series
FLAGS = ("crash", "fire", "injured", "deaths", "severe", "severe_symptom", "with_symptom", "repeat",
         "said_crash", "said_injury", "said_fire", "highway", "multi_system")
SIBLING_YEARS = 3  # the same model's years within this distance are its siblings
PLATFORM_YEARS = 1

def symptom_keys() -> list[str]:
    return sorted(symptom_table())


FEATURES = [
    # complaints on the unit
    "n_log", "n_12m_log", "n_6m_log", "growth_6m", "growth_12m", "increase_12m", "months_since_first", "months_since_last",
    "share_of_vehicle", "system_lift",
    # severity (the complaint's own fields and the narrative's words)
    "crash_log", "fire_log", "harmed_log", "severe_share", "severe_symptom_share", "said_harm_share",
    "highway_share",
    # narrative: symptoms, their agreement, repeats
    "symptom_share", "symptom_agreement", "top_symptom_log", "distinct_symptoms", "repeat_share", "repeat_log",
    # component hierarchy
    "part_concentration", "top_part_log", "part_depth", "multi_system_share",
    # the vehicle
    "age", "vehicle_n_log", "vehicle_recalls_before",
    # siblings: same model other years, variants and platform twins
    "sib_n_12m_log", "line_n_6m_log", "line_growth_12m", "sib_unit_share", "sib_recalled", "sib_recalled_24m", "sib_recalled_adjacent",
    "plat_n_12m_log", "plat_recalled", "plat_recalled_24m",
    # the system across the make and all vehicles
    "make_system_recalls_24m", "system_prior",
    # the unit's parts across the make (a part failing on several models: one campaign, many units)
    "part_make_12m_log", "part_make_growth", "part_make_vehicles_12m", "system_make_share_growth",
    "part_recalls_make", "part_recalls_make_24m",
    # each failure symptom the extractor knows (extraction/vehicles/data/symptoms.yaml), complaints naming it
    *(f"symptom_{k}_log" for k in symptom_keys()),
    # the unit's complaints read like a recall of the last 24 months elsewhere (text.py)
    *TEXT_FEATURES,
]


def add_months(day: str, months: int) -> str:
    d = date.fromisoformat(day)
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, min(d.day, 28)).isoformat()


def _months_between(a: str, b: str) -> float:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days / 30.44


@dataclass
class Series:
    """Complaints of one unit (or vehicle, or system) in date order, as cumulative sums."""

    dates: list[str] = field(default_factory=list)
    items: list[Complaint] = field(default_factory=list)
    cum: dict[str, np.ndarray] = field(default_factory=dict)
    symptom_cum: dict[str, np.ndarray] = field(default_factory=dict)
    part_cum: dict[str, np.ndarray] = field(default_factory=dict)
    depth_cum: np.ndarray | None = None

    def count(self, before: str, since: str | None = None) -> int:
        hi = bisect_left(self.dates, before)
        return hi - (bisect_left(self.dates, since) if since else 0)

    def total(self, name: str, before: str) -> float:
        return float(self.cum[name][bisect_left(self.dates, before)])

    def build(self, unit_system: str | None = None) -> None:
        order = sorted(range(len(self.items)), key=lambda i: self.items[i].date)
        self.items = [self.items[i] for i in order]
        self.dates = [c.date for c in self.items]
        rows = {name: [] for name in FLAGS}
        for c in self.items:
            harmed = c.injured + c.deaths
            values = {
                "crash": c.crash, "fire": c.fire, "injured": c.injured, "deaths": c.deaths,
                "severe": c.crash or c.fire or harmed > 0, "severe_symptom": bool(c.severe_symptoms),
                "with_symptom": bool(c.symptoms), "repeat": c.repeat,
                "said_crash": "crash" in c.consequences,
                "said_injury": bool({"injury", "death"} & c.consequences), "said_fire": "fire" in c.consequences,
                "highway": "highway_speed" in c.conditions, "multi_system": len(c.systems) > 1,
            }
            for name in FLAGS:
                rows[name].append(float(values[name]))
        self.cum = {name: np.concatenate([[0.0], np.cumsum(v)]) for name, v in rows.items()}
        if unit_system is None:
            return
        symptoms = sorted({s for c in self.items for s in c.symptoms})
        self.symptom_cum = {s: np.concatenate([[0.0], np.cumsum([s in c.symptoms for c in self.items])])
                            for s in symptoms}
        parts: dict[int, list[str]] = {}
        for i, c in enumerate(self.items):
            parts[i] = [p for p in c.paths if system_group(p) == unit_system and ":" in p]
        names = sorted({p for ps in parts.values() for p in ps})
        self.part_cum = {p: np.concatenate([[0.0], np.cumsum([p in parts[i] for i in range(len(self.items))])])
                         for p in names}
        depth = [max((p.count(":") + 1 for p in c.paths if system_group(p) == unit_system), default=1)
                 for c in self.items]
        self.depth_cum = np.concatenate([[0.0], np.cumsum(depth)])


@dataclass
class Index:
    """The corpus arranged for features as of any date."""

    units: dict[Unit, Series]
    vehicles: dict[Vehicle, Series]
    systems: dict[str, Series]
    all_dates: list[str]
    recalls: dict[Unit, list[Recall]]  # each unit's recalls, by date
    model_system_recalls: dict[tuple[str, str, str], list[tuple[int, str]]]  # (make, model, system) -> (year, date)
    make_system_recalls: dict[tuple[str, str], list[str]]
    vehicle_recalls: dict[Vehicle, list[str]]
    platform: dict[tuple[str, str], list[tuple[str, str, int, int]]]  # (make, model) -> twins with years
    weights: dict[str, float]
    make_parts: dict[tuple[str, str], list[tuple[str, Vehicle]]]  # (make, part path) -> (date, vehicle), by date
    make_systems: dict[tuple[str, str], list[str]]  # (make, system) -> dates
    make_all: dict[str, list[str]]  # make -> dates of all its complaints
    unit_parts: dict[Unit, list[tuple[str, str]]]  # unit -> (first date, part path) of each part named
    part_recalls: dict[tuple[str, str], list[str]]  # (make, part path to level 2) -> recall dates
    text: RecallText | None = None  # complaint and recall texts (the text link to recent recalls)


def _twins() -> dict[tuple[str, str], list[tuple[str, str, int, int]]]:
    out: dict[tuple[str, str], list[tuple[str, str, int, int]]] = defaultdict(list)
    conf = settings()
    for group in (conf.get("families") or []) + (conf.get("platforms") or []):
        members = [tuple(m.split(" ", 1)) for m in group["members"]]
        lo, hi = group["years"]
        for a in members:
            for b in members:
                if a != b:
                    out[a].append((b[0], b[1], lo, hi))
    return out


def build_index(corpus: Corpus) -> Index:
    not_units = set(settings().get("not_units") or ())
    units: dict[Unit, Series] = defaultdict(Series)
    vehicles: dict[Vehicle, Series] = defaultdict(Series)
    systems: dict[str, Series] = defaultdict(Series)
    for c in corpus.complaints:
        vehicles[c.vehicle].items.append(c)
        for s in c.systems:
            systems[s].items.append(c)
            if s not in not_units:
                units[(*c.vehicle, s)].items.append(c)
    make_parts: dict[tuple[str, str], list[tuple[str, Vehicle]]] = defaultdict(list)
    make_systems: dict[tuple[str, str], list[str]] = defaultdict(list)
    make_all: dict[str, list[str]] = defaultdict(list)
    unit_parts: dict[Unit, dict[str, str]] = defaultdict(dict)
    for c in corpus.complaints:  # in date order
        make = c.vehicle[0]
        make_all[make].append(c.date)
        for s in c.systems:
            make_systems[(make, s)].append(c.date)
        parts = {":".join(p.split(":")[: i + 1]) for p in c.paths for i in range(1, p.count(":") + 1)}
        for part in parts:
            make_parts[(make, part)].append((c.date, c.vehicle))
            unit_parts[(*c.vehicle, system_group(part))].setdefault(part, c.date)
    for key, series in units.items():
        series.build(key[3])
    for series in (*vehicles.values(), *systems.values()):
        series.build()
    recalls: dict[Unit, list[Recall]] = defaultdict(list)
    model_system: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    make_system: dict[tuple[str, str], list[str]] = defaultdict(list)
    vehicle_recalls: dict[Vehicle, list[str]] = defaultdict(list)
    for r in corpus.recalls:
        make, model, year = r.vehicle
        vehicle_recalls[r.vehicle].append(r.date)
        for s in r.systems:
            recalls[(make, model, year, s)].append(r)
            model_system[(make, model, s)].append((year, r.date))
            make_system[(make, s)].append(r.date)
    part_recalls: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in corpus.recalls:
        for part in {_level2(p) for p in r.paths if ":" in p}:
            part_recalls[(r.vehicle[0], part)].append(r.date)
    for v in (*make_system.values(), *vehicle_recalls.values(), *part_recalls.values()):
        v.sort()
    return Index(dict(units), dict(vehicles), dict(systems), sorted(c.date for c in corpus.complaints),
                 {k: sorted(v, key=lambda r: r.date) for k, v in recalls.items()}, dict(model_system),
                 dict(make_system), dict(vehicle_recalls), _twins(), dict(settings()["severity_weights"]),
                 dict(make_parts), dict(make_systems), dict(make_all),
                 {u: sorted((d, p) for p, d in parts.items()) for u, parts in unit_parts.items()},
                 dict(part_recalls), RecallText(corpus))


def _level2(path: str) -> str:
    return ":".join(path.split(":")[:2])


def recalled_before(index: Index, unit: Unit, t: str) -> bool:
    return any(r.date < t for r in index.recalls.get(unit, ()))


def label(index: Index, unit: Unit, t: str, horizon_months: int) -> tuple[int, int, list[Recall]]:
    """(any recall in [t, t + horizon), one naming an investigation, those recalls)."""
    end = add_months(t, horizon_months)
    hits = [r for r in index.recalls.get(unit, ()) if t <= r.date < end]
    return int(bool(hits)), int(any(r.actions for r in hits)), hits


def universe(index: Index, t: str) -> list[Unit]:
    """Units with a complaint filed before t and no recall reported before t."""
    return sorted(u for u, s in index.units.items() if s.dates and s.dates[0] < t and not recalled_before(index, u, t))


def _log(x: float) -> float:
    return math.log1p(max(x, 0.0))


def _sibling_units(index: Index, unit: Unit) -> list[Unit]:
    make, model, year, system = unit
    return [(make, model, y, system) for y in range(year - SIBLING_YEARS, year + SIBLING_YEARS + 1)
            if y != year and (make, model, y, system) in index.units]


def _platform_units(index: Index, unit: Unit) -> list[Unit]:
    make, model, year, system = unit
    out = []
    for m2, mod2, lo, hi in index.platform.get((make, model), ()):
        if not lo <= year <= hi:
            continue
        for y in range(year - PLATFORM_YEARS, year + PLATFORM_YEARS + 1):
            if (m2, mod2, y, system) in index.units or (m2, mod2, system) in index.model_system_recalls:
                out.append((m2, mod2, y, system))
    return out


def unit_features(index: Index, unit: Unit, t: str, system_prior: dict[str, float]) -> dict[str, float]:
    """The features of one unit as of t: everything read strictly before t."""
    make, model, year, system = unit
    s = index.units[unit]
    since12, since6, since24 = add_months(t, -12), add_months(t, -6), add_months(t, -24)
    hi = bisect_left(s.dates, t)
    n = hi
    n12 = s.count(t, since12)
    n6 = s.count(t, since6)
    prev6 = n12 - n6
    prev12 = s.count(since12, since24)
    vehicle = index.vehicles[(make, model, year)]
    vn = vehicle.count(t)
    sys_series = index.systems[system]
    all_n = bisect_left(index.all_dates, t)
    sys_share = sys_series.count(t) / all_n if all_n else 0.0
    share = n / vn if vn else 0.0
    c = {name: float(s.cum[name][hi]) for name in FLAGS}
    harmed = c["injured"] + c["deaths"]
    sym = {k: float(v[hi]) for k, v in s.symptom_cum.items()}
    top_sym = max(sym.values(), default=0.0)
    parts = {k: float(v[hi]) for k, v in s.part_cum.items()}
    top_part = max(parts.values(), default=0.0)
    sibs = _sibling_units(index, unit)
    sib_n12 = sum(index.units[u].count(t, since12) for u in sibs)
    sib_n = sum(index.units[u].count(t) for u in sibs)
    line_n6 = n6 + sum(index.units[u].count(t, since6) for u in sibs)
    line_prev12 = prev12 + sum(index.units[u].count(since12, since24) for u in sibs)
    sib_vn = sum(index.vehicles[u[:3]].count(t) for u in sibs if u[:3] in index.vehicles)
    plat = _platform_units(index, unit)
    plat_in = [u for u in plat if u in index.units]
    model_recalls = index.model_system_recalls.get((make, model, system), [])
    sib_recalled = sum(1 for y, d in model_recalls if y != year and abs(y - year) <= SIBLING_YEARS and d < t)
    sib_recalled_24 = sum(1 for y, d in model_recalls
                          if y != year and abs(y - year) <= SIBLING_YEARS and since24 <= d < t)
    plat_recalls = [(y, d) for m2, mod2, lo, hi_ in index.platform.get((make, model), ()) if lo <= year <= hi_
                    for y, d in index.model_system_recalls.get((m2, mod2, system), []) if abs(y - year) <= PLATFORM_YEARS]
    make_recalls = index.make_system_recalls.get((make, system), [])
    part_n12, part_growth, part_vehicles = 0, 0.0, 0
    level2 = set()
    for first, part in index.unit_parts.get(unit, ()):
        if first >= t:
            break
        level2.add(_level2(part))
        events = index.make_parts[(make, part)]
        dates = [d for d, _ in events]
        lo12, lo24, hi_ = bisect_left(dates, since12), bisect_left(dates, since24), bisect_left(dates, t)
        if hi_ - lo12 > part_n12:
            part_n12 = hi_ - lo12
            part_growth = math.log((hi_ - lo12 + 1) / (lo12 - lo24 + 1))
            part_vehicles = len({v for _, v in events[lo12:hi_]})
    part_recalls = [d for p in level2 for d in index.part_recalls.get((make, p), ()) if d < t]
    make_sys = index.make_systems.get((make, system), [])
    make_all = index.make_all.get(make, [])
    share_now = (bisect_left(make_sys, t) - bisect_left(make_sys, since12) + 1) / (
        bisect_left(make_all, t) - bisect_left(make_all, since12) + 20)
    share_before = (bisect_left(make_sys, since12) - bisect_left(make_sys, since24) + 1) / (
        bisect_left(make_all, since12) - bisect_left(make_all, since24) + 20)
    return {
        **{f"symptom_{k}_log": _log(sym.get(k, 0.0)) for k in symptom_keys()},
        "part_make_12m_log": _log(part_n12), "part_make_growth": part_growth,
        "part_make_vehicles_12m": float(part_vehicles), "part_recalls_make": float(len(part_recalls)),
        "part_recalls_make_24m": float(sum(d >= since24 for d in part_recalls)), "system_make_share_growth": math.log(share_now / share_before),
        "n_log": _log(n), "n_12m_log": _log(n12), "n_6m_log": _log(n6),
        "growth_6m": math.log((n6 + 1) / (prev6 + 1)), "growth_12m": math.log((n12 + 1) / (prev12 + 1)),
        "increase_12m": float(n12 - prev12),
        "months_since_first": _months_between(s.dates[0], t) if n else 0.0,
        "months_since_last": _months_between(s.dates[hi - 1], t) if n else 0.0,
        "share_of_vehicle": share, "system_lift": math.log((share + 0.01) / (sys_share + 0.01)),
        "crash_log": _log(c["crash"]), "fire_log": _log(c["fire"]), "harmed_log": _log(harmed),
        "severe_share": c["severe"] / n if n else 0.0,
        "severe_symptom_share": c["severe_symptom"] / n if n else 0.0,
        "said_harm_share": (c["said_crash"] + c["said_injury"] + c["said_fire"]) / n if n else 0.0,
        "highway_share": c["highway"] / n if n else 0.0,
        "symptom_share": c["with_symptom"] / n if n else 0.0,
        "symptom_agreement": top_sym / c["with_symptom"] if c["with_symptom"] >= 2 else 0.0,
        "top_symptom_log": _log(top_sym), "distinct_symptoms": float(sum(v > 0 for v in sym.values())),
        "repeat_share": c["repeat"] / n if n else 0.0, "repeat_log": _log(c["repeat"]),
        "part_concentration": top_part / n if n else 0.0, "top_part_log": _log(top_part),
        "part_depth": float(s.depth_cum[hi]) / n if n and s.depth_cum is not None else 0.0,
        "multi_system_share": c["multi_system"] / n if n else 0.0,
        "age": date.fromisoformat(t).year + (date.fromisoformat(t).month - 1) / 12 - year,
        "vehicle_n_log": _log(vn),
        "vehicle_recalls_before": float(sum(1 for d in index.vehicle_recalls.get((make, model, year), ()) if d < t)),
        "sib_n_12m_log": _log(sib_n12), "line_n_6m_log": _log(line_n6),
        "line_growth_12m": math.log((n12 + sib_n12 + 1) / (line_prev12 + 1)), "sib_unit_share": (sib_n / sib_vn) if sib_vn else 0.0,
        "sib_recalled": float(sib_recalled), "sib_recalled_24m": float(sib_recalled_24),
        "sib_recalled_adjacent": float(any(abs(y - year) == 1 and d < t for y, d in model_recalls)),
        "plat_n_12m_log": _log(sum(index.units[u].count(t, since12) for u in plat_in)),
        "plat_recalled": float(sum(1 for _, d in plat_recalls if d < t)),
        "plat_recalled_24m": float(sum(1 for _, d in plat_recalls if since24 <= d < t)),
        "make_system_recalls_24m": float(sum(1 for d in make_recalls if since24 <= d < t)),
        "system_prior": system_prior.get(system, 0.0),
    }


def system_priors(index: Index, t: str) -> dict[str, float]:
    """Per system, the share of units with complaints that had been recalled, as known before t
    (shrunk towards the overall share)."""
    units = Counter(u[3] for u, s in index.units.items() if s.dates and s.dates[0] < t)
    recalled = Counter(u[3] for u in index.recalls if u in index.units and recalled_before(index, u, t))
    total_u, total_r = sum(units.values()), sum(recalled.values())
    overall = total_r / total_u if total_u else 0.0
    return {s: (recalled[s] + 20 * overall) / (units[s] + 20) for s in units}


def baselines(index: Index, unit: Unit, t: str) -> dict[str, tuple[float, ...]]:
    """The baselines' scores (ties broken by the following values)."""
    s = index.units[unit]
    hi = bisect_left(s.dates, t)
    since12, since24 = add_months(t, -12), add_months(t, -24)
    n12 = s.count(t, since12)
    growth = n12 - s.count(since12, since24)
    w = index.weights
    severity = (w["crash"] * s.cum["crash"][hi] + w["fire"] * s.cum["fire"][hi] + w["injured"] * s.cum["injured"][hi]
                + w["death"] * s.cum["deaths"][hi])
    return {"complaint_count": (float(hi), float(n12)), "complaint_growth": (float(growth), float(n12), float(hi)),
            "severity_weighted": (float(severity), float(hi))}
