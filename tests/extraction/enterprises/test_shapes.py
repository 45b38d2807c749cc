"""Chinese register records in every shape they arrive in: each shape's fixture gives the enterprise and
its nested facts, and each value rule holds for at least two differently written inputs."""

from __future__ import annotations

from typing import Any

import pytest

from extraction.enterprises.codes import check_reg_no
from extraction.enterprises.shapes import BadRequest, build_shape, detect
from extraction.enterprises.values import capital, cn_date, split_term, status_code
from graph.search import terms_for
from tests.extraction.enterprises.shapes_support import (
    enterprise,
    extract_all,
    extractions,
    first,
    label,
    rels,
)

# fixture -> (source shape, name, code, legal representative, founded, capital in 万, currency)
SHAPES = {
    "gsxt-report.json": ("gsxt", "苏州示例精密机械有限公司", "91320506MA0GUA117J", "周一鸣", "2015-11-11", 800.0, "CNY"),
    "gsxt-dump.jsonl": ("gsxt", "苏州示例光电科技有限公司", "91310104MA4N6P8QX4", "郑三", "2013-08-08", 150.0, "USD"),
    "gsxt-report-labels.json": ("gsxt", "北京示例文化传播有限公司", None, "陈五", "2014-06-18", 100.0, "CNY"),
    "qichacha-detail.json": ("qichacha", "星河示例汽车零部件有限公司", "91310115MA1K00015K", "张三", "2016-03-24", 500.0,
                             "CNY"),
    "qichacha-answers.jsonl": ("qichacha", "成都示例软件有限公司", "91510107MA9F7W2X5E", "秦八", "2017-12-12", 1000.0, "CNY"),
    "tianyancha-baseinfo.json": ("tianyancha", "深圳示例电子科技有限公司", "91440300MA5X00022K", "孙十", "2016-03-24",
                                 1000.0, "CNY"),
    "tianyancha-answers.json": ("tianyancha", "杭州示例网络科技有限公司", "91330106MA2H3J4K38", "何十二", "2017-12-12",
                                200.0, "CNY"),
    "qixin-detail.json": ("qixin", "青岛示例海洋科技有限公司", "91370202MA6R8T1YXW", "吕十三", "2016-03-24", 321.5, "CNY"),
    "qixin-camel.json": ("qixin", "合肥示例新能源有限公司", "91110105MA7Q8P216B", "张十五", "2020-10-10", 2680.0, "USD"),
    "ocr-aliyun.json": ("aliyun-ocr", "杭州示例茶业有限公司", "91330106MA2H3J4K38", "孔十六", "2016-03-24", 100.0, "CNY"),
    "ocr-aliyun-viapi.json": ("aliyun-viapi-ocr", "成都示例火锅餐饮管理有限公司", "91510107MA9F7W2X5E", "曹十七", "2017-12-12",
                              50.0, "CNY"),
    "ocr-baidu.json": ("baidu-ocr", "武汉示例热干面餐饮有限公司", "91420106MA3C5D7E5H", "严十八", "2015-11-11", 30.0005, "CNY"),
    "ocr-tencent.json": ("tencent-ocr", "苏州示例丝绸有限公司", None, "华十九", "2013-08-08", 500.0, "CNY"),
    "ocr-huawei.json": ("huawei-ocr", "上海示例咖啡有限公司", "91310104MA4N6P8QX4", "金二十", "2019-05-06", 1000.0, "CNY"),
    "esign.json": ("esign", "广州示例早茶餐饮有限公司", "91440106MA8L2M4N57", "魏二十一", "2020-01-06", 1234.5678, "CNY"),
    "tencent-enterprise.json": ("tencent-enterprise", "青岛示例啤酒贸易有限公司", "91370202MA6R8T1YXW", "陶二十二",
                                "2014-06-18", 3000.0, "CNY"),
    "export-gb18030.csv": ("table", "广州示例(天河)科技有限公司", "91440106MA8L2M4N57", "卫二十三", "2016-03-24", 500.0, "CNY"),
    "export-bom.csv": ("table", "北京示例咨询有限公司", None, "韩二十六", "2014-06-18", 100.0, "CNY"),
    "export-utf16.tsv": ("table", "成都示例茶馆有限公司", "91510107MA9F7W2X5E", "朱二十八", "2017-12-12", 50000.0, "CNY"),
    "export-utf16-nobom.tsv": ("table", "成都示例茶馆有限公司", "91510107MA9F7W2X5E", "朱二十八", "2017-12-12", 50000.0,
                               "CNY"),
    "export.xlsx": ("table", "青岛示例港口物流有限公司", "91370202MA6R8T1YXW", "邹三十", "2014-06-18", 1500.0, "CNY"),
}


