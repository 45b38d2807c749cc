"""Chinese outcomes read per party, and party names with bracketed parts, on fictional judgments in the
published layout (each rule met by at least two differently written inputs) and on the real sample."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extraction.lawyers import cn_judgments
from graph.records import RawRecord

HEAD = """江南省临川市东湖区人民法院
民事判决书
（2021）江0102民初{n}号
原告：{c}，住所地江南省临川市东湖区。
法定代表人：甄一，总经理。
委托诉讼代理人：贾二，江南天衡律师事务所律师。
被告：{r1}，男，1980年1月1日出生，汉族，住江南省临川市。
被告：{r2}，住所地江南省临川市。
原告{c}与被告{r1}、{r2}买卖合同纠纷一案，本院立案后，依法适用普通程序审理。本案现已审理终结。
本院认为，双方买卖合同关系成立。判决如下：
{op}
如不服本判决，可在判决书送达之日起十五日内提起上诉。
审判员　柯三
二〇二一年六月七日
"""
COMPANY_A = "星澜数码科技（临川）有限公司"
COMPANY_B = "蓝杉商贸(东湖)有限责任公司"


def judge(op: str, c: str = COMPANY_A, r1: str = "欧阳乐天", r2: str = COMPANY_B, n: int = 1):
    text = HEAD.format(c=c, r1=r1, r2=r2, op=op.format(r1="欧阳某", r2=r2, c=c), n=n)
    return cn_judgments.parse(RawRecord("x.jsonl", str(n), 1, {"id": n, "text": text}))


def outcomes(j) -> dict[str, str]:  # noqa: ANN001
    return {p.role + ":" + p.name: p.outcome or "" for p in j.parties}


@pytest.mark.parametrize("op", [
    "一、被告{r1}于本判决生效之日起十日内支付原告货款30000元；\n二、驳回原告{c}的其他诉讼请求。",
    "一、被告{r1}于本判决生效之日起十日内给付原告货款30000元；\n二、驳回原告的其它诉讼请求。",
    "一、被告{r1}应于本判决生效后十日内偿还原告货款30000元。\n二、驳回原告其余的诉讼请求。",
    "被告{r1}于本判决生效之日起十日内赔偿原告损失30000元；对原告的其他诉讼请求，本院不予支持。",
])
def test_main_claim_granted_rest_rejected_is_a_partial_win(op: str) -> None:
    j = judge(op)
    assert j.outcome == "partly"
    assert outcomes(j)["被告:欧阳某"] == "lost"


@pytest.mark.parametrize("op", [
    "一、被告{r1}于本判决生效之日起十日内支付原告货款30000元；\n二、驳回原告{c}对被告{r2}的诉讼请求。",
    "被告{r1}偿还原告借款30000元。驳回原告对{r2}的全部诉讼请求。",
])
def test_claim_rejected_against_one_respondent_is_that_respondents_win(op: str) -> None:
    j = judge(op)
    got = outcomes(j)
    assert j.outcome == "partly" and got["被告:欧阳某"] == "lost" and got["被告:" + COMPANY_B] == "won"


@pytest.mark.parametrize("op, outcome", [
    ("被告{r1}、{r2}于本判决生效之日起十日内共同支付原告货款30000元。", "won"),
    ("驳回原告{c}的诉讼请求。", "lost"),
    ("驳回原告的全部诉讼请求。", "lost"),
])
def test_whole_claim_granted_or_rejected(op: str, outcome: str) -> None:
    j = judge(op)
    assert j.outcome == outcome


def test_decided_edges_carry_each_partys_own_outcome() -> None:
    text = HEAD.format(c=COMPANY_A, r1="欧阳乐天", r2=COMPANY_B, n=9, op="一、被告欧阳乐天于本判决生效之日起十日内支付原告货款"
                       f"30000元；\n二、驳回原告对被告{COMPANY_B}的诉讼请求。")
    ex = cn_judgments.extract(RawRecord("x.jsonl", "9", 1, {"id": 9, "text": text}))
    names = {n.id: n.props["name"] for n in ex.nodes if n.label == "Party"}
    decided = {names[r.end_id]: r.props["outcome"] for r in ex.rels if r.type == "DECIDED"}
    assert decided == {COMPANY_A: "partly", "欧阳某": "lost", COMPANY_B: "won"}


@pytest.mark.parametrize("company", [COMPANY_A, COMPANY_B, "临川（中国）投资有限公司", "华岳建设(集团)股份有限公司"])
def test_party_names_with_bracketed_parts_stay_whole(company: str) -> None:
    j = judge("被告{r1}于本判决生效之日起十日内支付原告货款30000元。", c=company, r2="东湖(远景)物流有限公司")
    assert [p.name for p in j.parties] == [company, "欧阳某", "东湖(远景)物流有限公司"]
    assert [p.kind for p in j.parties] == ["enterprise", "person", "enterprise"]


def test_a_bracket_after_the_name_is_not_part_of_it() -> None:
    text = HEAD.format(c=COMPANY_A + "（以下简称星澜公司）", r1="欧阳乐天（曾用名欧阳乐）", r2=COMPANY_B, n=3,
                       op="被告欧阳某于本判决生效之日起十日内支付原告货款30000元。")
    j = cn_judgments.parse(RawRecord("x.jsonl", "3", 1, {"id": 3, "text": text}))
    assert [p.name for p in j.parties] == [COMPANY_A, "欧阳某", COMPANY_B]


def test_real_sample_party_names_are_whole(samples: Path) -> None:
    """No real party name stops right before a bracketed part that the name continues after
    ("某某（北京）有限公司" cut at the bracket), and none swallows an "以下简称" aside."""
    path = samples / "cn-judgments" / "cail2019_scm_loan_judgments.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    checked = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        j = cn_judgments.parse(RawRecord(path.name, str(record["id"]), 1, record))
        for p in j.parties:
            after = j.text[p.span[1] : p.span[1] + 30]
            assert not re.match(r"[（(][^）)，。]{1,20}[）)][\u4e00-\u9fff]", after) or "简称" in after, (p.name, after[:12])
            assert "简称" not in p.name
            checked += 1
    assert checked > 50


def test_an_aside_right_before_the_next_words_stays_out_of_the_name() -> None:
    for aside in ("（以下简称星澜公司）", "(下称星澜公司)"):
        text = HEAD.format(c=COMPANY_A + aside + "法定代表人甄一", r1="欧阳乐天", r2=COMPANY_B, n=4,
                           op="被告欧阳某于本判决生效之日起十日内支付原告货款30000元。")
        j = cn_judgments.parse(RawRecord("x.jsonl", "4", 1, {"id": 4, "text": text}))
        assert j.parties[0].name == COMPANY_A
