"""Admin upload: POST /ingest/{kind} runs the CLI's ingest in the background; GET /jobs/{id} follows it."""

from __future__ import annotations

import gzip
import time

import pytest
from fastapi.testclient import TestClient

from extraction.registry import available_kinds
from tests.api_support import bearer, make_app, make_keys

KIND = "nhtsa-complaints"
FIELDS = 51  # the published flat-file layout (see shared/formats/nhtsa-complaints.md)


def _complaint(odino: str, make: str, model: str, year: str, component: str, narrative: str) -> str:
    row = [""] * FIELDS
    row[0], row[1], row[2], row[3], row[4], row[5] = odino, odino, "Ford Motor Company", make, model, year
    row[6], row[7], row[8], row[9], row[10], row[11] = "N", "20200105", "N", "0", "0", component
    row[13], row[15], row[16], row[19], row[20] = "OH", "20200110", "20200110", narrative, "IVOQ"
    row[45] = "V"
    return "\t".join(row)


def _flat_file() -> bytes:
    lines = [
        _complaint("11300001", "FORD", "F-150", "2019", "AIR BAGS:FRONTAL:DRIVER SIDE:INFLATOR MODULE",
                   "THE DRIVER AIR BAG INFLATOR RUPTURED DURING A LOW SPEED CRASH."),
        _complaint("11300002", "FORD", "F-150", "2019", "SERVICE BRAKES, HYDRAULIC",
                   "LOSS OF BRAKING AT 40 MPH, PEDAL WENT TO THE FLOOR."),
        "this line is not a complaint record",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


@pytest.fixture
def client(settings, falkor_store):
    if KIND not in available_kinds():
        pytest.skip(f"the {KIND} source kind (vehicles domain) is not built yet")
    app = make_app(settings, falkor_store)
    with TestClient(app) as c:
        c.tokens = make_keys(settings)  # type: ignore[attr-defined]
        c.headers.update(bearer(c.tokens["admin"]))
        yield c


def _wait(client: TestClient, job_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job['status']} after {timeout}s")


def test_upload_ingests_like_the_cli_and_reports_rejects(client: TestClient, falkor_store) -> None:
    r = client.post(f"/api/v1/ingest/{KIND}", files={"file": ("FLAT_CMPL.txt", _flat_file(), "text/plain")})
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/api/v1/jobs/{r.json()['id']}"
    job = _wait(client, r.json()["id"])
    assert job["status"] == "succeeded", job
    assert job["result"]["read"] == 3 and job["result"]["written"] == 2 and job["result"]["rejected"] == 1
    assert job["progress"] == 3
    assert job["total_bytes"] == len(_flat_file()) and job["read_bytes"] == job["total_bytes"]
    assert job["rejects"]["count"] == 1 and job["rejects"]["examples"][0]["line"] == 3
    assert job["rejects"]["examples"][0]["reason"]
    counts = falkor_store.counts()["nodes"]
    assert counts.get("Document", 0) == 2
    assert not any(p.is_file() for p in (client.app.state.settings.data_dir / "uploads").rglob("*"))

    # The same file again is merged (counts unchanged) and its job reports only its own rejects.
    again = client.post(f"/api/v1/ingest/{KIND}", files={"file": ("FLAT_CMPL.txt", _flat_file(), "text/plain")})
    job = _wait(client, again.json()["id"])
    assert job["status"] == "succeeded" and job["rejects"]["count"] == 1
    assert falkor_store.counts()["nodes"] == counts
    # Gzipped uploads are read like the CLI reads them.
    gz = client.post(f"/api/v1/ingest/{KIND}",
                     files={"file": ("FLAT_CMPL.txt.gz", gzip.compress(_flat_file()), "application/gzip")})
    job = _wait(client, gz.json()["id"])
    assert job["status"] == "succeeded" and job["result"]["written"] == 2
    listed = client.get("/api/v1/jobs").json()["items"]
    assert [j["id"] for j in listed[:3]] == [gz.json()["id"], again.json()["id"], r.json()["id"]]


def test_upload_refusals(client: TestClient) -> None:
    r = client.post("/api/v1/ingest/no-such-kind", files={"file": ("a.txt", b"x", "text/plain")})
    assert r.status_code == 404 and "nhtsa-complaints" in r.json()["detail"]
    r = client.post(f"/api/v1/ingest/{KIND}", files={"file": ("complaints.exe", b"x", "text/plain")})
    assert r.status_code == 415 and r.json()["type"] == "/problems/unsupported-media-type"
    r = client.post(f"/api/v1/ingest/{KIND}")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.file"
    client.app.state.settings.max_upload_bytes = 10
    r = client.post(f"/api/v1/ingest/{KIND}", files={"file": ("FLAT_CMPL.txt", _flat_file(), "text/plain")})
    assert r.status_code == 413 and r.json()["type"] == "/problems/payload-too-large"
    uploads = client.app.state.settings.data_dir / "uploads"
    assert not any(p.is_file() for p in uploads.rglob("*"))  # the refused upload left nothing behind
    r = client.post("/api/v1/train/no-such-model")
    assert r.status_code == 404
    assert client.get("/api/v1/jobs/0123456789abcdef").status_code == 404


def test_a_restarted_server_closes_jobs_it_cannot_finish(settings, falkor_store) -> None:
    from api.jobs import JobManager

    first = JobManager(settings, lambda: falkor_store)
    job = first._new_job("ingest", KIND)  # registered, never run: as if the server died meanwhile
    again = JobManager(settings, lambda: falkor_store)
    closed = again.get(job.id)
    assert closed is not None and closed.status == "failed" and "submit it again" in closed.error
    first.shutdown()
    again.shutdown()


def test_a_gzip_bomb_is_refused_before_any_job(client: TestClient, settings, monkeypatch) -> None:
    monkeypatch.setattr(settings, "max_unpacked_bytes", 50_000_000)
    newlines = gzip.compress(b"\n" * 80_000_000)  # ~80 KB of gzip that would keep a job busy for a minute
    r = client.post(f"/api/v1/ingest/{KIND}", files={"file": ("FLAT_CMPL.txt.gz", newlines, "application/gzip")})
    assert r.status_code == 413 and "RISKGRAPH_MAX_UNPACKED_BYTES=50000000" in r.json()["detail"]
    monkeypatch.setattr(settings, "max_unpacked_bytes", 200_000_000)
    ratio = gzip.compress(b"x" * 70_000_000)  # under the size cap, but ~1000 times its packed size
    r = client.post(f"/api/v1/ingest/{KIND}", files={"file": ("FLAT_CMPL.txt.gz", ratio, "application/gzip")})
    assert r.status_code == 413 and "times its size" in r.json()["detail"]
    assert client.get("/api/v1/jobs").json()["items"] == []
    assert not [p for p in (settings.data_dir / "uploads").rglob("*") if p.is_file()]


def test_a_truncated_or_false_gzip_is_a_bad_request(client: TestClient) -> None:
    whole = gzip.compress(_flat_file())
    for body in (whole[: len(whole) // 2], b"\x1f\x8b" + b"not gzip at all"):
        r = client.post(f"/api/v1/ingest/{KIND}", files={"file": ("FLAT_CMPL.txt.gz", body, "application/gzip")})
        assert r.status_code == 400 and "gzip" in r.json()["detail"]


def test_an_admin_cancels_a_running_job(client: TestClient, settings) -> None:
    lines = [_complaint(f"1140{i:04d}", "FORD", "F-150", "2019", "SERVICE BRAKES, HYDRAULIC",
                        "LOSS OF BRAKING AT 40 MPH.") for i in range(6000)]
    body = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    job = client.post(f"/api/v1/ingest/{KIND}", files={"file": ("FLAT_CMPL.txt", body, "text/plain")}).json()
    cancelled = client.post(f"/api/v1/jobs/{job['id']}/cancel")
    assert cancelled.status_code == 200
    deadline = time.monotonic() + 120
    while (state := client.get(f"/api/v1/jobs/{job['id']}").json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert state["status"] == "cancelled" and "cancel" in state["error"]
    assert state["progress"] < 6000
    assert client.post("/api/v1/jobs/nope/cancel").status_code == 404
