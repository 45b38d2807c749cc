"""The graph port: the one interface the rest of the project talks to."""

from __future__ import annotations

from typing import Any, Protocol

from core.settings import Settings, get_settings


class GraphUnavailable(RuntimeError):
    """The graph engine cannot be reached or started; the message says what to do."""


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


def counts_from_rows(node_rows: list[dict[str, Any]], rel_rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    return {
        "nodes": {r["label"]: int(r["n"]) for r in sorted(node_rows, key=lambda r: r["label"])},
        "relationships": {r["type"]: int(r["n"]) for r in sorted(rel_rows, key=lambda r: r["type"])},
    }
