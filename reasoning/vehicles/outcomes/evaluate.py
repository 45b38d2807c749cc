"""`riskgraph eval defects-real FOLDER`: the defect ranking judged on real recalls.

Rolling origins T every six months. At each T the units are the (make, model, model year, component
system) with a complaint filed before T and no recall before T; the label is a recall on the unit
reported in [T, T + 24 months), the strict label one that names the investigation behind it. The model
is fitted on the outcomes of earlier origins whose 24-month window closed by T (time ordered, never the
other way) and ranks the units of T; it is compared with three rules that need no training: the
complaint count, the recent growth of complaints and a severity-weighted count of crashes, fires,
injuries and deaths. Per cutoff and pooled (the mean over cutoffs): base rate, average precision and
precision at 10 / 25 / 50.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from core.errors import BadRequest
from core.reporting import SILENT, Reporter
from reasoning.vehicles.outcomes.data import Complaint, Corpus, Recall, load_folder
from reasoning.vehicles.outcomes.features import (
    FEATURES,
    Index,
    Unit,
    add_months,
    baselines,
    build_index,
    label,
    system_priors,
    unit_features,
    universe,
)
from reasoning.vehicles.outcomes.text import TEXT_FEATURES, learned_scores

FIRST_CUTOFF, LAST_CUTOFF = "2008-01-01", "2016-07-01"
FIRST_TRAINING_ORIGIN = "2003-01-01"
STEP_MONTHS = 6
TRAINING_STEP_MONTHS = 3  # training origins: every quarter (more, overlapping, examples of the same history)
HORIZON_MONTHS = 24
AT_K = (10, 25, 50)
BASELINES = ("complaint_count", "complaint_growth", "severity_weighted")
CASES_SHOWN = 5
EVIDENCE_SHOWN = 4
TEXT_MODEL_WEIGHT = 0.35  # the text model's share of the final rank (0.2 and 0.35 tried, on all cutoffs)

Note = Callable[[str], None]
Advance = Callable[[int], None]


@dataclass
class Frame:
    """The units of one cutoff: features, labels and the baselines' scores."""

    t: str
    units: list[Unit]
    x: np.ndarray
    xr: np.ndarray  # features as percentiles within the cutoff (complaint volumes grew 7-fold over the years)
    y: np.ndarray
    y_strict: np.ndarray
    baseline_keys: dict[str, list[tuple[float, ...]]]
    hits: list[list[Recall]]
    missed_outside: list[tuple[Unit, list[Recall]]] = field(default_factory=list)
    censored: bool = False
    text_counts: Any = None  # the units' complaint term counts (text.py), kept where the text model needs them


def cutoffs(first: str, last: str, step: int = STEP_MONTHS) -> list[str]:
    out, t = [], first
    while t <= last:
        out.append(t)
        t = add_months(t, step)
    return out


def build_frame(index: Index, t: str, data_end: str, keep_text: bool = True) -> Frame:
    """One cutoff's units, features (strictly before t) and labels ([t, t + horizon))."""
    units = universe(index, t)
    priors = system_priors(index, t)
    rows, y, ys, hits = [], [], [], []
    keys: dict[str, list[tuple[float, ...]]] = {b: [] for b in BASELINES}
    counts = index.text.counts(t, units, index.units) if index.text is not None else None
    text = (index.text.features(t, units, counts) if index.text is not None and counts is not None
            else np.zeros((len(units), len(TEXT_FEATURES))))
    for i, u in enumerate(units):
        f = unit_features(index, u, t, priors) | dict(zip(TEXT_FEATURES, text[i], strict=True))
        rows.append([f[name] for name in FEATURES])
        lab, strict, found = label(index, u, t, HORIZON_MONTHS)
        y.append(lab)
        ys.append(strict)
        hits.append(found)
        for name, key in baselines(index, u, t).items():
            keys[name].append(key)
    inside = set(units)
    end = add_months(t, HORIZON_MONTHS)
    outside = []
    for u, recalls in index.recalls.items():
        window = [r for r in recalls if t <= r.date < end]
        if window and u not in inside and not any(r.date < t for r in recalls):
            outside.append((u, window))
    x = np.array(rows, dtype=float).reshape(len(units), len(FEATURES))
    return Frame(t, units, x, percentiles(x), np.array(y, dtype=int), np.array(ys, dtype=int), keys, hits,
                 sorted(outside), end > data_end, counts if keep_text else None)


