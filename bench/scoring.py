"""Training and scoring time of a model on its domain's large benchmark graph, through `riskgraph train
NAME` (which scores every (model, component) pair or every enterprise as part of training, and reports
the scoring seconds). The per-model seconds exclude the engine start (loading a large graph's files
takes a minute or more); the wall time includes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.common import BUDGET_NOTE, Skip, bench_env, riskgraph, run_measured, table


def run(root: Path, model: str) -> dict[str, Any]:
    from reasoning.registry import model_names

    if model not in model_names():
        raise Skip(f"the {model} model module is not built")
    if not (root / "data").exists():
        raise Skip(f"no ingested graph at {root} (the ingest step builds it)")
    models = [model]
    try:
        result = run_measured([*riskgraph(), "train", model, "--json"], bench_env(root), 2400)
    except (Skip, RuntimeError) as exc:
        raise Skip(f"{str(exc)[-500:]} {BUDGET_NOTE}") from exc
    # models may print their own tables first; the JSON result is the last line
    out = json.loads(result["stdout"].strip().splitlines()[-1])
    rows = []
    for name in models:
        reported = out.get(name, {})
        # the model's own numbers, one level of nesting flattened ("scoring.scoring_seconds")
        flat = {**reported, **{f"{k}.{k2}": v2 for k, v in reported.items() if isinstance(v, dict)
                               for k2, v2 in v.items()}}
        figures = {k: v for k, v in flat.items()
                   if isinstance(v, (int, float)) and not isinstance(v, bool) and k != "seconds"}
        rows.append({"model": name, "seconds": reported.get("seconds"), "figures": figures})
    summary = {"rows": rows, "wall_seconds": round(result["seconds"], 1), "peak_rss_mb": result["peak_rss_mb"]}
    print(table(f"Training (with scoring of every pair / enterprise), `riskgraph train {model}`: "
                f"{summary['wall_seconds']} s wall including the engine start, peak memory "
                f"{summary['peak_rss_mb']} MB",
                ["model", "seconds", "figures reported by the model"],
                [[r["model"], r["seconds"], ", ".join(f"{k}={v:g}" for k, v in list(r["figures"].items())[:8])]
                 for r in rows]))
    return summary
