"""Query latency through the HTTP API under concurrent load: `riskgraph serve` on loopback over the big
graph, and the load generator (bench/loadgen.py) in a second process, bounded in time and count.

p50/p99 of the defect ranking of one model, the enterprise 2-hop network and the lawyer record, and
requests per second against /healthz in the same run as the ceiling. Targets: p99 < 50 ms for the
defect ranking and the lawyer record, < 150 ms for 2-hop networks.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.common import Skip, descendants, reset_peak, riskgraph, status_kb, table
from bench.engines import Engine, session
from core.settings import PROJECT_ROOT

TARGETS_MS = {"defect ranking": 50.0, "lawyer record": 50.0, "enterprise 2-hop network": 150.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str, token: str, timeout: float = 60) -> Any:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from dicts(v)
    elif isinstance(value, list):
        for v in value:
            yield from dicts(v)


def discover(base: str, token: str, paths: set[str]) -> dict[str, list[str]]:
    """URLs for each measured query, with ids taken from the API's own list answers."""
    found: dict[str, list[str]] = {}
    if "/api/v1/vehicles/{make}/{model}/{year}/defects" in paths and "/api/v1/defects/top" in paths:
        top: Any = []
        # The riskiest pairs first; the vehicle list where no ranking is stored yet.
        for listing in ("/api/v1/defects/top?limit=20", "/api/v1/vehicles?limit=20"):
            try:
                top = get_json(base + listing, token)
            except OSError:
                continue
            if dicts(top):
                break
        for d in dicts(top):
            year = d.get("year") or d.get("model_year")
            if d.get("make") and d.get("model") and year:
                url = f"{base}/api/v1/vehicles/{quote(str(d['make']), safe='')}/{quote(str(d['model']), safe='')}/{year}/defects"
                found.setdefault("defect ranking", [])
                if url not in found["defect ranking"]:
                    found["defect ranking"].append(url)
    network = next((p for p in paths if p.startswith("/api/v1/enterprises/{") and p.endswith("/network")), None)
    if network:
        ids: list[str] = []
        for listing in ("/api/v1/enterprises/watchlist?level=red&limit=20", "/api/v1/clusters/top?limit=20"):
            try:
                ids += [d["id"] for d in dicts(get_json(base + listing, token))
                        if isinstance(d.get("id"), str) and d["id"].startswith(("CN:", "UK:"))]
            except OSError:
                continue
        param = network.split("{", 1)[1].split("}", 1)[0]
        found["enterprise 2-hop network"] = [
            base + network.replace("{" + param + "}", quote(i, safe="")) + "?depth=2" for i in dict.fromkeys(ids)][:20]
    record = next((p for p in paths if p.startswith("/api/v1/lawyers/{") and p.count("{") == 1), None)
    if record:
        param = record.split("{", 1)[1].split("}", 1)[0]
        ids = []
        for listing in ("?limit=20", "?q=%E5%BE%8B%E5%B8%88&limit=20", "?q=li&limit=20"):
            try:
                ids += [d["id"] for d in dicts(get_json(f"{base}/api/v1/lawyers{listing}", token))
                        if isinstance(d.get("id"), str)]
            except OSError:
                continue
        found["lawyer record"] = [base + record.replace("{" + param + "}", quote(i, safe=""))
                                  for i in dict.fromkeys(ids)][:20]
    return {k: v for k, v in found.items() if v}


def load(urls: list[str], token: str, seconds: float, concurrency: int, max_requests: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.loadgen", *urls, "--seconds", str(seconds),
                          "--concurrency", str(concurrency), "--max-requests", str(max_requests),
                          "--token", token], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         timeout=seconds + 120)
    if out.returncode != 0:
        raise RuntimeError(f"load generator failed: {out.stderr[-1000:]}")
    return json.loads(out.stdout)


def met(name: str, row: dict[str, Any]) -> str:
    """A target is met only by answers: a query that failed, even once, does not count as fast."""
    if name not in TARGETS_MS:
        return ""
    if row["errors"]:
        return f"NO ({row['errors']} errors: {row['statuses']})"
    return "yes" if row["p99_ms"] < TARGETS_MS[name] else "NO"


