"""Defect probability per (vehicle model, component system), trained on past investigation verdicts.

`riskgraph train defects`: features as of each investigation's opening date, a time-ordered split
(train on verdicts opened before a cut date, test on the later ones), a calibrated logistic model
compared with the complaint-count baseline (ROC AUC, average precision, precision@k), then the model
refit on every verdict, every pair of the graph scored, surges detected, and all of it saved as a
versioned model file with its metrics under settings.models_dir/defects/.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.errors import BadRequest, ModelMissing, NotFound
from core.reporting import SILENT, Progress, Reporter
from core.settings import Settings
from graph.store import GraphStore
from reasoning import artifacts
from reasoning.vehicles.aggregates import rebuild
from reasoning.vehicles.features import FEATURES, GraphData, load, pair_features, vector

MODEL_DIR = "defects"
TRAIN_SHARE = 0.7
K_SIMILAR = 5
PRECISION_AT = 10
BASE = [f for f in FEATURES if f != "similar_confirmed"]  # what similarity between cases is measured on


@dataclass
class Case:
    action: str
    vehicle: str
    vehicle_name: str
    system: str
    opened: str
    closed: str
    verdict: str
    x: list[float]  # feature values as of opening (base features)


class Similar:
    """Past investigated cases, found by distance between standardised feature vectors."""

    def __init__(self, cases: list[Case], mean: np.ndarray, std: np.ndarray) -> None:
        self.cases = cases
        self.mean, self.std = mean, std
        self.z = (np.array([c.x for c in cases]) - mean) / std if cases else np.zeros((0, len(BASE)))
        self.closed = np.array([c.closed for c in cases])

    def nearest(self, x: list[float], as_of: str, exclude: str = "", k: int = K_SIMILAR) -> list[tuple[Case, float]]:
        if not self.cases:
            return []
        known = (self.closed < as_of) & (self.actions != exclude)
        if not known.any():
            return []
        idx = np.flatnonzero(known)
        d = np.sqrt(((self.z[idx] - (np.array(x) - self.mean) / self.std) ** 2).sum(axis=1))
        order = np.argsort(d, kind="stable")[:k]
        return [(self.cases[idx[i]], float(d[i])) for i in order]

    @cached_property
    def actions(self) -> np.ndarray:
        # once per loaded model, not per request (files written before it existed get it on first use)
        return np.array([c.action for c in self.cases])

    def confirmed_rate(self, x: list[float], as_of: str, exclude: str = "") -> float:
        return self.rate_of(self.nearest(x, as_of, exclude))

    @staticmethod
    def rate_of(near: list[tuple[Case, float]]) -> float:
        """Distance-weighted share of confirmed verdicts among the nearest cases, shrunk towards 1/2."""
        w = [1 / (1 + d) for _, d in near]
        y = [c.verdict == "confirmed" for c, _ in near]
        return (sum(wi * yi for wi, yi in zip(w, y, strict=True)) + 0.5) / (sum(w) + 1.0)


def base_vector(values: dict[str, float]) -> list[float]:
    return [values[f] for f in BASE]


def verdict_rows(store: GraphStore) -> list[dict[str, Any]]:
    """Closed investigations, one row per (action, vehicle, system), in order of opening."""
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in store.read("defect_investigations"):
        if r["verdict"] in ("confirmed", "not_confirmed") and r["opened"]:
            seen.setdefault((r["action"], r["vehicle"], r["system"]), r)
    return sorted(seen.values(), key=lambda r: (r["opened"], r["action"], r["vehicle"]))


def _fit(x: np.ndarray, y: np.ndarray) -> CalibratedClassifierCV:
    base = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=2000))
    folds = max(2, min(3, int(min(y.sum(), len(y) - y.sum()))))
    model = CalibratedClassifierCV(base, method="sigmoid", cv=folds)
    model.fit(x, y)
    return model


def _precision_at(scores: np.ndarray, y: np.ndarray, k: int) -> float:
    k = min(k, len(y))
    top = np.argsort(-scores, kind="stable")[:k]
    return float(y[top].mean()) if k else 0.0


def _metrics(scores: np.ndarray, y: np.ndarray) -> dict[str, float]:
    return {"roc_auc": round(float(roc_auc_score(y, scores)), 4),
            "average_precision": round(float(average_precision_score(y, scores)), 4),
            f"precision_at_{PRECISION_AT}": round(_precision_at(scores, y, PRECISION_AT), 4)}


def data_as_of_openings(store: GraphStore, rows: list[dict[str, Any]]) -> dict[str, GraphData]:
    """The graph data of the verdicts' vehicles as of each opening date, complaint figures from the monthly
    aggregates (which must be current: `rebuild`)."""
    vehicles: dict[str, set[str]] = {}
    for r in rows:
        vehicles.setdefault(r["opened"], set()).add(r["vehicle"])
    return {day: load(store, sorted(ids), as_of=day, evidence=0) for day, ids in sorted(vehicles.items())}


def _dataset(data: dict[str, GraphData], rows: list[dict[str, Any]]
             ) -> tuple[list[Case], list[dict[str, float]], np.ndarray, np.ndarray]:
    """The verdicts' cases and features; `data`: the graph data by opening date (data_as_of_openings, or
    one GraphData holding every complaint under each date)."""
    cases, values, baseline = [], [], []
    for r in rows:
        pf = pair_features(data[r["opened"]], r["vehicle"], r["system"], r["opened"])
        cases.append(Case(r["action"], r["vehicle"], r["vehicle_name"], r["system"], r["opened"],
                          r["closed"] or "9999-12-31", r["verdict"], base_vector(pf.values)))
        values.append(pf.values)
        baseline.append(pf.counts["complaints"])
    y = np.array([c.verdict == "confirmed" for c in cases], dtype=int)
    return cases, values, np.array(baseline, dtype=float), y


def _with_similar(cases: list[Case], values: list[dict[str, float]], similar: Similar) -> np.ndarray:
    rows = []
    for case, v in zip(cases, values, strict=True):
        v = dict(v)
        v["similar_confirmed"] = similar.confirmed_rate(case.x, case.opened, exclude=case.action)
        rows.append(vector(v))
    return np.array(rows)


def time_ordered_evaluation(data: dict[str, GraphData], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Train on verdicts opened before the cut date, test on the later ones; model vs baseline."""
    if len(rows) < 20:
        raise ModelMissing(f"only {len(rows)} closed investigations in the graph; ingest nhtsa-investigations first "
                      "(at least 20 verdicts are needed)")
    cut = rows[int(len(rows) * TRAIN_SHARE)]["opened"]
    cases, values, baseline, y = _dataset(data, rows)
    train = np.array([c.opened < cut for c in cases])
    test = ~train
    for name, mask in (("training", train), ("test", test)):
        if len(set(y[mask])) < 2:
            raise ModelMissing(f"the {name} verdicts (cut {cut}) hold only one class; more investigations are needed")
    train_cases = [c for c, m in zip(cases, train, strict=True) if m]
    mean, std = _scaling(train_cases)
    similar = Similar(train_cases + [c for c, m in zip(cases, test, strict=True) if m], mean, std)
    x = _with_similar(cases, values, similar)
    model = _fit(x[train], y[train])
    p = model.predict_proba(x[test])[:, 1]
    return {
        "cut_date": cut, "train_verdicts": int(train.sum()), "test_verdicts": int(test.sum()),
        "test_confirmed": int(y[test].sum()), "model": _metrics(p, y[test]),
        "baseline_complaint_count": _metrics(baseline[test], y[test]),
    }


