"""Every route under /api/v1, every caller: 401 without or with a bad key, 403 outside the role,
through for the roles the policy names (admin everywhere). Routes come from the app itself, so a
new domain endpoint is covered as soon as its router is registered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import api_routes
from api.auth import ACCESS, API_PREFIX, access_for, route_access
from tests.api_support import bearer, fill_path, make_app, make_keys

# The roles the issue gives each family of endpoints; ACCESS must agree with them.
EXPECTED = {
    "/lawyers": {"public"}, "/firms": {"public"}, "/cases": {"public"}, "/stats": {"public"},
    "/open-data": {"public"}, "/vehicles": {"inspector"}, "/defects": {"inspector"},
    "/enterprises": {"regulator"}, "/clusters": {"regulator"}, "/evidence": {"inspector", "regulator"},
    "/ingest": {"admin"}, "/train": {"admin"}, "/jobs": {"admin"},
}


@pytest.fixture
def client(settings, falkor_store) -> Iterator[TestClient]:
    app = make_app(settings, falkor_store, public_rate_limit_per_minute=0)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.tokens = make_keys(settings)  # type: ignore[attr-defined]
        yield c


def _versioned(client: TestClient) -> list[tuple[str, str]]:
    out = []
    for info in api_routes(client.app):  # type: ignore[arg-type]
        if info.path.startswith(API_PREFIX + "/"):
            out.extend((method, info.path) for method in sorted(info.methods - {"HEAD"}))
    return out


def test_policy_matches_the_issue() -> None:
    for prefix, roles in EXPECTED.items():
        assert set(ACCESS[prefix].roles) == roles, prefix


def test_every_route_is_named_by_the_policy(client: TestClient) -> None:
    routes = _versioned(client)
    assert ("GET", "/api/v1/stats") in routes and ("POST", "/api/v1/ingest/{source_kind}") in routes
    unnamed = [p for _, p in routes if access_for(p.removeprefix(API_PREFIX)) is None]
    assert not unnamed, f"routes with no entry in api.auth.ACCESS (they fall back to admin only): {unnamed}"


def test_role_matrix_over_every_route(client: TestClient) -> None:
    tokens = client.tokens  # type: ignore[attr-defined]
    failures = []
    for method, template in _versioned(client):
        path, access = fill_path(template), route_access(template)

        def call(headers: dict[str, str], path: str = path, method: str = method) -> int:
            return client.request(method, path, headers=headers).status_code

        anonymous = call({})
        if access.public:
            if anonymous in (401, 403):
                failures.append(f"{method} {template}: public but answered {anonymous} without a key")
        elif anonymous != 401:
            failures.append(f"{method} {template}: {anonymous} without a key, expected 401")
        for bad in ("rg_nosuch_secret", "not-a-key", tokens["revoked"]):
            if (code := call(bearer(bad))) != 401:
                failures.append(f"{method} {template}: {code} with a bad key {bad[:10]}…, expected 401")
        for role in ("inspector", "regulator", "admin"):
            code = call(bearer(tokens[role]))
            allowed = access.public or role == "admin" or role in access.roles
            if allowed and code in (401, 403):
                failures.append(f"{method} {template}: {role} refused with {code}")
            if not allowed and code != 403:
                failures.append(f"{method} {template}: {role} got {code}, expected 403")
    assert not failures, "\n".join(failures)


def test_refusals_are_problem_details_with_a_challenge(client: TestClient) -> None:
    r = client.get("/api/v1/evidence/Document:1")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["type"] == "/problems/unauthorized"
    r = client.get("/api/v1/jobs/abc", headers=bearer(client.tokens["regulator"]))  # type: ignore[attr-defined]
    assert r.status_code == 403
    body = r.json()
    assert body["type"] == "/problems/forbidden" and "regulator" in body["detail"] and "admin" in body["detail"]


def test_openapi_states_access_per_operation(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    stats = paths["/api/v1/stats"]["get"]
    assert "public" in stats["description"] and "security" not in stats
    evidence = paths["/api/v1/evidence/{fact_id}"]["get"]
    assert evidence["security"] == [{"HTTPBearer": []}] and "inspector or regulator" in evidence["description"]
    assert "application/problem+json" in evidence["responses"]["403"]["content"]


def test_revocation_takes_effect_on_the_next_request(client: TestClient, settings) -> None:
    from api.keys import KeyStore

    cli_keys = KeyStore(settings.data_dir / "keys.json")  # what `riskgraph keys revoke` uses, apart
    key, token = cli_keys.create("inspector", "short-lived")
    assert client.get("/api/v1/evidence/Document:x", headers=bearer(token)).status_code == 404
    cli_keys.revoke(key.id)
    r = client.get("/api/v1/evidence/Document:x", headers=bearer(token))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]
