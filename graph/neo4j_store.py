"""GraphStore on Neo4j 5 through the official driver (production, docker-compose.yml)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable
from neo4j.graph import Node, Path, Relationship

from core.errors import GraphUnavailable
from core.settings import Settings
from graph.queries import query_text
from graph.schema import get_schema
from graph.store import NamedQueryStore
from graph.values import clean_param


def _plain(value: Any) -> Any:
    if isinstance(value, Node):
        return dict(value.items())
    if isinstance(value, Relationship):
        return {**dict(value.items()), "_type": value.type}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Neo4jStore(NamedQueryStore):
    engine = "neo4j"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.database = settings.neo4j_database
        self.driver = GraphDatabase.driver(
            settings.graph_url,
            auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
            # The server's notifications (a property no node has yet, say) would be logged as warnings on
            # every such query; tests/cypher/test_neo4j_lint.py checks the queries instead.
            notifications_min_severity="OFF",
        )
        try:
            self.driver.verify_connectivity()
        except AuthError as exc:
            self.driver.close()
            raise GraphUnavailable(
                f"Neo4j at {settings.graph_url} refused the credentials of user {settings.neo4j_user!r}; "
                "check RISKGRAPH_NEO4J_USER / RISKGRAPH_NEO4J_PASSWORD"
            ) from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            self.driver.close()
            raise GraphUnavailable(
                f"cannot reach Neo4j at {settings.graph_url} ({exc}); is it running (docker compose up neo4j)?"
            ) from exc

    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.database)

    def _run(self, text: str, params: dict[str, Any], read_only: bool) -> list[dict[str, Any]]:
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(text, clean_param(params))
            return [{k: _plain(v) for k, v in record.items()} for record in result]

        try:
            with self._session() as session:
                return (session.execute_read if read_only else session.execute_write)(work)
        except ServiceUnavailable as exc:
            raise GraphUnavailable(f"lost Neo4j at {self.settings.graph_url}: {exc}") from exc

    def write_batch(self, writes: Sequence[tuple[str, list[dict[str, Any]], dict[str, str]]]) -> None:
        """The loader's batch, all or nothing: each named write as its own statement, all in one transaction.
        Neo4j has real transactions, so the batch is not joined into one query as on FalkorDB: every
        statement keeps the text of its file and Neo4j plans it once (a joined text differs per batch and
        was planned anew each time, 0.8 s a batch)."""
        statements = [(query_text(name, **slots), rows) for name, rows, slots in writes if rows]

        def work(tx: neo4j.ManagedTransaction) -> None:
            for text, rows in statements:
                tx.run(text, {"rows": clean_param(rows)}).consume()

        if statements:
            try:
                with self._session() as session:
                    session.execute_write(work)
            except ServiceUnavailable as exc:
                raise GraphUnavailable(f"lost Neo4j at {self.settings.graph_url}: {exc}") from exc

    def apply_schema(self) -> int:
        statements = get_schema().neo4j_statements()
        with self._session() as session:
            for stmt in statements:
                session.run(stmt).consume()  # schema statements need auto-commit transactions
        return len(statements)

    def close(self) -> None:
        self.driver.close()
