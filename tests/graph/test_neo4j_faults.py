"""Faults on a real Neo4j (the local launcher, a server of this test's own so that it can be killed):

- the server killed (SIGKILL) in the middle of an ingest: the ingest ends with one clear GraphUnavailable
  line naming the server, the checkpoint keeps what was committed, and the rerun after a restart reaches
  the same counts and rejects as an uninterrupted ingest;
- the server lost under a store that had connected: GraphUnavailable naming the server, not a driver
  traceback (once the driver stops retrying: 30 s);
- the server unreachable when a command starts (stopped, or wrong credentials): a clear message and exit 2.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.errors import GraphUnavailable
from core.settings import PROJECT_ROOT
from graph.loader import Loader
from graph.store import open_store
from tests import toy_source
from tests.conftest import Neo4jServer, make_settings, open_clean_neo4j
from tests.graph.test_faults import cli_command, cli_env, toy_input, unique_rejects

pytestmark = pytest.mark.neo4j


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[Path, list]]:
    """(data folder, [the running LocalNeo4j]) of a server only this test uses; the test may replace it."""
    from graph.neo4j_local import QUICK_START_FLAGS, java_available, start

    if reason := java_available():
        pytest.skip(f"killing a Neo4j server needs the local launcher: {reason}")
    home = tmp_path / "neo4j"
    running = [start(home, heap="512m", pagecache="64m", jvm_options=QUICK_START_FLAGS)]
    yield home, running
    running[-1].stop()


def _env(settings: object, db: object) -> dict[str, str]:
    return cli_env(settings, RISKGRAPH_NEO4J_USER=db.user, RISKGRAPH_NEO4J_PASSWORD=db.password)  # type: ignore[attr-defined]


def test_killed_mid_ingest_then_rerun_reaches_the_same_counts(
        own_server: tuple[Path, list], neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    from graph.neo4j_local import QUICK_START_FLAGS, start

    home, running = own_server
    inputs = toy_input(tmp_path / "in")
    reference = open_clean_neo4j(neo4j_server, tmp_path / "reference", batch_size=200)
    try:
        Loader(reference, reference.settings).ingest(toy_source.SOURCE, [inputs])  # type: ignore[attr-defined]
        expected = reference.counts()
    finally:
        reference.close()
    expected_rejects = unique_rejects(tmp_path / "reference", "toy")

    db = running[0]
    connected = open_store(make_settings(tmp_path / "connected", graph_url=db.url, neo4j_password=db.password))
    assert connected.read("ping")
    settings = make_settings(tmp_path / "run", graph_url=db.url, batch_size=200)
    cmd = [*cli_command("toy"), "ingest", "toy", str(inputs)]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=_env(settings, db), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180
    killed = False
    while time.monotonic() < deadline and proc.poll() is None:
        states = [json.loads(p.read_text()) for p in settings.checkpoints_dir.glob("*.json")] \
            if settings.checkpoints_dir.exists() else []
        if any(s.get("done", 0) > 0 and not s.get("complete") for s in states):
            db.proc.send_signal(signal.SIGKILL)  # the server dies with a transaction open
            db.proc.wait()
            killed = True
            break
        time.sleep(0.02)
    # a store that had connected (an API process, say): GraphUnavailable once the driver gives up retrying,
    # checked while the ingest's own driver is still retrying
    if killed:
        started = time.monotonic()
        try:
            with pytest.raises(GraphUnavailable, match=f"lost Neo4j at {db.url}"):
                connected.read("ping")
        finally:
            connected.close()
        assert time.monotonic() - started < 120
    out, err = proc.communicate(timeout=120)
    assert killed, f"the ingest ended (rc {proc.returncode}) before a checkpoint was seen: {err[-500:]}"
    # mid-run: one clear line naming the server, exit 2, no traceback
    assert proc.returncode == 2, (out[-500:], err[-2000:])
    assert f"lost Neo4j at {db.url}" in err and "Traceback" not in err, err[-2000:]
    states = [json.loads(p.read_text()) for p in settings.checkpoints_dir.glob("*.json")]
    assert states and all(0 < s["done"] < 6000 and not s["complete"] for s in states), states

    # at start: the server is down
    stats = subprocess.run([*cli_command("toy"), "stats"], cwd=PROJECT_ROOT, env=_env(settings, db),
                           capture_output=True, text=True, timeout=120)
    assert stats.returncode == 2 and f"cannot reach Neo4j at {db.url}" in stats.stderr, stats.stderr[-2000:]
    assert "Traceback" not in stats.stderr

    # restarted on the same data (Neo4j recovers its transaction log), on another port: the rerun resumes
    running.append(start(home, heap="512m", pagecache="64m", jvm_options=QUICK_START_FLAGS))
    db = running[-1]
    settings = make_settings(tmp_path / "run", graph_url=db.url, batch_size=200)
    rerun = subprocess.run([*cmd, "--json"], cwd=PROJECT_ROOT, env=_env(settings, db), capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert any(f["resumed_at"] > 0 for f in json.loads(rerun.stdout)["files"])
    store = open_store(make_settings(tmp_path / "check", graph_url=db.url, neo4j_password=db.password))
    try:
        assert store.counts() == expected
    finally:
        store.close()
    assert unique_rejects(settings.data_dir, "toy") == expected_rejects


def test_wrong_credentials_is_a_clear_error(neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, graph_url=neo4j_server.url, neo4j_password="not-the-password")
    with pytest.raises(GraphUnavailable, match="refused the credentials of user 'neo4j'.*RISKGRAPH_NEO4J_PASSWORD"):
        open_store(settings)
