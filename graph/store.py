"""The graph port: the one interface the rest of the project talks to."""

from __future__ import annotations

from typing import Any, Protocol

from core.settings import Settings, get_settings
from graph.queries import query_text


class GraphStore(Protocol):
    engine: str

    def apply_schema(self) -> int:
        """Create unique keys and indexes for every label; returns how many statements ran."""

    def read(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        """Run named read query `name`; rows as dicts keyed by the RETURN column names."""

    def write(self, name: str, rows: list[dict[str, Any]], params: dict[str, Any] | None = None,
              **slots: str) -> None:
        """Run named write query `name` once with `$rows` bound to the batch (UNWIND $rows inside)."""

    def write_one(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        """Run named write query `name` once with `params`; rows it returns as dicts."""

    def counts(self) -> dict[str, dict[str, int]]:
        """{"nodes": {label: n}, "relationships": {type: n}}."""

    def clear(self) -> None:
        """Delete every node and relationship (tests and `riskgraph demo --fresh`)."""

    def close(self) -> None: ...


def open_store(settings: Settings | None = None) -> GraphStore:
    settings = settings or get_settings()
    if settings.engine == "falkordb":
        from graph.falkordb_store import FalkorDBStore

        return FalkorDBStore(settings)
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore(settings)


class NamedQueryStore:
    """The engine-independent half of a store: named queries in, plain rows out. An engine supplies
    `_run(text, params, read_only)` and `delete_batch`."""

    delete_batch = 10_000

    def _run(self, text: str, params: dict[str, Any], read_only: bool) -> list[dict[str, Any]]:
        raise NotImplementedError

    def read(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        return self._run(query_text(name, **slots), params or {}, read_only=True)

    def write(self, name: str, rows: list[dict[str, Any]], params: dict[str, Any] | None = None,
              **slots: str) -> None:
        if rows:
            self._run(query_text(name, **slots), {**(params or {}), "rows": rows}, read_only=False)

    def write_one(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        return self._run(query_text(name, **slots), params or {}, read_only=False)

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = self.read("count_nodes_by_label")
        rels = self.read("count_relationships_by_type")
        return {
            "nodes": {r["label"]: int(r["n"]) for r in sorted(nodes, key=lambda r: r["label"])},
            "relationships": {r["type"]: int(r["n"]) for r in sorted(rels, key=lambda r: r["type"])},
        }

    def clear(self) -> None:
        while self.write_one("delete_everything", {"limit": self.delete_batch})[0]["deleted"]:
            pass