@pytest.mark.parametrize("fixture", sorted(SHAPES))
def test_each_shape_gives_the_enterprise(fixture: str) -> None:
    shape, name, code, rep, founded, amount, currency = SHAPES[fixture]
    ex = first(fixture)
    ent = enterprise(ex).props
    assert ent["source_shape"] == shape
    assert (ent["name"], ent.get("code"), ent["founded"]) == (name, code, founded)
    assert ent["registered_capital"] == pytest.approx(amount) and ent["capital_currency"] == currency
    assert [label(n) for n, _p, _s in rels(ex, "LEGAL_REP_OF") if "until" not in _p or _p["until"] is None] == [rep]
    assert ent["registered"] is True and ent.get("code_valid") in (True, None)


def _rels_by_name(fixture: str, rel_type: str, record: int = 0) -> dict[str, tuple[dict[str, Any], str | None]]:
    ex = extractions(fixture)[record]
    return {label(n): (p, shown) for n, p, shown in rels(ex, rel_type)}


@pytest.mark.parametrize(("fixture", "holder", "share", "amount", "shown"), [
    ("qichacha-detail.json", "示例投资(上海)有限公司", 0.4, 200.0, "示例投资（上海）有限公司"),
    ("qichacha-detail.json", "张三", 0.6, 300.0, "张三"),
    ("gsxt-report.json", "周一鸣", None, 480.0, "周一鸣"),
    ("qixin-detail.json", "吕十三", None, 321.5, "吕十三"),
])
def test_shareholders_are_holdings_with_capital_share_and_span(fixture: str, holder: str, share: float | None,
                                                               amount: float, shown: str) -> None:
    props, span_text = _rels_by_name(fixture, "SHAREHOLDER_OF")[holder]
    assert props["share"] == share and props["amount"] == pytest.approx(amount) and props["currency"] == "CNY"
    assert span_text == shown


def test_a_corporate_shareholder_is_an_enterprise_by_its_code_or_name() -> None:
    by_code = [n for n, _p, _s in rels(first("gsxt-report.json"), "SHAREHOLDER_OF") if n.label == "Enterprise"]
    by_name = [n for n, _p, _s in rels(first("qichacha-detail.json"), "SHAREHOLDER_OF") if n.label == "Enterprise"]
    assert [n.id for n in by_code] == ["CN:91330106MA2H3J4K38"]
    assert [n.id for n in by_name] == ["NAME:示例投资上海"]


@pytest.mark.parametrize(("fixture", "person", "role", "roles"), [
    ("qichacha-detail.json", "李四", "supervisor", ["supervisor"]),
    ("gsxt-report.json", "周一鸣", "director", ["director", "manager"]),  # keyPersons: found by its items' keys
    ("tianyancha-baseinfo.json", "孙十", "director", ["director", "manager"]),  # typeJoin: ["执行董事", "总经理"]
    ("qixin-detail.json", "吕十三", "director", ["director", "manager"]),
    ("gsxt-report-labels.json", "陈五", "manager", ["manager"]),
])
def test_officers_keep_their_roles(fixture: str, person: str, role: str, roles: list[str]) -> None:
    props, shown = _rels_by_name(fixture, "OFFICER_OF")[person]
    assert (props["role"], props["roles"]) == (role, roles) and shown == person


@pytest.mark.parametrize(("fixture", "items"), [
    ("qichacha-detail.json", {("名称变更", "2018-07-01"), ("住所变更", "2019-05-06")}),
    ("gsxt-report.json", {("住所变更", "2018-07-01"), ("注册资本变更", "2021-09-15")}),  # altItem_CN with injected tags
    ("gsxt-report-labels.json", {("法定代表人变更", "2020-10-10")}),
    ("qixin-detail.json", {("投资人(股权)变更", "2021-09-15")}),
])
def test_change_records_become_changes(fixture: str, items: set[tuple[str, str]]) -> None:
    ex = first(fixture)
    changes = [n for n, _p, _s in rels(ex, "HAS_CHANGE")]
    assert {(c.props["item"], c.props["date"]) for c in changes} == items


