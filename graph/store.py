"""The graph port: the one interface the rest of the project talks to."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
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


READS_IN_FLIGHT = 2  # reads the engine answers at once while the caller works (on a thread each)


def read_ahead(store: GraphStore, reads: Iterable[tuple[str, dict[str, Any]]],
               in_flight: int = READS_IN_FLIGHT) -> Iterator[list[dict[str, Any]]]:
    """The rows of each (named read query, parameters) in order, the next `in_flight` reads running in the
    engine while the caller works on the rows of the current one (both stores are safe to read from
    several threads, and both answer concurrent reads on several cores): a large read in pages takes
    about the longer of the engine's time and the caller's, not their sum."""
    with ThreadPoolExecutor(in_flight, thread_name_prefix="read-ahead") as pool:
        pending: deque[Future[list[dict[str, Any]]]] = deque()
        for name, params in reads:
            pending.append(pool.submit(store.read, name, params))
            if len(pending) > in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


class WriteBehind:
    """Writes run in a thread while the caller prepares the next batch (at most one is waiting), so that a
    long series of writes takes about the longer of the engine's time and the caller's; `with` waits for the
    last one and raises its error."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="write-behind")
        self.pending: Future[None] | None = None

    def write(self, name: str, rows: list[dict[str, Any]], **slots: str) -> None:
        self.wait()
        self.pending = self.pool.submit(self.store.write, name, rows, None, **slots)

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def __enter__(self) -> WriteBehind:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                self.wait()
        finally:
            self.pool.shutdown(wait=True)


# One write of a batch: (named write query, its $rows, template slots).
Write = tuple[str, list[dict[str, Any]], dict[str, str]]
_ROWS = re.compile(r"\$rows\b")


def batch_query(writes: Sequence[Write]) -> tuple[str, dict[str, Any]]:
    """Several named write queries (each `UNWIND $rows AS row ...`, no RETURN) as the text and parameters
    of one query: each part's rows under its own name, parts joined by an aggregation that ends one part
    before the next begins (and yields a row when a part had none). One query is one transaction: all of it
    is written or none (FalkorDB has no transaction across queries; Neo4j overrides `write_batch`)."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    for name, rows, slots in writes:
        if not rows:
            continue
        text = query_text(name, **slots)
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")).strip()
        if not _ROWS.search(body) or re.search(r"\bRETURN\b", body, re.IGNORECASE):
            raise ValueError(f"query {name!r} cannot be part of a batch: it needs $rows and no RETURN")
        i = len(params)
        if i:
            parts.append(f"WITH count(*) AS _part{i}")
        parts.append(_ROWS.sub(f"$rows{i}", body))
        params[f"rows{i}"] = rows
    return "\n".join(parts), params


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

    def write_batch(self, writes: Sequence[Write]) -> None:
        """Run several named write queries as one query (`batch_query`): the loader's batch, all or nothing.
        Not part of the GraphStore port: the loader falls back to `write` per query for stores without it
        (test doubles), and an engine with transactions may run them as statements of one transaction."""
        text, params = batch_query(writes)
        if text:
            self._run(text, params, read_only=False)

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