def _scaling(cases: list[Case]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([c.x for c in cases])
    std = x.std(axis=0)
    return x.mean(axis=0), np.where(std > 0, std, 1.0)


def data_now(store: GraphStore) -> str:
    """The day after the latest complaint: "now" for data that may end in the past (generated sets)."""
    latest = store.read("vehicle_latest_complaint")
    day = latest[0]["latest"] if latest and latest[0]["latest"] else None
    today = date.today().isoformat()
    if not day:
        return today
    return min(today, (date.fromisoformat(day) + timedelta(days=1)).isoformat())


def all_vehicles(store: GraphStore, page: int = 5000) -> dict[str, dict[str, Any]]:
    """Every vehicle model by id: name, make, model, year."""
    out: dict[str, dict[str, Any]] = {}
    while True:
        rows = store.read("vehicle_ids", {"skip": len(out), "limit": page})
        out.update((r["id"], r) for r in rows)
        if len(rows) < page:
            return out


# --- artifact ------------------------------------------------------------------------------------
@dataclass
class Artifact:
    version: int
    trained_at: str
    as_of: str
    model: CalibratedClassifierCV
    similar: Similar
    metrics: dict[str, Any]
    path: str = ""

    @cached_property
    def folds(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float, float, float]]:
        """Per calibration fold: scaler mean and scale, logistic coefficients and intercept, sigmoid a and b.
        Read once per loaded model so that a request costs a few array operations, not sklearn's checks."""
        out = []
        for cal in self.model.calibrated_classifiers_:
            scaler, lr = cal.estimator.steps[0][1], cal.estimator.steps[-1][1]
            sigmoid = cal.calibrators[0]
            out.append((scaler.mean_, scaler.scale_, lr.coef_[0], float(lr.intercept_[0]), float(sigmoid.a_),
                        float(sigmoid.b_)))
        return out

    def probabilities(self, values: list[dict[str, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Defect probabilities (as the calibrated model's predict_proba: the folds' sigmoid-calibrated
        logistic outputs averaged) and per-feature contributions to the log-odds (coefficient x
        standardised value, averaged over the folds) of a batch of feature dicts."""
        x = np.array([vector(v) for v in values], dtype=float)
        p, contrib = np.zeros(len(x)), np.zeros_like(x)
        for mean, scale, coef, intercept, a, b in self.folds:
            terms = (x - mean) / scale * coef
            p += expit(-(a * (terms.sum(axis=1) + intercept) + b))
            contrib += terms
        return p / len(self.folds), contrib / len(self.folds)


def _payload(art: Artifact) -> dict[str, Any]:
    return {"model": art.model, "cases": [asdict(c) for c in art.similar.cases], "mean": art.similar.mean,
            "std": art.similar.std}


@lru_cache(maxsize=4)
def _artifact(folder: str) -> Artifact:
    stored = artifacts.load_folder(folder)
    p, meta = stored.payload, stored.meta
    similar = Similar([Case(**c) for c in p["cases"]], p["mean"], p["std"])
    return Artifact(stored.version, meta["trained_at"], meta["data_as_of"], p["model"], similar, meta["metrics"],
                    path=folder)


@dataclass
class Ranking:
    """Every pair's stored score and the surging pairs, kept beside the model file they came from. Made at
    training time and refreshed pair by pair after ingests (reasoning/vehicles/refresh.py)."""

    version: int  # of the model that scored
    as_of: str  # the data date of the latest scoring
    scored_at: str  # UTC time the latest scoring began; documents ingested since are not in it
    scores: list[dict[str, Any]]
    alerts: list[dict[str, Any]]
    rescored_pairs: int = 0  # by refreshes since training


RANKING_FILE = "ranking.joblib"


def load_ranking(settings: Settings, art: Artifact) -> Ranking:
    """The stored scores of this model (reloaded when a refresh replaced the file)."""
    return Ranking(**artifacts.read_extra(artifacts.load_folder(art.path), RANKING_FILE))


def save_ranking(settings: Settings, ranking: Ranking) -> Path:
    return artifacts.write_extra(settings, MODEL_DIR, ranking.version, RANKING_FILE, asdict(ranking))


def now_utc() -> str:
    """The time format of Document.ingested_at (graph/loader.py), for comparing with it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def load_latest(settings: Settings) -> Artifact:
    """The latest trained model (loaded once per process and version)."""
    return _artifact(str(artifacts.load(settings, MODEL_DIR).folder))


# --- entry points ----------------------------------------------------------------------------------
def _table(ev: dict[str, Any]) -> str:
    lines = [f"time-ordered split at {ev['cut_date']}: {ev['train_verdicts']} training verdicts, "
             f"{ev['test_verdicts']} later verdicts held out ({ev['test_confirmed']} confirmed)",
             f"{'':28}{'ROC AUC':>9}{'avg prec':>10}{'prec@' + str(PRECISION_AT):>9}"]
    for name, key in (("model (calibrated logistic)", "model"), ("baseline (complaint count)", "baseline_complaint_count")):
        m = ev[key]
        lines.append(f"{name:28}{m['roc_auc']:>9.3f}{m['average_precision']:>10.3f}"
                     f"{m['precision_at_' + str(PRECISION_AT)]:>9.3f}")
    return "\n".join(lines)


def train(store: GraphStore, settings: Settings, progress: Progress | None = None,
          report: Reporter = SILENT) -> dict[str, Any]:
    from reasoning.vehicles.scoring import score_all

    rows = verdict_rows(store)
    version = (artifacts.latest_version(settings, MODEL_DIR) or 0) + 1
    started = now_utc()
    # Every vehicle's monthly complaint aggregates (for graphs ingested before a model existed; after that,
    # ingests keep them: reasoning/vehicles/refresh.py); the verdicts' features are then read from them as
    # of each opening date, as scoring reads them: no complaint is held in memory.
    rebuild(store, sorted(all_vehicles(store)))
    data = data_as_of_openings(store, rows)
    evaluation = time_ordered_evaluation(data, rows)
    report.note(_table(evaluation))
    cases, values, _baseline, y = _dataset(data, rows)
    mean, std = _scaling(cases)
    similar = Similar(cases, mean, std)
    model = _fit(_with_similar(cases, values, similar), y)
    art = Artifact(version, started, data_now(store), model, similar, {**evaluation, "verdicts": len(rows)})
    clock = time.monotonic()
    scores, alerts = score_all(store, art, progress)
    scoring_seconds = round(time.monotonic() - clock, 1)
    # the ranking is stored with the model: a version is only picked up with its scores there
    stored = artifacts.save(settings, MODEL_DIR, _payload(art), {
        "trained_at": art.trained_at, "data_as_of": art.as_of, "features": FEATURES, "metrics": art.metrics,
    }, extras={RANKING_FILE: asdict(Ranking(version, art.as_of, started, scores, alerts))})
    return {"model_file": str(stored.folder), "version": version, "as_of": art.as_of, "pairs_scored": len(scores),
            "scoring_seconds": scoring_seconds, "alerts": len(alerts), **evaluation}


def evaluate(store: GraphStore, settings: Settings, report: Reporter = SILENT) -> dict[str, Any]:
    rows = verdict_rows(store)
    # every complaint read (no aggregates assumed current: evaluating writes nothing), the same data for each date
    everything = load(store, sorted({r["vehicle"] for r in rows}))
    ev = time_ordered_evaluation(dict.fromkeys((r["opened"] for r in rows), everything), rows)
    report.note(_table(ev))
    return ev


def score(store: GraphStore, settings: Settings, args: list[str], report: Reporter = SILENT) -> dict[str, Any]:
    """`riskgraph score defects MAKE MODEL YEAR [AS_OF]`: the vehicle's components ranked, explained."""
    from reasoning.vehicles.scoring import find_vehicle, score_vehicle

    if len(args) not in (3, 4):
        raise BadRequest("usage: riskgraph score defects MAKE MODEL YEAR [AS_OF yyyy-mm-dd]")
    if not args[2].strip().isdigit() or not 1900 <= int(args[2]) <= 2100:
        raise BadRequest(f"the model year must be a number such as 2016; got {args[2]!r}")
    if len(args) == 4:
        try:
            date.fromisoformat(args[3])
        except ValueError:
            raise BadRequest(f"AS_OF must be a date yyyy-mm-dd; got {args[3]!r}") from None
    art = load_latest(settings)
    vehicle = find_vehicle(store, args[0], args[1], args[2])
    if vehicle is None:
        raise NotFound(f"no vehicle {' '.join(args[:3])} in the graph")
    ranked = score_vehicle(store, art, vehicle["id"], args[3] if len(args) == 4 else art.as_of)
    for r in ranked:
        report.note(f"{r['probability']:.3f}  {r['system']:30} complaints {r['complaints']:>5}  "
              + "; ".join(f"{c['feature']} {c['contribution']:+.2f}" for c in r["contributions"][:3]))
    return {"vehicle": vehicle, "as_of": args[3] if len(args) == 4 else art.as_of, "components": ranked}



def status(settings: Settings) -> dict[str, Any]:
    """For /readyz: whether a defect model is trained, and which."""
    return artifacts.status(settings, MODEL_DIR)
