"""The graph engine a benchmark step runs on, and the side-by-side table of a run on several engines.

    python -m bench.run_all --engines falkordb,neo4j [--size quick] [--neo4j-heap 1g --neo4j-pagecache 512m]

Each engine gets its own graphs: FalkorDB in `graphs/<tag>/graph` (the CLI starts the embedded engine as
its child, as a user runs it), Neo4j in `graphs-neo4j/<tag>/neo4j`, one local Neo4j 5.26 Community per
graph (graph/neo4j_local) started for each step with the heap and page cache set explicitly, so that
the per-domain graphs stay apart as they do on FalkorDB. When RISKGRAPH_GRAPH_URL already names a Bolt
server, that server is used instead (its memory is then not measured, and the graphs share its database).

Memory per engine: the Python process's own peak (getrusage at exit) and the engine's peak resident set:
FalkorDB's redis-server child (its high-water mark), the local Neo4j JVM's (its high-water mark, reset when
the measured command starts), stated beside the configured heap and page cache.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import BENCH_DIR, Skip, bench_env, descendants

ENGINES = ("falkordb", "neo4j")
# One query benchmark per domain the issue names; loadgen measures them through the HTTP API.
QUERY_NAMES = ("defect ranking", "enterprise 2-hop network", "lawyer record")


def parse_engines(text: str | None) -> list[str]:
    """`falkordb,neo4j` -> ['falkordb', 'neo4j'] (order kept, repeats dropped); unknown names refused."""
    if text is None:
        return []
    names = list(dict.fromkeys(t.strip().lower() for t in text.split(",") if t.strip()))
    unknown = [n for n in names if n not in ENGINES]
    if unknown or not names:
        raise ValueError(f"--engines {text!r}: expected a comma-separated list of {', '.join(ENGINES)}")
    return names


@dataclass(frozen=True)
class Engine:
    """An engine to run the steps on; heap and page cache apply to a locally started Neo4j."""

    name: str
    heap: str = "1g"
    pagecache: str = "512m"

    def graphs_dir(self) -> Path:
        return BENCH_DIR / ("graphs" if self.name == "falkordb" else f"graphs-{self.name}")

    def describe(self) -> dict[str, Any]:
        if self.name == "falkordb":
            return {"engine": "falkordb", "how": "embedded (redis-server + falkordb.so, child of each CLI process)"}
        url = external_bolt_url()
        if url:
            return {"engine": "neo4j", "how": f"external server {url}", "heap": None, "pagecache": None}
        return {"engine": "neo4j", "how": "local Neo4j 5.26 Community (graph/neo4j_local), one per graph",
                "heap": self.heap, "pagecache": self.pagecache}


def external_bolt_url() -> str | None:
    url = os.environ.get("RISKGRAPH_GRAPH_URL", "")
    return url if url.startswith(("bolt", "neo4j")) else None


@dataclass
class Session:
    """One engine serving one benchmark graph for the length of a step."""

    engine: str | None
    root: Path
    env: dict[str, str]
    jvm_pid: int | None = None  # the local Neo4j's JVM; None for FalkorDB (a child of each CLI) or a remote server
    info: dict[str, Any] = field(default_factory=dict)

    def engine_pids(self, cli_pid: int) -> list[int]:
        """The processes whose memory is the engine's while the CLI process cli_pid runs."""
        if self.jvm_pid is not None:
            return [self.jvm_pid]
        if self.engine == "neo4j":
            return []  # a remote server: not measured
        return descendants(cli_pid)


@contextlib.contextmanager
def session(engine: Engine | None, root: Path, **extra: str) -> Iterator[Session]:
    """The environment of a step's CLI runs on one graph; for a local Neo4j, the running JVM.

    engine None keeps the single-engine behaviour: the embedded graph in root, or the Bolt server that
    RISKGRAPH_GRAPH_URL names."""
    env = bench_env(root, **extra)
    if engine is None or engine.name == "falkordb":
        if engine is not None:  # asked for by name: the embedded engine even where the caller set a Bolt URL
            env["RISKGRAPH_GRAPH_URL"] = f"falkordb://{root / 'graph'}"
        yield Session(engine.name if engine else None, root, env, info={"graph_url": env["RISKGRAPH_GRAPH_URL"]})
        return
    if external_bolt_url():
        yield Session("neo4j", root, env, info=engine.describe())
        return
    from graph.neo4j_local import Neo4jLocalError, start

    try:
        # A benchmark server: Neo4j's recommended initial heap = maximum heap, the JIT's every tier.
        db = start(root / "neo4j", port=0, heap=engine.heap, pagecache=engine.pagecache, timeout=600,
                   jvm_options=[f"-Xms{engine.heap}"])
    except Neo4jLocalError as exc:
        raise Skip(f"the local Neo4j did not start: {str(exc)[-800:]}") from exc
    env.update(db.env())
    try:
        yield Session("neo4j", root, env, jvm_pid=db.pid, info={**engine.describe(), "graph_url": db.url})
    finally:
        db.stop(timeout=120)