def test_a_capital_change_keeps_its_amounts() -> None:
    change = next(n for n, _p, _s in rels(first("gsxt-report.json"), "HAS_CHANGE") if n.props["kind"] == "capital")
    assert (change.props["capital_before"], change.props["capital_after"]) == (500.0, 800.0)


@pytest.mark.parametrize(("fixture", "listed", "removed"), [
    ("qichacha-detail.json", "2018-07-01", "2019-05-06"),  # AddDate / RemoveDate with a time, RomoveReason [sic]
    ("gsxt-report.json", "2017-12-12", "2018-07-01"),  # abntime / remDate in epoch milliseconds
    ("tianyancha-baseinfo.json", "2019-05-06", "2020-01-06"),  # putDate / removeDate
    ("qixin-detail.json", "2017-12-12", None),  # in_date, out_date ""
    ("gsxt-report-labels.json", "2017-12-12", None),  # 列入日期 2017年12月12日, 移出 empty
])
def test_abnormal_entries_keep_their_listing_and_removal(fixture: str, listed: str, removed: str | None) -> None:
    [(entry, props, shown)] = rels(first(fixture), "LISTED_ABNORMAL")
    assert (entry.props["listed_on"], entry.props["removed_on"], props["date"]) == (listed, removed, listed)
    assert entry.props["reason"] and shown == entry.props["reason"]


def test_a_removal_reason_is_kept() -> None:
    qcc = next(n for n, _p, _s in rels(first("qichacha-detail.json"), "LISTED_ABNORMAL"))
    tyc = next(n for n, _p, _s in rels(first("tianyancha-baseinfo.json"), "LISTED_ABNORMAL"))
    assert qcc.props["removal_reason"] == "补报年度报告" and tyc.props["removal_reason"] == "依法办理住所变更登记"


@pytest.mark.parametrize(("fixture", "aliases"), [
    ("qichacha-detail.json", ["上海星河示例贸易有限公司"]),  # OriginalName[]
    ("tianyancha-baseinfo.json", ["深圳示例电子有限公司", "深圳示例通讯有限公司"]),  # "a;b\t"
    ("tianyancha-answers.json", ["杭州示例信息咨询有限公司"]),  # historyNameList[]
    ("qixin-detail.json", ["青岛示例生物有限公司"]),  # history_names[]
    ("export-gb18030.csv", ["广州示例科技有限公司", "广州示例网络有限公司"]),  # 曾用名 cell
])
def test_former_names_become_aliases_and_search_terms(fixture: str, aliases: list[str]) -> None:
    ent = enterprise(first(fixture))
    assert ent.props["aliases"] == aliases
    assert all(set(terms_for(alias)) <= set(ent.terms) for alias in aliases)


@pytest.mark.parametrize(("fixture", "branch", "reg_no"), [
    ("qichacha-detail.json", "星河示例汽车零部件有限公司杭州分公司", "330106000246802"),
    ("gsxt-report.json", "苏州示例精密机械有限公司无锡分公司", "320200000111119"),
])
def test_branches_are_enterprises_of_their_own(fixture: str, branch: str, reg_no: str) -> None:
    [(node, _props, shown)] = rels(first(fixture), "BRANCH_OF")
    assert (node.props["name"], node.props["reg_no"], shown) == (branch, reg_no, branch)
    assert "registered" not in node.props  # listed by its parent, not registered by this record


# --- values ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("fixture", "founded"), [
    ("gsxt-report.json", "2015-11-11"),  # estDate 1447171200000 ms: China-local midnight
    ("tianyancha-baseinfo.json", "2016-03-24"),  # estiblishTime 1458748800000 ms
    ("tianyancha-answers.json", "2017-12-12"),  # 1513008000: seconds
    ("export-utf16.tsv", "2017-12-12"),
])
def test_epoch_dates_are_read_in_china_time(fixture: str, founded: str) -> None:
    assert enterprise(first(fixture)).props["founded"] == founded


def test_epoch_dates_in_nested_items_too() -> None:
    second = extractions("export-utf16.tsv")[1]
    assert enterprise(second).props["founded"] == "2016-03-24"  # 成立时间 1458748800000
    assert cn_date(1458748800000) == cn_date("1458748800") == "2016-03-24" and cn_date(-315648000000) == "1960-01-01"


