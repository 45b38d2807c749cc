"""The enterprise risk model: trained on past regulator verdicts with features as of each verdict's
date, calibrated, evaluated on a time-ordered split beside simple rule baselines; then every
enterprise is scored, levelled (red / yellow / green), explained, clustered and counted per division.
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.inspection import permutation_importance
from sklearn.metrics import average_precision_score, roc_auc_score
from threadpoolctl import threadpool_limits

from core.errors import ModelMissing, NotFound
from core.reporting import SILENT, Progress, Reporter
from core.settings import Settings
from extraction.enterprises.divisions import lineage
from extraction.enterprises.resolution import ensure_divisions, resolve_names
from graph.records import stable_id
from graph.store import GraphStore, WriteBehind
from reasoning.enterprises import store as enterprise_store
from reasoning.enterprises.clusters import find_clusters
from reasoning.enterprises.features import FEATURES, FeatureBuilder
from reasoning.enterprises.reasons import learn_cuts, reasons
from reasoning.enterprises.snapshot import Snapshot, load_snapshot

TEST_SHARE = 0.3
MIN_VERDICTS = 20
WRITE_BATCH = 2000
SCORE_CHUNK = 20_000  # enterprises whose features are computed at once when scoring all
LEVELS = ("red", "yellow", "green")


class NotEnoughVerdicts(ModelMissing):
    """Too few verdicts to train on."""

    def __str__(self) -> str:
        return str(self.args[0])


def level_codes(scores: np.ndarray, settings: Settings) -> np.ndarray:
    """The level of each score, as indexes into LEVELS."""
    return np.where(scores >= settings.risk_red_threshold, 0,
                    np.where(scores >= settings.risk_yellow_threshold, 1, 2)).astype(np.int8)


def level(score: float, settings: Settings) -> str:
    return LEVELS[int(level_codes(np.asarray(score), settings))]


# --- rule baselines: what a regulator's simple filters would rank by --------------------------
def _col(x: np.ndarray, name: str) -> np.ndarray:
    return np.nan_to_num(x[:, FEATURES.index(name)], nan=0.0)


BASELINES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "address concentration": lambda x: _col(x, "address_share"),
    "abnormal list or penalty": lambda x: _col(x, "abnormal_listings") + _col(x, "penalties"),
    "red-flag count": lambda x: ((_col(x, "address_share") >= 5).astype(float) + (_col(x, "phone_share") >= 3)
                                 + (np.nan_to_num(x[:, FEATURES.index("paid_ratio")], nan=0.0) <= 0.0)
                                 + (_col(x, "abnormal_current") >= 1) + (_col(x, "legal_rep_changes") >= 2)),
}


def precision_at(y: np.ndarray, score: np.ndarray, k: int) -> float:
    k = min(k, len(y))
    if k == 0:
        return 0.0
    top = np.argsort(-score, kind="stable")[:k]
    return float(y[top].mean())


def metrics(y: np.ndarray, score: np.ndarray, ks: tuple[int, ...]) -> dict[str, float]:
    out = {"roc_auc": float(roc_auc_score(y, score)), "average_precision": float(average_precision_score(y, score))}
    for k in ks:
        out[f"precision@{k}"] = precision_at(y, score, k)
    return {k: round(v, 4) for k, v in out.items()}


def new_model(n_train: int) -> CalibratedClassifierCV:
    booster = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.06, max_leaf_nodes=15,
                                             min_samples_leaf=8, l2_regularization=1.0, random_state=0)
    return CalibratedClassifierCV(booster, method="isotonic" if n_train >= 400 else "sigmoid", cv=3)


def labelled(snap: Snapshot) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray, list[int]]:
    """(enterprise, cutoff) per verdict in date order, labels, and the verdict days."""
    ents, days = snap.verdict_enterprise, snap.verdict_day
    keep = snap.founded[ents] < days
    return (ents[keep], days[keep]), snap.verdict_abnormal[keep].astype(np.int64), days[keep].tolist()


def time_split(days: list[int], y: np.ndarray) -> int:
    """Index splitting earlier verdicts (train) from later ones (test) on a day boundary, so that no
    day is on both sides; moved until both sides hold both classes."""
    n = len(days)
    for share in (TEST_SHARE, 0.4, 0.25, 0.5, 0.2):
        cut = int(n * (1 - share))
        while 0 < cut < n and days[cut] == days[cut - 1]:
            cut += 1
        if 0 < cut < n and len(set(y[:cut])) == 2 and len(set(y[cut:])) == 2:
            return cut
    raise NotEnoughVerdicts("the verdicts cannot be split in time with cleared and abnormal ones on both sides; "
                            "ingest more enterprise-verdicts")


def evaluate_split(fb: FeatureBuilder) -> dict[str, Any]:
    samples, y, days = labelled(fb.snap)
    if len(y) < MIN_VERDICTS or len(set(y)) < 2:
        raise NotEnoughVerdicts(f"{len(y)} usable verdicts ({int(y.sum()) if len(y) else 0} abnormal); training needs "
                                f"at least {MIN_VERDICTS} with both outcomes: ingest enterprise-verdicts first")
    x = fb.matrix(samples)
    cut = time_split(days, y)
    model = new_model(cut).fit(x[:cut], y[:cut])
    proba = model.predict_proba(x[cut:])[:, 1]
    ks = tuple(k for k in (10, 25, 50) if k <= len(y) - cut) or (len(y) - cut,)
    results = {"model": metrics(y[cut:], proba, ks)}
    for name, rule in BASELINES.items():
        results[f"rule: {name}"] = metrics(y[cut:], rule(x[cut:]), ks)
    sub = slice(cut, min(len(y), cut + 5000))
    imp = permutation_importance(model, x[sub], y[sub], scoring="average_precision", n_repeats=3, random_state=0)
    order = [FEATURES[j] for j in np.argsort(-imp.importances_mean, kind="stable")]
    split = {"train": cut, "test": len(y) - cut, "train_abnormal": int(y[:cut].sum()),
             "test_abnormal": int(y[cut:].sum()), "train_until": date.fromordinal(days[cut - 1]).isoformat(),
             "test_from": date.fromordinal(days[cut]).isoformat()}
    return {"x": x, "y": y, "split": split, "results": results, "importance_order": order}


def _report_table(report: Reporter, results: dict[str, dict[str, float]], split: dict[str, Any]) -> None:
    keys = list(next(iter(results.values())))
    report.note(f"held-out later verdicts: {split['test']} from {split['test_from']} "
         f"({split['test_abnormal']} abnormal); trained on {split['train']} up to {split['train_until']}")
    report.note(f"{'':28}" + "".join(f"{k:>20}" for k in keys))
    for name, row in results.items():
        report.note(f"{name:28}" + "".join(f"{row[k]:>20.3f}" for k in keys))


def train(store: GraphStore, settings: Settings, progress: Progress | None = None,
          report: Reporter = SILENT) -> dict[str, Any]:
    # One OpenMP thread: on these small tables the threads' start-up costs far more than it saves.
    with threadpool_limits(1):
        return _train(store, settings, progress, report)


def _train(store: GraphStore, settings: Settings, progress: Progress | None, report: Reporter) -> dict[str, Any]:
    clock, seconds, peaks = time.monotonic(), {}, {}

    def lap(name: str) -> None:  # seconds of each phase, and this process's peak memory at its end
        nonlocal clock
        seconds[name] = round(time.monotonic() - clock, 1)
        peaks[name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        clock = time.monotonic()

    ensure_divisions(store)
    resolution = resolve_names(store)
    lap("resolve")
    snap = load_snapshot(store)
    lap("snapshot")
    ev = evaluate_split(FeatureBuilder(snap))
    lap("evaluation")
    _report_table(report, ev["results"], ev["split"])
    x, y = ev["x"], ev["y"]
    final = new_model(len(y)).fit(x, y)  # the served model learns from every verdict
    bundle = {"model": final, "features": FEATURES, "cuts": learn_cuts(x[y == 0]),
              "importance_order": ev["importance_order"],
              "trained_at": datetime.now(UTC).isoformat(timespec="seconds")}
    result = {"metrics": ev["results"], "split": ev["split"], "verdicts": int(len(y)), "resolution": resolution,
              "thresholds": {"red": settings.risk_red_threshold, "yellow": settings.risk_yellow_threshold}}
    path = enterprise_store.save(settings, bundle, result)
    lap("final_fit")
    result["model_file"] = str(path)
    result["scoring"] = score_all(store, settings, snap, enterprise_store.load(settings), progress)
    lap("scoring")
    result["phase_seconds"], result["phase_peak_mb"] = seconds, peaks
    return result


def predict(bundle: dict[str, Any], x: np.ndarray) -> np.ndarray:
    """The bundle's probabilities for feature rows; a model trained before features were added reads the
    columns it knows (the added ones wait for the next `riskgraph train enterprises`)."""
    names = list(bundle.get("features") or FEATURES)
    if names != FEATURES:
        unknown = [f for f in names if f not in FEATURES]
        if unknown:
            raise ModelMissing(f"the enterprise model uses features this version does not compute ({', '.join(unknown)}); "
                               "run `riskgraph train enterprises`")
        x = x[:, [FEATURES.index(f) for f in names]]
    return bundle["model"].predict_proba(x)[:, 1]


def score_rows(fb: FeatureBuilder, bundle: dict[str, Any], indices: list[int] | np.ndarray, cutoff: int,
               settings: Settings) -> list[dict[str, Any]]:
    indices = np.asarray(indices, dtype=np.int64)
    x = fb.matrix((indices, np.full(len(indices), cutoff, dtype=np.int64)))
    scores = predict(bundle, x) if len(indices) else np.array([])
    out = []
    for row_no, i in enumerate(indices.tolist()):
        score = float(scores[row_no])
        why = reasons(fb, i, cutoff, list(x[row_no]), bundle["cuts"], bundle["importance_order"])
        out.append({"id": fb.snap.ids[i], "score": round(score, 4), "level": level(score, settings),
                    "reasons": why})
    return out


def write_scores(store: GraphStore | WriteBehind, rows: list[dict[str, Any]], scored_at: str, version: str) -> None:
    """Scores, levels and reasons; a row's rank too when it has one (a full scoring knows every rank)."""
    store.write("enterprise_risk_write", [
        {"id": r["id"], "score": r["score"], "level": r["level"], "rank": r.get("rank"), "scored_at": scored_at,
         "model": version, "reasons": json.dumps(r["reasons"], ensure_ascii=False)} for r in rows])


