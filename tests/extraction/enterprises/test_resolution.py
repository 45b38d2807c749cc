"""Resolution: people are never merged on their name alone; name-only enterprises link to registered
ones with their evidence, and an ambiguous name links to none. Also the register readers' layouts."""

from __future__ import annotations

import io
import json
from typing import Any

from core.settings import Settings
from extraction.common.names import enterprise_id
from extraction.enterprises import cn_registry, uk_companies, uk_psc
from extraction.enterprises.matching.comparisons import name_similarity
from extraction.enterprises.matching.fields import query_record
from extraction.enterprises.resolution import MATCH_THRESHOLD, resolve_names
from graph.loader import Loader
from graph.records import Document, Extraction, Node, RawRecord
from graph.store import GraphStore


def _registry(name: str, code: str, rep: str, rep_id: str | None = None, phone: str = "", **extra: Any) -> RawRecord:
    officers = [{"姓名": rep, "职务": "执行董事", **({"证件号码": rep_id} if rep_id else {})}]
    record = {"企业名称": name, "统一社会信用代码": code, "法定代表人": rep, "成立日期": "2020-01-10",
              "住所": "上海市徐汇区中山路1号101室", "主要人员": officers, "联系电话": phone, **extra}
    return RawRecord("t.jsonl", f"line {code}", 1, record)


def _codes() -> list[str]:
    from extraction.enterprises.codes import make_uscc, org_check_char

    out = []
    for n in range(8):
        body = f"MA0000{n:02d}"
        out.append(make_uscc("91310104" + body + org_check_char(body)))
    return out


def _reps(ex: Extraction) -> list[str]:
    return [r.start_id for r in ex.rels if r.type == "LEGAL_REP_OF"]


def test_two_people_with_the_same_name_are_two_people() -> None:
    c = _codes()
    by_id_1 = cn_registry.extract(_registry("上海甲科技有限公司", c[0], "王伟", "3301**********1234"))
    by_id_2 = cn_registry.extract(_registry("上海乙科技有限公司", c[1], "王伟", "4403**********5678"))
    same_id = cn_registry.extract(_registry("上海丙科技有限公司", c[2], "王伟", "330102199001011234"))
    no_id_1 = cn_registry.extract(_registry("上海丁科技有限公司", c[3], "王伟", phone="021-11111111"))
    no_id_2 = cn_registry.extract(_registry("上海戊科技有限公司", c[4], "王伟", phone="021-22222222"))
    bare_1 = cn_registry.extract(_registry("上海己科技有限公司", c[5], "王伟"))
    bare_2 = cn_registry.extract(_registry("上海庚科技有限公司", c[6], "王伟"))
    people = [_reps(x)[0] for x in (by_id_1, by_id_2, no_id_1, no_id_2, bare_1, bare_2)]
    assert len(set(people)) == 6  # same name, six different people
    assert _reps(same_id) == _reps(by_id_1)  # same name and same (masked) ID number: one person
    # within one record, the legal representative and the officer of the same name are one person
    assert len({n.id for n in by_id_1.nodes if n.label == "Person"}) == 1


def test_uk_psc_people_match_on_name_and_month_of_birth() -> None:
    def psc(number: str, year: int, month: int) -> RawRecord:
        data = {"kind": "individual-person-with-significant-control", "name": "Mr John SMITH",
                "name_elements": {"title": "Mr", "forename": "John", "surname": "Smith"},
                "date_of_birth": {"year": year, "month": month},
                "natures_of_control": ["ownership-of-shares-25-to-50-percent"], "notified_on": "2016-04-06"}
        return RawRecord("psc.jsonl", number, 1, {"company_number": number, "data": data})

    a, b, c = (uk_psc.extract(psc(n, y, m)) for n, y, m in (("00000001", 1970, 5), ("00000002", 1970, 5),
                                                              ("00000003", 1982, 1)))
    holder = [next(r.start_id for r in x.rels if r.type == "SHAREHOLDER_OF") for x in (a, b, c)]
    assert holder[0] == holder[1] != holder[2]
    share = next(r for r in a.rels if r.type == "SHAREHOLDER_OF").props["share"]
    assert share == 0.25


def _write(store: GraphStore, settings: Settings, extractions: list[Extraction]) -> None:
    Loader(store, settings).write_extractions(extractions)


def _name_only(name: str) -> Extraction:
    doc = Document("cn-judgments", "j.txt", name, f"原告：{name}", "2022-01-01", "zh")
    return Extraction(doc, "test", "1", [Node("Enterprise", enterprise_id(name), {"name": name,
                                                                                   "name_norm": enterprise_id(name)[5:]})])


