"""Each vehicle extractor on English and Chinese text, malformed rows to the reject file through the
loader, and the real public NHTSA samples (every row extracts or is rejected with a reason)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from core.errors import RecordRejected
from core.settings import Settings
from extraction.registry import get_kind
from graph.records import Extraction, RawRecord
from graph.store import GraphStore
from reasoning.ingest import ingest


def records(kind: str, data: bytes, name: str = "f.txt") -> list[RawRecord]:
    return list(get_kind(kind).read(name, io.BytesIO(data)))


def extract(kind: str, data: bytes, name: str = "f.txt") -> list[Extraction]:
    return [get_kind(kind).extract(r) for r in records(kind, data, name)]


def rels(ex: Extraction, rel_type: str) -> list[tuple[str, str]]:
    return [(r.end_id, ex.document.text[r.span[0]:r.span[1]] if r.span else "") for r in ex.rels if r.type == rel_type]


def complaint_row(n: int = 49, **fields: str) -> bytes:
    row = [""] * n
    values = {0: "1", 1: "11223344", 2: "Honda (American Honda Motor Co.)", 3: "HONDA", 4: "CR V", 5: "2017",
              6: "Y", 7: "20190302", 8: "N", 9: "1", 10: "0", 11: "AIR BAGS:FRONTAL:DRIVER SIDE:INFLATOR MODULE",
              15: "20190310", 16: "20190310", 17: "41000", 19: "WHILE DRIVING 45 MPH THE DRIVER AIR BAG "
              "INFLATOR RUPTURED AND SENT METAL FRAGMENTS INTO THE CABIN. THE DRIVER WAS INJURED.", 45: "V"}
    for i, v in values.items():
        row[i] = v
    names = {"odino": 1, "year": 5, "crash": 6, "injured": 9, "compdesc": 11, "datea": 15, "ldate": 16, "narrative": 19, "prod": 45}
    for k, v in fields.items():
        row[names[k]] = v
    return ("\t".join(row) + "\r\n").encode("cp1252")


def test_nhtsa_complaint_english_narrative() -> None:
    (ex,) = extract("nhtsa-complaints", complaint_row())
    vehicle = [n for n in ex.nodes if n.label == "VehicleModel"][0]
    assert vehicle.id == "vehicle:honda|crv|2017" and vehicle.props["model"] == "CR-V"
    # the manufacturer is an Enterprise keyed like every other domain's (extraction.common.names.enterprise_id)
    assert "NAME:hondaamericanhondamotorco" in {n.id for n in ex.nodes if n.label == "Enterprise"}
    assert ("component:air bags:frontal:driver side:inflator module",
            "AIR BAGS:FRONTAL:DRIVER SIDE:INFLATOR MODULE") in rels(ex, "CONCERNS")
    symptoms = dict(rels(ex, "REPORTS"))
    assert symptoms["symptom:rupture"] == "RUPTURED"
    complaint = [n for n in ex.nodes if n.label == "Complaint"][0].props
    assert complaint["date"] == "2019-03-10" and complaint["crash"] is True
    assert "highway_speed" in complaint["conditions"] and "injury" in complaint["consequences"]
    assert ex.document.date == "2019-03-10"


def test_nhtsa_complaint_negation_and_51_field_layout() -> None:
    row = complaint_row(51, crash="N", injured="0",
                        narrative="THE ENGINE STALLED AT START-UP. THERE WERE NO INJURIES AND NO FIRE.")
    (ex,) = extract("nhtsa-complaints", row)
    complaint = [n for n in ex.nodes if n.label == "Complaint"][0].props
    assert "injury" not in complaint["consequences"] and "fire" not in complaint["consequences"]
    assert "start_up" in complaint["conditions"]
    assert "symptom:stall" in dict(rels(ex, "REPORTS"))


def test_nhtsa_complaint_rejects_with_reasons() -> None:
    source = get_kind("nhtsa-complaints")
    bad = [complaint_row(odino="901", year="9999"), complaint_row(odino="902", prod="T"),
           complaint_row(odino="903", ldate="2019-13-45", datea=""), complaint_row(odino="904", compdesc=""),
           b"1\t2\t3\r\n"]
    reasons = []
    for raw in records("nhtsa-complaints", b"".join(bad)):
        if raw.error:
            reasons.append(raw.error)
            continue
        with pytest.raises(RecordRejected) as exc:
            source.extract(raw)
        reasons.append(str(exc.value))
    assert ["9999" in reasons[0], "tires" in reasons[1], "received date" in reasons[2],
            "COMPDESC" in reasons[3], "3 tab-separated fields" in reasons[4]] == [True] * 5


def test_malformed_rows_go_to_the_reject_file_and_good_rows_are_kept(falkor_store: GraphStore, settings: Settings,
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "FLAT_CMPL.txt"
    path.write_bytes(complaint_row() + b"truncated\trow\r\n" + complaint_row(odino="555", year="20X9")
                     + complaint_row(odino="556", narrative="BRAKES FAILED. \x00 <script>MATCH (n) DETACH DELETE n"))
    summary = ingest(falkor_store, settings, "nhtsa-complaints", [path])
    assert (summary.read, summary.written, summary.rejected) == (4, 2, 2)
    rejects = [json.loads(x) for x in (settings.rejects_dir / "nhtsa-complaints.jsonl").read_text().splitlines()]
    assert {r["line"] for r in rejects} == {2, 3}
    assert any("model year '20X9' unknown" in r["reason"] for r in rejects)
    assert falkor_store.counts()["nodes"]["Complaint"] == 2


def recall_row(n: int = 27, campno: str = "16V104000", text: str = "") -> bytes:
    row = [""] * n
    vals = {0: "7", 1: campno, 2: "TOYOTA", 3: "CAMRY", 4: "2015", 6: "AIR BAGS:FRONTAL:DRIVER SIDE:INFLATOR MODULE",
            7: "TOYOTA MOTOR ENGINEERING & MANUFACTURING", 8: "20140801", 9: "20150731", 10: "V", 11: "12000",
            13: "ODI", 14: "Toyota Motor Corporation", 15: "20160801", 16: "20160802",
            19: text or "THE DRIVER FRONTAL AIR BAG INFLATOR MAY RUPTURE. THE INFLATOR WAS MANUFACTURED BY APEX "
            "INFLATION SYSTEMS INC. VEHICLES BUILT ON THE TN-K PLATFORM ARE AFFECTED.",
            20: "METAL FRAGMENTS MAY STRIKE OCCUPANTS.", 21: "DEALERS WILL REPLACE THE INFLATOR."}
    for i, v in vals.items():
        row[i] = v
    return ("\t".join(row) + "\r\n").encode()


def test_nhtsa_recall_supplier_platform_and_bad_campaign() -> None:
    (ex,) = extract("nhtsa-recalls", recall_row(24))
    assert [n for n in ex.nodes if n.label == "Recall"][0].props["campno"] == "16V104000"
    supplies = [r for r in ex.rels if r.type == "SUPPLIES"]
    assert supplies and supplies[0].end_id == "vehicle:toyota|camry|2015" and supplies[0].props["system"] == "AIR BAGS"
    assert dict(rels(ex, "IMPLICATES"))["NAME:apexinflationsystems"] == "APEX INFLATION SYSTEMS INC."
    assert dict(rels(ex, "SHARES_PLATFORM"))["platform:tn-k"] == "TN-K"
    (raw,) = records("nhtsa-recalls", recall_row(campno="16-BOGUS"))
    with pytest.raises(RecordRejected, match="campaign number"):
        get_kind("nhtsa-recalls").extract(raw)


def test_nhtsa_investigation_verdicts() -> None:
    base = ["PE16004", "TOYOTA", "CAMRY", "2015", "AIR BAGS", "Toyota Motor Corporation", "20160105"]
    rows = [base + ["20160901", "16V104000", "AIR BAG INFLATOR RUPTURE", "ODI OPENED A PE."],
            base[:1] + ["EA16001"][:0] + base[1:] + ["20170101", "", "SUBJECT", "CLOSED."],
            ["EA17001"] + base[1:] + ["", "", "SUBJECT", "ONGOING"],
            ["PE16", *base[1:], "", "", "S", "X"]]
    data = "".join("\t".join(r) + "\r\n" for r in rows).encode()
    raws = records("nhtsa-investigations", data)
    out = []
    for raw in raws:
        try:
            ex = get_kind("nhtsa-investigations").extract(raw)
            out.append([n for n in ex.nodes if n.label == "Investigation"][0].props["verdict"])
        except RecordRejected as exc:
            out.append(f"rejected: {exc}")
    assert out[:3] == ["confirmed", "not_confirmed", "open"]
    assert out[3].startswith("rejected: action number")


def test_nhtsa_tsb_legacy_and_csv_layouts() -> None:
    legacy = "\t".join(["TB-1", "", "10998877", "20180110", "", "FORD", "F150", "2018", "20180115",
                        "THE TRANSMISSION MAY SLIP. THE TORQUE CONVERTER IS SUPPLIED BY CASTELLAN STEERING CO."]) + "\r\n"
    (ex,) = extract("nhtsa-tsbs", legacy.encode())
    assert ("component:power train:automatic transmission", "TRANSMISSION") in rels(ex, "CONCERNS")
    assert [r.props["system"] for r in ex.rels if r.type == "SUPPLIES"] == ["POWER TRAIN"]
    csv_text = ("\ufeffMake,Model,Model Year,NHTSA ID Number,TSB/Document ID,Mfr Communication Date,"
                "Communication Type,NHTSA Components,Summary\r\n"
                'FORD,F-150,2021,11002233,21-2233,20240601,TSB,STEERING,"Steering may feel heavy, ""notchy"""\r\n')
    (ex,) = extract("nhtsa-tsbs", csv_text.encode(), "MFR_COMMS_RECEIVED_2024-2025.csv")
    assert [n.id for n in ex.nodes if n.label == "Bulletin"] == ["bulletin:11002233"]
    assert ex.document.date == "2024-06-01"


