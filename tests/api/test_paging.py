"""Paging: limit bounded by settings.max_page_size, offset or opaque cursor, graph size bound."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from api.paging import Page, PageParams, bound_graph, decode_cursor, encode_cursor
from tests.api_support import bearer, make_app, make_keys


def test_page_build_and_cursor_round_trip() -> None:
    rows = list(range(11))
    page = Page[int].build(rows, PageParams(limit=10, offset=20))
    assert page.items == list(range(10)) and page.next_offset == 30
    assert decode_cursor(page.next_cursor) == 30
    last = Page[int].build(rows[:4], PageParams(limit=10, offset=30))
    assert last.next_offset is None and last.next_cursor is None
    assert decode_cursor(encode_cursor(0)) == 0


def test_graph_bound_cuts_and_says_so() -> None:
    nodes = [{"id": f"n{i}"} for i in range(10)]
    edges = [{"source": f"n{i}", "target": f"n{i + 1}"} for i in range(9)]
    g = bound_graph(nodes, edges, 4)
    assert [n["id"] for n in g.nodes] == ["n0", "n1", "n2", "n3"]
    assert len(g.edges) == 3 and g.truncated and g.total_nodes == 10
    assert not bound_graph(nodes, edges, 10).truncated


@pytest.fixture
def client(settings, falkor_store):
    app = make_app(settings, falkor_store, max_page_size=5)
    with TestClient(app) as c:
        c.headers.update(bearer(make_keys(settings)["admin"]))
        yield c


def _submit_jobs(client: TestClient, n: int) -> set[str]:
    # Jobs registered straight with the manager (not run): the listing is what is under test.
    ids = set()
    manager = client.app.state.jobs
    for _ in range(n):
        job = manager._new_job("ingest", "test-kind")
        ids.add(job.id)
        time.sleep(0.001)
    return ids


def test_every_value_the_schema_allows_is_accepted(client: TestClient) -> None:
    # The contract says what is accepted (schemathesis checks it): a limit above the server's bound gives
    # the bound, a cursor replaces the offset, and a cursor has the form the schema states.
    _submit_jobs(client, 8)
    big = client.get("/api/v1/jobs?limit=6")
    assert big.status_code == 200 and big.json()["limit"] == 5 and len(big.json()["items"]) == 5
    assert client.get("/api/v1/jobs").json()["limit"] == 5  # the default page shrinks to the bound
    assert client.get("/api/v1/jobs?limit=0").status_code == 422
    both = client.get(f"/api/v1/jobs?limit=5&offset=3&cursor={encode_cursor(5)}").json()
    assert both["offset"] == 5 and len(both["items"]) == 3
    for bad in ("not-a-cursor", "eyJvIjogNX0", "p", "P12"):
        r = client.get(f"/api/v1/jobs?limit=5&cursor={bad}")
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.cursor"
    pattern = client.get("/openapi.json").json()["paths"]["/api/v1/jobs"]["get"]["parameters"]
    assert any(p["name"] == "cursor" and p["schema"]["anyOf"][0]["pattern"] for p in pattern)


def test_paging_through_every_item_once(client: TestClient) -> None:
    created = _submit_jobs(client, 12)
    seen: list[str] = []
    url = "/api/v1/jobs?limit=5"
    pages = 0
    while url:
        body = client.get(url).json()
        assert len(body["items"]) <= 5
        seen.extend(j["id"] for j in body["items"])
        pages += 1
        url = f"/api/v1/jobs?limit=5&cursor={body['next_cursor']}" if body["next_cursor"] else ""
    assert pages == 3 and len(seen) == 12 and set(seen) == created
    by_offset = client.get("/api/v1/jobs?limit=5&offset=10").json()
    assert [j["id"] for j in by_offset["items"]] == seen[10:] and by_offset["next_offset"] is None
