"""Lawyer resolution through the real loader: name + firm (+ license), never name alone; firm name
variants; lawyers moving firms; malformed records to the reject file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.settings import Settings
from extraction.lawyers.ids import firm_key, head_office_id, lawyer_at_firm_id
from graph.store import GraphStore
from reasoning.ingest import ingest
from reasoning.lawyers.profile import load_profile

REGISTER = """姓名,执业证号,执业机构,所在地,执业类别,执业状态,首次执业日期,转入日期,转出日期
张伟,11101201010000001,北京市德和衡律师事务所,北京,专职律师,正常执业,2010-07-01,2010-07-01,
张伟,13101201210000002,上海市锦天城律师事务所,上海,专职律师,正常执业,2012-03-01,2012-03-01,
李娜,11101200810000003,北京市德和衡律师事务所,北京,专职律师,正常执业,2008-01-01,2008-01-01,2018-06-30
李娜,11101200810000003,上海市锦天城律师事务所,上海,专职律师,正常执业,2008-01-01,2018-07-01,
王芳,,北京市德和衡律师事务所,北京,专职律师,正常执业,2015-01-01,,
"""


def judgment(number: str, agent: str, firm: str, date: str) -> dict:
    text = (f"北京市朝阳区人民法院\n民事判决书\n{number}\n原告：某某贸易有限公司，住所地北京市。\n"
            f"委托诉讼代理人：{agent}，{firm}律师。\n被告：孙宝根，男，汉族。\n"
            "原告某某贸易有限公司与被告孙宝根买卖合同纠纷一案，本院受理后依法审理。\n判决如下：\n"
            f"被告孙宝根支付原告货款1000元。\n审判员　吴明\n{date}\n")
    return {"id": number, "text": text}


JUDGMENTS = [
    judgment("（2016）京0105民初1号", "张伟", "北京德和衡律师事务所", "二〇一六年五月二十日"),
    judgment("（2017）京0105民初2号", "张伟", "锦天城律师事务所", "二〇一七年五月二十日"),
    judgment("（2016）京0105民初3号", "李娜", "德和衡律师事务所", "二〇一六年六月一日"),
    judgment("（2020）京0105民初4号", "李娜", "上海市锦天城律师事务所", "二〇二〇年六月一日"),
    judgment("（2020）京0105民初5号", "张伟", "北京市某某律师事务所", "二〇二〇年六月二日"),
    {"id": "bad", "text": "北京市朝阳区人民法院\n通知书\n请于某日到庭。"},
]


@pytest.fixture
def loaded(falkor_store: GraphStore, settings: Settings, tmp_path: Path) -> tuple[GraphStore, Settings, dict]:
    (tmp_path / "register.csv").write_text(REGISTER, encoding="utf-8")
    lines = [json.dumps(j, ensure_ascii=False) for j in JUDGMENTS] + ['{"id": "truncated", "text": "原告']
    (tmp_path / "judgments.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summaries = {
        "register": ingest(falkor_store, settings, "lawyer-register", [tmp_path / "register.csv"]),
        "judgments": ingest(falkor_store, settings, "cn-judgments", [tmp_path / "judgments.jsonl"]),
    }
    return falkor_store, settings, summaries


def test_firm_name_variants_share_one_key() -> None:
    assert len({firm_key(n) for n in ("北京市德和衡律师事务所", "北京德和衡律师事务所", "德和衡律师事务所")}) == 1
    branch = {firm_key(n) for n in ("北京德和衡（上海）律师事务所", "北京市德和衡律师事务所上海分所")}
    assert len(branch) == 1 and branch != {firm_key("德和衡律师事务所")}
    assert head_office_id("北京德和衡（上海）律师事务所") == "firm:" + firm_key("德和衡律师事务所")
    assert firm_key("宜兴市徐舍法律服务所") != firm_key("徐舍律师事务所")


def test_a_lawyer_needs_a_firm() -> None:
    with pytest.raises(ValueError):
        lawyer_at_firm_id("张伟", "")


def test_name_collision_resolved_by_firm(loaded: tuple[GraphStore, Settings, dict]) -> None:
    store, settings, _ = loaded
    beijing = load_profile(store, settings, "lawyer:lic:11101201010000001")
    shanghai = load_profile(store, settings, "lawyer:lic:13101201210000002")
    assert beijing is not None and shanghai is not None
    assert [c["case_number"] for c in beijing.cases] == ["（2016）京0105民初1号"]
    assert [c["case_number"] for c in shanghai.cases] == ["（2017）京0105民初2号"]


def test_same_name_at_an_unknown_firm_stays_apart(loaded: tuple[GraphStore, Settings, dict]) -> None:
    store, settings, _ = loaded
    unknown = lawyer_at_firm_id("张伟", "北京市某某律师事务所")
    profile = load_profile(store, settings, unknown)
    assert profile is not None and profile.resolved_to is None
    assert [c["case_number"] for c in profile.cases] == ["（2020）京0105民初5号"]


def test_moving_lawyer_keeps_one_record_with_both_firms(loaded: tuple[GraphStore, Settings, dict]) -> None:
    store, settings, _ = loaded
    profile = load_profile(store, settings, "lawyer:lic:11101200810000003")
    assert profile is not None
    assert sorted(c["case_number"] for c in profile.cases) == ["（2016）京0105民初3号", "（2020）京0105民初4号"]
    stints = [(f["firm_id"], f["since"], f["until"], f["first_case"]) for f in profile.firms]
    assert stints == [("firm:德和衡|律师事务所", "2008-01-01", "2018-06-30", "2016-06-01"),
                      ("firm:锦天城|律师事务所", "2018-07-01", None, "2020-06-01")]
    assert profile.lawyer["firm_name"] == "上海市锦天城律师事务所"  # the current firm, not the past one
    alias = load_profile(store, settings, lawyer_at_firm_id("李娜", "德和衡律师事务所"))
    assert alias is not None and alias.resolved_to == "lawyer:lic:11101200810000003"


def test_malformed_records_go_to_the_reject_file(loaded: tuple[GraphStore, Settings, dict]) -> None:
    _, settings, summaries = loaded
    assert summaries["judgments"].written == 5 and summaries["judgments"].rejected == 2
    assert summaries["register"].rejected == 1
    rejects = [json.loads(line) for path in sorted(settings.rejects_dir.glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines()]
    reasons = {(r["source"], r["record_id"]): r["reason"] for r in rejects}
    assert "no party block" in reasons[("cn-judgments", "bad")]
    assert "not valid JSON" in reasons[("cn-judgments", "line 7")]
    assert any(src == "lawyer-register" and "missing license_no" in why for (src, _), why in reasons.items())


def test_reingest_changes_no_count(loaded: tuple[GraphStore, Settings, dict], tmp_path: Path) -> None:
    store, settings, _ = loaded
    before = store.counts()
    ingest(store, settings, "cn-judgments", [tmp_path / "judgments.jsonl"], force=True)
    assert store.counts() == before