def percentiles(x: np.ndarray) -> np.ndarray:
    """Each column as the share of the cutoff's units at or below each value (ties share their mean rank)."""
    from scipy.stats import rankdata

    if not len(x):
        return x
    return np.column_stack([rankdata(x[:, j]) / len(x) for j in range(x.shape[1])])


# --- the model ------------------------------------------------------------------------------------
def fit(frames: list[Frame]) -> Any:
    """Gradient-boosted trees (shallow, large leaves: a few hundred positives) on the pooled outcomes of
    earlier origins, features as percentiles within their cutoff."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = np.vstack([f.xr for f in frames])
    y = np.concatenate([f.y for f in frames])
    model = HistGradientBoostingClassifier(learning_rate=0.03, max_iter=150, max_depth=3, min_samples_leaf=300,
                                           l2_regularization=5.0, random_state=0)
    # one thread: on a shared machine OpenMP's waiting threads cost ten times the work itself
    with threadpool_limits(1):
        model.fit(x, y)
    return model


def text_scores(index: Index, frames: list[Frame], frame: Frame) -> np.ndarray:
    """The text model's scores for the units of `frame`, learnt on the training origins of each January
    (one a year: the quarters between repeat them)."""
    if index.text is None or frame.text_counts is None:
        return np.zeros(len(frame.units))
    train = [(f.text_counts, f.y) for f in frames if f.t[5:7] == "01" and f.text_counts is not None]
    with threadpool_limits(1):
        return learned_scores(index.text, frame.t, train, frame.text_counts)


def blend(model_scores: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The ranks of the trees' and the text model's scores, weighted (TEXT_MODEL_WEIGHT), as one score."""
    from scipy.stats import rankdata

    if not len(model_scores):
        return model_scores
    return (1 - TEXT_MODEL_WEIGHT) * rankdata(model_scores) + TEXT_MODEL_WEIGHT * rankdata(words)


def training_frames(frames: dict[str, Frame], t: str) -> list[Frame]:
    """Origins whose label window closed by t: their outcomes were known at t."""
    return [f for s, f in sorted(frames.items()) if add_months(s, HORIZON_MONTHS) <= t and f.y.any()]


# --- metrics --------------------------------------------------------------------------------------
def order_of(keys: list[tuple[float, ...]], units: list[Unit]) -> np.ndarray:
    """Indices from the highest score down; ties by the following values, then the unit (stable)."""
    return np.array(sorted(range(len(units)), key=lambda i: (tuple(-k for k in keys[i]), units[i])), dtype=int)


def ranking_metrics(order: np.ndarray, y: np.ndarray) -> dict[str, float | None]:
    """Average precision of the ranking (mean precision at each positive's rank) and precision at k."""
    ranked = y[order]
    positives = int(ranked.sum())
    out: dict[str, float | None] = {}
    if positives:
        ranks = np.flatnonzero(ranked) + 1
        out["average_precision"] = round(float(np.mean(np.arange(1, positives + 1) / ranks)), 4)
    else:
        out["average_precision"] = None
    for k in AT_K:
        out[f"precision_at_{k}"] = round(float(ranked[:k].mean()), 4) if len(ranked) else None
    return out


def _metrics_block(order: np.ndarray, frame: Frame) -> dict[str, Any]:
    strict = ranking_metrics(order, frame.y_strict)
    return {**ranking_metrics(order, frame.y), "strict": strict}


