"""HTTP methods on /api/v1: OPTIONS lists what a path allows, another method is a 405 with Allow, and a
path that does not exist is a 404 whatever the method (the web page mounted at / answers none of them)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api_support import bearer, fill_path, make_app, make_keys


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from core.settings import Settings
    from graph.store import open_store
    from tests.conftest import make_settings

    settings: Settings = make_settings(tmp_path_factory.mktemp("methods"))
    store = open_store(settings)
    with TestClient(make_app(settings, store)) as c:
        c.headers.update(bearer(make_keys(settings)["admin"]))
        yield c
    store.close()


def _operations(client: TestClient) -> dict[str, set[str]]:
    paths = client.get("/openapi.json").json()["paths"]
    return {p: {m.upper() for m in ops} for p, ops in paths.items() if p.startswith("/api/v1/")}


def test_options_lists_every_method_of_the_path(client: TestClient) -> None:
    for path, methods in _operations(client).items():
        r = client.options(fill_path(path))
        assert r.status_code == 204, path
        assert set(r.headers["allow"].split(", ")) == methods | {"OPTIONS"}, path


def test_another_method_is_405_with_allow(client: TestClient) -> None:
    ops = _operations(client)
    assert any("POST" in m and "GET" not in m for m in ops.values())  # the case the web mount used to hide
    for path, methods in ops.items():
        for other in sorted({"GET", "POST", "PUT", "DELETE", "PATCH"} - methods):
            r = client.request(other, fill_path(path))
            assert r.status_code == 405, (other, path, r.status_code)
            assert set(r.headers["allow"].split(", ")) == methods, (other, path)
            assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("method", ["GET", "POST", "OPTIONS", "DELETE"])
def test_an_unknown_api_path_is_404_for_every_method(client: TestClient, method: str) -> None:
    for path in ("/api/v1/nothing-here", "/api/v1/lawyers/x/y/z"):
        r = client.request(method, path)
        assert r.status_code == 404 and r.json()["type"] == "/problems/not-found"