def test_name_only_enterprises_resolve_with_evidence(falkor_store: GraphStore, settings: Settings) -> None:
    c = _codes()
    registered = [cn_registry.extract(_registry(n, code, "李娜", phone=f"021-3333333{i}"))
                  for i, (n, code) in enumerate((("上海宏盛科技有限公司", c[0]), ("杭州宏达贸易有限公司", c[1]),
                                                 ("宁波宏达贸易有限公司", c[2])))]
    filler = []  # the estimate needs a register: 300 more enterprises of other names and places
    from extraction.enterprises.codes import make_uscc, org_check_char

    for n in range(300):
        body = f"MA1{n:05d}"
        city, division = (("广州", "440105"), ("成都", "510104"), ("西安", "610102"), ("南京", "320102"))[n % 4]
        name = f"{city}{'泰华瑞恒鑫达信源丰隆'[n // 4 % 10]}{'通德嘉诚博凯润安'[n // 40]}{('物流', '餐饮')[n % 2]}有限公司"
        filler.append(cn_registry.extract(_registry(name, make_uscc("91" + division + body + org_check_char(body)),
                                                    "赵敏")))
    registered += filler
    _write(falkor_store, settings, registered + [_name_only(n) for n in (
        "上海宏盛科技有限责任公司", "宏盛（上海）科技有限公司", "北京全聚餐饮管理有限公司", "宏达贸易有限公司")])
    out = resolve_names(falkor_store)
    counts = {k: out[k] for k in ("name_only", "linked", "ambiguous")}
    assert counts == {"name_only": 4, "linked": 2, "ambiguous": 1}
    for variant in ("上海宏盛科技有限责任公司", "宏盛（上海）科技有限公司"):
        row = falkor_store.read("enterprise_risk", {"id": enterprise_id(variant)})[0]
        assert row["id"] == f"CN:{c[0]}" and row["same_as_score"] >= MATCH_THRESHOLD
        assert "match probability" in row["same_as_evidence"] and "name " in row["same_as_evidence"]
    for unrelated in ("北京全聚餐饮管理有限公司", "宏达贸易有限公司"):
        row = falkor_store.read("enterprise_risk", {"id": enterprise_id(unrelated)})[0]
        assert row["id"] == enterprise_id(unrelated)  # left alone: no match, or two equally good ones
    again = resolve_names(falkor_store)
    assert {k: again[k] for k in counts} == counts  # idempotent
    assert falkor_store.counts()["relationships"]["SAME_AS"] == 2


def test_name_levels_separate_variants_from_neighbours() -> None:
    def level(a: str, b: str) -> int:
        return name_similarity(query_record({"name": a}, "enterprise"), query_record({"name": b}, "enterprise"))[0]

    assert level("上海宏盛科技", "宏盛(上海)科技") == 1  # same trade name, region moved
    assert level("上海宏盛科技", "上海宏达科技") >= 4
    assert level("成都和信贸易", "天津和信贸易") == 5  # same trade name, other city
    assert level("和信贸易", "天津和信贸易") == 1  # no region written: the core decides


def test_registry_csv_text_columns_and_quirks() -> None:
    c = _codes()
    header = "企业名称,统一社会信用代码,法定代表人,注册资本,实缴资本,成立日期,住所,经营范围,股东及出资,主要人员,联系电话\n"
    row = (f"上海宏盛科技有限公司,{c[0][:6]} {c[0][6:]},张三,50万美元,0元,2019年3月5日,"
           f"上海市徐汇区中山路1号101室,软件开发；货物进出口,"
           f"\"张三(自然人股东) 30万美元 60%;上海　某某投资管理有限公司(企业法人) 20万美元 40% {c[1]}\","
           "张三(执行董事);李四(监事),+86 138 0013 8000\n")
    raws = list(cn_registry.SOURCE.read("r.csv", io.BytesIO(("\ufeff" + header + row).encode("gb18030"))))
    assert len(raws) == 1 and raws[0].error is None
    ex = cn_registry.extract(raws[0])
    ent = ex.nodes[0]
    assert ent.id == f"CN:{c[0]}" and ent.props["code_valid"] is True
    assert (ent.props["registered_capital"], ent.props["capital_currency"], ent.props["paid_capital"]) == (50.0, "USD", 0.0)
    assert ent.props["founded"] == "2019-03-05" and ent.props["industry"] == "I" and ent.props["division"] == "310104"
    holders = {r.start_id: r.props for r in ex.rels if r.type == "SHAREHOLDER_OF"}
    assert holders[f"CN:{c[1]}"]["share"] == 0.4 and holders[f"CN:{c[1]}"]["amount"] == 20.0
    corporate = next(n for n in ex.nodes if n.id == f"CN:{c[1]}")
    assert corporate.props["name"] == "上海某某投资管理有限公司"  # a stray full-width space does not cut the name
    assert any(r.type == "HAS_PHONE" and r.end_id == "TEL:13800138000" for r in ex.rels)
    roles = {r.props["role"] for r in ex.rels if r.type == "OFFICER_OF"}
    assert roles == {"director", "supervisor"}
    assert ex.document.text[ent.span[0]:ent.span[1]] == "上海宏盛科技有限公司"


