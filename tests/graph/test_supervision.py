"""The owner of the embedded engine supervises it: killed, it is restarted (replaying its append-only
file); the API answers 503 with Retry-After meanwhile, /readyz says so, and both recover by themselves
with nothing lost."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from api.app import create_app
from api.keys import KeyStore
from graph.falkordb_store import FalkorDBStore
from graph.loader import Loader
from graph.store import open_store
from tests.conftest import make_settings
from tests.toy_source import SOURCE

CLIENTS = 4


def _ingested(tmp_path: Path, lines: int = 300) -> tuple[Any, dict[str, Any]]:
    settings = make_settings(tmp_path, batch_size=100)
    path = tmp_path / "in.txt"
    path.write_text("".join(f"company {i},partner {i % 7}\n" for i in range(lines)))
    store = open_store(settings)
    store.apply_schema()
    try:
        Loader(store, settings).ingest(SOURCE, [path])
        return settings, store.counts()
    finally:
        store.close()


def test_a_killed_engine_is_restarted_with_its_data(tmp_path: Path) -> None:
    settings, before = _ingested(tmp_path)
    store = open_store(settings)
    assert isinstance(store, FalkorDBStore)
    try:
        assert store.engine_status() == {"state": "ready", "restarts": 0}
        first = store.server.process
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert store.wait_ready(60)
        assert store.server.process is not first
        status = store.engine_status()
        assert status["state"] == "ready" and status["restarts"] == 1
        assert status["last_exit"] == "killed by SIGKILL"
        assert store.counts() == before
    finally:
        store.close()
    assert store.engine_status()["state"] == "stopped"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_engine_killed_under_api_load(tmp_path: Path) -> None:
    settings, before = _ingested(tmp_path)
    admin = KeyStore(settings.data_dir / "keys.json").create("admin", "load test")[1]
    app = create_app(settings)  # owns its store, as `riskgraph serve` does
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    engine = app.state.store.server
    real_spawn = engine._spawn

    def slow_restart() -> None:  # a restart long enough to be seen, as a large graph's replay is
        time.sleep(1.5)
        real_spawn()

    answers: list[tuple[float, int, str | None, dict[str, Any] | None]] = []
    stop = threading.Event()

    def client() -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {admin}"}, timeout=30) as http:
            while not stop.is_set():
                r = http.get("/api/v1/stats")
                answers.append((time.monotonic(), r.status_code, r.headers.get("retry-after"),
                                r.json() if r.status_code == 200 else None))
                time.sleep(0.01)

    clients = [threading.Thread(target=client) for _ in range(CLIENTS)]
    readiness: list[tuple[int, dict[str, Any]]] = []
    try:
        for t in clients:
            t.start()
        warm = time.monotonic() + 60
        while len([a for a in answers if a[1] == 200]) < 2 * CLIENTS and time.monotonic() < warm:
            time.sleep(0.05)  # every client is answered before the kill
        engine._spawn = slow_restart  # type: ignore[method-assign]
        killed_at = time.monotonic()
        os.kill(engine.process.pid, signal.SIGKILL)
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < killed_at + 60:
                r = http.get("/readyz")
                readiness.append((r.status_code, r.json() | {"retry_after": r.headers.get("retry-after")}))
                if not readiness[-1][1]["graph"]:
                    assert http.get("/healthz").status_code == 200  # liveness: the process is up
                if readiness[-1][1]["graph"] and any(not body["graph"] for _, body in readiness):
                    break
                time.sleep(0.05)
        time.sleep(0.5)  # answers after the recovery
    finally:
        stop.set()
        for t in clients:
            t.join(30)
        server.should_exit = True
        serving.join(60)

    assert len([a for a in answers if a[0] < killed_at and a[1] == 200]) >= 2 * CLIENTS  # under load
    statuses = {status for _, status, _, _ in answers}
    assert statuses <= {200, 503}, statuses  # never a 500, never a hang
    outage = [a for a in answers if a[1] == 503]
    assert outage and all(a[0] > killed_at for a in outage)
    assert all(retry_after and int(retry_after) > 0 for _, _, retry_after, _ in outage)
    down = [body for _, body in readiness if not body["graph"]]
    assert down and down[0]["status"] == "unavailable" and down[0]["retry_after"]
    assert any(body["engine"]["state"] == "restarting" for body in down)
    last = readiness[-1][1]
    assert last["graph"] and last["engine"] == {**last["engine"], "state": "ready", "restarts": 1}
    after = [a for a in answers if a[0] > outage[-1][0]]
    assert after and all(a[1] == 200 for a in after)  # it answers again by itself
    for _, _, _, body in after:
        assert body is not None
        assert (body["nodes"], body["relationships"]) == (before["nodes"], before["relationships"])