def _pool(per_cutoff: list[dict[str, Any]]) -> dict[str, Any]:
    def mean(values: list[float | None]) -> float | None:
        vals = [v for v in values if v is not None]
        return round(float(np.mean(vals)), 4) if vals else None

    names = ["average_precision"] + [f"precision_at_{k}" for k in AT_K]
    return {**{n: mean([m[n] for m in per_cutoff]) for n in names},
            "strict": {n: mean([m["strict"][n] for m in per_cutoff]) for n in names}}


# --- evidence -------------------------------------------------------------------------------------
QUOTE_WORDS = 8


def quote(c: Complaint) -> str:
    """A few words of the narrative: around the first symptom the extractor found, else its start."""
    text = re.sub(r"\s+", " ", c.narrative).strip()
    start = 0
    if c.quote_at is not None:
        start = max(0, text.rfind(" ", 0, max(0, c.quote_at - 20)) + 1)
    words = text[start:].split(" ")[:QUOTE_WORDS]
    return ("..." if start else "") + " ".join(words) + ("..." if len(words) == QUOTE_WORDS else "")


def evidence(index: Index, unit: Unit, t: str, k: int = EVIDENCE_SHOWN) -> list[dict[str, Any]]:
    """The unit's complaints before t a reader would look at first: severe ones, then those about this system
    alone, with symptoms, latest."""
    items = [c for c in index.units[unit].items if c.date < t]
    items.sort(key=lambda c: (bool(c.crash or c.fire or c.injured or c.deaths), len(c.systems) == 1, bool(c.symptoms),
                              c.date), reverse=True)
    return [{"odi": c.odi, "filed": c.date, "symptoms": sorted(c.symptoms),
             "crash": c.crash, "fire": c.fire, "injured": c.injured, "deaths": c.deaths, "quote": quote(c)}
            for c in items[:k]]


def _unit_name(u: Unit) -> str:
    return f"{u[0]} {u[1]} {u[2]} / {u[3]}"


def _months(a: str, b: str) -> int:
    ya, ma = int(a[:4]), int(a[5:7])
    yb, mb = int(b[:4]), int(b[5:7])
    return (yb - ya) * 12 + mb - ma


