"""Training and scoring time of a model on its domain's large benchmark graph, through `riskgraph train
NAME` (which scores every (model, component) pair or every enterprise as part of training, and reports
the scoring seconds). The per-model seconds exclude the engine start (loading a large graph's files
takes a minute or more); the wall time includes it.

Memory is reported three ways: the Python process's peak resident memory (its own high-water mark,
read by the process itself as it exits), the embedded engine's peak (the high-water mark of its
process, sampled), and the proportional set size of the whole tree (sampled, as the ingest step does).

    python -m bench.scoring GRAPH_ROOT [--model M] [--code DIR] [--record LABEL]
        one measured training on an existing graph (with the CLI of another checkout, to compare)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.common import BUDGET_NOTE, RESULTS, Skip, machine, run_split, save, table
from bench.engines import Engine, session
from core.settings import PROJECT_ROOT

BUDGET_S = 3600.0


def run(root: Path, model: str, cwd: Path = PROJECT_ROOT, engine: Engine | None = None) -> dict[str, Any]:
    from reasoning.registry import model_names

    if model not in model_names():
        raise Skip(f"the {model} model module is not built")
    if not (root / "data").exists():
        raise Skip(f"no ingested graph at {root} (the ingest step builds it)")
    models = [model]
    try:
        with session(engine, root) as sess:
            result = run_split(["train", model, "--json"], sess.env, BUDGET_S, cwd, sess.engine_pids)
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
        rows.append({"model": name, "seconds": reported.get("seconds"), "figures": figures,
                     **{k: reported[k] for k in ("metrics", "phase_seconds", "phase_peak_mb") if k in reported}})
    summary = {"rows": rows, "wall_seconds": round(result["seconds"], 1), "peak_rss_mb": result["peak_rss_mb"],
               **{k: result[k] for k in ("python_peak_mb", "python_peak_at_s", "engine_peak_mb", "engine_peak_at_s")}}
    print(table(f"Training (with scoring of every pair / enterprise), `riskgraph train {model}`: "
                f"{summary['wall_seconds']} s wall including the engine start; peak memory: Python "
                f"{summary['python_peak_mb']:,.0f} MB, engine {summary['engine_peak_mb']:,.0f} MB, "
                f"process tree (PSS) {summary['peak_rss_mb']:,.0f} MB",
                ["model", "seconds", "figures reported by the model"],
                [[r["model"], r["seconds"], ", ".join(f"{k}={v:g}" for k, v in list(r["figures"].items())[:8])]
                 for r in rows]))
    return summary


def record(label: str, summary: dict[str, Any]) -> None:
    """Keep one measured training in bench/results.json under "scoring_memory" (beside the steps of the
    last full run, which it leaves as they are)."""
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    summary = {**summary, "measured": {k: machine()[k] for k in ("date", "commit", "cpus", "memory_gb")}}
    results.setdefault("scoring_memory", {})[label] = summary
    save(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="a benchmark graph folder (data/ and graph/ inside)")
    parser.add_argument("--model", default="enterprises")
    parser.add_argument("--code", type=Path, default=PROJECT_ROOT,
                        help="run the CLI of this checkout (e.g. a worktree of an earlier commit)")
    parser.add_argument("--record", metavar="LABEL", help="keep the figures in bench/results.json under LABEL")
    args = parser.parse_args(argv)
    summary = run(args.root, args.model, args.code)
    if args.record:
        record(args.record, summary)
    print(json.dumps(summary, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
