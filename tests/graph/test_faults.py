"""Faults during ingest: each ends with a clear message, and rerunning the same command reaches the same
final counts as an uninterrupted run (nothing lost, nothing doubled).

Every case runs on the foundation's toy kind (always present) and on a real domain kind with its
generated data where the domain is built.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from core.errors import GraphUnavailable, IngestError
from core.settings import PROJECT_ROOT
from datagen import available_domains, generator
from extraction.registry import available_kinds, get_kind
from graph.loader import Loader
from graph.store import open_store
from tests import toy_source
from tests.conftest import make_settings

# One real kind per domain, tried in this order; the first whose module and generator exist is used.
REAL_KINDS = ["nhtsa-complaints", "cn-registry", "cn-judgments"]
TOY_LINES = 6000


def toy_input(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(TOY_LINES):
        rows.append(f"bad row {i} without partner" if i % 97 == 0 else f"Firm {i} Ltd,Partner {i % 450} Co")
    path = folder / "toy.txt"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def real_input(kind: str, root: Path) -> Path:
    domain = get_kind(kind).domain
    generator(domain).generate(root, 0.05, 5)
    folder = root / kind
    if not folder.exists():
        pytest.skip(f"the {domain} generator wrote no {kind}/ folder")
    return folder


def pick_real_kind() -> str:
    for kind in REAL_KINDS:
        if kind in available_kinds() and get_kind(kind).domain in available_domains():
            return kind
    pytest.skip(f"none of {REAL_KINDS} has both its extractor and its generator yet "
                f"(kinds: {available_kinds()}, generators: {available_domains()})")


@pytest.fixture(params=["toy", "real"])
def case(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    """(kind name, input path) for the toy kind or a real domain kind."""
    if request.param == "toy":
        return "toy", toy_input(tmp_path / "in")
    kind = pick_real_kind()
    return kind, real_input(kind, tmp_path / "in")


def source(kind: str) -> Any:
    return toy_source.SOURCE if kind == "toy" else get_kind(kind)


def unique_rejects(data_dir: Path, kind: str) -> set[tuple[str, str]]:
    path = data_dir / "rejects" / f"{kind}.jsonl"
    if not path.exists():
        return set()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["file"], r["record_id"]) for r in rows}


def reference(kind: str, inputs: Path, tmp: Path) -> tuple[dict[str, Any], set[tuple[str, str]]]:
    """Counts and rejects of an uninterrupted run on a fresh graph."""
    settings = make_settings(tmp / "reference", batch_size=200)
    store = open_store(settings)
    store.apply_schema()
    try:
        Loader(store, settings).ingest(source(kind), [inputs])
        return store.counts(), unique_rejects(settings.data_dir, kind)
    finally:
        store.close()


def counts_of(settings: Any) -> dict[str, Any]:
    store = open_store(settings)
    try:
        return store.counts()
    finally:
        store.close()


# --- the embedded engine killed mid-ingest ---------------------------------------------------------
def test_engine_killed_mid_ingest_is_restarted_and_the_run_completes(case: tuple[str, Path], tmp_path: Path) -> None:
    """The owner restarts the engine (replaying its append-only file) and retries the batch it lost: the
    run ends as an uninterrupted one would, and a rerun finds nothing left to do."""
    kind, inputs = case
    expected, expected_rejects = reference(kind, inputs, tmp_path)
    settings = make_settings(tmp_path / "run", batch_size=100)
    store = open_store(settings)
    store.apply_schema()
    seen = 0

    def kill_engine_midway(n: int) -> None:
        nonlocal seen
        seen += n
        if seen == 250:  # inside the third batch of 100
            engine = store.server.process
            engine.send_signal(signal.SIGKILL)
            engine.wait()

    try:
        Loader(store, settings).ingest(source(kind), [inputs], progress=kill_engine_midway)
        assert store.server.restarts == 1
        assert store.counts() == expected
        again = Loader(store, settings).ingest(source(kind), [inputs])
        assert all(f.skipped_unchanged for f in again.files)
    finally:
        store.close()
    store = open_store(settings)  # and it is all in the append-only file
    try:
        assert store.counts() == expected
    finally:
        store.close()
    assert unique_rejects(settings.data_dir, kind) == expected_rejects


# --- the ingest process killed mid-batch ----------------------------------------------------------
def cli_command(kind: str) -> list[str]:
    if kind == "toy":  # the real CLI entry point, with the toy kind registered for this process
        return [sys.executable, "-c", "import extraction.registry as r; r.kind_modules()['toy'] = 'tests.toy_source'; "
                "from cli.main import main; raise SystemExit(main())"]
    return [sys.executable, "-m", "cli.main"]


def cli_env(settings: Any, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RISKGRAPH_")}
    env.update(RISKGRAPH_GRAPH_URL=settings.graph_url, RISKGRAPH_DATA_DIR=str(settings.data_dir),
               RISKGRAPH_BATCH_SIZE=str(settings.batch_size), PYTHONPATH=str(PROJECT_ROOT), **extra)
    return env


def test_ingest_process_killed_mid_batch_then_rerun(case: tuple[str, Path], tmp_path: Path) -> None:
    kind, inputs = case
    expected, expected_rejects = reference(kind, inputs, tmp_path)
    settings = make_settings(tmp_path / "run", batch_size=20 if kind != "toy" else 200)
    cmd = [*cli_command(kind), "ingest", kind, str(inputs)]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=cli_env(settings), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    killed = False
    while time.monotonic() < deadline and proc.poll() is None:
        states = [json.loads(p.read_text()) for p in settings.checkpoints_dir.glob("*.json")] \
            if settings.checkpoints_dir.exists() else []
        if any(s.get("done", 0) > 0 and not s.get("complete") for s in states):
            proc.send_signal(signal.SIGKILL)  # no handler runs: the hardest stop there is
            killed = True
            break
        time.sleep(0.02)
    proc.wait(30)
    if not killed:
        pytest.fail(f"the ingest ended (rc {proc.returncode}) before a checkpoint was seen: "
                    f"{proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
    assert proc.returncode == -signal.SIGKILL
    rerun = subprocess.run([*cmd, "--json"], cwd=PROJECT_ROOT, env=cli_env(settings), capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert any(f["resumed_at"] > 0 for f in summary["files"]), summary["files"]
    assert counts_of(settings) == expected
    assert unique_rejects(settings.data_dir, kind) == expected_rejects


# --- the reject file hits a full disk ---------------------------------------------------------------
def test_disk_full_on_the_reject_file_then_rerun(tmp_path: Path) -> None:
    inputs = toy_input(tmp_path / "in")
    expected, expected_rejects = reference("toy", inputs, tmp_path)
    settings = make_settings(tmp_path / "run", batch_size=200)
    settings.rejects_dir.mkdir(parents=True)
    reject_file = settings.rejects_dir / "toy.jsonl"
    reject_file.symlink_to("/dev/full")  # every write fails with ENOSPC, as on a full disk
    store = open_store(settings)
    store.apply_schema()
    try:
        with pytest.raises(IngestError, match=r"cannot write the reject file .*No space left on device.*rerun"):
            Loader(store, settings).ingest(toy_source.SOURCE, [inputs])
        reject_file.unlink()  # space freed
        Loader(store, settings).ingest(toy_source.SOURCE, [inputs])
        assert store.counts() == expected
    finally:
        store.close()
    assert unique_rejects(settings.data_dir, "toy") == expected_rejects


def test_disk_full_through_the_cli_is_one_clear_line(tmp_path: Path) -> None:
    inputs = toy_input(tmp_path / "in")
    settings = make_settings(tmp_path / "run", batch_size=200)
    settings.rejects_dir.mkdir(parents=True)
    (settings.rejects_dir / "toy.jsonl").symlink_to("/dev/full")
    run = subprocess.run([*cli_command("toy"), "ingest", "toy", str(inputs)], cwd=PROJECT_ROOT,
                         env=cli_env(settings), capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "No space left on device" in run.stderr and "Traceback" not in run.stderr


# --- Neo4j unreachable ------------------------------------------------------------------------------
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the with block ends: nothing listens there


@pytest.mark.parametrize("command", [["stats"], ["ingest", "toy", "IN"], ["train"]])
def test_neo4j_unreachable_at_start(command: list[str], tmp_path: Path) -> None:
    inputs = toy_input(tmp_path / "in")
    settings = make_settings(tmp_path, graph_url=f"bolt://127.0.0.1:{closed_port()}")
    args = [str(inputs) if a == "IN" else a for a in command]
    started = time.monotonic()
    run = subprocess.run([*cli_command("toy"), *args], cwd=PROJECT_ROOT, env=cli_env(settings),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "cannot reach Neo4j at bolt://127.0.0.1" in run.stderr and "Traceback" not in run.stderr
    assert time.monotonic() - started < 60


def test_neo4j_lost_mid_run_is_a_clear_error_and_keeps_the_checkpoint(tmp_path: Path) -> None:
    """Neo4j went away after the store connected: the first write fails with GraphUnavailable naming the
    server, and the checkpoint does not claim the unwritten batch, so a rerun resumes before it."""
    from neo4j import GraphDatabase

    from graph.neo4j_store import Neo4jStore

    inputs = toy_input(tmp_path / "in")
    settings = make_settings(tmp_path, graph_url=f"bolt://127.0.0.1:{closed_port()}", batch_size=200)
    store = Neo4jStore.__new__(Neo4jStore)  # as after a successful start: the server is gone since
    store.settings, store.database = settings, settings.neo4j_database
    store.driver = GraphDatabase.driver(settings.graph_url, auth=("neo4j", "x"), max_transaction_retry_time=1.0,
                                        connection_timeout=2.0)
    try:
        with pytest.raises(GraphUnavailable, match=r"lost Neo4j at bolt://127\.0\.0\.1"):
            Loader(store, settings).ingest(toy_source.SOURCE, [inputs])
    finally:
        store.driver.close()
    states = [json.loads(p.read_text()) for p in settings.checkpoints_dir.glob("*.json")]
    assert all(s["done"] == 0 and not s["complete"] for s in states)