@pytest.mark.parametrize(("written", "founded"), [
    ("2016年03月24日", "2016-03-24"), ("2016年3月24日", "2016-03-24"), ("2016-3-24", "2016-03-24"),
    ("20160324", "2016-03-24"), ("2016-03-24 00:00:00", "2016-03-24"), ("2016/3/24", "2016-03-24"),
    ("42453", "2016-03-24"), (42453, "2016-03-24"), ("1458748800000", "2016-03-24"),
])
def test_dates_as_written(written: Any, founded: str) -> None:
    assert cn_date(written) == founded


@pytest.mark.parametrize(("fixture", "record", "founded"), [
    ("export-gb18030.csv", 0, "2016-03-24"),  # Excel serial 42453 in a CSV
    ("export-gb18030.csv", 1, "2016-03-24"),  # 2016/3/24
    ("export.xlsx", 1, "2016-03-24"),  # a serial in a numeric cell
    ("export.xlsx", 0, "2014-06-18"),  # a date cell
    ("ocr-aliyun-viapi.json", 0, "2017-12-12"),  # 20171212
])
def test_spreadsheet_and_ocr_dates(fixture: str, record: int, founded: str) -> None:
    assert enterprise(extractions(fixture)[record]).props["founded"] == founded


@pytest.mark.parametrize(("fixture", "record", "start", "end", "is_open"), [
    ("ocr-aliyun.json", 0, "2016-03-24", None, True),  # validToDate 29991231, validPeriod …至长期
    ("gsxt-report-labels.json", 0, "2014-06-18", None, True),  # 营业期限至 长期
    ("export-bom.csv", 0, None, None, True),  # 营业期限至 无固定期限
    ("qichacha-detail.json", 0, "2016-03-24", None, True),  # TeamEnd [sic] ""
    ("qixin-detail.json", 0, "2016-03-24", None, True),  # term_end "-"
    ("qixin-camel.json", 0, "2020-10-10", None, True),  # businessTerm "… 至 无固定期限"
    ("tencent-enterprise.json", 0, "2014-06-18", None, True),  # OperatingPeriod "2014-06-18/"
    ("export-gb18030.csv", 2, "2013-11-11", None, True),  # 20131111-29991231
    ("ocr-tencent.json", 0, "2013-08-08", "2033-08-07", False),
    ("export-gb18030.csv", 1, "2016-03-24", "2046-03-23", False),
    ("gsxt-dump.jsonl", 0, "2013-08-08", "2043-08-07", False),
])
def test_terms_and_their_open_ends(fixture: str, record: int, start: str | None, end: str | None,
                                   is_open: bool) -> None:
    props = enterprise(extractions(fixture)[record]).props
    assert (props.get("term_start"), props.get("term_end"), props.get("term_open")) == (start, end, is_open)


def test_term_values_split() -> None:
    assert split_term("2016-03-24至2046-03-23") == ("2016-03-24", "2046-03-23", False)
    assert split_term("2016年03月24日至长期") == ("2016-03-24", None, True)
    assert split_term("2016-03-24/") == ("2016-03-24", None, True)
    assert cn_date("9999-12-31") is None and cn_date("29991231") is None


@pytest.mark.parametrize(("written", "amount", "currency"), [
    ("壹佰万圆整", 100.0, "CNY"), ("人民币伍拾万元整", 50.0, "CNY"), ("叁拾万零伍元整", 30.0005, "CNY"),
    ("500万元人民币", 500.0, "CNY"), ("500 万人民币", 500.0, "CNY"), ("321.5 万元人民币", 321.5, "CNY"),
    ("2680万美元", 2680.0, "USD"), ("5亿元", 50000.0, "CNY"), ("1,000万元人民币", 1000.0, "CNY"),
    ("30万港币", 30.0, "HKD"), ("500", 500.0, "CNY"),
])
def test_amounts_as_written(written: str, amount: float, currency: str) -> None:
    assert capital(written) == (pytest.approx(amount), currency)


def test_amounts_written_apart_from_their_unit_and_currency() -> None:
    assert capital("150", "美元") == (150.0, "USD")  # GSXT regCap + regCapCur_CN
    assert capital("5000000", None, "元") == (500.0, "CNY")  # a column headed 注册资本(元)
    assert capital(1000, "USD") == (1000.0, "USD")


