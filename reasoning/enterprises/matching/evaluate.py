"""`riskgraph eval matching`: pairwise precision and recall of the matcher on the generator's planted
screening queries (truth/enterprises/match_pairs.jsonl), against the register files of the same data
folder (no graph): the parameters estimated from those files as the graph's would be, every query ranked,
and each (query, candidate) pair at or above a threshold counted as a predicted match.

Precision = correct predicted pairs / predicted pairs; recall = correct predicted pairs / planted pairs
(queries whose truth names an enterprise or person). A query planted to match nothing (an unregistered
name, another city's trade name, a person given by name only) adds only false positives when it matches.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from core.errors import BadRequest
from core.reporting import SILENT, Reporter
from core.settings import Settings
from extraction.enterprises.matching.fields import query_record
from extraction.enterprises.matching.model import MatchModel
from extraction.enterprises.matching.register import Register, rank, summary
from extraction.enterprises.matching.source import estimate_from_rows, rows_of_files

THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
DEFAULT_THRESHOLD = 0.7


def _pr(tp: int, predicted: int, planted: int) -> dict[str, Any]:
    return {"precision": round(tp / predicted, 4) if predicted else 1.0,
            "recall": round(tp / planted, 4) if planted else 0.0, "tp": tp, "predicted": predicted, "planted": planted}


def evaluate(settings: Settings, data_dir: Path, report: Reporter = SILENT) -> dict[str, Any]:
    truth_file = Path(data_dir) / "truth" / "enterprises" / "match_pairs.jsonl"
    if not truth_file.exists():
        raise BadRequest(f"no planted match pairs at {truth_file}; run `riskgraph generate --out {data_dir}`")
    pairs = [json.loads(line) for line in truth_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows, mentions = rows_of_files(Path(data_dir))
    params, records = estimate_from_rows(rows, mentions)
    model, register = MatchModel(params), Register.of(records)
    scored = []  # (pair, [(candidate id, probability)])
    for pair in pairs:
        ranked = rank(model, register, query_record(pair["query"], pair.get("kind")))
        scored.append((pair, [(s.candidate.id, s.probability) for s in ranked[:20]]))
    chart = {}
    by_variant: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for t in THRESHOLDS:
        tp = predicted = planted = 0
        for pair, ranked in scored:
            truth = pair.get("match")
            hits = [cid for cid, p in ranked if p >= t]
            planted += truth is not None
            predicted += len(hits)
            tp += truth is not None and truth in hits
            if t == DEFAULT_THRESHOLD:
                v = by_variant[pair["variant"]]
                v["queries"] += 1
                v["planted"] += truth is not None
                v["tp"] += truth is not None and truth in hits
                v["predicted"] += len(hits)
        chart[f"{t:.2f}"] = _pr(tp, predicted, planted)
    variants = {k: {**_pr(v["tp"], v["predicted"], v["planted"]), "queries": v["queries"]}
                for k, v in sorted(by_variant.items())}
    person_only = [ranked for pair, ranked in scored if pair["variant"] == "person_name_only"]
    result = {"queries": len(pairs), "register": len(records), "threshold": DEFAULT_THRESHOLD,
              "at_threshold": chart[f"{DEFAULT_THRESHOLD:.2f}"], "chart": chart, "variants": variants,
              "person_name_only_matched": sum(any(p > 0 for _, p in r) for r in person_only),
              "person_name_only_queries": len(person_only),
              "model": {"fit": params["fit"], "estimated": params["estimated"], "lambda": params["lambda"],
                        "parameters": summary(params)}}
    _report(report, result)
    return result


def _report(report: Reporter, r: dict[str, Any]) -> None:
    report.note(f"enterprise matching: {r['queries']} planted queries against {r['register']:,} registered "
                f"enterprises (parameters estimated from the same register: {r['model']['fit'].get('pairs', 0)} "
                f"EM pairs of {r['model']['fit'].get('mentions', 0)} name-only mentions)")
    report.note(f"{'threshold':>10}{'precision':>11}{'recall':>9}{'predicted':>11}{'correct':>9}{'planted':>9}")
    for t, row in r["chart"].items():
        report.note(f"{t:>10}{row['precision']:>11.3f}{row['recall']:>9.3f}{row['predicted']:>11}{row['tp']:>9}"
                    f"{row['planted']:>9}")
    report.note(f"by planted variant at threshold {r['threshold']}:")
    report.note(f"{'variant':24}{'queries':>8}{'precision':>11}{'recall':>9}")
    for name, row in r["variants"].items():
        recall = f"{row['recall']:>9.3f}" if row["planted"] else f"{'-':>9}"
        report.note(f"{name:24}{row['queries']:>8}{row['precision']:>11.3f}{recall}")
    report.note(f"person queries with the name alone that matched anyone: {r['person_name_only_matched']} of "
                f"{r['person_name_only_queries']}")
