"""Ingest of every Chinese register shape into the graph (the loader, its schema check and its reject
file), the stored evidence, and records of one enterprise from different dates: one enterprise whose
changed facts carry since / until, whatever order the records come in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from extraction.enterprises.shapes import MAPPING_ENV
from extraction.registry import get_kind
from graph.loader import Loader
from graph.store import GraphStore
from tests.extraction.enterprises.shapes_support import FIXTURES, first

# fixture -> (records read, written, rejected)
COUNTS = {
    "gsxt-report.json": (1, 1, 0), "gsxt-dump.jsonl": (2, 2, 0), "gsxt-report-labels.json": (1, 1, 0),
    "qichacha-detail.json": (1, 1, 0), "qichacha-answers.jsonl": (3, 2, 1), "tianyancha-baseinfo.json": (1, 1, 0),
    "tianyancha-answers.json": (2, 1, 1), "qixin-detail.json": (1, 1, 0), "qixin-camel.json": (1, 1, 0),
    "ocr-aliyun.json": (1, 1, 0), "ocr-aliyun-viapi.json": (1, 1, 0), "ocr-baidu.json": (1, 1, 0),
    "ocr-tencent.json": (1, 1, 0), "ocr-huawei.json": (1, 1, 0), "esign.json": (1, 1, 0),
    "tencent-enterprise.json": (1, 1, 0), "export-gb18030.csv": (3, 3, 0), "export-bom.csv": (2, 2, 0),
    "export-utf16.tsv": (2, 2, 0), "export-utf16-nobom.tsv": (1, 1, 0), "export.xlsx": (2, 2, 0),
    "bad/broken.json": (1, 0, 1), "bad/workbook.xls": (1, 0, 1), "bad/page.html": (1, 0, 1),
    "bad/no-header.csv": (1, 0, 1), "bad/one-bad-line.csv": (3, 2, 1),
}


def _ingest(store: GraphStore, settings: Settings, *names: str, kind: str = "cn-registry") -> Any:
    return Loader(store, settings).ingest(get_kind(kind), [FIXTURES / n for n in names], force=True)


def _rejects(settings: Settings, kind: str = "cn-registry") -> list[dict[str, Any]]:
    path = settings.rejects_dir / f"{kind}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_every_shape_ingests_with_its_counts(falkor_store: GraphStore, settings: Settings) -> None:
    summary = _ingest(falkor_store, settings, *COUNTS)
    got = {str(Path(f.file).relative_to(FIXTURES)): (f.read, f.written, f.rejected) for f in summary.files}
    assert got == COUNTS
    reasons = " | ".join(r["reason"] for r in _rejects(settings))
    for said in ("status '201' that carries no record", "status 300000 that carries no record (无数据)",
                 "starts as JSON but is not valid JSON", "an Excel 97-2003 .xls workbook", "an HTML or XML page",
                 "without a header row of known column names", "are not valid UTF-8, the file's encoding"):
        assert said in reasons
    assert reasons.count("accepted: JSON") == 4  # one clear error per unreadable file, not one per line


def test_nested_facts_reach_the_graph_with_their_evidence(falkor_store: GraphStore, settings: Settings) -> None:
    _ingest(falkor_store, settings, "qichacha-detail.json", "gsxt-report.json")
    risk = falkor_store.read("enterprise_risk", {"id": "CN:91310115MA1K00015K"})[0]
    assert risk["status"] == "存续（在营、开业、在册）" and risk["name"] == "星河示例汽车零部件有限公司"
    for fixture in ("qichacha-detail.json", "gsxt-report.json"):
        ex = first(fixture)
        for rel in ex.rels:  # every nested fact is in the graph, its span pointing at its own text
            if rel.type not in ("SHAREHOLDER_OF", "OFFICER_OF", "HAS_CHANGE", "LISTED_ABNORMAL", "BRANCH_OF",
                                "PENALISED"):
                continue
            [row] = falkor_store.read("templates/relationship_provenance", {"fid": rel.fid, "limit": 5},
                                      TYPE=rel.type)
            shown = row["text"][row["span_start"]:row["span_end"]]
            assert shown and shown == ex.document.text[rel.span[0]:rel.span[1]], (fixture, rel.type)
        change = next(n for n in ex.nodes if n.label == "Change")
        [prov] = falkor_store.read("templates/node_provenance", {"id": change.id, "limit": 5}, LABEL="Change")
        assert prov["text"][prov["span_start"]:prov["span_end"]].endswith(change.props["item"])


def _history(store: GraphStore, ent: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in store.read("enterprise_history", {"id": ent}):
        out.setdefault(row["field"], []).append(row)
    return out


HIST = "CN:91310115MA1K00015K"
LATER = "CN:91310104MA4N6P8QX4"


@pytest.mark.parametrize("order", [
    ["history/qichacha-2016.json", "history/qichacha-2021.json"],
    ["history/qichacha-2021.json", "history/qichacha-2016.json"],
    ["history/qixin-2021.jsonl", "history/qichacha-2016.json", "history/qichacha-2021.json"],
    ["history/qichacha-2016.json", "history/qixin-2021.jsonl"],  # no change records: current by the latest record
])
def test_records_of_one_enterprise_from_different_dates(store: GraphStore, settings: Settings,
                                                        order: list[str]) -> None:
    for name in order:  # on every engine: enterprise_history is a portable query
        _ingest(store, settings, name)
    found = store.read("enterprise_by_ids", {"ids": [LATER]})
    assert len(found) == 1
    history = _history(store, LATER)
    current = {field: [r["value"] for r in rows if r["current"]] for field, rows in history.items()}
    assert current["address"] == ["上海市浦东新区示例新路9号"]  # one current address, not two
    assert current["legal_rep"] == ["李三十三"]
    assert current["authority"] == ["上海市浦东新区市场监督管理局"]
    assert current["capital"] == ["1000万CNY"]
    old = {(f, r["value"]): r for f, rows in history.items() for r in rows if not r["current"]}
    assert set(old) == {("address", "上海市徐汇区示例老路1号"), ("legal_rep", "钱三十二"),
                        ("authority", "上海市徐汇区市场监督管理局"), ("capital", "100万CNY")}
    if "history/qichacha-2021.json" in order:  # its change records date the changes
        assert old[("address", "上海市徐汇区示例老路1号")]["until"] == "2019-05-06"
        assert old[("legal_rep", "钱三十二")]["until"] == "2020-01-06"
        assert old[("capital", "100万CNY")]["until"] == "2021-05-06"
        new_address = next(r for r in history["address"] if r["current"])
        assert new_address["since"] == "2019-05-06"
    assert old[("address", "上海市徐汇区示例老路1号")]["last_seen"] == "2016-09-01"


def test_a_mapping_file_reads_a_shape_the_project_does_not_know(falkor_store: GraphStore, settings: Settings,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    answer = tmp_path / "vendor-answer.json"
    shutil.copy(FIXTURES / "mapping/vendor-answer.json", answer)
    without = Loader(falkor_store, settings).ingest(get_kind("cn-registry"), [answer], force=True)
    assert (without.read, without.written) == (1, 0)
    monkeypatch.setenv(MAPPING_ENV, str(FIXTURES / "mapping/vendor.yaml"))
    summary = Loader(falkor_store, settings).ingest(get_kind("cn-registry"), [answer], force=True)
    assert (summary.read, summary.written, summary.rejected) == (1, 1, 0)
    row = falkor_store.read("enterprise_by_ids", {"ids": ["CN:91350203MA2Y3K6L2C"]})[0]
    assert row["name"] == "厦门示例渔业有限公司"
    history = _history(falkor_store, "CN:91350203MA2Y3K6L2C")
    assert {r["value"]: r["current"] for r in history["name"]} == {"厦门示例渔业有限公司": True,
                                                                  "厦门示例水产有限公司": False}


@pytest.mark.parametrize(("kind", "fixture", "written"), [
    ("cn-abnormal-list", "entries/gsxt-abnormal.jsonl", 2),
    ("cn-registry-changes", "entries/changes.xlsx", 2),
    ("cn-penalties", "entries/penalties-gb18030.csv", 2),
])
def test_entry_kinds_read_the_same_shapes(falkor_store: GraphStore, settings: Settings, kind: str, fixture: str,
                                          written: int) -> None:
    summary = _ingest(falkor_store, settings, fixture, kind=kind)
    assert (summary.read, summary.written) == (written, written), _rejects(settings, kind)


def test_the_network_links_an_enterprise_by_its_current_address_only(falkor_store: GraphStore,
                                                                     settings: Settings) -> None:
    _ingest(falkor_store, settings, "history/qichacha-2021.json", "history/qichacha-2016.json")
    rows = falkor_store.read("enterprise_network_hop", {"ids": [LATER], "seen": [], "kinds": ["address", "person"],
                                                       "per_node": 10, "limit": 100})
    assert {r["via_label"] for r in rows if r["via_kind"] == "address"} <= {"上海市浦东新区示例新路9号"}
    history = _history(falkor_store, LATER)
    assert len(history["address"]) == 2  # the former address is kept, as history


def test_riskgraph_ingest_with_a_mapping_file(tmp_path: Path) -> None:
    from tests.cli.test_main import riskgraph

    answer = FIXTURES / "mapping/vendor-answer.json"
    bad = tmp_path / "bad.yaml"
    bad.write_text("properties:\n  nmae: corp.title\n", encoding="utf-8")
    refused = riskgraph(tmp_path, "ingest", "cn-registry", str(answer), "--mapping", str(bad))
    assert refused.returncode == 2 and "unknown register field(s) nmae" in refused.stderr
    plain = riskgraph(tmp_path, "ingest", "cn-registry", str(answer), "--json")
    assert json.loads(plain.stdout)["rejected"] == 1
    mapped = riskgraph(tmp_path, "ingest", "cn-registry", str(answer), "--mapping",
                       str(FIXTURES / "mapping/vendor.yaml"), "--json")
    out = json.loads(mapped.stdout)
    assert (out["read"], out["written"], out["rejected"]) == (1, 1, 0), mapped.stderr