@pytest.mark.parametrize(("fixture", "record", "amount", "currency"), [
    ("ocr-aliyun.json", 0, 100.0, "CNY"), ("ocr-huawei.json", 0, 1000.0, "CNY"), ("export-bom.csv", 0, 100.0, "CNY"),
    ("gsxt-dump.jsonl", 0, 150.0, "USD"), ("export-utf16.tsv", 1, 80.0, "USD"), ("export-utf16.tsv", 0, 50000.0, "CNY"),
    ("export.xlsx", 1, 88.5, "CNY"),  # 注册资本（万元） 88.5
])
def test_capital_in_records(fixture: str, record: int, amount: float, currency: str) -> None:
    props = enterprise(extractions(fixture)[record]).props
    assert (props["registered_capital"], props["capital_currency"]) == (pytest.approx(amount), currency)


@pytest.mark.parametrize(("fixture", "record", "status", "code"), [
    ("qichacha-detail.json", 0, "存续（在营、开业、在册）", "active"), ("qixin-detail.json", 0, "在业", "active"),
    ("gsxt-report-labels.json", 0, "在营（开业）企业", "active"), ("export-utf16.tsv", 0, "开业", "active"),
    ("gsxt-dump.jsonl", 0, "吊销，未注销", "revoked"), ("export-bom.csv", 1, "吊销，未注销", "revoked"),
    ("gsxt-dump.jsonl", 1, "注销", "cancelled"), ("tianyancha-answers.json", 0, "吊销，已注销", "cancelled"),
    ("tencent-enterprise.json", 0, "吊销,已注销", "cancelled"), ("qichacha-answers.jsonl", 1, "注销", "cancelled"),
    ("export.xlsx", 0, "迁出", "moved"), ("export-utf16.tsv", 1, "停业", "suspended"),
    ("export.xlsx", 1, "清算", "liquidating"),
])
def test_status_is_normalised_and_the_wording_kept(fixture: str, record: int, status: str, code: str) -> None:
    props = enterprise(extractions(fixture)[record]).props
    assert (props["status"], props["status_norm"]) == (status, code)


def test_status_wordings() -> None:
    assert [status_code(s) for s in ("吊销", "已吊销", "撤销", "迁入", "歇业", "清算中", "设立中", "正常", "其他")] == [
        "revoked", "revoked", "annulled", "moved", "suspended", "liquidating", "establishing", "active", "other"]


@pytest.mark.parametrize(("fixture", "record", "name"), [
    ("export-gb18030.csv", 0, "广州示例(天河)科技有限公司"),  # full-width brackets
    ("export-gb18030.csv", 1, "杭州示例文化有限公司"),  # a space inside the name
])
def test_names_fold_brackets_and_spaces(fixture: str, record: int, name: str) -> None:
    assert enterprise(extractions(fixture)[record]).props["name"] == name


def test_a_full_width_code_is_read() -> None:
    assert enterprise(extractions("export-gb18030.csv")[1]).id == "CN:91330106MA2H3J4K38"


@pytest.mark.parametrize(("fixture", "record", "reg_no"), [
    ("qichacha-detail.json", 0, "310115000123456"),  # No
    ("gsxt-report.json", 0, "320506000135796"),  # regNo
    ("gsxt-report-labels.json", 0, "110105000987650"),  # 统一社会信用代码/注册号 holding a 15-digit number
    ("export-bom.csv", 0, "110105000987650"),  # the same mixed column in a CSV
    ("ocr-tencent.json", 0, "320506000135796"),  # RegNum of an old licence
    ("export.xlsx", 0, "370202000111113"),  # a number cell
    ("tianyancha-baseinfo.json", 0, "440300006543210"),  # regNumber
])
def test_the_registration_number_beside_the_credit_code(fixture: str, record: int, reg_no: str) -> None:
    props = enterprise(extractions(fixture)[record]).props
    assert (props["reg_no"], props["reg_no_valid"]) == (reg_no, True)


def test_the_registration_number_check() -> None:
    assert check_reg_no("110108001234569").valid and check_reg_no("440300006543210").valid
    assert "ISO 7064 MOD 11,10 gives 9" in check_reg_no("110108001234568").issue
    legacy = check_reg_no("31010400000012A")
    assert not legacy.valid and "legacy" in legacy.issue