def test_uk_basic_company_data_row() -> None:
    from datagen.enterprises.uk import COLUMNS

    row = dict.fromkeys(COLUMNS, "")
    row.update({"CompanyName": "NORTHGATE SOFTWARE LTD", " CompanyNumber": "3977902",
                "RegAddress.AddressLine1": "1 City Road", "RegAddress.PostTown": "LONDON",
                "RegAddress.PostCode": "ec1v 2nx", "IncorporationDate": "05/03/2019", "CompanyStatus": "Active",
                "SICCode.SicText_1": "62012 - Business and domestic software development",
                "SICCode.SicText_2": "None Supplied", " PreviousName_1.CompanyName": "NORTHGATE TRADING LTD"})
    buf = io.StringIO()
    import csv

    writer = csv.writer(buf, quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    writer.writerow([row[c] for c in COLUMNS])
    raw = next(uk_companies.SOURCE.read("b.csv", io.BytesIO(buf.getvalue().encode())))
    ex = uk_companies.extract(raw)
    ent = ex.nodes[0]
    assert ent.id == "UK:03977902" and ent.props["founded"] == "2019-03-05" and ent.props["industry"] == "J"
    assert ent.props["aliases"] == ["NORTHGATE TRADING LTD"] and ent.props["division"] == "GB-EC"


def test_bad_lines_become_rejects_not_exceptions() -> None:
    data = '{"企业名称": "a"}\n[1, 2]\n{broken\n\n'.encode()
    raws = list(cn_registry.SOURCE.read("x.jsonl", io.BytesIO(data)))
    # A line holding an array is a list of records: each item that is not an object is its own reject.
    assert [(r.record_id, r.error is None) for r in raws] == [
        ("line 1", True), ("line 2 item 1", False), ("line 2 item 2", False), ("line 3", False)]
    assert "not a JSON object" in raws[1].error and "not valid JSON" in raws[3].error
    statement = {"company_number": "00000001", "data": {"kind": "persons-with-significant-control-statement",
                                                        "statement": "no-individual"}}
    raw = next(uk_psc.SOURCE.read("p.txt", io.BytesIO(json.dumps(statement).encode())))
    assert uk_psc.extract(raw).nodes[0].props["psc_statement"] == "no-individual"


def test_a_shareholder_listed_twice_holds_the_sum() -> None:
    c = _codes()
    header = "企业名称,统一社会信用代码,成立日期,股东及出资\n"
    csv_row = (f"北京长川贸易有限公司,{c[0]},2018-06-01,"
               "\"王五(自然人股东) 70万元 70%;赵六(自然人股东) 0万元 0%;王五(自然人股东) 30万元 30%\"\n")
    gsxt = {"entName": "北京长川贸易有限公司", "uniscid": c[0], "estDate": "2018-06-01",
            "shareholders": [{"inv": "王五", "invType_CN": "自然人股东", "subConAm": "70", "conProp": "70%"},
                             {"inv": "王五", "invType_CN": "自然人股东", "subConAm": "30", "conProp": "30%"}]}
    for name, data in (("r.csv", (header + csv_row).encode()), ("r.json", json.dumps(gsxt, ensure_ascii=False).encode())):
        raws = list(cn_registry.SOURCE.read(name, io.BytesIO(data)))
        assert raws[0].error is None, raws[0].error
        ex = cn_registry.extract(raws[0])
        holdings = [r for r in ex.rels if r.type == "SHAREHOLDER_OF" and r.start_id.startswith("P:")]
        wang = [r for r in holdings if any(n.id == r.start_id and n.props.get("name") == "王五" for n in ex.nodes)]
        assert len(wang) == 1, name
        assert wang[0].props["amount"] == 100.0, name  # 万元, both subscriptions
        assert wang[0].props["share"] == (1.0 if name.endswith(".csv") else None), name  # GSXT states no share