def run(graphs: dict[str, Path], quick: bool | str, engine: Engine | None = None) -> dict[str, Any]:
    """Each domain's large graph served in turn; its queries measured there. quick: True (5 s per query),
    False (20 s), or a size preset's name ("quick", "compare": 10 s, "standard" and "province": 20 s)."""
    rows: dict[str, Any] = {}
    memory: dict[str, Any] = {}
    for domain, root in graphs.items():
        if (root / "data").exists():
            measured, memory[domain] = measure(domain, root, quick, engine)
            rows.update(measured)
    if not rows:
        raise Skip(f"no ingested graph at {', '.join(map(str, graphs.values()))} (the ingest step builds them)")
    missing = {n: "route not mounted or no ids to query" for n in TARGETS_MS if n not in rows}
    workers, concurrency = api_workers(), CONCURRENCY
    engine_peak = max((m["engine_peak_mb"] for m in memory.values()), default=None)
    python_peak = max((m["python_peak_mb"] for m in memory.values()), default=None)
    print(table(f"HTTP API under load ({concurrency} concurrent keep-alive clients in a second process, loopback; "
                f"`riskgraph serve --workers {workers}`{', ' + engine.name if engine else ''}; peak memory: "
                f"engine {engine_peak or 0:,.0f} MB, API processes {python_peak or 0:,.0f} MB)",
                ["query", "requests", "errors", "req/s", "p50 ms", "p99 ms", "target p99", "met"],
                [[n, r["requests"], r["errors"], r["rps"], r["p50_ms"], r["p99_ms"],
                  TARGETS_MS.get(n, ""), met(n, r)] for n, r in rows.items()]))
    for name, why in missing.items():
        print(f"  skipped {name}: {why}")
    return {"rows": rows, "skipped": missing, "targets_ms": TARGETS_MS, "api_workers": workers,
            "concurrency": concurrency, "memory": memory, "engine_peak_mb": engine_peak,
            "python_peak_mb": python_peak}


CONCURRENCY = 4


def api_workers() -> int:
    """One API process per core, as `serve --workers` is meant to run (one Python process uses one core)."""
    return os.cpu_count() or 1


def _load_seconds(quick: bool | str) -> tuple[float, int]:
    if quick is True or quick == "quick":
        return 5.0, 3000
    if quick == "compare":
        return 10.0, 20_000
    return 20.0, 50_000


def _served_memory(server_pid: int, jvm_pid: int | None) -> dict[str, float]:
    """High-water marks of the serving processes: the API's Python processes (summed) and the engine
    (the embedded FalkorDB child, or the local Neo4j JVM)."""
    python_kb = status_kb(server_pid, "VmHWM")
    engine_kb = status_kb(jvm_pid, "VmHWM") if jvm_pid else 0
    for pid in descendants(server_pid):
        try:
            comm = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            continue
        if comm.startswith("redis"):
            engine_kb = max(engine_kb, status_kb(pid, "VmHWM"))
        else:
            python_kb += status_kb(pid, "VmHWM")
    return {"python_peak_mb": round(python_kb / 1024, 1), "engine_peak_mb": round(engine_kb / 1024, 1)}


def measure(domain: str, root: Path, quick: bool | str,
            engine: Engine | None = None) -> tuple[dict[str, Any], dict[str, float]]:
    with session(engine, root, RISKGRAPH_PUBLIC_RATE_LIMIT_PER_MINUTE="100000000") as sess:
        return _measure(domain, root, quick, sess.env, sess.jvm_pid)


def _measure(domain: str, root: Path, quick: bool | str, env: dict[str, str],
             jvm_pid: int | None) -> tuple[dict[str, Any], dict[str, float]]:
    if jvm_pid:
        reset_peak(jvm_pid)
    key = subprocess.run([*riskgraph(), "keys", "create", "--role", "admin", "--name", "bench", "--json"],
                         cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True)
    token = json.loads(key.stdout)["token"]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The server logs every request: to a file, since an undrained pipe fills up and blocks the server.
    log_path = root / "serve.log"
    log = log_path.open("wb")
    server = subprocess.Popen([*riskgraph(), "serve", "--port", str(port), "--workers", str(api_workers())],
                              cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.monotonic() + 900  # a big graph loads first (minutes for millions of documents)
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    tail = log_path.read_text(errors="replace")[-1500:]
                    raise RuntimeError(f"the API did not start (log {log_path}): {tail}") from None
                time.sleep(0.5)
        paths = set(get_json(f"{base}/openapi.json", token)["paths"])
        targets = discover(base, token, paths)
        seconds, cap = _load_seconds(quick)
        rows: dict[str, Any] = {
            f"healthz (ceiling, {domain} graph)": load([f"{base}/healthz"], token, seconds, CONCURRENCY, cap)}
        for name, urls in targets.items():
            # warm every server process (models load once per process) and the engine (a Neo4j JVM plans and
            # compiles each query on first use) the way a serving one would be: 200 answers, at most 15 s
            load(urls, token, 15.0, CONCURRENCY, 200)
            rows[name] = load(urls, token, seconds, CONCURRENCY, cap)
        memory = _served_memory(server.pid, jvm_pid)
    finally:
        server.terminate()
        try:
            server.wait(120)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return rows, memory
