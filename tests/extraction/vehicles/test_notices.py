"""Chinese recall notices as they are published: every shape (JSON lines, a JSON document, RSS, HTML pages,
plain text with several notices, Traditional characters, GB18030 / UTF-16 files) read and ingested, and each
rule of the notice reader exercised by differently written inputs. Fixtures in fixtures/ are the project's
own: fictional companies, models, dates and counts in the documented real shapes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from core.errors import RecordRejected
from core.settings import Settings
from extraction.registry import get_kind
from extraction.vehicles.cn_recall_notices import parse
from extraction.vehicles.cntext import brand_mentions, maker_of, split_blocks
from extraction.vehicles.vocab import load, normalise_make
from graph.records import Extraction, RawRecord
from graph.store import GraphStore
from reasoning.ingest import ingest

FIXTURES = Path(__file__).parent / "fixtures"
KIND = "cn-recall-notices"


def read(data: bytes, name: str = "notices.txt") -> list[RawRecord]:
    return list(get_kind(KIND).read(name, io.BytesIO(data)))


def extract_all(data: bytes, name: str = "notices.txt") -> list[Extraction]:
    return [get_kind(KIND).extract(r) for r in read(data, name) if r.error is None]


def recall(ex: Extraction) -> dict[str, Any]:
    return next(n.props for n in ex.nodes if n.label == "Recall")


def vehicles(ex: Extraction) -> set[str]:
    return {n.id for n in ex.nodes if n.label == "VehicleModel"}


def spans_hold(ex: Extraction) -> None:
    """Every span points into the stored text, inside its bounds."""
    n = len(ex.document.text)
    for item in [*ex.nodes, *ex.rels]:
        if item.span:
            assert 0 <= item.span[0] <= item.span[1] <= n, item


# --- shapes ------------------------------------------------------------------------------------------
def test_json_lines_one_notice_per_line_never_merged() -> None:
    exs = extract_all((FIXTURES / "recall_notices.jsonl").read_bytes(), "feed.jsonl")
    assert [e.document.record_id for e in exs] == ["n-0001", "n-0002", "n-0003", "n-0004"]
    recalls = [recall(e) for e in exs]
    assert len({r["campno"] for r in recalls}) == 4
    assert [r["units"] for r in recalls] == [12345, 6789, 4321, 987]
    filers = [[r.start_id for r in e.rels if r.type == "FILED"] for e in exs]
    assert filers == [["NAME:星河示例汽车"], ["NAME:广汽本田汽车"], ["NAME:特斯拉上海"], ["NAME:示例客车制造"]]
    assert vehicles(exs[1]) == {"vehicle:honda|accord|2019"}
    assert vehicles(exs[2]) == {f"vehicle:tesla|model{m}|{y}" for m in "3y" for y in (2020, 2021)}
    assert vehicles(exs[3]) == {"vehicle:yutong|zk6120|2018"}
    assert exs[1].document.date == "2020-06-18"  # "06-18": the year from the notice's own dates
    for e in exs:
        spans_hold(e)


def test_a_broken_json_line_is_rejected_alone() -> None:
    lines = (FIXTURES / "recall_notices.jsonl").read_text(encoding="utf-8").splitlines()
    data = "\n".join([lines[0], '{"title": "truncated', lines[1], "[1, 2]", json.dumps({"url": "x"})]) + "\n"
    raws = read(data.encode())
    assert [r.error is None for r in raws] == [True, False, True, False, False]
    assert "line 2 is not a JSON object" in raws[1].error
    assert "no text field" in raws[4].error


def test_json_document_with_an_envelope() -> None:
    exs = extract_all((FIXTURES / "recall_notices_feed.json").read_bytes(), "feed.json")
    assert len(exs) == 2
    first, second = (recall(e) for e in exs)
    assert first["date"] == "2016-12-31" and first["begin_manufacture"] == "2014-09-01"  # "12-31" in 2016
    assert vehicles(exs[1]) == {"vehicle:audi|a6l|2025", "vehicle:audi|q5l|2026"}
    assert second["brands"] == ["AUDI"]  # 一汽-大众 names the maker, not a brand of the vehicles


def test_rss_items_with_cdata_and_escaped_html() -> None:
    exs = extract_all((FIXTURES / "recall_notices.rss.xml").read_bytes(), "feed.xml")
    assert [e.document.date for e in exs] == ["2025-01-10", "2025-01-12"]
    assert "<p>" not in exs[0].document.text and "&lt;" not in exs[1].document.text
    assert recall(exs[0])["start_date"] == "2025-01-10"  # 自即日起: the day it was published
    assert vehicles(exs[1]) == {"vehicle:bmw|x5|2024"} and recall(exs[1])["origin"] == "进口"
    assert [r.start_id for r in exs[1].rels if r.type == "FILED"] == ["NAME:宝马中国汽车贸易"]


def test_html_detail_page_with_its_table() -> None:
    (ex,) = extract_all((FIXTURES / "recall_notice_dprc.html").read_bytes(), "t20230416.html")
    r = recall(ex)
    assert (r["campno"], r["units"], r["start_date"], r["influenced_by"]) == ("S2023M0077I", 3210, "2023-05-20", "SAMR")
    assert (r["begin_manufacture"], r["end_manufacture"]) == ("2021-10-08", "2022-07-15")
    assert ex.document.date == "2023-04-16" and "首页" not in ex.document.text and "var nav" not in ex.document.text
    assert "安全带卡扣" in r["remedy"] and "卡扣" in r["defect"]
    spans_hold(ex)


def test_html_news_page_with_headings_and_noise() -> None:
    (ex,) = extract_all((FIXTURES / "recall_notice_news.html").read_bytes(), "news.html")
    r = recall(ex)
    text = ex.document.text
    assert "(参数丨图片)" not in text and "(zhuǎn)" not in text and "责任编辑" not in text
    assert r["ota"] is True and r["units"] == 10056
    assert (r["begin_manufacture"], r["end_manufacture"]) == ("2022-01-01", "2023-06-30")  # 2022年1月—2023年6月
    assert len(vehicles(ex)) == 2  # 2022-2023款
    assert "symptom:steering_loss" in {x.end_id for x in ex.rels if x.type == "REPORTS"}
    spans_hold(ex)


def test_plain_text_notices_split_at_headings_and_openings() -> None:
    exs = extract_all((FIXTURES / "recall_notices_many.txt").read_bytes())
    assert len(exs) == 4
    assert [recall(e)["units"] for e in exs] == [888, 1202, 200, None]  # 共计辆1,202辆; 以上共计200辆
    assert len([r for r in exs[2].rels if r.type == "FILED"]) == 3  # three filers of one notice
    assert {n.props["model"] for n in exs[2].nodes if n.label == "VehicleModel"} == {"XK5040", "XK6110"}
    # no model year and no production date: the notice covers the make it names
    assert [r.end_id for r in exs[3].rels if r.type == "COVERS"] == ["make:mercedesbenz"]
    assert "remedy" in recall(exs[1]) and recall(exs[1])["defect"].startswith("由于后雨刮电机")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_file_is_decoded_once_whatever_its_encoding(encoding: str) -> None:
    text = (FIXTURES / "recall_notices_many.txt").read_text(encoding="utf-8")
    exs = extract_all(text.encode(encoding))
    assert [recall(e)["units"] for e in exs] == [888, 1202, 200, None]


def test_a_record_with_bytes_the_file_encoding_cannot_read_is_rejected_with_the_reason() -> None:
    text = (FIXTURES / "recall_notices_many.txt").read_text(encoding="utf-8")
    first, rest = text.split("扩大召回部分", 1)
    raws = read(first.encode() + b"\xff\xfe\xfa" + "扩大召回部分".encode() + rest.encode())
    assert sum(r.error is None for r in raws) == 3
    bad = [r for r in raws if r.error]
    assert len(bad) == 1 and "not readable as utf-8" in bad[0].error


def test_traditional_characters_are_read_as_simplified() -> None:
    (ex,) = extract_all((FIXTURES / "recall_notice_traditional.txt").read_bytes())
    r = recall(ex)
    assert r["units"] == 5432 and r["begin_manufacture"] == "2022-06-01"
    assert vehicles(ex) == {"vehicle:示例动力|星驰s3|2023"}
    assert "symptom:stall" in {x.end_id for x in ex.rels if x.type == "REPORTS"}
    assert ex.document.text.startswith("示例動力")  # the stored text is the text as published


@pytest.mark.parametrize("name", ["recall_notices.jsonl", "recall_notices_feed.json", "recall_notices.rss.xml",
                                  "recall_notice_dprc.html", "recall_notice_news.html", "recall_notices_many.txt",
                                  "recall_notice_traditional.txt"])
def test_each_shape_ingests(name: str, falkor_store: GraphStore, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes((FIXTURES / name).read_bytes())
    summary = ingest(falkor_store, settings, KIND, [path])
    assert summary.rejected == 0 and summary.written == summary.read > 0
    assert falkor_store.counts()["nodes"]["Recall"] == summary.written


# --- rules, each on differently written inputs -------------------------------------------------------
OPENING = "{lead}{filer}根据《缺陷汽车产品召回管理条例》的要求，向国家市场监督管理总局备案了召回计划，决定自2024年3月1日起，" \
          "召回{scope}，{units}。"


@pytest.mark.parametrize("lead", ["日前，", "近日，", "日前， ", "近日", "", "[示例网 资讯] 日前，", "据国家市场监管总局网站消息，",
                                  "示例质量新闻网讯 近日，"])
def test_the_filer_whatever_the_opening(lead: str) -> None:
    notice = parse(OPENING.format(lead=lead, filer="示例星辰汽车有限公司", scope="部分2023款星辰A1汽车",
                                  units="共计100辆"))
    assert [f[0] for f in notice.filers] == ["示例星辰汽车有限公司"]


@pytest.mark.parametrize("scope,expected", [
    ("生产日期为2022年3月1日至2023年5月31日的部分2023款星辰A1汽车", ("2022-03-01", "2023-05-31")),
    ("2022年3月1日到2023年5月31日期间生产的部分2023款星辰A1汽车", ("2022-03-01", "2023-05-31")),
    ("2022年3月1日—2023年5月31日生产的部分2023款星辰A1汽车", ("2022-03-01", "2023-05-31")),
    ("2022-03-01-2023-05-31生产的部分2023款星辰A1汽车", ("2022-03-01", "2023-05-31")),
    ("2022年3月至2023年5月期间生产的部分2023款星辰A1汽车", ("2022-03-01", "2023-05-31")),
    ("2022.3.1至2023.5.31生产的部分2023款星辰A1汽车", ("2022-03-01", "2023-05-31")),
])
def test_production_ranges(scope: str, expected: tuple[str, str]) -> None:
    notice = parse(OPENING.format(lead="日前，", filer="示例星辰汽车有限公司", scope=scope, units="共计100辆"))
    assert notice.ranges == [expected]
    assert notice.start_date == "2024-03-01"  # the recall's start is not a production date


@pytest.mark.parametrize("units,expected", [("共计12,345辆", 12345), ("共12345辆", 12345), ("共计1.2万辆", 12000),
                                            ("共计辆12345辆", 12345), ("涉及车辆共计12345台", 12345)])
def test_units(units: str, expected: int) -> None:
    notice = parse(OPENING.format(lead="日前，", filer="示例星辰汽车有限公司", scope="部分2023款星辰A1汽车", units=units))
    assert notice.units == expected


def test_units_of_batches_sum_unless_a_total_is_written() -> None:
    batches = "以下车辆：（一）部分2023款星辰A1汽车，共计100辆；（二）部分2023款星辰A2汽车，共计50辆"
    assert parse(OPENING.format(lead="", filer="示例星辰汽车有限公司", scope=batches, units="")).units == 150
    total = batches + "。以上共计160辆"
    assert parse(OPENING.format(lead="", filer="示例星辰汽车有限公司", scope=total, units="")).units == 160


@pytest.mark.parametrize("heading,remedy_heading", [("缺陷情况：", "维修措施："), ("召回原因\n", "处置措施\n"),
                                                    ("一、召回原因", "二、解决办法"), ("【缺陷描述】", "【召回措施】")])
def test_defect_and_remedy_under_their_headings(heading: str, remedy_heading: str) -> None:
    text = (OPENING.format(lead="日前，", filer="示例星辰汽车有限公司", scope="部分2023款星辰A1汽车", units="共计100辆")
            + f"\n{heading}由于制动软管可能磨损，导致制动失效。\n{remedy_heading}免费更换制动软管。\n")
    notice = parse(text)
    assert notice.defect and notice.defect[0].startswith("由于制动软管")
    assert notice.remedy and notice.remedy[0] == "免费更换制动软管。"
    assert text[notice.defect[1]:].startswith("由于制动软管")  # a span into the text


@pytest.mark.parametrize("remedy,ota,version", [
    ("将通过汽车远程升级（OTA）技术，为召回范围内的车辆免费升级软件至2024.3.1或更高版本。", True, "2024.3.1"),
    ("将通过远程无线升级(OTA)方式为车辆免费升级软件。", True, None),
    ("将通过OTA方式推送升级包，把软件更新至Alpha 1.2.3。", True, "Alpha 1.2.3"),
    ("将通过授权经销商，为召回范围内的车辆免费更换制动软管。", False, None),
])
def test_remote_update_remedies(remedy: str, ota: bool, version: str | None) -> None:
    text = (OPENING.format(lead="日前，", filer="示例星辰汽车有限公司", scope="部分2023款星辰A1汽车", units="共计100辆")
            + "本次召回范围内部分车辆由于软件缺陷，可能导致仪表黑屏。示例星辰汽车有限公司" + remedy)
    notice = parse(text)
    assert (notice.ota, notice.software) == (ota, version)


@pytest.mark.parametrize("text", [
    "近日，示例星辰汽车有限公司召回部分星辰A1汽车。",
    "示例星辰汽车有限公司决定召回2022年3月1日至2023年5月31日生产的部分星辰A1汽车，共计300辆。",
])
def test_a_lead_paragraph_gives_what_it_states(text: str) -> None:
    (raw,) = read(text.encode())
    ex = get_kind(KIND).extract(raw)
    assert [r.start_id for r in ex.rels if r.type == "FILED"] == ["NAME:示例星辰汽车"]
    assert recall(ex)["models"] == ["星辰A1"]


@pytest.mark.parametrize("text", ["某公司根据《缺陷汽车产品召回管理条例》备案了召回计划。", "关于召回工作的通知\n请各单位做好召回工作。"])
def test_rejected_only_when_no_vehicle_is_found(text: str) -> None:
    (raw,) = read(text.encode())
    with pytest.raises(RecordRejected, match="no vehicle found"):
        get_kind(KIND).extract(raw)


def test_headings_split_notices_but_section_headings_do_not() -> None:
    text = ("甲示例汽车有限公司召回部分甲A1汽车\n日前，甲示例汽车有限公司根据《缺陷汽车产品召回管理条例》召回部分2023款甲A1汽车。\n"
            "一、召回范围\n部分2023款甲A1汽车。\n本次召回原因\n由于刹车失灵。\n"
            "乙示例汽车有限公司召回部分乙B2汽车\n近日乙示例汽车有限公司根据《缺陷汽车产品召回管理条例》召回部分2023款乙B2汽车。\n")
    assert [t.split("\n", 1)[0] for t, _ in split_blocks(text)] == ["甲示例汽车有限公司召回部分甲A1汽车",
                                                                    "乙示例汽车有限公司召回部分乙B2汽车"]


# --- brands ---------------------------------------------------------------------------------------------
def test_every_brand_of_the_data_file_resolves_by_its_chinese_and_english_names() -> None:
    brands = load("brands.yaml")["brands"]
    for brand, spec in brands.items():
        target = spec.get("make") or brand
        for name in [*(spec.get("zh") or []), *(spec.get("en") or [])]:
            if name in (spec.get("ambiguous") or []):
                continue
            assert normalise_make(name) == target or normalise_make(name) in load("makes.yaml"), (brand, name)


@pytest.mark.parametrize("maker,brand", [("一汽-大众汽车有限公司", "AUDI"), ("一汽大众", "VOLKSWAGEN"),
                                         ("华晨宝马汽车有限公司", "BMW"), ("上汽通用五菱汽车股份有限公司", "WULING"),
                                         ("神龙汽车有限公司", "CITROEN"), ("奇瑞捷豹路虎汽车有限公司", "LAND ROVER")])
def test_joint_venture_makers_file_for_their_brands(maker: str, brand: str) -> None:
    found = maker_of(maker)
    assert found is not None and brand in found.brands


@pytest.mark.parametrize("text,makes", [("召回部分2023款理想L9汽车", ["LI AUTO"]), ("北京现代汽车有限公司", ["HYUNDAI"]),
                                        ("车主理想的生活", []), ("北京市朝阳区", []), ("进口保时捷卡宴", ["PORSCHE"]),
                                        ("Model Y and XPeng P7", ["XPENG"])])
def test_brand_names_that_are_also_common_words_need_a_vehicle_cue(text: str, makes: list[str]) -> None:
    assert [m.make for m in brand_mentions(text)] == makes


def test_a_json_document_that_does_not_parse_is_one_clear_error() -> None:
    raws = read(b'[\n  {"title": "x",\n   "content": "y"\n  },\n', "feed.json")
    assert len(raws) == 1 and "does not parse" in (raws[0].error or "") and "accepted are" in (raws[0].error or "")


@pytest.mark.parametrize("prefix", ["[示例汽车网 资讯] ", "{示例} "])
def test_a_text_that_starts_with_a_bracket_is_text(prefix: str) -> None:
    text = prefix + OPENING.format(lead="日前，", filer="示例星辰汽车有限公司", scope="部分2023款星辰A1汽车", units="共计100辆")
    (ex,) = extract_all(text.encode())
    assert recall(ex)["units"] == 100


def test_a_folder_of_every_shape_ingests(falkor_store: GraphStore, settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "notices"
    (folder / "pages").mkdir(parents=True)
    for f in FIXTURES.glob("recall_notice*"):
        (folder / ("pages" if f.suffix == ".html" else "") / f.name).write_bytes(f.read_bytes())
    summary = ingest(falkor_store, settings, KIND, [folder])
    assert len(summary.files) == 7 and summary.rejected == 0 and summary.written == 15
