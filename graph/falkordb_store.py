"""GraphStore on the embedded FalkorDB engine."""

from __future__ import annotations

import atexit
import contextlib
import signal
import threading
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FPath

from core.errors import GraphUnavailable
from core.settings import Settings
from graph.falkordb_server import EmbeddedServer
from graph.schema import get_schema
from graph.store import NamedQueryStore
from graph.values import cypher_params_header


def _plain(value: Any) -> Any:
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
            settings.graph_dir, settings.falkordb_appendfsync, settings.falkordb_start_timeout
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
        self.db = FalkorDB(unix_socket_path=str(self.server.socket_path))
        self.graph = self.db.select_graph(settings.graph_name)

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
        try:
            # The parameter header is built here, not by the client library: same syntax, several
            # times faster on bulk loads.
            result = (self.graph.ro_query if read_only else self.graph.query)(cypher_params_header(params) + text)
        except redis.exceptions.ConnectionError as exc:
            raise GraphUnavailable(
                f"lost the embedded FalkorDB server ({exc}); restart riskgraph, it replays its append-only file"
            ) from exc
        if not result.header:
            return []
        names = [h[1] if isinstance(h, (list, tuple)) else h for h in result.header]
        names = [n.decode() if isinstance(n, bytes) else n for n in names]
        return [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in result.result_set]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.db.connection.close()
        if self.owner:
            self.server.stop()
        with contextlib.suppress(Exception):
            atexit.unregister(self.close)
