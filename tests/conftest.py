"""Shared fixtures: settings on a temporary data folder, and graph stores on every available engine."""

from __future__ import annotations

import os
from collections.abc import Iterator
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
        return f"Neo4j contract tests need a Docker engine for testcontainers; none reachable ({type(exc).__name__})"
    return None


@pytest.fixture(scope="session")
def neo4j_url() -> Iterator[tuple[str, str]]:
    reason = _docker_reason()
    if reason:
        pytest.skip(reason)
    from testcontainers.neo4j import Neo4jContainer

    with Neo4jContainer("neo4j:5", password="riskgraph-test") as container:
        yield container.get_connection_url(), "riskgraph-test"


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """The same test on every engine: FalkorDB always, Neo4j where Docker runs."""
    if request.param == "falkordb":
        s = open_store(make_settings(tmp_path))
    else:
        url, password = request.getfixturevalue("neo4j_url")
        s = open_store(make_settings(tmp_path, graph_url=url, neo4j_password=password))
        s.clear()
    s.apply_schema()
    yield s
    s.close()


@pytest.fixture
def samples() -> Path:
    if not SAMPLES.exists():
        pytest.skip(f"real public samples not found at {SAMPLES} (only present beside the project's checkout)")
    return SAMPLES
