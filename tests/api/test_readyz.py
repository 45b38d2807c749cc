"""/healthz says the process is up; /readyz says whether the graph answers and which models are loaded."""

from __future__ import annotations

from fastapi.testclient import TestClient

from reasoning.registry import MODELS, present
from tests.api_support import make_app


def test_readyz_reports_graph_and_models(settings, falkor_store) -> None:
    app = make_app(settings, falkor_store)
    with TestClient(app) as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        r = c.get("/readyz")
        body = r.json()
        assert body["graph"] is True
        assert set(body["models"]) == set(present(MODELS))
        missing = [name for name, m in body["models"].items() if not m["loaded"]]
        assert (r.status_code, body["status"]) == ((503, "unavailable") if missing else (200, "ready"))
        assert body.get("missing_models", []) == missing


def test_readyz_turns_ready_once_the_model_file_exists(settings, falkor_store, monkeypatch) -> None:
    # A registered model without a model_status() of its own counts as loaded once its file exists.
    import reasoning.registry

    monkeypatch.setattr(reasoning.registry, "MODELS", {"probe": "tests.api_support"})
    app = make_app(settings, falkor_store)
    with TestClient(app) as c:
        r = c.get("/readyz")
        assert r.status_code == 503 and r.json()["missing_models"] == ["probe"]
        settings.models_dir.mkdir(parents=True, exist_ok=True)
        (settings.models_dir / "probe-v1.joblib").write_bytes(b"model")
        r = c.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready"
    assert r.json()["models"]["probe"]["loaded"] is True and r.json()["models"]["probe"]["file"] == "probe-v1.joblib"


def test_readyz_is_503_when_the_graph_is_gone(settings, falkor_store) -> None:
    app = make_app(settings, falkor_store)
    with TestClient(app) as c:
        falkor_store.server.stop()
        r = c.get("/readyz")
    assert r.status_code == 503 and r.json()["graph"] is False and r.json()["status"] == "unavailable"


def test_a_model_folder_counts_only_with_a_file_in_it(settings, falkor_store, monkeypatch) -> None:
    import reasoning.registry

    monkeypatch.setattr(reasoning.registry, "MODELS", {"probe": "tests.api_support"})
    (settings.models_dir / "probe").mkdir(parents=True)
    with TestClient(make_app(settings, falkor_store)) as c:
        assert c.get("/readyz").json()["models"]["probe"]["loaded"] is False
        (settings.models_dir / "probe" / "latest.json").write_text("{}")
        probe = c.get("/readyz").json()["models"]["probe"]
    assert probe["loaded"] is True and probe["file"] == "latest.json"
