"""Audit log: who (key id, role) looked up which enterprise or evidence, append-only JSON lines."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from api.keys import KeyStore
from tests.api_support import bearer, make_app, make_keys


def _lines(settings) -> list[dict]:
    files = sorted((settings.data_dir / "audit").glob("audit-*.jsonl"))
    return [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]


def test_evidence_look_ups_are_audited_with_who_and_what(settings, falkor_store) -> None:
    app = make_app(settings, falkor_store)
    tokens = make_keys(settings)
    ids = {k.role: k.id for k in KeyStore(settings.data_dir / "keys.json").list() if not k.revoked}
    with TestClient(app) as c:
        c.get("/api/v1/evidence/Document:doc-1", headers={**bearer(tokens["regulator"]), "X-Request-ID": "r-1"})
        c.get("/api/v1/evidence/Document:doc-2?limit=3", headers=bearer(tokens["inspector"]))
        c.get("/api/v1/stats")  # public aggregate: not audited
        c.get("/api/v1/evidence/Document:doc-3")  # refused before anything is looked up: not audited
    lines = _lines(settings)
    assert len(lines) == 2
    first, second = lines
    assert first["key_id"] == ids["regulator"] and first["role"] == "regulator"
    assert first["route"] == "/api/v1/evidence/{fact_id}" and first["params"] == {"fact_id": "Document:doc-1"}
    assert first["request_id"] == "r-1" and first["status"] == 404 and first["at"]
    assert second["key_id"] == ids["inspector"] and second["query"] == {"limit": "3"}
    mode = next((settings.data_dir / "audit").glob("*.jsonl")).stat().st_mode & 0o777
    assert mode == 0o600


def test_audit_log_only_grows(settings, falkor_store) -> None:
    app = make_app(settings, falkor_store)
    tokens = make_keys(settings)
    with TestClient(app) as c:
        c.get("/api/v1/evidence/Document:a", headers=bearer(tokens["admin"]))
    before = next((settings.data_dir / "audit").glob("*.jsonl")).read_bytes()
    with TestClient(make_app(settings, falkor_store)) as c:  # a restarted server appends
        c.get("/api/v1/evidence/Document:b", headers=bearer(tokens["admin"]))
    after = next((settings.data_dir / "audit").glob("*.jsonl")).read_bytes()
    assert after.startswith(before) and len(_lines(settings)) == 2


def test_access_log_line_per_request_with_request_id(settings, falkor_store, caplog) -> None:
    app = make_app(settings, falkor_store)
    tokens = make_keys(settings)
    with TestClient(app) as c, caplog.at_level("INFO", logger="riskgraph.access"):
        c.get("/api/v1/stats", headers={"X-Request-ID": "req-42"})
        c.get("/api/v1/jobs/x", headers=bearer(tokens["regulator"]))
    lines = [r.getMessage() for r in caplog.records if r.name == "riskgraph.access"]
    assert len(lines) == 2
    assert "GET /api/v1/stats 200" in lines[0] and "rid=req-42" in lines[0] and "key=-" in lines[0]
    regulator = next(k for k in KeyStore(settings.data_dir / "keys.json").list() if k.role == "regulator")
    assert "GET /api/v1/jobs/x 403" in lines[1] and f"key={regulator.id}" in lines[1]