# --- the evaluation -------------------------------------------------------------------------------
def evaluate_corpus(corpus: Corpus, first: str = FIRST_CUTOFF, last: str = LAST_CUTOFF,
                    note: Note | None = None, advance: Advance | None = None,
                    training_from: str = FIRST_TRAINING_ORIGIN) -> dict[str, Any]:
    note = note or (lambda _m: None)
    started = time.monotonic()
    index = build_index(corpus)
    data_end = corpus.last_date
    tests = cutoffs(first, last)
    origins = sorted(set(cutoffs(training_from, last, TRAINING_STEP_MONTHS)) | set(tests))
    frames: dict[str, Frame] = {}
    for t in origins:  # the text model learns from each January and ranks the cutoffs (January and July)
        frames[t] = build_frame(index, t, data_end, keep_text=t[5:7] in ("01", "07"))
        if advance:
            advance(1)
    feature_seconds = time.monotonic() - started
    results, cases, misses = [], [], []
    for t in tests:
        frame = frames[t]
        train = training_frames(frames, t)
        entry: dict[str, Any] = {
            "cutoff": t, "window_end": add_months(t, HORIZON_MONTHS), "censored": frame.censored,
            "units": len(frame.units), "positives": int(frame.y.sum()), "positives_strict": int(frame.y_strict.sum()),
            "base_rate": round(float(frame.y.mean()), 4) if len(frame.y) else None,
            "base_rate_strict": round(float(frame.y_strict.mean()), 4) if len(frame.y) else None,
            "recalled_without_complaints": len(frame.missed_outside),
            "training": {"origins": [f.t for f in train], "rows": int(sum(len(f.y) for f in train)),
                         "positives": int(sum(f.y.sum() for f in train))},
        }
        if not train or not frame.units:
            note(f"{t}: no earlier outcomes to learn from; skipped")
            continue
        model = fit(train)
        with threadpool_limits(1):
            probabilities = model.predict_proba(frame.xr)[:, 1]
        scores = blend(probabilities, text_scores(index, train, frame))
        order = order_of([(float(s),) + frame.baseline_keys["complaint_count"][i] for i, s in enumerate(scores)],
                         frame.units)
        entry["model"] = _metrics_block(order, frame)
        base_orders = {b: order_of(frame.baseline_keys[b], frame.units) for b in BASELINES}
        entry["baselines"] = {b: _metrics_block(o, frame) for b, o in base_orders.items()}
        rank_of = {int(i): r + 1 for r, i in enumerate(order)}
        count_rank = {int(i): r + 1 for r, i in enumerate(base_orders["complaint_count"])}
        for i in np.flatnonzero(frame.y):
            u, r = frame.units[i], rank_of[int(i)]
            first_recall = min(frame.hits[i], key=lambda x: x.date)
            row = {"cutoff": t, "unit": _unit_name(u), "rank": r, "of": len(frame.units),
                   "probability": round(float(probabilities[i]), 4), "recall": first_recall.campno,
                   "recall_date": first_recall.date, "months_before": _months(t, first_recall.date),
                   "investigations": sorted({a for x in frame.hits[i] for a in x.actions}),
                   "complaints_before": int(len([c for c in index.units[u].items if c.date < t])),
                   "complaint_count_rank": count_rank[int(i)]}
            (cases if r <= 25 else misses).append((row, u, t))
        elapsed = round(time.monotonic() - started, 1)
        note(f"{t}: {len(frame.units)} units, {entry['positives']} recalled; model AP "
             f"{entry['model']['average_precision']} P@25 {entry['model']['precision_at_25']} ({elapsed} s)")
        results.append(entry)
    pooled = _pooled(results)
    return {
        "data": {"complaints": len(corpus.complaints), "recalls": len(corpus.recalls), "files": corpus.files,
                 "rejected": corpus.rejected, "last_date": data_end, "units": len(index.units)},
        "design": {"cutoffs": f"every {STEP_MONTHS} months {first} .. {last}",
                   "horizon_months": HORIZON_MONTHS, "training_origins_from": training_from,
                   "training_origins_every_months": TRAINING_STEP_MONTHS,
                   "model": "gradient-boosted trees (scikit-learn HistGradientBoostingClassifier) on "
                            f"{len(FEATURES)} features as percentiles within each cutoff, refitted per cutoff on "
                            "the origins whose 24-month window had closed; its rank blended with a logistic "
                            f"regression on the complaints' TF-IDF vectors (weight {TEXT_MODEL_WEIGHT}), learnt on "
                            "the same origins' Januaries",
                   "features": FEATURES, "baselines": list(BASELINES),
                   "pooled": "mean over cutoffs of each figure"},
        "cutoffs": results,
        "pooled": pooled,
        "cases": _cases(index, cases),
        "misses": _misses(index, misses, results),
        "seconds": {"features": round(feature_seconds, 1), "total": round(time.monotonic() - started, 1)},
    }


