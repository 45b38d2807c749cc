"""`make bench`: every benchmark, one table each, and bench/results.json (machine, date, commit).

    python -m bench.run_all            `make bench`: 100k/1M complaints, 20k/100k registrations (under 30 min)
    python -m bench.run_all --size province
                                       100k/1M complaints, 100k/1M registrations, run apart (`make bench-province`;
                                       about 2 hours on 2 cores): kept under "province" in bench/results.json
    python -m bench.run_all --quick    small sizes, a minute or two
    python -m bench.run_all --only extraction,queries
    python -m bench.run_all --engines falkordb,neo4j --size quick [--neo4j-heap 1g --neo4j-pagecache 512m]
                                       every step on each engine in turn, then one side-by-side table

Inputs are generated once per size under RISKGRAPH_BENCH_DIR (default /tmp/benchdata) and reused.
Without --engines: set RISKGRAPH_GRAPH_URL=bolt://host:7687 (with RISKGRAPH_NEO4J_USER / _PASSWORD) to
run the ingest, training and query benchmarks against Neo4j instead of the embedded engine.
With --engines ...,neo4j and no Bolt URL set, each graph gets a local Neo4j 5.26 (graph/neo4j_local, needs
Java 17 and Maven) started with the given heap and page cache; the comparison is kept in
bench/results.json under "engine_comparison", by size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import time
import traceback
from typing import Any

from bench import extraction, ingest, queries, scoring
from bench.common import RESULTS, Skip, machine, save
from bench.engines import Engine, comparison_table, parse_engines

STEPS = ("extraction", "ingest", "complete", "scoring", "queries")
DOMAIN_MODELS = {"vehicles": "defects", "enterprises": "enterprises"}


def run_step(step: str, size: str, engine: Engine | None) -> dict[str, Any]:
    """One step on one engine (None: the embedded engine, or the Bolt server RISKGRAPH_GRAPH_URL names);
    its figures, or why it was skipped or failed."""
    quick = size == "quick"
    # the large graph of each domain, and the model trained in it
    graphs = {d: ingest.graphs_dir(engine) / ingest.graph_tag(size, True, d) for d in DOMAIN_MODELS}
    t = time.monotonic()
    load_before = os.getloadavg()[0]
    try:
        if step == "extraction":
            out = extraction.run(quick)
        elif step == "ingest":
            out = ingest.run(size, engine)
        elif step == "complete":  # the other kinds of each domain into its large graph
            out = {d: ingest.complete_graph(root, d, ingest.scale_of(size, d), d == "enterprises", engine)
                   for d, root in graphs.items()}
        elif step == "scoring":
            out = {d: scoring.run(root, DOMAIN_MODELS[d], engine=engine) for d, root in graphs.items()}
        elif step == "queries":
            out = queries.run(graphs, size, engine)
        else:
            raise Skip(f"unknown step {step!r}; steps: {', '.join(STEPS)}")
    except Skip as exc:
        print(f"  skipped: {exc}")
        out = {"skipped": str(exc)}
    except Exception as exc:  # one failing benchmark must not lose the others' figures
        traceback.print_exc()
        out = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
    out["step_seconds"] = round(time.monotonic() - t, 1)
    # the machine may be shared: its 1-minute load average as the step began and ended
    out["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return out


def load_results() -> dict[str, Any]:
    if RESULTS.exists():
        with contextlib.suppress(ValueError):
            return json.loads(RESULTS.read_text(encoding="utf-8"))
    return {}


def compare(steps: list[str], size: str, engines: list[Engine]) -> dict[str, Any]:
    """Every step on each engine in turn (extraction, which touches no graph, once), then the side-by-side
    table; kept in bench/results.json under engine_comparison[size], beside the other sections."""
    started = time.monotonic()
    run: dict[str, Any] = {"machine": machine(), "size": size, "sizes": ingest.SIZE_PRESETS[size], "engines": {}}
    previous = load_results().get("engine_comparison", {}).get(size, {})
    if set(steps) != set(STEPS) and previous:
        # a partial rerun (--only) keeps the other steps' figures of the last run of this size; each step
        # names the date and commit it was measured at
        run["engines"] = previous.get("engines", {})
        if "extraction" in previous:
            run["extraction"] = previous["extraction"]
    if "extraction" in steps:
        print("\n== extraction (no graph; once) ==", flush=True)
        run["extraction"] = run_step("extraction", size, None)
        run["extraction"]["measured"] = {k: run["machine"][k] for k in ("date", "commit")}
    measured = {k: run["machine"][k] for k in ("date", "commit")}
    if "extraction" in run:
        run["extraction"].setdefault("measured", measured)
    for engine in engines:
        figures: dict[str, Any] = {**run["engines"].get(engine.name, {}), "engine": engine.describe()}
        run["engines"][engine.name] = figures
        for step in (s for s in steps if s != "extraction"):
            print(f"\n== {step} on {engine.name} ==", flush=True)
            figures[step] = {**run_step(step, size, engine), "measured": measured}
            _keep(run)
    # only the engines asked for, in the order asked
    run["engines"] = {e.name: run["engines"][e.name] for e in engines}
    neo = next((e for e in engines if e.name == "neo4j"), None)
    memory = (f"; Neo4j heap {neo.heap} (-Xms = -Xmx), page cache {neo.pagecache}" if neo and
              run["engines"]["neo4j"]["engine"].get("heap") else "")
    title = f"Engines side by side, size {size!r} ({_sizes_text(size)}){memory}"
    run["table"] = comparison_table(run["engines"], title)
    run["total_seconds"] = round(time.monotonic() - started, 1)
    print("\n" + run["table"])
    _keep(run)
    return run


def _sizes_text(size: str) -> str:
    return ", ".join(f"{kind} {small:,} and {large:,}" for kind, (small, large) in ingest.SIZE_PRESETS[size].items())


def _keep(run: dict[str, Any]) -> None:
    """Written after every step, so that a run stopped half-way keeps what it measured."""
    results = load_results()
    results.setdefault("engine_comparison", {})[run["size"]] = run
    save(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes (a minute or two); = --size quick")
    parser.add_argument("--size", choices=list(ingest.SIZE_PRESETS),
                        help="input sizes: standard (default), province (run apart), quick, compare (for --engines)")
    parser.add_argument("--only", help=f"comma-separated steps of {', '.join(STEPS)}")
    parser.add_argument("--engines", help="comma-separated engines (falkordb, neo4j) to run every step on in turn "
                                          "and compare side by side")
    parser.add_argument("--neo4j-heap", default="1g", help="JVM heap of the local Neo4j (-Xms and -Xmx)")
    parser.add_argument("--neo4j-pagecache", default="512m", help="page cache of the local Neo4j")
    args = parser.parse_args(argv)
    size = args.size or ("quick" if args.quick else "standard")
    steps = args.only.split(",") if args.only else list(STEPS)
    try:
        engines = parse_engines(args.engines)
    except ValueError as exc:
        parser.error(str(exc))
    if engines:
        compare(steps, size, [Engine(e, args.neo4j_heap, args.neo4j_pagecache) for e in engines])
        print(f"\nwrote {RESULTS} (engine_comparison.{size})")
        return 0
    if size == "compare":
        parser.error("--size compare is for --engines runs")
    quick = size == "quick"
    # the other sections (scoring_memory, engine_comparison, province) are kept as they are; a province run
    # has a section of its own
    everything = load_results()
    previous = everything.get(size, {}) if size == "province" else everything
    results: dict[str, Any] = {"machine": machine(), "quick": quick, "steps": {}}
    if args.only and previous.get("quick") == quick:
        # A partial rerun keeps the other steps' figures from the last run of the same size; each step
        # names the date and commit it was measured at.
        results["steps"] = previous.get("steps", {})
        results["total_seconds"] = previous.get("total_seconds")

    def save_run() -> None:
        save({**everything, size: results} if size == "province" else {**everything, **results})
    started = time.monotonic()
    for step in steps:
        print(f"\n== {step} ==", flush=True)
        out = run_step(step, size, None)
        out["measured"] = {k: results["machine"][k] for k in ("date", "commit")}
        results["steps"][step] = out
        save_run()
    if not args.only:
        results["total_seconds"] = round(time.monotonic() - started, 1)
    save_run()
    print(f"\nwrote {RESULTS} ({time.monotonic() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
