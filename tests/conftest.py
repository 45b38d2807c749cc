"""Shared fixtures: settings on a temporary data folder, and graph stores on every available engine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.settings import Settings
from graph.store import GraphStore, open_store

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
os.environ.setdefault("RISKGRAPH_DATA_DIR", "/nonexistent-use-fixtures")  # tests never touch ./data


def make_settings(tmp: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "graph_url": f"falkordb://{tmp / 'graph'}",
        "data_dir": tmp,
        "batch_size": 50,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def falkor_store(settings: Settings) -> Iterator[GraphStore]:
    store = open_store(settings)
    store.apply_schema()
    yield store
    store.close()


def _docker_reason() -> str | None:
    try:
        import docker

        docker.from_env().ping()
    except Exception as exc:  # any failure means: no engine to run Neo4j in
        return f"no Docker engine reachable for testcontainers ({type(exc).__name__})"
    return None


# The Neo4j image testcontainers runs: the version the local launcher runs and docker-compose.yml pins.
NEO4J_IMAGE = "neo4j:5.26.30-community"


@dataclass
class Neo4jServer:
    url: str
    user: str
    password: str
    schema_applied: bool = False  # the schema outlives clear(): applied once per run (~1 s each time)

    def settings(self, tmp: Path, **overrides: object) -> Settings:
        """Settings on a temporary data folder pointing at this server."""
        return make_settings(tmp, graph_url=self.url, neo4j_user=self.user, neo4j_password=self.password,
                             **overrides)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """One Neo4j 5.26 for the whole run: the local launcher (graph/neo4j_local) where Java and Maven are on
    PATH, else testcontainers where a Docker engine runs, else the tests that need it skip with both reasons.
    Tests share it: each one starts from an empty database (the `store` fixture clears it)."""
    from graph.neo4j_local import QUICK_START_FLAGS, java_available, start

    java_reason = java_available()
    if java_reason is None:
        with start(tmp_path_factory.mktemp("neo4j-local"), heap="1g", pagecache="256m",
                   jvm_options=QUICK_START_FLAGS) as db:
            yield Neo4jServer(db.url, db.user, db.password)
        return
    docker_reason = _docker_reason()
    if docker_reason:
        pytest.skip(f"Neo4j tests need Java 17 + Maven ({java_reason}) or Docker ({docker_reason})")
    from testcontainers.neo4j import Neo4jContainer

    with Neo4jContainer(NEO4J_IMAGE, password="riskgraph-test") as container:
        yield Neo4jServer(container.get_connection_url(), "neo4j", "riskgraph-test")


@pytest.fixture(scope="session")
def neo4j_url(neo4j_server: Neo4jServer) -> tuple[str, str]:
    """(url, password) of the session's Neo4j (user neo4j)."""
    return neo4j_server.url, neo4j_server.password


def open_clean_neo4j(server: Neo4jServer, tmp: Path, **overrides: object) -> GraphStore:
    """A store on the shared Neo4j with every node and relationship deleted and the schema applied."""
    s = open_store(server.settings(tmp, **overrides))
    s.clear()
    if not server.schema_applied:
        s.apply_schema()
        server.schema_applied = True
    return s


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """The same test on every engine: FalkorDB always, Neo4j where Java + Maven (or Docker) are present."""
    if request.param == "falkordb":
        s = open_store(make_settings(tmp_path))
        s.apply_schema()
    else:
        s = open_clean_neo4j(request.getfixturevalue("neo4j_server"), tmp_path)
    yield s
    s.close()


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.exists():
        pytest.skip(f"real public samples not found at {SAMPLES} (only present beside the project's checkout)")
    return SAMPLES
