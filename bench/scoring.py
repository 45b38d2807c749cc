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
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import BUDGET_NOTE, RESULTS, Skip, bench_env, machine, rss_tree_kb, save, table
from core.settings import PROJECT_ROOT

BUDGET_S = 2400.0
# Runs the CLI and prints the process's own peak RSS (kB, the kernel's high-water mark) as it exits.
_PEAK = ("import atexit, resource, runpy, sys; "
         "atexit.register(lambda: print('PYTHON_PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
         "file=sys.stderr, flush=True)); sys.argv = ['riskgraph', *sys.argv[1:]]; "
         "runpy.run_module('cli.main', run_name='__main__')")


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                children = [int(c) for c in (task / "children").read_text().split()]
                out += children
                todo += children
        except (OSError, ValueError):
            continue
    return out


def run_split(cmd: list[str], env: dict[str, str], timeout: float, cwd: Path = PROJECT_ROOT) -> dict[str, Any]:
    """Run `riskgraph ARGS...` (cmd = the arguments), sampling the Python process and its children apart."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", _PEAK, *cmd], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    out: dict[str, str] = {}

    def drain() -> None:
        out["stdout"], out["stderr"] = proc.communicate()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    python_kb = engine_kb = tree_kb = 0
    python_at = engine_at = 0.0
    series: list[tuple[float, int, int]] = []
    while reader.is_alive():
        elapsed = time.monotonic() - started
        rss = _status_kb(proc.pid, "VmRSS")
        engine = max((_status_kb(c, "VmHWM") for c in _descendants(proc.pid)), default=0)
        if rss > python_kb:
            python_kb, python_at = rss, elapsed
        if engine > engine_kb:
            engine_kb, engine_at = engine, elapsed
        tree_kb = max(tree_kb, rss_tree_kb(proc.pid))
        series.append((round(elapsed, 1), rss // 1024, engine // 1024))
        if elapsed > timeout:
            proc.kill()
            reader.join()
            raise Skip(f"{' '.join(cmd[:3])} exceeded its {timeout:.0f}s budget")
        reader.join(0.5 if elapsed < 20 else 2.0)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {out.get('stderr', '')[-2000:]}")
    reported = [ln.split()[1] for ln in out.get("stderr", "").splitlines() if ln.startswith("PYTHON_PEAK_KB")]
    python_peak = int(reported[-1]) if reported else python_kb
    return {"seconds": seconds, "python_peak_mb": round(python_peak / 1024, 1),
            "python_peak_at_s": round(python_at, 1), "engine_peak_mb": round(engine_kb / 1024, 1),
            "engine_peak_at_s": round(engine_at, 1), "peak_rss_mb": round(tree_kb / 1024, 1),
            "series": series, "stdout": out.get("stdout", ""), "stderr": out.get("stderr", "")}


def run(root: Path, model: str, cwd: Path = PROJECT_ROOT) -> dict[str, Any]:
    from reasoning.registry import model_names

    if model not in model_names():
        raise Skip(f"the {model} model module is not built")
    if not (root / "data").exists():
        raise Skip(f"no ingested graph at {root} (the ingest step builds it)")
    models = [model]
    try:
        result = run_split(["train", model, "--json"], bench_env(root), BUDGET_S, cwd)
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
