"""Training and scoring time of every model on a benchmark graph, through `riskgraph train` (which scores
every (model, component) pair and every enterprise as part of training)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.common import BUDGET_NOTE, Skip, bench_env, riskgraph, run_measured, table


def run(root: Path) -> dict[str, Any]:
    from reasoning.registry import MODELS, present

    models = list(present(MODELS))
    if not models:
        raise Skip("no model module is built (reasoning/defect_model.py, reasoning/enterprise_model.py)")
    rows, skipped = [], {}
    for name in models:
        try:
            result = run_measured([*riskgraph(), "train", name, "--json"], bench_env(root), 1800)
        except (Skip, RuntimeError) as exc:
            skipped[name] = str(exc)[-500:]
            continue
        # models may print their own tables first; the JSON result is the last line
        out = json.loads(result["stdout"].strip().splitlines()[-1]).get(name, {})
        figures = {k: v for k, v in out.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        rows.append({"model": name, "seconds": round(result["seconds"], 1), "peak_rss_mb": result["peak_rss_mb"],
                     "figures": figures})
    print(table("Training (with scoring of every pair / enterprise) through `riskgraph train`",
                ["model", "seconds", "peak RSS MB", "figures reported by the model"],
                [[r["model"], r["seconds"], r["peak_rss_mb"],
                  ", ".join(f"{k}={v:g}" for k, v in list(r["figures"].items())[:8])] for r in rows]))
    for name, why in skipped.items():
        print(f"  not run {name}: {why} {BUDGET_NOTE}")
    return {"rows": rows, "skipped": skipped}
