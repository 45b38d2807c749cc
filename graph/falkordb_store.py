"""GraphStore on the embedded FalkorDB engine."""

from __future__ import annotations

import atexit
import contextlib
import signal
import threading
import time
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FPath
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.errors import GraphUnavailable
from core.settings import Settings
from graph.falkordb_server import EmbeddedServer
from graph.schema import get_schema
from graph.store import NamedQueryStore
from graph.values import cypher_params_header, replace_surrogates

_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:  # most values: one check instead of five (a large snapshot reads millions)
        return value
    if isinstance(value, Node):
        return dict(value.properties)
    if isinstance(value, Edge):
        return {**value.properties, "_type": value.relation}
    if isinstance(value, FPath):
        return {"nodes": [_plain(n) for n in value.nodes()], "relationships": [_plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _install_sigterm() -> None:
    # Turn SIGTERM into a normal exit so atexit stops the server cleanly; leave others' handlers alone.
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(SystemExit(143)))


class FalkorDBStore(NamedQueryStore):
    engine = "falkordb"
    delete_batch = 50_000

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.server = EmbeddedServer(
            settings.graph_dir, settings.falkordb_appendfsync, settings.falkordb_start_timeout,
            delta_max_pending_changes=settings.falkordb_delta_max_pending_changes,
        )
        # An attached store (an API worker of `serve --workers`) uses the server its parent owns and
        # leaves it running when it closes.
        self.owner = not settings.falkordb_attach
        if self.owner:
            self.server.start()
        elif not self.server.socket_path.exists():
            raise GraphUnavailable(
                f"RISKGRAPH_FALKORDB_ATTACH is set but no embedded FalkorDB server runs for {settings.graph_dir} "
                f"(no socket {self.server.socket_path}); start `riskgraph serve --workers N`, which owns it"
            )
        atexit.register(self.close)
        _install_sigterm()
        # No retries inside the client: a query that killed the engine must not be sent again behind our
        # back (the loader retries a batch once, knowingly), and requests during a restart fail fast (503).
        self.db = FalkorDB(unix_socket_path=str(self.server.socket_path), retry=Retry(NoBackoff(), 0))
        self.graph = self.db.select_graph(settings.graph_name)

    # --- supervision -------------------------------------------------------------------
    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the engine answers again after it stopped (the owner's supervisor restarts it,
        replaying its append-only file); False if it did not come back."""
        if self.owner:
            # the supervisor decides; its start timeout already stretches while a large file replays
            return self.server.wait_ready(timeout)
        deadline = time.monotonic() + (timeout if timeout is not None else self.settings.falkordb_start_timeout)
        while time.monotonic() < deadline:
            try:
                self._run("RETURN 1", {}, read_only=True)
                return True
            except GraphUnavailable:
                time.sleep(0.2)
        return False

    def engine_status(self) -> dict[str, Any]:
        """The engine's state for readiness: ready | restarting | failed | stopped, and its restarts."""
        if self.owner:
            return self.server.status()
        return {"state": "attached"}

    # --- port --------------------------------------------------------------------
    def apply_schema(self) -> int:
        ran = 0
        for stmt in get_schema().falkordb_statements():
            try:
                if stmt[0] == "constraint":
                    self.graph.create_node_unique_constraint(stmt[1], stmt[2])
                else:
                    self.graph.query(stmt[1])
                ran += 1
            except redis.exceptions.ResponseError as exc:
                # Re-applying the schema is normal: existing indexes and constraints are fine.
                if "already" not in str(exc).lower():
                    raise
        return ran

    def _run(self, text: str, params: dict[str, Any], read_only: bool) -> list[dict[str, Any]]:
        # The parameter header is built here, not by the client library: same syntax, several
        # times faster on bulk loads.
        query = cypher_params_header(params) + text
        run = self.graph.ro_query if read_only else self.graph.query
        try:
            try:
                result = run(query)
            except UnicodeEncodeError:  # a lone surrogate (the loader cleans its own; a caller's lookup)
                result = run(replace_surrogates(query))
        except redis.exceptions.ConnectionError as exc:
            raise GraphUnavailable(self._lost(exc)) from exc
        if not result.header:
            return []
        names = [h[1] if isinstance(h, (list, tuple)) else h for h in result.header]
        names = [n.decode() if isinstance(n, bytes) else n for n in names]
        return [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in result.result_set]

    def _lost(self, exc: Exception) -> str:
        if not self.owner:
            return (f"lost the embedded FalkorDB server ({exc}); the process that owns it restarts it, "
                    "replaying its append-only file: retry shortly")
        state = self.server.state
        if state in ("restarting", "ready"):  # "ready": it is back already, or the death is not seen yet
            return (f"lost the embedded FalkorDB server ({exc}); it is being restarted and replays its "
                    "append-only file: retry shortly")
        return (f"lost the embedded FalkorDB server ({exc}; {state}, "
                f"{self.server.restarts} restarts); restart riskgraph, it replays its append-only file")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.db.connection.close()
        if self.owner:
            self.server.stop()
        with contextlib.suppress(Exception):
            atexit.unregister(self.close)