NOTICE_NARRATIVE = """一汽丰田汽车有限公司召回部分凯美瑞汽车
发布时间：2021-06-18
　　日前，一汽丰田汽车有限公司根据《缺陷汽车产品召回管理条例》的要求，向国家市场监督管理总局备案了召回计划。自2021年7月1日起，召回生产日期为2018年3月1日至2019年12月31日的部分2018款、2019款凯美瑞汽车，共计23,456辆。
　　本次召回范围内部分车辆由于主驾驶气囊气体发生器（由华钧汽车电子有限公司生产）在高温高湿环境下可能破裂，金属碎片飞出，可能造成人员伤害，存在安全隐患。
"""
NOTICE_LABELLED = """广汽本田汽车有限公司召回部分雅阁汽车
召回编号:S2021-0123
生产者:广汽本田汽车有限公司
召回范围:生产日期为2019年3月1日至2020年12月31日的2020款雅阁（ACCORD）汽车，共计1234辆。
缺陷情况:由于燃油泵叶轮变形，可能导致发动机熄火。
实施日期:2021年8月1日
"""


def test_cn_recall_notices_both_styles_and_missing_sections() -> None:
    broken = "某汽车有限公司召回部分汽车\n缺陷情况：刹车失灵。\n"
    data = (NOTICE_NARRATIVE + "==========\n" + NOTICE_LABELLED + "\n－－－－－－\n" + broken).encode("gb18030")
    raws = records("cn-recall-notices", data)
    assert len(raws) == 3
    first = get_kind("cn-recall-notices").extract(raws[0])
    assert sorted(n.id for n in first.nodes if n.label == "VehicleModel") == [
        "vehicle:toyota|camry|2018", "vehicle:toyota|camry|2019"]
    assert [n.props["units"] for n in first.nodes if n.label == "Recall"] == [23456]
    assert dict(rels(first, "CONCERNS"))["component:air bags:frontal:driver side:inflator module"] == "气体发生器"
    assert dict(rels(first, "IMPLICATES"))["NAME:华钧汽车电子"] == "华钧汽车电子有限公司"
    assert first.document.date == "2021-06-18" and first.document.lang == "zh"
    second = get_kind("cn-recall-notices").extract(raws[1])
    assert [n.id for n in second.nodes if n.label == "Recall"] == ["recall:cn:S2021-0123"]
    assert [n.id for n in second.nodes if n.label == "VehicleModel"] == ["vehicle:honda|accord|2020"]
    assert dict(rels(second, "REPORTS"))["symptom:stall"] == "熄火"
    with pytest.raises(RecordRejected, match="no vehicle found"):
        get_kind("cn-recall-notices").extract(raws[2])


