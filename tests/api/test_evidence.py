"""Evidence is scoped by the role that may read the fact's domain: an inspector never reads register text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph.loader import Loader
from graph.records import Document, Extraction, Node
from tests.api_support import bearer, make_app, make_keys

REGISTER = "统一社会信用代码 91310115MA1K00015K 名称 上海虚构科技有限公司 法定代表人 王某某 电话 021-5555-0100"
COMPLAINT = "THE BRAKE PEDAL WENT TO THE FLOOR WHILE DRIVING."


@pytest.fixture
def client(settings, falkor_store):
    register = Document("cn-registry", "reg.jsonl", "1", REGISTER, "2021-03-01", "zh")
    complaint = Document("nhtsa-complaints", "FLAT_CMPL.txt", "11300001", COMPLAINT, "2020-01-05")
    person = Node("Person", "person:wang", {"name": "王某某"}, span=(40, 43))
    Loader(falkor_store, settings).write_extractions([
        Extraction(register, "cn_registry", "1", [Node("Enterprise", "CN:91310115MA1K00015K",
                                                       {"name": "上海虚构科技有限公司"}, span=(26, 36)), person]),
        Extraction(complaint, "nhtsa_complaints", "1", [Node("Complaint", "complaint:11300001", {}, span=(4, 15))]),
    ])
    with TestClient(make_app(settings, falkor_store)) as c:
        c.tokens = make_keys(settings)  # type: ignore[attr-defined]
        yield c


@pytest.mark.parametrize("fact", ["Enterprise:CN:91310115MA1K00015K", "Person:person:wang"])
def test_an_inspector_reads_no_register_evidence(client: TestClient, fact: str) -> None:
    r = client.get(f"/api/v1/evidence/{fact}", headers=bearer(client.tokens["inspector"]))
    assert r.status_code == 404 and "王某某" not in r.text and "021-5555" not in r.text
    allowed = client.get(f"/api/v1/evidence/{fact}", headers=bearer(client.tokens["regulator"]))
    assert allowed.status_code == 200 and "王某某" in allowed.json()["evidence"][0]["snippet"]


def test_each_role_reads_its_own_domain(client: TestClient) -> None:
    fact = "/api/v1/evidence/Complaint:complaint:11300001"
    inspector = client.get(fact, headers=bearer(client.tokens["inspector"]))
    assert inspector.status_code == 200 and inspector.json()["evidence"][0]["source_kind"] == "nhtsa-complaints"
    assert client.get(fact, headers=bearer(client.tokens["regulator"])).status_code == 404
    assert client.get(fact, headers=bearer(client.tokens["admin"])).status_code == 200


def test_a_huge_id_is_not_echoed_back(client: TestClient) -> None:
    huge = "Enterprise:" + "x" * 60_000
    r = client.get(f"/api/v1/evidence/{huge}", headers=bearer(client.tokens["regulator"]))
    assert r.status_code == 404 and len(r.text) < 1000 and "60011 characters" in r.json()["detail"]


def test_the_audit_log_keeps_a_huge_id_short(client: TestClient, settings) -> None:
    client.get(f"/api/v1/evidence/Enterprise:{'y' * 60_000}", headers=bearer(client.tokens["regulator"]))
    lines = [line for f in (settings.data_dir / "audit").glob("*.jsonl") for line in f.read_text().splitlines()]
    assert lines and max(len(line) for line in lines) < 2000 and "60011 characters" in lines[-1]
