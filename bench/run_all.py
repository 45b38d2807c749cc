"""`make bench`: every benchmark, one table each, and bench/results.json (machine, date, commit).

    python -m bench.run_all            full sizes (100k/1M complaints, 100k/500k enterprises)
    python -m bench.run_all --quick    small sizes, a minute or two
    python -m bench.run_all --only extraction,queries

Inputs are generated once per size under RISKGRAPH_BENCH_DIR (default /tmp/benchdata) and reused.
Set RISKGRAPH_GRAPH_URL=bolt://host:7687 (with RISKGRAPH_NEO4J_USER / _PASSWORD) to run the ingest,
training and query benchmarks against Neo4j instead of the embedded engine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
import traceback
from typing import Any

from bench import extraction, ingest, queries, scoring
from bench.common import RESULTS, Skip, machine, save

STEPS = ("extraction", "ingest", "complete", "scoring", "queries")
DOMAIN_MODELS = {"vehicles": "defects", "enterprises": "enterprises"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes (a minute or two)")
    parser.add_argument("--only", help=f"comma-separated steps of {', '.join(STEPS)}")
    args = parser.parse_args(argv)
    steps = args.only.split(",") if args.only else list(STEPS)
    results: dict[str, Any] = {"machine": machine(), "quick": args.quick, "steps": {}}
    if args.only and RESULTS.exists():
        # A partial rerun keeps the other steps' figures from the last run of the same size; each step
        # names the date and commit it was measured at.
        with contextlib.suppress(ValueError):
            previous = json.loads(RESULTS.read_text(encoding="utf-8"))
            if previous.get("quick") == args.quick:
                results["steps"] = previous.get("steps", {})
                results["total_seconds"] = previous.get("total_seconds")
    started = time.monotonic()
    # the large graph of each domain, and the model trained in it
    graphs = {d: ingest.BENCH_DIR / "graphs" / ingest.graph_tag(args.quick, True, d) for d in DOMAIN_MODELS}
    for step in steps:
        print(f"\n== {step} ==", flush=True)
        t = time.monotonic()
        try:
            if step == "extraction":
                out = extraction.run(args.quick)
            elif step == "ingest":
                out = ingest.run(args.quick)
            elif step == "complete":  # the other kinds of each domain into its large graph
                out = {d: ingest.complete_graph(root, d, ingest.scale_of(args.quick, d), d == "enterprises")
                       for d, root in graphs.items()}
            elif step == "scoring":
                out = {d: scoring.run(root, DOMAIN_MODELS[d]) for d, root in graphs.items()}
            elif step == "queries":
                out = queries.run(graphs, args.quick)
            else:
                raise Skip(f"unknown step {step!r}; steps: {', '.join(STEPS)}")
        except Skip as exc:
            print(f"  skipped: {exc}")
            out = {"skipped": str(exc)}
        except Exception as exc:  # one failing benchmark must not lose the others' figures
            traceback.print_exc()
            out = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
        out["step_seconds"] = round(time.monotonic() - t, 1)
        out["measured"] = {k: results["machine"][k] for k in ("date", "commit")}
        results["steps"][step] = out
        save(results)
    if not args.only:
        results["total_seconds"] = round(time.monotonic() - started, 1)
    save(results)
    print(f"\nwrote {RESULTS} ({time.monotonic() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
