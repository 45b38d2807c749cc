"""Errors are RFC 9457 problem details: stable types, the field named on validation errors, no internals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import APIRouter, HTTPException
from fastapi.testclient import TestClient

from api import app as api_app
from api.errors import PROBLEM_TYPES
from core.errors import GraphUnavailable, ModelMissing
from tests.api_support import bearer, make_app, make_keys

SECRET = "password=hunter2 at /srv/internal/module.py line 42"


# What domain routers do: raise HTTPException with a message, or fail unexpectedly. Mounted like a
# domain router; /probe is named by no policy entry, so only admin may call it (fail closed).
router = APIRouter()


@router.get("/probe/missing")
def missing() -> None:
    raise HTTPException(404, "no vehicle 'ford|f-150|1901'")


@router.get("/probe/crash")
def crash() -> None:
    raise RuntimeError(SECRET)


@router.get("/probe/graph-down")
def down() -> None:
    raise GraphUnavailable(SECRET)


@router.get("/probe/untrained")
def untrained() -> None:
    raise ModelMissing("no defect model is trained yet: run `riskgraph train defects`")


@router.get("/probe/bug")
def bug() -> None:
    raise KeyError(SECRET)  # a KeyError is a bug, never a user error


@pytest.fixture
def client(settings, falkor_store, monkeypatch) -> Iterator[TestClient]:
    monkeypatch.setattr(api_app, "ROUTER_MODULES", [*api_app.ROUTER_MODULES, __name__])
    app = make_app(settings, falkor_store)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.tokens = make_keys(settings)  # type: ignore[attr-defined]
        c.headers.update(bearer(c.tokens["admin"]))
        yield c


def _problem(r, status: int, slug: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"] == f"/problems/{slug}" and body["status"] == status
    assert body["title"] == PROBLEM_TYPES[slug][0]
    assert body["request_id"] == r.headers["x-request-id"]
    return body


def test_unknown_route_and_method(client: TestClient) -> None:
    body = _problem(client.get("/api/v1/no-such-thing"), 404, "not-found")
    assert body["instance"] == "/api/v1/no-such-thing"
    _problem(client.delete("/api/v1/stats"), 405, "method-not-allowed")


def test_unnamed_route_is_admin_only(client: TestClient) -> None:
    r = client.get("/api/v1/probe/missing", headers=bearer(client.tokens["regulator"]))
    _problem(r, 403, "forbidden")


def test_router_http_exception_keeps_its_message(client: TestClient) -> None:
    body = _problem(client.get("/api/v1/probe/missing"), 404, "not-found")
    assert body["detail"] == "no vehicle 'ford|f-150|1901'"


def test_validation_error_names_the_field(client: TestClient) -> None:
    r = client.get("/api/v1/evidence/Document:1?limit=0", headers=bearer(client.tokens["inspector"]))
    body = _problem(r, 422, "validation-error")
    assert [e["field"] for e in body["errors"]] == ["query.limit"]
    assert "query.limit" in body["detail"]
    r = client.get("/api/v1/jobs?limit=abc", headers=bearer(client.tokens["admin"]))
    assert [e["field"] for e in _problem(r, 422, "validation-error")["errors"]] == ["query.limit"]


def test_crash_reveals_nothing_internal(client: TestClient) -> None:
    r = client.get("/api/v1/probe/crash", headers={"X-Request-ID": "trace-me-1"})
    body = _problem(r, 500, "internal-error")
    assert body["request_id"] == "trace-me-1"
    assert "hunter2" not in r.text and "Traceback" not in r.text and "module.py" not in r.text
    body = _problem(client.get("/api/v1/probe/graph-down"), 503, "graph-unavailable")
    assert "hunter2" not in str(body)


def test_problem_types_are_dereferenceable(client: TestClient) -> None:
    for slug in PROBLEM_TYPES:
        r = client.get(f"/problems/{slug}")
        assert r.status_code == 200 and r.json()["type"] == f"/problems/{slug}"
    _problem(client.get("/problems/nonsense"), 404, "not-found")


def test_request_id_is_kept_or_made(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"}).headers["x-request-id"]
    assert len(made) == 32 and made.isalnum()


def test_a_domain_error_is_its_problem_type_with_its_message(client: TestClient) -> None:
    body = _problem(client.get("/api/v1/probe/untrained"), 503, "model-missing")
    assert body["detail"] == "no defect model is trained yet: run `riskgraph train defects`"


def test_a_key_error_is_an_internal_error_without_its_text(client: TestClient) -> None:
    body = _problem(client.get("/api/v1/probe/bug"), 500, "internal-error")
    assert "hunter2" not in str(body)