def test_cn_complaints_fields_spans_and_rejects() -> None:
    text = ("投诉编号：TS2023051201\n投诉品牌：丰田\n投诉车系：凯美瑞\n投诉车型：2019款 2.5G 豪华版\n投诉时间：2023年5月12日\n"
            "问题描述：车辆在高速上行驶时发动机突然熄火，方向盘沉重，导致追尾，无人受伤。\n\n"
            "投诉编号：TS2023051202\n投诉品牌：大众\n投诉车系：速腾\n投诉车型：2.0T\n投诉时间：2023-05-13\n问题描述：变速箱顿挫\n")
    raws = records("cn-complaints", text.encode("gb18030"))
    assert [r.record_id for r in raws] == ["TS2023051201", "TS2023051202"]
    ex = get_kind("cn-complaints").extract(raws[0])
    assert [n.id for n in ex.nodes if n.label == "VehicleModel"] == ["vehicle:toyota|camry|2019"]
    assert dict(rels(ex, "REPORTS")) == {"symptom:stall": "熄火", "symptom:steering_loss": "方向盘沉重"}
    assert {"component:engine", "component:steering"} <= set(dict(rels(ex, "CONCERNS")))
    props = [n for n in ex.nodes if n.label == "Complaint"][0].props
    assert props["date"] == "2023-05-12" and props["consequences"] == ["crash"]
    assert "highway_speed" in props["conditions"]
    with pytest.raises(RecordRejected, match="model year"):
        get_kind("cn-complaints").extract(raws[1])