def test_a_code_a_spreadsheet_mangled_is_flagged_not_guessed() -> None:
    props = enterprise(extractions("export-gb18030.csv")[2]).props
    assert "code" not in props and any("9.13205E+17" in i for i in props["record_issues"])


@pytest.mark.parametrize(("fixture", "field", "clean"), [
    ("gsxt-report.json", "scope", "精密机械零部件制造、加工；机械设备销售"),  # <span class="dp">base64</span> dropped
    ("gsxt-dump.jsonl", "address", "上海市徐汇区示例路18号2楼"),  # <div>…</div> unwrapped
])
def test_tags_injected_in_gsxt_values_are_stripped(fixture: str, field: str, clean: str) -> None:
    ex = first(fixture)
    if field == "scope":
        assert enterprise(ex).props["scope"] == clean
    else:
        [(addr, _p, _s)] = rels(ex, "REGISTERED_AT")
        assert addr.props["text"] == clean
    items = {n.props["item"] for n, _p, _s in rels(first("gsxt-report.json"), "HAS_CHANGE")}
    assert "住所变更" in items


def test_spans_point_at_each_nested_value_in_the_stored_text() -> None:
    for fixture in ("qichacha-detail.json", "gsxt-report.json", "qixin-detail.json", "tianyancha-baseinfo.json"):
        ex = first(fixture)
        text = ex.document.text
        for r in ex.rels:
            if r.span is not None:
                assert 0 <= r.span[0] < r.span[1] <= len(text), (fixture, r)
        for n in ex.nodes:
            if n.span is not None and n.label in ("Person", "Change", "AbnormalListing"):
                assert text[n.span[0]:n.span[1]], (fixture, n)
    # two officers of one name are told apart by where they are written: 张三 the shareholder and the officer
    qcc = first("qichacha-detail.json")
    spans = {r.type: r.span for r in qcc.rels if r.start_id == next(
        n.id for n in qcc.nodes if n.props.get("name") == "张三") and r.type in ("OFFICER_OF", "SHAREHOLDER_OF")}
    assert spans["OFFICER_OF"] != spans["SHAREHOLDER_OF"]


# --- detection and mappings --------------------------------------------------------------------------
@pytest.mark.parametrize(("record", "shape"), [
    ({"ENTNAME": "x", "UNISCID": "y", "REGSTATE_CN": "存续"}, "gsxt"),
    ({"entName": "x", "uniscId": "y", "regState_CN": "存续"}, "gsxt"),
    ({"KeyNo": "k", "Name": "x", "CreditCode": "y", "OperName": "z"}, "qichacha"),
    ({"name": "x", "creditCode": "y", "legalPersonName": "z", "estiblishTime": 1}, "tianyancha"),
    ({"name": "x", "credit_no": "y", "oper_name": "z", "regist_capi": "1"}, "qixin"),
    ({"ename": "x", "creditNo": "y", "operName": "z", "regCapi": "1"}, "qixin"),
    ({"企业全称": "x", "信用代码": "y", "法人": "z"}, "table"),
])
def test_the_source_is_told_by_the_keys_present(record: dict[str, Any], shape: str) -> None:
    found, _score = detect(record)
    assert found is not None and found.name == shape


def test_a_record_of_no_known_source_is_rejected_with_its_keys() -> None:
    [(_raw, result)] = extract_all("mapping/vendor-answer.json")
    assert isinstance(result, str) and "code, payload" in result and "--mapping" in result


@pytest.mark.parametrize(("spec", "said"), [
    ({"properties": {"nmae": "corp.title"}}, "unknown register field(s) nmae"),
    ({"properties": {"name": "a"}, "items": {"holders": {"path": "x[]"}}}, "unknown item list 'holders'"),
    ({"properties": {"name": "a"}, "items": {"shareholders": {"properties": {"name": "n"}}}}, "needs `path:`"),
    ({"properties": {"reg_no": False}}, "YAML reads a bare No"),
    ({"propertys": {"name": "a"}}, "unknown key(s) propertys"),
    (["name"], "a YAML mapping"),
])
def test_a_bad_mapping_file_says_what_is_wrong(spec: Any, said: str) -> None:
    with pytest.raises(BadRequest, match="mine.yaml") as caught:
        build_shape(spec, "mine.yaml", user=True)
    assert said in str(caught.value)
