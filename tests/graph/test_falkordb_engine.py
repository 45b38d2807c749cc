"""The embedded engine: persistence through hard kills and restarts, and one owner per folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core.errors import GraphUnavailable
from core.settings import Settings
from graph.falkordb_store import FalkorDBStore
from graph.loader import Loader
from graph.store import open_store
from tests.conftest import make_settings
from tests.toy_source import SOURCE


def _lines(n: int) -> str:
    return "".join(f"company {i},partner {i % 7}\n" for i in range(n))


def _ingested(settings: Settings, tmp_path: Path, n: int) -> FalkorDBStore:
    """An open store of these settings holding n toy records."""
    path = tmp_path / "in.txt"
    path.write_text(_lines(n))
    store = open_store(settings)
    store.apply_schema()
    Loader(store, settings).ingest(SOURCE, [path])
    return store


def test_acknowledged_writes_survive_a_hard_kill(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, falkordb_appendfsync="everysec")
    store = _ingested(settings, tmp_path, 300)
    before = store.counts()
    assert before["nodes"]["Document"] == 300
    engine = store.server.process  # its owner restarts it: hold on to this one
    os.kill(engine.pid, signal.SIGKILL)  # the engine dies without any chance to flush
    engine.wait()
    store.close()
    reopened = open_store(settings)
    try:
        assert reopened.counts() == before
    finally:
        reopened.close()


def test_restart_reattaches_to_the_same_data(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    store = _ingested(settings, tmp_path, 20)
    before = store.counts()
    store.close()
    assert not (settings.graph_dir / "falkordb.sock").exists()
    store = open_store(settings)
    try:
        assert store.counts() == before
        store.apply_schema()
    finally:
        store.close()


def test_second_process_is_refused_with_the_owner(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    store = open_store(settings)
    try:
        code = textwrap.dedent(f"""
            from tests.conftest import make_settings
            from graph.store import open_store
            from core.errors import GraphUnavailable
            from pathlib import Path
            try:
                open_store(make_settings(Path({str(tmp_path)!r})))
            except GraphUnavailable as exc:
                print(exc)
                raise SystemExit(3)
        """)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                             cwd=Path(__file__).resolve().parents[2])
        assert run.returncode == 3, run.stderr
        assert f"pid {os.getpid()}" in run.stdout and "in use" in run.stdout
    finally:
        store.close()


def test_compaction_folds_the_write_log_into_a_snapshot(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    store = _ingested(settings, tmp_path, 200)
    try:
        before = store.counts()
        folder = settings.graph_dir / "appendonlydir"
        bases = sorted(f.name for f in folder.glob("*.base.*"))
        assert store.server.compact(min_bytes=0)  # no automatic rewrite ran during the writes
        assert sorted(f.name for f in folder.glob("*.base.*")) != bases
        assert store.counts() == before
    finally:
        store.close()
    store = open_store(settings)
    try:
        assert store.counts() == before  # the snapshot replays to the same graph
    finally:
        store.close()


def test_attached_store_shares_the_owner_engine_and_leaves_it_running(tmp_path: Path) -> None:
    # What the worker processes of `serve --workers` do: the serving process owns the engine.
    settings = make_settings(tmp_path)
    owner = _ingested(settings, tmp_path, 20)
    try:
        attached = open_store(settings.model_copy(update={"falkordb_attach": True}))
        assert attached.counts() == owner.counts()
        attached.close()
        assert owner.counts()["nodes"]["Document"] == 20  # the owner's engine still answers
    finally:
        owner.close()
    with pytest.raises(GraphUnavailable, match="no embedded FalkorDB server runs"):
        open_store(settings.model_copy(update={"falkordb_attach": True}))


def test_owner_killed_hard_leaves_the_folder_usable(tmp_path: Path) -> None:
    code = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from tests.conftest import make_settings
        from graph.store import open_store
        store = open_store(make_settings(Path({str(tmp_path)!r})))
        store.apply_schema()
        print(store.server.process.pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == -signal.SIGKILL
    store = open_store(make_settings(tmp_path))  # no stale lock, no orphan server in the way
    try:
        assert store.counts() == {"nodes": {}, "relationships": {}}
    finally:
        store.close()


def test_the_engine_merges_its_matrices_at_the_configured_count_with_the_same_graph(tmp_path: Path) -> None:
    """RISKGRAPH_FALKORDB_DELTA_MAX_PENDING_CHANGES reaches the engine; merging after every few changes or
    only after many leaves the same nodes and relationships."""
    seen = {}
    for pending in (7, 100_000):
        (tmp_path / str(pending)).mkdir()
        settings = make_settings(tmp_path / str(pending), falkordb_delta_max_pending_changes=pending)
        store = _ingested(settings, tmp_path / str(pending), 300)
        try:
            _, value = store.db.connection.execute_command("GRAPH.CONFIG", "GET", "DELTA_MAX_PENDING_CHANGES")
            assert value == pending
            seen[pending] = store.counts()
        finally:
            store.close()
    assert seen[7] == seen[100_000]
    assert seen[7]["nodes"]["Document"] == 300


def test_unknown_scheme_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown scheme"):
        open_store(Settings(graph_url="mysql://x", data_dir=tmp_path))


def test_unreachable_neo4j_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(graph_url="bolt://127.0.0.1:1", data_dir=tmp_path)
    with pytest.raises(GraphUnavailable, match="cannot reach Neo4j"):
        open_store(settings)
