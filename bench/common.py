"""Shared pieces of the benchmarks: where data goes, generated inputs cached by (domain, scale), peak memory
of a process tree, tables, and bench/results.json with the machine, date and commit."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.settings import PROJECT_ROOT

BENCH_DIR = Path(os.environ.get("RISKGRAPH_BENCH_DIR", "/tmp/benchdata"))
RESULTS = PROJECT_ROOT / "bench" / "results.json"
SEED = 7
BUDGET_NOTE = "(each benchmark step is bounded in time so `make bench` ends)"


class Skip(Exception):
    """A benchmark that cannot run here; the message names what is missing."""


def machine() -> dict[str, Any]:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                    if ln.startswith("model name")), "")
    # RISKGRAPH_BENCH_COMMIT names the commit when the benchmark runs from an export (git archive) of it
    commit = os.environ.get("RISKGRAPH_BENCH_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout.strip()
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "platform": platform.platform(),
            "date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit}


def generated(domain: str, scale: float, budget_s: float = 3600.0) -> Path:
    """Inputs of one domain at one scale, generated once (in a child process bounded in time) and reused."""
    from datagen import available_domains
    if domain not in available_domains():
        raise Skip(f"the {domain} generator (datagen/{domain}.py) is not built")
    out = BENCH_DIR / "inputs" / f"{domain}-{scale:g}"
    stamp = out / ".complete"
    if not stamp.exists():
        started = time.monotonic()
        code = ("import sys; from pathlib import Path; from datagen import generator; "
                "generator(sys.argv[1]).generate(Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))")
        try:
            subprocess.run([sys.executable, "-c", code, domain, str(out), str(scale), str(SEED)], cwd=PROJECT_ROOT,
                           check=True, timeout=budget_s, capture_output=True, text=True)
        except subprocess.TimeoutExpired:
            raise Skip(f"the {domain} generator did not finish scale {scale:g} within {budget_s:.0f}s") from None
        except subprocess.CalledProcessError as exc:
            raise Skip(f"the {domain} generator failed at scale {scale:g}: {exc.stderr[-500:]}") from None
        stamp.write_text(json.dumps({"seconds": round(time.monotonic() - started, 1)}))
    return out


def _memory_kb(pid: int) -> int:
    """Proportional resident memory (PSS) of one process: pages shared with another process count once
    in total, so the engine's append-only-file rewrite (a fork sharing the whole graph) is not counted
    twice as plain RSS would. RSS where the kernel has no smaps_rollup."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        return int(next(ln.split()[1] for ln in rollup.splitlines() if ln.startswith("Pss:")))
    except (OSError, StopIteration):
        status = Path(f"/proc/{pid}/status").read_text()
        return int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmRSS:")))


def rss_tree_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (the FalkorDB child included), in kB."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            total += _memory_kb(p)
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except (OSError, StopIteration, ValueError):
            continue
    return total


# Runs the CLI and prints the process's own peak RSS (kB, the kernel's high-water mark) as it exits.
_PEAK = ("import atexit, resource, runpy, sys; "
         "atexit.register(lambda: print('PYTHON_PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
         "file=sys.stderr, flush=True)); sys.argv = ['riskgraph', *sys.argv[1:]]; "
         "runpy.run_module('cli.main', run_name='__main__')")


def status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
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


def reset_peak(pid: int) -> bool:
    """Resets a process's resident high-water mark (VmHWM) to its current RSS (Linux: clear_refs 5)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def run_split(cmd: list[str], env: dict[str, str], timeout: float, cwd: Path = PROJECT_ROOT,
              engine_pids: Callable[[int], list[int]] = descendants) -> dict[str, Any]:
    """Run `riskgraph ARGS...` (cmd = the arguments), measuring the Python process and the engine apart.

    engine_pids(cli_pid) names the engine's processes: by default the CLI's children (the embedded
    FalkorDB); for a Neo4j server, its JVM, whose high-water mark is reset first so that its peak is this
    command's. The engine's peak is the largest high-water mark among them (sampled, so a child that
    lived between two samples is missed); the tree's is the PSS of the CLI and its children."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", _PEAK, *cmd], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    outside = [p for p in engine_pids(proc.pid) if p not in descendants(proc.pid)]
    hwm_reset = all(reset_peak(p) for p in outside)
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
        rss = status_kb(proc.pid, "VmRSS")
        engine = max((status_kb(c, "VmHWM") for c in engine_pids(proc.pid)), default=0)
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
    # a server outlives the command: its high-water mark once more, after the last write
    engine_kb = max([engine_kb, *(status_kb(p, "VmHWM") for p in outside)])
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {out.get('stderr', '')[-2000:]}")
    reported = [ln.split()[1] for ln in out.get("stderr", "").splitlines() if ln.startswith("PYTHON_PEAK_KB")]
    python_peak = int(reported[-1]) if reported else python_kb
    return {"seconds": seconds, "python_peak_mb": round(python_peak / 1024, 1),
            "python_peak_at_s": round(python_at, 1), "engine_peak_mb": round(engine_kb / 1024, 1),
            "engine_peak_at_s": round(engine_at, 1), "engine_peak_reset": hwm_reset if outside else None,
            "peak_rss_mb": round(tree_kb / 1024, 1), "series": series, "stdout": out.get("stdout", ""),
            "stderr": out.get("stderr", "")}


def bench_env(root: Path, **extra: str) -> dict[str, str]:
    """Environment of a benchmark's CLI runs: its own data folder and embedded graph, unless the caller
    points RISKGRAPH_GRAPH_URL at Neo4j (bolt://…), which is then used as is."""
    env = dict(os.environ)
    env["RISKGRAPH_DATA_DIR"] = str(root / "data")
    if not env.get("RISKGRAPH_GRAPH_URL", "").startswith(("bolt", "neo4j")):
        env["RISKGRAPH_GRAPH_URL"] = f"falkordb://{root / 'graph'}"
    env.update(extra)
    return env


def riskgraph() -> list[str]:
    return [sys.executable, "-m", "cli.main"]


def table(title: str, headers: list[str], rows: Iterable[Iterable[Any]]) -> str:
    rows = [[_fmt(v) for v in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) + " |" for r in rows]
    return "\n".join([f"### {title}", "", line, sep, *body, ""])


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return "" if v is None else str(v)


def save(results: dict[str, Any]) -> None:
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
