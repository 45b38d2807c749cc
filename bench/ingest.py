"""Ingest end to end (read, extract, resolve, load) through `riskgraph ingest`, as a user runs it:
documents/s, graph rows written/s and peak memory of the ingest process tree (the embedded FalkorDB
child included), at two sizes per domain, and the growth between them.
Target: 1M complaints in under 15 minutes on 2 cores with peak memory under 4 GB.

Each domain and size gets its own graph (`graphs/<size>-vehicles`, `graphs/<size>-enterprises`): the
1M-complaint and 500k-enterprise graphs together with their training runs do not fit one 24 GB machine
(the engine was killed by the kernel's OOM killer when both were in one graph)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from bench.common import BENCH_DIR, Skip, generated, run_split, table
from bench.engines import Engine, session

# What one generator scale yields (measured on the seeded generators, scale 1): complaints and
# Chinese enterprise registrations. Sizes are asked for in documents and turned into scales.
PER_SCALE = {"nhtsa-complaints": 11300, "cn-registry": 2895}
DOMAIN = {"nhtsa-complaints": "vehicles", "cn-registry": "enterprises"}
# `make bench`: a complaint file of NHTSA's size, a city's registrations; under 30 minutes on 2 cores.
SIZES = {"nhtsa-complaints": (100_000, 1_000_000), "cn-registry": (20_000, 100_000)}
# `--size province`, run apart: a province's registrations (docs/scaling.md).
PROVINCE_SIZES = {"nhtsa-complaints": (100_000, 1_000_000), "cn-registry": (100_000, 1_000_000)}
QUICK_SIZES = {"nhtsa-complaints": (5_000, 20_000), "cn-registry": (2_000, 8_000)}
# Between the two, for `--engines` runs (not yet run: the quick sizes took 44 minutes on both engines on
# the shared 2-core machine, Neo4j 35 of them; see docs/benchmarks.md).
COMPARE_SIZES = {"nhtsa-complaints": (10_000, 50_000), "cn-registry": (4_000, 20_000)}
SIZE_PRESETS = {"standard": SIZES, "province": PROVINCE_SIZES, "quick": QUICK_SIZES, "compare": COMPARE_SIZES}
BUDGET_S = 4800.0  # per ingest run (1M registrations take about 40 min); past it the size is reported as not run


def ingest_one(root: Path, kind: str, folder: Path, workers: int, engine: Engine | None = None) -> dict[str, Any]:
    """One `riskgraph ingest` into the graph at root: rates, and the peak memory of the Python process, of
    the engine (FalkorDB's child process or the Neo4j JVM) and of the CLI's process tree (PSS)."""
    with session(engine, root) as sess:
        result = run_split(["ingest", kind, str(folder), "--json", "--workers", str(workers)], sess.env, BUDGET_S,
                           engine_pids=sess.engine_pids)
    summary = json.loads(result["stdout"].strip().splitlines()[-1])
    rows = summary["nodes_written"] + summary["relationships_written"]
    return {"kind": kind, "documents": summary["read"], "written": summary["written"],
            "rejected": summary["rejected"], "seconds": round(result["seconds"], 1),
            "docs_per_s": round(summary["read"] / result["seconds"], 1), "rows_written": rows,
            "rows_per_s": round(rows / result["seconds"], 1), "peak_rss_mb": result["peak_rss_mb"],
            "python_peak_mb": result["python_peak_mb"], "engine_peak_mb": result["engine_peak_mb"]}


def preset(size: str | bool) -> str:
    """The size preset's name; True / False are the old --quick flag."""
    name = ("quick" if size else "standard") if isinstance(size, bool) else size
    if name not in SIZE_PRESETS:
        raise ValueError(f"unknown size {size!r}; sizes: {', '.join(SIZE_PRESETS)}")
    return name


def graph_tag(size: str | bool, large: bool, domain: str) -> str:
    name = preset(size)
    return ("" if name == "standard" else f"{name}-") + ("large" if large else "small") + f"-{domain}"


def scale_of(size: str | bool, domain: str) -> float:
    """Generator scale of a domain's large size."""
    sizes = SIZE_PRESETS[preset(size)]
    kind = next(k for k, d in DOMAIN.items() if d == domain)
    return round(sizes[kind][1] / PER_SCALE[kind], 3)


def graphs_dir(engine: Engine | None) -> Path:
    return engine.graphs_dir() if engine else BENCH_DIR / "graphs"


def graph_root(tag: str, engine: Engine | None = None) -> Path:
    root = graphs_dir(engine) / tag
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    return root


def run(size: str | bool, engine: Engine | None = None) -> dict[str, Any]:
    from extraction.registry import available_kinds

    sizes = SIZE_PRESETS[preset(size)]
    # The writing process and the embedded engine each keep a core busy; extraction workers get the rest
    # (on 2 cores, extraction in the writing process measured faster than a worker competing for a core).
    workers = max(1, (os.cpu_count() or 1) - 1)
    results: dict[str, Any] = {"workers": workers, "runs": [], "skipped": {}, "growth": {}}
    for i in range(2):
        for kind, pair in sizes.items():
            tag = graph_tag(size, i == 1, DOMAIN[kind])
            root = graph_root(tag, engine)
            label = f"{kind} {pair[i]:,}"
            if kind not in available_kinds():
                results["skipped"][label] = f"extractor for {kind} is not built"
                continue
            try:
                inputs = generated(DOMAIN[kind], round(pair[i] / PER_SCALE[kind], 3))
                row = ingest_one(root, kind, inputs / kind, workers, engine)
            except (Skip, RuntimeError) as exc:
                results["skipped"][label] = str(exc)
                continue
            row.update(target_size=pair[i], graph=tag)
            results["runs"].append(row)
            results.setdefault("graphs", {})[tag] = str(root)
    for kind in sizes:
        pair = [r for r in results["runs"] if r["kind"] == kind]
        if len(pair) == 2 and pair[0]["documents"]:
            per_doc = [r["seconds"] / r["documents"] for r in pair]
            results["growth"][kind] = {"size_ratio": round(pair[1]["documents"] / pair[0]["documents"], 2),
                                       "time_ratio": round(pair[1]["seconds"] / pair[0]["seconds"], 2),
                                       "per_doc_cost_ratio": round(per_doc[1] / per_doc[0], 2)}
    on = (f"on {engine.name}" if engine else "embedded FalkorDB unless RISKGRAPH_GRAPH_URL is bolt://")
    print(table(f"Ingest end to end (`riskgraph ingest --workers {workers}`, {on})",
                ["kind", "documents", "rejected", "seconds", "docs/s", "rows written", "rows/s", "tree PSS MB",
                 "Python peak MB", "engine peak MB"],
                [[r["kind"], r["documents"], r["rejected"], r["seconds"], r["docs_per_s"], r["rows_written"],
                  r["rows_per_s"], r["peak_rss_mb"], r["python_peak_mb"], r["engine_peak_mb"]]
                 for r in results["runs"]]))
    for kind, g in results["growth"].items():
        print(f"  growth {kind}: {g['size_ratio']}x documents took {g['time_ratio']}x time "
              f"(per-document cost x{g['per_doc_cost_ratio']}; linear = 1.0)")
    for label, why in results["skipped"].items():
        print(f"  not run {label}: {why}")
    return results


def complete_graph(root: Path, domain: str, scale: float, with_lawyers: bool,
                   engine: Engine | None = None) -> dict[str, Any]:
    """Ingest the domain's other kinds into its large graph (and the lawyer set into one of them) so that
    training and the API have what they need: one `riskgraph ingest all` (one engine start; the kind
    already ingested is skipped as unchanged files)."""
    if not (root / "data").exists():
        raise Skip(f"no ingested graph at {root} (the ingest step builds it)")
    folders = [str(generated(domain, scale))]
    if with_lawyers:
        with contextlib.suppress(Skip):
            folders.append(str(generated("lawyers", 1.0)))
    with session(engine, root) as sess:
        result = run_split(["ingest", "all", *folders, "--json"], sess.env, BUDGET_S, engine_pids=sess.engine_pids)
    ingested = json.loads(result["stdout"].strip().splitlines()[-1])["ingested"]
    rows = {k: {"documents": v["read"], "seconds": v["seconds"]} for k, v in ingested.items()
            if not all(f["skipped_unchanged"] for f in v["files"])}
    print(table(f"Other kinds of the large {domain} graph (`riskgraph ingest all`, one engine start"
                f"{', ' + engine.name if engine else ''}): {result['seconds']:.0f} s wall, peak {result['peak_rss_mb']:,.0f} MB "
                f"(Python {result['python_peak_mb']:,.0f} MB, engine {result['engine_peak_mb']:,.0f} MB)",
                ["kind", "documents", "seconds"], [[k, r["documents"], r["seconds"]] for k, r in rows.items()]))
    return {"kinds": rows, "wall_seconds": round(result["seconds"], 1), "peak_rss_mb": result["peak_rss_mb"],
            "python_peak_mb": result["python_peak_mb"], "engine_peak_mb": result["engine_peak_mb"]}
