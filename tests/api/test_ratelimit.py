"""Anonymous calls to public endpoints are limited per client address: 429 with Retry-After."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.errors import ApiProblem
from api.ratelimit import RateLimiter
from tests.api_support import bearer, make_app, make_keys


def test_bucket_refills_with_time() -> None:
    now = [1000.0]
    limiter = RateLimiter(6, clock=lambda: now[0])  # one token every 10 s
    for _ in range(6):
        limiter.hit("10.0.0.1")
    with pytest.raises(ApiProblem) as refused:
        limiter.hit("10.0.0.1")
    assert refused.value.status == 429 and refused.value.headers["Retry-After"] == "10"
    limiter.hit("10.0.0.2")  # another address has its own bucket
    now[0] += 4
    with pytest.raises(ApiProblem) as refused:
        limiter.hit("10.0.0.1")
    assert refused.value.headers["Retry-After"] == "6"
    now[0] += 6
    limiter.hit("10.0.0.1")


def test_public_endpoint_answers_429_with_retry_after(settings, falkor_store) -> None:
    app = make_app(settings, falkor_store, public_rate_limit_per_minute=3)
    tokens = make_keys(settings)
    with TestClient(app, client=("192.0.2.7", 5000)) as c, \
            TestClient(app, client=("192.0.2.8", 5000)) as other:
        assert [c.get("/api/v1/stats").status_code for _ in range(3)] == [200, 200, 200]
        r = c.get("/api/v1/stats")
        assert r.status_code == 429
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["type"] == "/problems/rate-limited"
        assert 1 <= int(r.headers["Retry-After"]) <= 20
        assert other.get("/api/v1/stats").status_code == 200  # per address
        # A caller with a key is accountable and not throttled; health checks never are.
        assert c.get("/api/v1/stats", headers=bearer(tokens["inspector"])).status_code == 200
        assert c.get("/healthz").status_code == 200