# --- the side-by-side table ----------------------------------------------------------------------------

def _cell(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = str(value)
    return f"{text}{unit}"


def comparison_rows(by_engine: dict[str, dict[str, Any]]) -> list[list[str]]:
    """Rows of (figure, one cell per engine) from each engine's step results ({"ingest": …, "queries": …})."""
    engines = list(by_engine)
    rows: list[list[str]] = []

    def add(label: str, values: list[Any], unit: str = "") -> None:
        if any(v is not None for v in values):
            rows.append([label, *(_cell(v, unit) for v in values)])

    kinds: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}
    for eng, steps in by_engine.items():
        for run in (steps.get("ingest") or {}).get("runs", []):
            kinds.setdefault((run["kind"], run.get("target_size", run["documents"])), {})[eng] = run
    for (kind, size), runs in sorted(kinds.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        label = f"ingest {kind} {size:,}"
        add(f"{label}: rows/s", [runs.get(e, {}).get("rows_per_s") for e in engines])
        add(f"{label}: documents/s", [runs.get(e, {}).get("docs_per_s") for e in engines])
        add(f"{label}: seconds", [runs.get(e, {}).get("seconds") for e in engines])
        add(f"{label}: Python peak", [runs.get(e, {}).get("python_peak_mb") for e in engines], " MB")
        add(f"{label}: engine peak RSS", [runs.get(e, {}).get("engine_peak_mb") for e in engines], " MB")
    complete = {e: s.get("complete") or {} for e, s in by_engine.items()}
    for domain in sorted({d for c in complete.values() for d, v in c.items() if isinstance(v, dict)}):
        parts = [complete[e].get(domain) if isinstance(complete[e].get(domain), dict) else {} for e in engines]
        add(f"other kinds into the {domain} graph: seconds", [p.get("wall_seconds") for p in parts])
        add(f"other kinds into the {domain} graph: engine peak RSS", [p.get("engine_peak_mb") for p in parts], " MB")
    scoring = {e: s.get("scoring") or {} for e, s in by_engine.items()}
    for domain in sorted({d for c in scoring.values() for d, v in c.items() if isinstance(v, dict)}):
        parts = [scoring[e].get(domain) if isinstance(scoring[e].get(domain), dict) else {} for e in engines]
        model = next((r["model"] for p in parts for r in p.get("rows", [])), domain)
        add(f"train {model}: seconds (wall)", [p.get("wall_seconds") for p in parts])
        add(f"train {model}: Python peak", [p.get("python_peak_mb") for p in parts], " MB")
        add(f"train {model}: engine peak RSS", [p.get("engine_peak_mb") for p in parts], " MB")
    queries = {e: (s.get("queries") or {}).get("rows", {}) for e, s in by_engine.items()}
    for name in QUERY_NAMES:
        got = [queries[e].get(name) for e in engines]
        add(f"{name}: p50", [g.get("p50_ms") if g else None for g in got], " ms")
        add(f"{name}: p99", [g.get("p99_ms") if g else None for g in got], " ms")
        add(f"{name}: requests/s", [g.get("rps") if g else None for g in got])
        add(f"{name}: errors", [g.get("errors") if g else None for g in got])
    serving = [(by_engine[e].get("queries") or {}).get("engine_peak_mb") for e in engines]
    add("serving the queries: engine peak RSS", serving, " MB")
    heaps = [(by_engine[e].get("engine") or {}).get("heap") for e in engines]
    caches = [(by_engine[e].get("engine") or {}).get("pagecache") for e in engines]
    add("configured JVM heap (-Xms = -Xmx)", heaps)
    add("configured page cache", caches)
    return rows


def comparison_table(by_engine: dict[str, dict[str, Any]], title: str) -> str:
    from bench.common import table

    rows = comparison_rows(by_engine)
    if not rows:
        return f"### {title}\n\n(no figure measured on any engine)\n"
    return table(title, ["figure", *by_engine], rows)
