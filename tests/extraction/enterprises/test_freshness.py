"""Freshness: an enterprise registered after the last training is scored by the register ingest itself
(only what that ingest touched), and the watchlist's stored ranks stay a complete, gap-free order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extraction.enterprises.codes import make_uscc
from reasoning.ingest import ingest
from tests.enterprise_support import trained_graph

KINDS = ["cn-registry", "cn-registry-changes", "cn-penalties", "cn-abnormal-list", "enterprise-verdicts"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("fresh")
    world = trained_graph(root, KINDS, 0.1, 5)
    yield {**world, "root": root,
           "rings": json.loads((world["data"] / "truth" / "enterprises" / "rings.json").read_text())}
    world["store"].close()


def _record(name: str, code: str, address: str, phone: str, scope: str) -> dict[str, Any]:
    return {"企业名称": name, "统一社会信用代码": code, "法定代表人": "韩立新", "注册资本": "1000万元",
            "实缴资本": "0万元", "成立日期": "2025-06-02", "登记机关": "市场监督管理局", "住所": address,
            "经营范围": scope, "企业类型": "有限责任公司(自然人独资)", "经营状态": "存续", "联系电话": phone}


def _ranks_are_complete(store: Any, level: str) -> bool:
    rows = store.read("enterprise_level_scores", {"level": level})
    ranks = sorted(r["rank"] for r in rows)
    if ranks != list(range(1, len(rows) + 1)):
        return False
    order = sorted(rows, key=lambda r: r["rank"])
    return all(a["score"] >= b["score"] for a, b in zip(order, order[1:], strict=False))


def test_ingest_before_any_training_leaves_scoring_to_train(world: dict[str, Any]) -> None:
    scoring = world["ingests"]["cn-registry"].after_ingest["scoring"]
    assert scoring["scored"] == 0 and scoring["skipped"] == "no trained model"


def test_new_and_updated_enterprises_are_scored_by_their_ingest(world: dict[str, Any], tmp_path: Path) -> None:
    store, ring = world["store"], world["rings"][0]
    phone = ring.get("agent_phone") or ""
    new = [make_uscc(f"91{ring['division']}MA7QK8P2{n}") for n in (1, 2)]
    member = store.read("enterprise_by_ids", {"ids": [ring["members"][0]]})[0]
    batch = tmp_path / "late.jsonl"
    rows = [_record(f"广州新晟{n}号商务咨询有限公司", code, ring["address"], phone, "商务咨询；企业管理咨询")
            for n, code in enumerate(new, start=1)]
    rows.append(_record(member["name"], member["code"], ring["address"], phone, "投资管理；资产管理；网络技术"))
    control = make_uscc("91440106MA7QK8P23")  # the same kind of firm, alone at its address
    rows.append(_record("广州新晟3号商务咨询有限公司", control, "广东省广州市天河区华夏路16号2801室", "020-38860123",
                        "商务咨询；企业管理咨询"))
    batch.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    for code in new:
        assert not store.read("enterprise_risk", {"id": f"CN:{code}"})

    summary = ingest(store, world["settings"], "cn-registry", [batch])
    scoring = summary.after_ingest["scoring"]
    assert scoring["scored"] == 4  # three new enterprises and the ring member the file updated; no others
    assert not store.read("enterprise_stale", {"limit": 10})
    assert scoring["model"] == Path(world["trained"]["model_file"]).name.removeprefix("v")
    for code in new:
        risk = store.read("enterprise_risk", {"id": f"CN:{code}"})[0]
        assert risk["score"] is not None and risk["level"] in ("red", "yellow", "green")
        assert json.loads(risk["reasons"]) and risk["model"] == scoring["model"]
    # Scored on the graph as it now is: the reasons point at the ring they just joined.
    for code in new:
        reasons = json.loads(store.read("enterprise_risk", {"id": f"CN:{code}"})[0]["reasons"])
        assert {item["id"] for r in reasons for item in r["linked"]} & set(ring["members"])
    for level in ("red", "yellow", "green"):
        assert _ranks_are_complete(store, level), level
    level = store.read("enterprise_risk", {"id": f"CN:{new[0]}"})[0]["level"]
    page = store.read("enterprise_watchlist", {"level": level, "skip": 0, "limit": 100_000})
    assert f"CN:{new[0]}" in {r["id"] for r in page}

    again = ingest(store, world["settings"], "cn-registry", [batch], force=True)
    assert again.after_ingest["scoring"]["scored"] == 4  # rewritten, so touched again: scored again
    quiet = ingest(store, world["settings"], "cn-registry", [batch])
    assert quiet.after_ingest["scoring"]["scored"] == 0  # unchanged file skipped: nothing touched