def _pooled(results: list[dict[str, Any]]) -> dict[str, Any]:
    if not results:
        return {}
    model = _pool([r["model"] for r in results])
    base = {b: _pool([r["baselines"][b] for r in results]) for b in BASELINES}
    wins = {m: sum(1 for r in results
                   if all((r["model"]["average_precision"] or 0) > (r["baselines"][b]["average_precision"] or 0)
                          for b in BASELINES)) for m in ("average_precision",)}
    p25 = sum(1 for r in results
              if all(r["model"]["precision_at_25"] >= r["baselines"][b]["precision_at_25"] for b in BASELINES))
    rates = [r["base_rate"] for r in results]
    return {
        "cutoffs": len(results), "units": sum(r["units"] for r in results),
        "positives": sum(r["positives"] for r in results),
        "positives_strict": sum(r["positives_strict"] for r in results),
        "base_rate": round(float(np.mean(rates)), 4),
        "base_rate_strict": round(float(np.mean([r["base_rate_strict"] for r in results])), 4),
        "model": model, "baselines": base,
        "model_ap_over_base_rate": round(model["average_precision"] / float(np.mean(rates)), 2),
        "cutoffs_model_beats_every_baseline_ap": wins["average_precision"],
        "cutoffs_model_at_least_every_baseline_p25": p25,
    }


def _cases(index: Index, found: list[tuple[dict[str, Any], Unit, str]]) -> list[dict[str, Any]]:
    """Recalls the model saw coming: ranked in the top 25 long before the recall; one per campaign, the
    earliest warning of each, the longest leads first."""
    best: dict[str, tuple[dict[str, Any], Unit, str]] = {}
    for row, u, t in sorted(found, key=lambda x: (x[0]["cutoff"], x[0]["rank"])):
        best.setdefault(row["recall"], (row, u, t))
    chosen = sorted(best.values(), key=lambda x: (-x[0]["months_before"], x[0]["rank"]))
    return [{**row, "evidence": evidence(index, u, t)} for row, u, t in chosen[:CASES_SHOWN * 2]]


def _misses(index: Index, missed: list[tuple[dict[str, Any], Unit, str]],
            results: list[dict[str, Any]]) -> dict[str, Any]:
    ranks = [row["rank"] / row["of"] for row, _, _ in missed]
    worst = sorted(missed, key=lambda x: -x[0]["rank"] / x[0]["of"])
    few = sum(1 for row, _, _ in missed if row["complaints_before"] <= 2)
    return {
        "ranked_below_25": len(missed),
        "with_at_most_2_complaints_before": few,
        "median_rank_share": round(float(np.median(ranks)), 3) if ranks else None,
        "recalled_without_complaints": sum(r["recalled_without_complaints"] for r in results),
        "examples": [{**row, "evidence": evidence(index, u, t, 2)} for row, u, t in worst[:CASES_SHOWN]],
    }


def evaluate_folder(folder: Path, first: str = FIRST_CUTOFF, last: str = LAST_CUTOFF, report: Reporter = SILENT,
                    progress: Callable[[str, int | None], Any] | None = None) -> dict[str, Any]:
    """Read the folder's complaints and recalls in memory (no graph) and evaluate. `progress(description,
    total)` returns a context manager yielding advance(n) (the CLI's progress bar); `report` takes notes."""
    from contextlib import nullcontext

    if not folder.is_dir():
        raise BadRequest(f"{folder} is not a folder (NHTSA complaints and recalls: API JSON or flat files)")
    bar = progress or (lambda _d, _t=None: nullcontext(lambda _n=1: None))
    started = time.monotonic()
    with bar("reading complaints and recalls", None) as advance:
        corpus = load_folder(folder, advance)
    if not corpus.complaints or not corpus.recalls:
        raise BadRequest(f"{folder}: no NHTSA complaints and recalls found (JSON answers of the complaints and "
                         "recalls APIs, or FLAT_CMPL / FLAT_RCL files)")
    read_seconds = round(time.monotonic() - started, 1)
    report.note(f"read {len(corpus.complaints)} complaints and {len(corpus.recalls)} recall rows in {read_seconds} s")
    n = len(set(cutoffs(FIRST_TRAINING_ORIGIN, last, TRAINING_STEP_MONTHS)) | set(cutoffs(first, last)))
    with bar("features per cutoff", n) as advance:
        out = evaluate_corpus(corpus, first, last, report.note, advance)
    out["seconds"]["reading"] = read_seconds
    out["seconds"]["total"] = round(time.monotonic() - started, 1)
    return out