def ranked(entries: list[tuple[str, float]]) -> list[tuple[str, int]]:
    """(id, rank within the level): riskiest first, ties by id, so that a page is stable."""
    order = sorted(entries, key=lambda e: (-e[1], e[0]))
    return [(eid, n) for n, (eid, _) in enumerate(order, start=1)]


def write_ranks(store: GraphStore, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), WRITE_BATCH):
        store.write("enterprise_rank_write", rows[i:i + WRITE_BATCH])


def score_all(store: GraphStore, settings: Settings, snap: Snapshot, bundle: dict[str, Any],
              progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Score every registered enterprise as of today; store scores, ranks within each level (the
    watchlist reads them), clusters and division counts. Every score is computed first (features
    SCORE_CHUNK enterprises at a time) so that each enterprise's rank is known when its score is
    written: one write per enterprise, WRITE_BATCH at a time, with its reasons. Memory does not grow
    with the graph beyond a few numbers per enterprise."""
    clock = time.monotonic()
    cutoff = date.today().toordinal() + 1
    scored_at = datetime.now(UTC).isoformat(timespec="seconds")
    fb = FeatureBuilder(snap)
    scores = np.zeros(snap.size)  # rounded, as stored
    levels = np.zeros(snap.size, dtype=np.int8)  # of the score before rounding, as `level` gives it
    for start in range(0, snap.size, SCORE_CHUNK):
        proba = predict(bundle, fb.matrix(_today(start, snap.size, cutoff)))
        scores[start:start + len(proba)] = [round(p, 4) for p in proba.tolist()]
        levels[start:start + len(proba)] = level_codes(proba, settings)
    ranks = _ranks(snap, scores, levels)
    with WriteBehind(store) as writer:  # the engine stores a batch while the next one's reasons are written
        for start in range(0, snap.size, SCORE_CHUNK):
            samples = _today(start, snap.size, cutoff)
            x = fb.matrix(samples)
            for lo in range(0, len(x), WRITE_BATCH):
                batch = [{"id": snap.ids[i], "score": float(scores[i]), "level": LEVELS[levels[i]],
                          "rank": int(ranks[i]), "reasons": reasons(fb, i, cutoff, list(x[row_no]), bundle["cuts"],
                                                                    bundle["importance_order"])}
                         for row_no, i in enumerate(samples[0][lo:lo + WRITE_BATCH].tolist(), start=lo)]
                write_scores(writer, batch, scored_at, bundle["version"])
                if progress:
                    progress(len(batch))
    del fb  # the features' caches (the month's graph state, event sums) before the clusters' link graph
    counts = {name: int((levels == k).sum()) for k, name in enumerate(LEVELS)}
    clusters = write_clusters(store, snap, scores, settings, scored_at)
    regions = write_regions(store, snap, scores, settings)
    return {"enterprises": snap.size, "levels": counts, "clusters": clusters,
            "divisions": regions, "scoring_seconds": round(time.monotonic() - clock, 1)}


def _today(start: int, size: int, cutoff: int) -> tuple[np.ndarray, np.ndarray]:
    """The samples (enterprise, today's cutoff) of one chunk of enterprises."""
    chunk = np.arange(start, min(size, start + SCORE_CHUNK))
    return chunk, np.full(len(chunk), cutoff, dtype=np.int64)


def _ranks(snap: Snapshot, scores: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Each enterprise's place within its level: riskiest first, ties by id."""
    id_rank = snap.id_rank()
    ranks = np.zeros(snap.size, dtype=np.int64)
    for k in range(len(LEVELS)):
        members = np.flatnonzero(levels == k)
        ranks[members[np.lexsort((id_rank[members], -scores[members]))]] = np.arange(1, len(members) + 1)
    return ranks


def rerank(store: GraphStore, levels: set[str]) -> int:
    """Renumber the ranks of the given levels after some scores changed; writes only ranks that moved."""
    moved = []
    for lvl in sorted(levels):
        rows = store.read("enterprise_level_scores", {"level": lvl})
        stored = {r["id"]: r.get("rank") for r in rows}
        moved += [{"id": eid, "rank": n} for eid, n in ranked([(r["id"], float(r["score"] or 0)) for r in rows])
                  if stored[eid] != n]
    write_ranks(store, moved)
    return len(moved)


def score_touched(store: GraphStore, settings: Settings) -> dict[str, Any]:
    """Score the registered enterprises that records marked stale since they were last scored (new
    ones, and ones a register, change, penalty or listing record touched), with the latest model;
    nothing when no model is trained. Neighbours' scores, clusters and division counts wait for the
    next full scoring."""
    try:
        bundle = enterprise_store.load(settings)
    except ModelMissing:
        return {"scored": 0, "skipped": "no trained model"}
    rows = store.read("enterprise_stale", {"limit": 10_000_000})
    if not rows:
        return {"scored": 0, "model": bundle["version"]}
    snap = load_snapshot(store)
    fb = FeatureBuilder(snap)
    indices = [snap.index[r["id"]] for r in rows if r["id"] in snap.index]
    scored_at = datetime.now(UTC).isoformat(timespec="seconds")
    levels: dict[str, int] = {"red": 0, "yellow": 0, "green": 0}
    with threadpool_limits(1):
        for start in range(0, len(indices), WRITE_BATCH):
            batch = score_rows(fb, bundle, indices[start:start + WRITE_BATCH], date.today().toordinal() + 1, settings)
            for row in batch:
                levels[row["level"]] += 1
            write_scores(store, batch, scored_at, bundle["version"])
    reranked = rerank(store, {r["level"] for r in rows if r.get("level")} | {k for k, v in levels.items() if v})
    return {"scored": len(indices), "levels": levels, "reranked": reranked, "model": bundle["version"]}


def write_clusters(store: GraphStore, snap: Snapshot, scores: np.ndarray, settings: Settings,
                   scored_at: str) -> int:
    clusters = find_clusters(snap, scores, settings.risk_red_threshold)
    store.write_one("cluster_clear")
    store.write_one("cluster_members_reset")
    rows, members = [], []
    for c in clusters:
        ids = [snap.ids[i] for i in c["members"]]
        cid = "CL:" + stable_id(*ids)
        rows.append({"id": cid, "scored_at": scored_at, **{k: v for k, v in c.items() if k != "members"}})
        members.extend({"id": e, "cluster": cid, "fid": "rel:" + stable_id("IN_CLUSTER", e, cid, "")} for e in ids)
    for i in range(0, len(rows), WRITE_BATCH):
        store.write("cluster_write", rows[i:i + WRITE_BATCH])
    for i in range(0, len(members), WRITE_BATCH):
        store.write("cluster_members_write", members[i:i + WRITE_BATCH])
    return len(rows)


def write_regions(store: GraphStore, snap: Snapshot, scores: np.ndarray, settings: Settings) -> int:
    """Enterprises per division and level, rolled up the division's lineage."""
    codes = snap.division.codes
    lvl = level_codes(scores, settings)
    known = codes >= 0
    per_code = np.zeros((len(snap.division.values), len(LEVELS)), dtype=np.int64)
    np.add.at(per_code, (codes[known], lvl[known]), 1)
    seen, first = np.unique(codes[known], return_index=True)
    counts: dict[str, dict[str, int]] = {}
    for c in seen[np.argsort(first)].tolist():  # divisions in order of their first enterprise
        code = snap.division.values[c]
        if not code:
            continue
        chain = [d.code for d in lineage(code)] or [code]
        for d in chain:
            slot = counts.setdefault(d, {"total": 0, "red": 0, "yellow": 0, "green": 0, "unscored": 0})
            for k, name in enumerate(LEVELS):
                slot[name] += int(per_code[c, k])
                slot["total"] += int(per_code[c, k])
    rows = [{"id": f"DIV:{c}", "code": c, **v} for c, v in counts.items()]
    for i in range(0, len(rows), WRITE_BATCH):
        store.write("region_counts_write", rows[i:i + WRITE_BATCH])
    return len(rows)


def score(store: GraphStore, settings: Settings, args: list[str], report: Reporter = SILENT) -> dict[str, Any]:
    """`riskgraph score enterprise ID...`: score, level and reasons as of today (nothing written);
    with no id, rescore every enterprise with the latest model and store the results."""
    bundle = enterprise_store.load(settings)
    snap = load_snapshot(store)
    with threadpool_limits(1):
        if not args:
            return score_all(store, settings, snap, bundle)
        missing = [a for a in args if a not in snap.index]
        if missing:
            raise NotFound(f"no registered enterprise {', '.join(missing)}; ids look like CN:<USCC> or UK:<number>")
        rows = score_rows(FeatureBuilder(snap), bundle, [snap.index[a] for a in args], date.today().toordinal() + 1, settings)
    for row in rows:
        report.note(" ".join(f"{k}={v}" for k, v in row.items() if not isinstance(v, list | dict)))
        for reason in row.get("reasons") or []:
            report.note(f"    {reason.get('text') or reason}" if isinstance(reason, dict) else f"    {reason}")
    return {"model": bundle["version"], "enterprises": rows}


def evaluate(store: GraphStore, settings: Settings, report: Reporter = SILENT) -> dict[str, Any]:
    """Time-ordered evaluation on the graph as it is now (nothing saved)."""
    with threadpool_limits(1):
        ev = evaluate_split(FeatureBuilder(load_snapshot(store)))
    _report_table(report, ev["results"], ev["split"])
    return {"metrics": ev["results"], "split": ev["split"]}


def status(settings: Settings) -> dict[str, Any]:
    """For /readyz: whether an enterprise model is trained, and which."""
    return enterprise_store.status(settings)