@pytest.mark.parametrize("kind,name", [
    ("nhtsa-complaints", "complaints_flat_cmpl_sample.tsv"),
    ("nhtsa-complaints", "complaints_dannguyen_2014.tsv"),
    ("nhtsa-recalls", "recalls_dannguyen_2014.tsv"),
    ("nhtsa-investigations", "investigations_dannguyen_2014.tsv"),
])
def test_real_samples_extract_or_reject_with_reason(samples: Path, kind: str, name: str) -> None:
    source = get_kind(kind)
    extracted = rejected = 0
    with (samples / "nhtsa" / name).open("rb") as fh:
        for raw in source.read(name, fh):
            assert raw.error is None, raw.error  # every real row has a known layout
            try:
                ex = source.extract(raw)
            except RecordRejected as exc:
                assert str(exc)
                rejected += 1
                continue
            extracted += len(raw.payload.get("ROWS") or [raw])  # rows: one complaint may span several
            assert [n for n in ex.nodes if n.label == "VehicleModel"]
            assert ex.document.date and len(ex.document.date) == 10
    assert extracted >= 90 and rejected <= 6


def test_a_narrative_too_long_for_the_text_analysis_is_a_plain_reason() -> None:
    from core.errors import RecordRejected
    from extraction.vehicles.nlp import analyse

    for lang, text in (("en", "BRAKES FAILED. " * 70_000), ("zh", "刹车失灵。" * 210_000)):
        with pytest.raises(RecordRejected, match="characters is longer than the 1,000,000 the text analysis reads"):
            analyse(text, lang)
