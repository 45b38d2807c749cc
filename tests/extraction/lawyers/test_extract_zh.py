"""Chinese judgment extraction: layouts and variants, case numbers, real published headers, rejects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.errors import RecordRejected
from extraction.lawyers import cn_judgments
from extraction.lawyers.caseno import normalise_case_number, parse_case_number
from extraction.lawyers.ids import firm_key
from extraction.lawyers.judgment_zh import chinese_date, parse_zh
from graph.records import RawRecord

JUDGMENT = """上海市黄浦区人民法院
民 事 判 决 书
(2019) 沪0101民初1234号
原告：王梓萱，女，1985年3月2日出生，汉族，住上海市黄浦区人民路12号，公民身份号码310101198503021234，联系电话13812345678。
委托诉讼代理人：张三，北京市德和衡律师事务所律师。
委托诉讼代理人:李四,上海锦天城律师事务所实习律师。
被告：上海某某科技有限公司，住所地上海市浦东新区张江路88号，统一社会信用代码91310115MA1K3YJ12X。
法定代表人：赵六，该公司总经理。
被告：孙福禄，男，1970年1月1日出生，汉族，住上海市。
以上被告共同委托诉讼代理人：钱七、周八，宜兴市徐舍法律服务所基层法律服务工作者。
原告王梓萱与被告上海某某科技有限公司、孙福禄民间借贷纠纷一案，本院于2019年3月1日立案后，依法适用简易程序，公开开庭进行了审理。
本院认为，借贷关系成立。依照《中华人民共和国民法典》第六百七十五条之规定，判决如下：
一、被告上海某某科技有限公司于本判决生效之日起十日内偿还原告王梓萱借款50000元；
二、驳回原告王梓萱的其他诉讼请求。
如不服本判决，可在判决书送达之日起十五日内提起上诉。
审 判 长　吴 九
审判员　郑十
二〇一九年五月二十日
书记员　冯一
"""


def raw(text: str, record_id: str = "r1") -> RawRecord:
    return RawRecord("judgments.jsonl", record_id, 1, {"id": record_id, "text": text})


@pytest.mark.parametrize("text", [
    "（2019）沪0101民初1234号", "(2019)沪0101民初1234号", "（2019） 沪0101 民初 1234 号", "〔2019〕沪0101民初1234号",
    "（２０１９）沪０１０１民初１２３４号",
])
def test_case_number_variants_parse_to_one_form(text: str) -> None:
    parsed = parse_case_number(text)
    assert parsed is not None
    assert (parsed.text, parsed.year, parsed.court_code, parsed.type_code, parsed.seq) == \
        ("（2019）沪0101民初1234号", 2019, "沪0101", "民初", 1234)


@pytest.mark.parametrize("text, court, kind", [
    ("（2021）京行终963号", "京", "行终"), ("（2018）黔 06民终609号", "黔06", "民终"),
    ("（2020）最高法民终123号", "最高法", "民终"), ("（2019）粤0304执恢12号", "粤0304", "执恢"),
    ("（2022）沪74民终186号", "沪74", "民终"),
])
def test_case_number_court_and_type(text: str, court: str, kind: str) -> None:
    parsed = parse_case_number(text)
    assert parsed is not None and (parsed.court_code, parsed.type_code) == (court, kind)


def test_not_a_case_number() -> None:
    assert normalise_case_number("2019沪0101民初1234") is None
    assert normalise_case_number("") is None


def test_chinese_numeral_dates() -> None:
    assert chinese_date("二〇一九年五月二十日") == "2019-05-20"
    assert chinese_date("二○二一年十二月三十一日") == "2021-12-31"
    assert chinese_date("二〇二〇年十月一日") == "2020-10-01"


def test_full_judgment_fields() -> None:
    j = cn_judgments.parse(raw(JUDGMENT))
    assert j.court == "上海市黄浦区人民法院" and j.doc_type == "民事判决书"
    assert j.case_number is not None and j.case_number.text == "（2019）沪0101民初1234号"
    assert j.cause == "民间借贷纠纷" and j.date == "2019-05-20" and j.outcome == "partly"
    assert [(p.role, p.kind) for p in j.parties] == [("原告", "person"), ("被告", "enterprise"), ("被告", "person")]
    assert j.parties[1].code == "91310115MA1K3YJ12X"
    agents = {(a.name, firm_key(a.firm), a.title, tuple(a.parties)) for a in j.agents if a.professional}
    assert agents == {
        ("张三", "德和衡|律师事务所", "律师", (0,)), ("李四", "锦天城|律师事务所", "实习律师", (0,)),
        ("钱七", "徐舍|法律服务所", "法律工作者", (1, 2)), ("周八", "徐舍|法律服务所", "法律工作者", (1, 2)),
    }
    assert [(x.role, x.name) for x in j.judges] == [("审判长", "吴九"), ("审判员", "郑十")]
    for agent in j.agents:  # spans point at the names in the (masked) text
        assert j.text[agent.span[0] : agent.span[1]] == agent.name


def test_party_persons_and_personal_data_are_masked_before_storing() -> None:
    ex = cn_judgments.extract(raw(JUDGMENT))
    text = ex.document.text
    for secret in ("王梓萱", "孙福禄", "310101198503021234", "13812345678", "人民路12号"):
        assert secret not in text
    assert "王某" in text and "孙某" in text
    assert "张三" in text and "德和衡" in text  # lawyers and firms stay public
    parties = [n.props for n in ex.nodes if n.label == "Party"]
    assert {p["name"] for p in parties} == {"王某", "上海某某科技有限公司", "孙某"}
    persons = [n.props for n in ex.nodes if n.label == "Person"]
    assert all(set(p) == {"name_masked"} for p in persons)
    enterprise = [n for n in ex.nodes if n.label == "Enterprise"]
    assert [e.id for e in enterprise] == ["CN:91310115MA1K3YJ12X"]


@pytest.mark.parametrize("line, names, firm, title", [
    ("委托诉讼代理人：张三，北京某某律师事务所律师。", ["张三"], "北京某某律师事务所", "律师"),
    ("委托诉讼代理人:张三,北京某某律师事务所律师。", ["张三"], "北京某某律师事务所", "律师"),
    ("委托代理人张三，系北京某某律师事务所执业律师。", ["张三"], "北京某某律师事务所", "律师"),
    ("委托代理人（特别授权）张三，北京某某律师事务所律师。", ["张三"], "北京某某律师事务所", "律师"),
    ("委托诉讼代理人：张三、李四，北京某某律师事务所律师。", ["张三", "李四"], "北京某某律师事务所", "律师"),
    ("委托诉讼代理人：张三，北京某某律师事务所实习律师。", ["张三"], "北京某某律师事务所", "实习律师"),
    ("委托诉讼代理人：张三，某某法律服务所法律工作者。", ["张三"], "某某法律服务所", "法律工作者"),
    ("委托诉讼代理人：张三，某某法律服务所基层法律服务工作者。", ["张三"], "某某法律服务所", "法律工作者"),
    ("委托诉讼代理人：张三，北京某某（上海）律师事务所律师。", ["张三"], "北京某某（上海）律师事务所", "律师"),
    ("委托代理人：张三，山东某某律师事务所，律师。", ["张三"], "山东某某律师事务所", "律师"),
    ("委托诉讼代理人：张三，男，1980年1月1日出生，汉族，北京某某律师事务所律师，住北京市。", ["张三"], "北京某某律师事务所", "律师"),
    ("委托诉讼代理人：张三，北京某某律师事务所律师；李四，同所律师。", ["张三", "李四"], "北京某某律师事务所", "律师"),
    ("委托诉讼代理人：张三，北京某某律师事务所律师（执业证号：11101201010000001）。", ["张三"], "北京某某律师事务所", "律师"),
])
def test_agent_line_variants(line: str, names: list[str], firm: str, title: str) -> None:
    j, _ = parse_zh(f"原告：王某，男，汉族。{line}被告：李某，女。")
    assert [(a.name, a.firm, a.title, a.parties) for a in j.agents] == [(n, firm, title, [0]) for n in names]


def test_appellate_roles_and_agents_after_each_party() -> None:
    text = ("上诉人（原审被告）：某某贸易有限公司，住所地某地。\n委托诉讼代理人：张三，某某律师事务所律师。\n"
            "被上诉人（原审原告）：王某，男。\n委托诉讼代理人：李四，另一律师事务所律师。\n")
    j, _ = parse_zh(text)
    assert [(p.role, p.role_detail, p.side) for p in j.parties] == \
        [("上诉人", "原审被告", "claimant"), ("被上诉人", "原审原告", "respondent")]
    assert [(a.name, a.parties) for a in j.agents] == [("张三", [0]), ("李四", [1])]


def test_shared_agents_of_a_role() -> None:
    j, _ = parse_zh("原告：甲某，男。原告：乙某，女。二原告委托代理人：张三，某某律师事务所律师。被告：丙某，男。")
    assert [(a.name, a.parties) for a in j.agents] == [("张三", [0, 1])]
    j, _ = parse_zh("原告：甲某，男。被告：乙某。被告：丙某。共同委托诉讼代理人：李四，某某律师事务所律师。")
    assert [(a.name, a.parties) for a in j.agents] == [("李四", [1, 2])]


def test_agents_listed_after_all_parties_name_their_role() -> None:
    j, _ = parse_zh("原告：甲某，男。\n被告：某某有限公司。\n原告委托诉讼代理人：张三，某律师事务所律师。\n"
                    "被告委托诉讼代理人：李四，另一律师事务所律师。\n")
    assert [p.role for p in j.parties] == ["原告", "被告"]
    assert [(a.name, a.parties) for a in j.agents] == [("张三", [0]), ("李四", [1])]
    j, _ = parse_zh("原告：甲某。被告：乙某。被告：丙某。上列被告委托代理人：李四，某某律师事务所律师。")
    assert [(a.name, a.parties) for a in j.agents] == [("李四", [1, 2])]


def test_criminal_judgment_defence_counsel() -> None:
    text = ("北京市朝阳区人民法院\n刑事判决书\n（2020）京0105刑初88号\n公诉机关北京市朝阳区人民检察院。\n"
            "被告人孙宝根，男，1980年1月1日出生，汉族，住北京市朝阳区建国路8号。\n"
            "辩护人张三，北京某某律师事务所律师。\n北京市朝阳区人民检察院以京朝检刑诉〔2020〕1号起诉书指控被告人孙宝根犯盗窃罪一案，"
            "本院依法审理。\n判决如下：\n被告人孙宝根犯盗窃罪，判处有期徒刑一年，并处罚金人民币二千元，责令退赔被害人损失。\n")
    j = cn_judgments.parse(raw(text))
    assert [(p.role, p.kind, p.side) for p in j.parties] == \
        [("公诉机关", "enterprise", "claimant"), ("被告人", "person", "respondent")]
    assert [(a.name, a.title, a.parties) for a in j.agents] == [("张三", "律师", [1])]
    assert j.cause == "盗窃罪" and j.outcome == "" and "孙宝根" not in j.text
    assert j.case_number is not None and j.case_number.type_code == "刑初"


def test_non_lawyer_agents_are_masked_not_lawyers() -> None:
    text = "原告：某某建设有限公司。委托诉讼代理人：郭航伟，男，汉族，该公司员工。被告：王某。\n本院认为，纠纷一案。"
    ex = cn_judgments.extract(raw(text))
    assert not [n for n in ex.nodes if n.label == "Lawyer"]
    assert "郭航伟" not in ex.document.text


@pytest.mark.parametrize("text, reason", [
    ("上海市黄浦区人民法院\n通知书\n本院定于近日开庭。", "no party block"),
    ("", "empty judgment text"),
])
def test_unusable_judgments_are_rejected_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(RecordRejected, match=reason):
        cn_judgments.extract(raw(text))


def test_published_html_paragraphs() -> None:
    page = "".join(f"<div style='x'>{line}</div>" for line in JUDGMENT.split("\n")).replace("&", "&amp;")
    page = page.replace("<div style='x'>原告：", "<a name='DSRXX'></a><div style='x'>原告：", 1)
    j = cn_judgments.parse(raw(page))
    assert j.case_number is not None and j.court == "上海市黄浦区人民法院"
    assert len([a for a in j.agents if a.professional]) == 4 and "<" not in j.text


def test_reader_flags_broken_json_and_reads_paragraph_lists() -> None:
    import io

    data = (json.dumps({"id": "a", "qwContent": JUDGMENT.split("\n")}, ensure_ascii=False) + "\n{broken\n").encode()
    records = list(cn_judgments.read("x.jsonl", io.BytesIO(data)))
    assert records[0].error is None and records[0].record_id == "a"
    assert records[1].error and "not valid JSON" in records[1].error
    assert cn_judgments.parse(records[0]).case_number is not None


def _samples(samples: Path) -> list[dict]:
    path = samples / "cn-judgments" / "cail2019_scm_loan_judgments.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


AGENT_SEGMENT = re.compile(r"(?:委托诉讼代理人|委托代理人|诉讼代理人)[^。]*?(?:律师事务所|法律服务所)")


def test_real_headers_agents_and_firms(samples: Path) -> None:
    """Expectations computed from each real record: every agent clause naming a firm gives a lawyer of
    that firm, named in the clause; names and firms are found verbatim in the text."""
    records = _samples(samples)
    found_total = expected_total = 0
    for record in records:
        header = record["text"].split("\n")[0]
        segments = AGENT_SEGMENT.findall(header)
        j = cn_judgments.parse(RawRecord("s.jsonl", record["id"], 1, record))
        lawyers = [a for a in j.agents if a.professional]
        assert len(lawyers) >= len(segments), record["id"]
        for a in lawyers:
            assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", a.name), (record["id"], a.name)
            assert a.firm in j.text and a.name in j.text
            assert a.firm.endswith(("律师事务所", "法律服务所")) and a.title
            assert any(a.name in s and a.firm in s for s in AGENT_SEGMENT.findall(j.text.split("\n")[0])) or \
                a.name in header, (record["id"], a.name)
            assert a.parties and all(0 <= i < len(j.parties) for i in a.parties)
        found_total += len(lawyers)
        expected_total += len(segments)
    assert expected_total > 50 and found_total >= expected_total


def test_real_headers_parties_and_roles(samples: Path) -> None:
    for record in _samples(samples):
        j = cn_judgments.parse(RawRecord("s.jsonl", record["id"], 1, record))
        roles = {p.role for p in j.parties}
        assert {"原告", "被告"} <= roles, record["id"]
        assert all(p.side in ("claimant", "respondent") for p in j.parties)
        # the person parties of the record as read (pseudonymised there as 某1, 某2) never reach the stored text
        raw_parties, _ = parse_zh(record["text"])
        persons = [p.name for p in raw_parties.parties if p.kind == "person"]
        assert not [n for n in persons if re.search(re.escape(n) + r"(?!\d)", j.text)], record["id"]
        enterprises = [p for p in j.parties if p.kind == "enterprise"]
        assert all(p.name.endswith(("公司", "厂", "店", "中心", "合作社")) for p in enterprises), record["id"]


def test_real_headers_ingest_as_facts(samples: Path) -> None:
    record = _samples(samples)[0]
    ex = cn_judgments.extract(RawRecord("s.jsonl", record["id"], 1, record))
    labels = {n.label for n in ex.nodes}
    assert {"Case", "Party", "Lawyer", "LawFirm"} <= labels
    assert any(r.type == "REPRESENTED" for r in ex.rels)
