"""/healthz says the process is up; /readyz says whether the graph answers and which models are loaded."""

from __future__ import annotations

from fastapi.testclient import TestClient

from reasoning import artifacts
from reasoning.registry import model_names
from tests.api_support import make_app


def test_readyz_reports_graph_and_models(settings, falkor_store) -> None:
    app = make_app(settings, falkor_store)
    with TestClient(app) as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        r = c.get("/readyz")
        body = r.json()
        assert body["graph"] is True
        assert set(body["models"]) == set(model_names())
        missing = [name for name, m in body["models"].items() if not m["loaded"]]
        assert (r.status_code, body["status"]) == ((503, "unavailable") if missing else (200, "ready"))
        assert body.get("missing_models", []) == missing


def test_readyz_turns_ready_once_the_model_file_exists(settings, falkor_store) -> None:
    # Each model answers for itself (contract.Model.status): loaded once a version is stored.
    app = make_app(settings, falkor_store)
    with TestClient(app) as c:
        r = c.get("/readyz")
        assert r.status_code == 503 and "enterprises" in r.json()["missing_models"]
        artifacts.save(settings, "enterprises", {"model": None}, {"trained_at": "2026-01-02T03:04:05+00:00"})
        r = c.get("/readyz")
    probe = r.json()["models"]["enterprises"]
    assert probe["loaded"] is True and probe["file"] == "enterprises/v1" and probe["version"] == 1
    assert probe["trained_at"] == "2026-01-02T03:04:05+00:00"
    assert "enterprises" not in r.json().get("missing_models", [])


def test_readyz_is_503_when_the_graph_is_gone(settings, falkor_store) -> None:
    app = make_app(settings, falkor_store)
    with TestClient(app) as c:
        falkor_store.server.stop()
        r = c.get("/readyz")
    assert r.status_code == 503 and r.json()["graph"] is False and r.json()["status"] == "unavailable"


def test_a_model_folder_counts_only_with_a_version_in_it(settings, falkor_store) -> None:
    (settings.models_dir / "enterprises" / "v1").mkdir(parents=True)  # a run that died before its pointer
    with TestClient(make_app(settings, falkor_store)) as c:
        assert c.get("/readyz").json()["models"]["enterprises"]["loaded"] is False
        stored = artifacts.save(settings, "enterprises", {"model": None}, {})
        probe = c.get("/readyz").json()["models"]["enterprises"]
    assert stored.version == 2  # the dead run's folder is not overwritten
    assert probe["loaded"] is True and probe["file"] == "enterprises/v2"
