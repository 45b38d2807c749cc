"""Watches, alerts, webhooks and the changes feed through the HTTP client, on a generated enterprise graph
ingested and trained through the ingest service: a penalty ingested for a watched enterprise becomes an
alert with its as-of date and evidence, delivered to a local receiver (http.server in a thread) signed
and retried after a 500; a delivery never holds up an ingest; a failing check never fails one; a
training moves a watched level and a region's red count; the feed pages by cursor and by role."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from reasoning.ingest import ingest
from tests.api_support import bearer, make_keys
from tests.enterprise_support import trained_graph

KINDS = ["cn-registry", "cn-registry-changes", "cn-penalties", "cn-abnormal-list", "uk-companies", "uk-psc",
         "enterprise-verdicts"]


class Receiver:
    """A webhook receiver: answers the statuses queued in `statuses` (then 200), optionally holding
    each request until `gate` is set."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.gate: threading.Event | None = None
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                if outer.gate is not None:
                    outer.gate.wait(30)
                self.send_response(outer.statuses.pop(0) if outer.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, name="webhook-receiver", daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("watches")
    w = trained_graph(root, KINDS, 0.12, 3)
    settings = w["settings"]
    settings.webhook_backoff_seconds = 0.2
    settings.webhook_timeout_seconds = 5.0
    settings.public_rate_limit_per_minute = 0
    receiver = Receiver()
    with TestClient(create_app(settings, w["store"])) as client:
        yield {**w, "client": client, "tokens": make_keys(settings), "receiver": receiver, "root": root}
    receiver.server.shutdown()
    w["store"].close()


def _h(world: dict[str, Any], role: str) -> dict[str, str]:
    return bearer(world["tokens"][role])


def _an_enterprise(world: dict[str, Any], level: str = "green", index: int = 0) -> dict[str, Any]:
    c = world["client"]
    item = c.get(f"/api/v1/enterprises/watchlist?level={level}&limit=20", headers=_h(world, "regulator")).json()["items"]
    found = [i for i in item if i["id"].startswith("CN:")][index]
    return c.get(f"/api/v1/enterprises/{quote(found['id'], safe='')}/risk", headers=_h(world, "regulator")).json()


def _penalty_file(world: dict[str, Any], ent: dict[str, Any], number: str, day: str) -> Path:
    folder = world["root"] / "extra" / number
    folder.mkdir(parents=True)
    path = folder / f"penalties-{number}.jsonl"  # its own file: a document is keyed by file and line
    path.write_text(json.dumps({"当事人名称": ent["name"], "统一社会信用代码": ent["code"],
                                "行政处罚决定书文号": f"市监处罚〔2025〕{number}号", "违法行为类型": "虚假登记",
                                "行政处罚内容": "罚款5万元", "作出行政处罚决定日期": day,
                                "作出行政处罚决定机关名称": "市场监督管理局"}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _delivered(world: dict[str, Any], alert_id: str, role: str = "regulator") -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        body = world["client"].get(f"/api/v1/alerts/{alert_id}", headers=_h(world, role)).json()
        if body["delivery"] and body["delivery"]["status"] in ("delivered", "failed"):
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.1)


def test_watches_are_created_listed_read_and_deleted_by_their_key_only(world: dict[str, Any]) -> None:
    c = world["client"]
    ent = _an_enterprise(world, index=5)
    body = {"kind": "enterprise", "subject": ent["id"]}
    r = c.post("/api/v1/watches", json=body, headers=_h(world, "regulator"))
    assert r.status_code == 201, r.text
    watch = r.json()
    assert watch["subject"] == ent["id"] and watch["label"] == ent["name"] and watch["secret"] is None
    assert r.headers["location"] == f"/api/v1/watches/{watch['id']}"
    again = c.post("/api/v1/watches", json=body, headers=_h(world, "regulator"))
    assert again.status_code == 200 and again.json()["id"] == watch["id"]
    listed = c.get("/api/v1/watches", headers=_h(world, "regulator")).json()
    assert watch["id"] in [w["id"] for w in listed["items"]]
    assert c.get(f"/api/v1/watches/{watch['id']}", headers=_h(world, "regulator")).status_code == 200
    # another key neither sees nor deletes it
    assert c.get(f"/api/v1/watches/{watch['id']}", headers=_h(world, "inspector")).status_code == 404
    assert c.delete(f"/api/v1/watches/{watch['id']}", headers=_h(world, "inspector")).status_code == 404
    assert c.get("/api/v1/watches", headers=_h(world, "inspector")).json()["items"] == []
    # a subject only for a role that may read it; only what the graph holds; webhooks as http(s) URLs
    assert c.post("/api/v1/watches", json=body, headers=_h(world, "inspector")).status_code == 403
    assert c.post("/api/v1/watches", json=body).status_code == 401
    missing = c.post("/api/v1/watches", json={"kind": "enterprise", "subject": "CN:NOSUCH"}, headers=_h(world, "regulator"))
    assert missing.status_code == 404 and "CN:NOSUCH" in missing.json()["detail"]
    assert c.post("/api/v1/watches", json={"kind": "lawyer", "subject": "nosuch"},
                  headers=_h(world, "inspector")).status_code == 404
    for url in ("file:///etc/passwd", "ftp://x.example/", "http://user:pw@x.example/", "not a url"):
        bad = c.post("/api/v1/watches", json={**body, "url": url}, headers=_h(world, "regulator"))
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body.url", url
    assert c.post("/api/v1/watches", json={**body, "kind": "planet"}, headers=_h(world, "regulator")).status_code == 422
    gone = c.delete(f"/api/v1/watches/{watch['id']}", headers=_h(world, "regulator"))
    assert gone.status_code == 200 and gone.json()["id"] == watch["id"]
    assert c.delete(f"/api/v1/watches/{watch['id']}", headers=_h(world, "regulator")).status_code == 404


def test_a_penalty_ingested_for_a_watched_enterprise_is_an_alert_delivered_signed_after_a_retry(
        world: dict[str, Any]) -> None:
    c, receiver = world["client"], world["receiver"]
    ent = _an_enterprise(world, index=0)
    secret = "s3cret-for-the-receiver-0123456789"
    r = c.post("/api/v1/watches", json={"kind": "enterprise", "subject": ent["id"], "url": receiver.url,
                                        "secret": secret}, headers=_h(world, "regulator"))
    assert r.status_code == 201 and r.json()["has_secret"] and r.json()["secret"] is None
    watch = r.json()
    receiver.statuses = [500]  # the first attempt fails, the second is taken
    received_before = len(receiver.requests)

    summary = ingest(world["store"], world["settings"], "cn-penalties", [_penalty_file(world, ent, "9001", "2025-03-01")])
    assert summary.written == 1 and summary.after_ingest["watches"]["alerts"] >= 1

    alerts = c.get(f"/api/v1/alerts?watch={watch['id']}", headers=_h(world, "regulator")).json()["items"]
    penalty = next(a for a in alerts if a["event"] == "penalty")
    assert penalty["as_of"] == "2025-03-01" and penalty["trigger"] == "ingest cn-penalties"
    assert penalty["subject"] == ent["id"] and "虚假登记" in penalty["title"]
    fact = penalty["evidence"][0]
    assert fact.startswith("Penalty:")
    evidence = c.get(f"/api/v1/evidence/{quote(fact, safe='')}", headers=_h(world, "regulator"))
    assert evidence.status_code == 200 and "9001" in evidence.json()["evidence"][0]["snippet"]

    done = _delivered(world, penalty["id"])
    assert done["delivery"]["status"] == "delivered" and done["delivery"]["attempts"] == 2
    first, second = done["attempts"]
    assert (first["ok"], first["status_code"], second["ok"], second["status_code"]) == (False, 500, True, 200)
    assert first["error"] == "HTTP 500" and first["next_attempt_at"] and second["next_attempt_at"] is None
    mine = [(h, b) for h, b in receiver.requests[received_before:] if h["x-riskgraph-alert"] == penalty["id"]]
    assert [h["x-riskgraph-attempt"] for h, _ in mine] == ["1", "2"]
    for headers, body in mine:
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["x-riskgraph-signature"], expected)
        sent = json.loads(body)
        assert sent["id"] == penalty["id"] and sent["evidence"] == [fact] and sent["as_of"] == "2025-03-01"
    log = c.get(f"/api/v1/watches/{watch['id']}/deliveries", headers=_h(world, "regulator")).json()
    assert [a["attempt"] for a in log["items"] if a["alert_id"] == penalty["id"]] == [2, 1]
    # the alert is the key's own
    assert c.get(f"/api/v1/alerts/{penalty['id']}", headers=_h(world, "inspector")).status_code == 404
    assert penalty["id"] not in [a["id"] for a in c.get("/api/v1/alerts", headers=_h(world, "inspector")).json()["items"]]


def test_a_slow_webhook_never_holds_up_an_ingest(world: dict[str, Any]) -> None:
    c, receiver = world["client"], world["receiver"]
    ent = _an_enterprise(world, index=1)
    watch = c.post("/api/v1/watches", json={"kind": "enterprise", "subject": ent["id"], "url": receiver.url},
                   headers=_h(world, "regulator")).json()
    assert watch["secret"].startswith("whsec_")  # made and shown once
    receiver.gate = threading.Event()
    try:
        summary = ingest(world["store"], world["settings"], "cn-penalties",
                         [_penalty_file(world, ent, "9002", "2025-04-02")])
        assert summary.after_ingest["watches"]["webhooks_queued"] >= 1
        alert = c.get(f"/api/v1/alerts?watch={watch['id']}", headers=_h(world, "regulator")).json()["items"][0]
        pending = c.get(f"/api/v1/alerts/{alert['id']}", headers=_h(world, "regulator")).json()
        assert pending["delivery"]["status"] == "pending"  # the ingest came back while the receiver held on
    finally:
        receiver.gate.set()
        receiver.gate = None
    assert _delivered(world, alert["id"])["delivery"]["status"] == "delivered"


def test_a_failing_watch_check_is_logged_and_the_ingest_stands(world: dict[str, Any],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import reasoning.watches.check as check_module

    def broken(*args: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(check_module, "check", broken)
    ent = _an_enterprise(world, index=2)
    summary = ingest(world["store"], world["settings"], "cn-penalties", [_penalty_file(world, ent, "9003", "2025-05-03")])
    assert summary.written == 1 and "failed" in summary.after_ingest["watches"]["error"]


def _train_through_the_api(world: dict[str, Any]) -> dict[str, Any]:
    c = world["client"]
    admin = _h(world, "admin")
    r = c.post("/api/v1/train/enterprises", headers=admin)
    assert r.status_code == 202, r.text
    deadline = time.monotonic() + 600
    while (job := c.get(r.headers["location"], headers=admin).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    assert job["status"] == "succeeded", job
    return job


def test_a_training_that_moves_a_level_or_a_regions_red_count_raises_alerts(world: dict[str, Any]) -> None:
    c, store = world["client"], world["store"]
    ent = _an_enterprise(world, level="red", index=0)
    division = ent["division"]
    counts = store.read("changes_region_state", {"ids": [f"DIV:{division}"]})[0]
    # as an earlier scoring had left them: the enterprise green, the division with two more red
    store.write("enterprise_risk_write", [{"id": ent["id"], "score": 0.1, "level": "green", "reasons": "[]",
                                           "scored_at": "2025-01-01T00:00:00+00:00", "model": "earlier"}])
    store.write("region_counts_write", [{"id": f"DIV:{division}", "code": division, "total": counts["total"],
                                         "red": counts["red"] + 2, "yellow": counts["yellow"],
                                         "green": counts["green"], "unscored": 0}])
    w1 = c.post("/api/v1/watches", json={"kind": "enterprise", "subject": ent["id"]}, headers=_h(world, "regulator"))
    w2 = c.post("/api/v1/watches", json={"kind": "region", "subject": division}, headers=_h(world, "regulator"))
    assert w1.status_code == 201 and w2.status_code == 201, (w1.text, w2.text)

    job = _train_through_the_api(world)
    assert job["result"]["watches"]["alerts"] >= 2

    level = c.get(f"/api/v1/alerts?watch={w1.json()['id']}", headers=_h(world, "regulator")).json()["items"]
    moved = next(a for a in level if a["event"] == "risk_level")
    assert moved["detail"]["before"] == "green" and moved["detail"]["after"] == "red" and moved["detail"]["rising"]
    assert moved["title"].startswith("risk level green → red") and moved["trigger"] == "train enterprises"
    assert moved["as_of"] == moved["detail"]["scored_at"][:10] and moved["evidence"] == [f"Enterprise:{ent['id']}"]
    region = c.get(f"/api/v1/alerts?watch={w2.json()['id']}", headers=_h(world, "regulator")).json()["items"]
    assert [a["title"] for a in region] == [f"red enterprises in {division}: {counts['red'] + 2} → {counts['red']}"]


def _all_changes(world: dict[str, Any], role: str | None, since: str | None = None, **params: Any
                 ) -> tuple[list[dict[str, Any]], str]:
    c, items = world["client"], []
    headers = _h(world, role) if role else {}
    while True:
        r = c.get("/api/v1/changes", params={"limit": 200, **({"since": since} if since else {}), **params},
                  headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        since = body["next_cursor"]
        if not body["more"]:
            return items, since


def test_the_changes_feed_pages_by_cursor_and_resumes_where_it_stopped(world: dict[str, Any]) -> None:
    items, cursor = _all_changes(world, "regulator")
    keys = [(i["at"], i["fact_id"]) for i in items]
    assert keys == sorted(keys) and len(set(keys)) == len(keys) > 500
    assert {i["domain"] for i in items} == {"enterprises"}
    assert {i["kind"] for i in items} == {"record", "risk_score"}
    record = next(i for i in items if i["source_kind"] == "cn-registry")
    assert any(f.startswith("Enterprise:") for f in record["facts"])
    nothing, same = _all_changes(world, "regulator", cursor)
    assert nothing == [] and same == cursor  # polled again: nothing new, same place

    ent = _an_enterprise(world, index=3)
    time.sleep(1.05)  # ingest times have one-second resolution
    ingest(world["store"], world["settings"], "cn-penalties", [_penalty_file(world, ent, "9004", "2025-06-04")])
    new, _ = _all_changes(world, "regulator", cursor)
    assert [i["source_kind"] for i in new] == ["cn-penalties"]
    assert f"Enterprise:{ent['id']}" in new[0]["facts"] and new[0]["date"] == "2025-06-04"


def test_the_changes_feed_shows_each_role_only_what_it_may_read(world: dict[str, Any]) -> None:
    c = world["client"]
    inspector, _ = _all_changes(world, "inspector")
    assert all(i["domain"] != "enterprises" for i in inspector)
    public = c.get("/api/v1/changes").json()
    assert public["domains"] == ["lawyers"] and all(i["domain"] == "lawyers" for i in public["items"])
    for headers in ({}, _h(world, "inspector")):
        r = c.get("/api/v1/changes", params={"domain": "enterprises"}, headers=headers)
        assert r.status_code == 403 and "may not read enterprises" in r.json()["detail"]
    assert c.get("/api/v1/changes", params={"domain": "vehicles"}, headers=_h(world, "regulator")).status_code == 403
    assert c.get("/api/v1/changes", params={"domain": "planets"}, headers=_h(world, "admin")).status_code == 422
    for bad in ("not-a-cursor", "eyJ4IjogMX0", "2025-13", "c0"):
        r = c.get("/api/v1/changes", params={"since": bad}, headers=_h(world, "regulator"))
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.since", bad
    clamped = c.get("/api/v1/changes", params={"limit": 100_000}, headers=_h(world, "regulator")).json()
    assert clamped["limit"] == world["settings"].max_page_size  # as every list: the server's bound
    future = c.get("/api/v1/changes", params={"since": "2999-01-01"}, headers=_h(world, "regulator")).json()
    assert future["items"] == [] and not future["more"] and future["next_cursor"]
