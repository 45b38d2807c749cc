"""A law firm's and a case's public record (reasoning/lawyers/firm.py, case.py): what GET /firms/{key},
/cases/{key} and /cases/{key}/judgment show, on a store answering with fixed rows."""

from __future__ import annotations

from typing import Any

from reasoning.lawyers.case import case_id, case_record, judgment
from reasoning.lawyers.firm import firm_key_id, firm_record


class FixedStore:
    def __init__(self, **answers: list[dict[str, Any]]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def read(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        self.calls.append((name, params or {}))
        return list(self.answers[name])


FIRM = {"id": "firm:某某|律师事务所", "name": None, "name_seen": "上海某某律师事务所", "city": "上海", "branch": "",
        "license_no": "31310000123", "founded": "2005-03-10", "status": "practising"}


def test_a_firm_is_named_by_its_id_or_by_any_variant_of_its_name() -> None:
    assert firm_key_id("firm:某某|律师事务所") == "firm:某某|律师事务所"
    assert firm_key_id("上海市某某律师事务所") == firm_key_id("某某律师事务所") == "firm:某某|律师事务所"


def test_a_firm_lists_each_lawyer_once_preferring_the_register() -> None:
    members = [
        {"id": "lawyer:张伟@firm:某某", "name": "张伟", "title": None, "since": None, "until": None, "source": None,
         "canonical": ["lawyer:lic:1"]},
        {"id": "lawyer:lic:1", "name": "张伟", "title": "律师", "since": "2010-07-01", "until": None,
         "source": "register", "canonical": []},
        {"id": "lawyer:王芳@firm:某某", "name": "王芳", "title": None, "since": None, "until": None, "source": None,
         "canonical": ["lawyer:lic:2", "lawyer:lic:3"]},  # two registered 王芳: not resolved
    ]
    store = FixedStore(firm_record=[{"firm": FIRM, "head_id": None, "head_name": None,
                                     "branch_ids": ["firm:某某|律师事务所|杭州", None],
                                     "branch_names": ["上海某某（杭州）律师事务所", None]}],
                       firm_members=members, firm_cases=[{"year": 2023, "cases": 12}, {"year": None, "cases": 1}])
    found = firm_record(store, "上海市某某律师事务所", 100)
    assert found is not None
    assert found["name"] == "上海某某律师事务所" and found["branch"] is None and found["head_office"] is None
    assert found["branches"] == [{"id": "firm:某某|律师事务所|杭州", "name": "上海某某（杭州）律师事务所"}]
    assert found["members"] == [
        {"id": "lawyer:lic:1", "name": "张伟", "title": "律师", "since": "2010-07-01", "until": None, "source": "register"},
        {"id": "lawyer:王芳@firm:某某", "name": "王芳", "title": None, "since": None, "until": None, "source": "judgment"}]
    assert found["cases_by_year"] == [{"key": "2023", "cases": 12}]
    assert ("firm_members", {"id": "firm:某某|律师事务所", "limit": 100}) in store.calls


def test_an_unknown_firm_is_none() -> None:
    assert firm_record(FixedStore(firm_record=[{"firm": None}]), "firm:nobody", 10) is None
    assert firm_record(FixedStore(firm_record=[]), "firm:nobody", 10) is None


def test_a_case_is_named_by_its_id_or_its_case_number() -> None:
    assert case_id("case:cn:（2019）沪0101民初1234号") == "case:cn:（2019）沪0101民初1234号"
    assert case_id("(2019)沪0101民初1234号") == "case:cn:（2019）沪0101民初1234号"
    assert case_id("not a case") is None


CASE = {"case": {"id": "case:cn:1", "case_number": "（2019）沪0101民初1234号", "cause": "民间借贷纠纷", "date": "2019-08-20",
                 "case_type": "civil_first", "case_type_name": "民事一审", "stage": "first", "outcome": "won"},
        "court_id": "court:1", "court": "上海市黄浦区人民法院", "court_level": "basic"}


def test_a_case_shows_counsel_as_the_registered_lawyer_and_the_party_they_acted_for() -> None:
    parties = [{"id": "party:1", "name": "王某", "kind": "person", "role": "原告", "side": "claimant"}]
    counsel = [{"id": "lawyer:张伟@firm:某某", "name": "张伟", "firm": "某某律师事务所", "title": "律师", "side": "claimant",
                "party_id": "party:1", "canonical": ["lawyer:lic:1"]},
               {"id": "lawyer:李娜@firm:甲乙", "name": "李娜", "firm": None, "title": None, "side": "respondent",
                "party_id": "party:9", "canonical": []}]
    store = FixedStore(case_record=[CASE], case_parties=parties, case_counsel=counsel,
                       case_judges=[{"name": "李明", "role": "审判员", "id": "judge:1"}])
    found = case_record(store, "case:cn:1")
    assert found is not None
    assert found["court"] == "上海市黄浦区人民法院" and found["case_type"] == "民事一审" and found["outcome"] == "won"
    assert found["parties"] == parties
    assert [(c["lawyer_id"], c["party"]) for c in found["counsel"]] == [("lawyer:lic:1", "王某"),
                                                                        ("lawyer:李娜@firm:甲乙", None)]
    assert found["judges"] == [{"name": "李明", "role": "审判员"}]


def test_an_unknown_case_is_none() -> None:
    assert case_record(FixedStore(case_record=[]), "case:x") is None
    assert case_record(FixedStore(case_record=[{"case": None}]), "case:x") is None


def test_a_judgment_is_its_masked_text_and_none_without_one() -> None:
    row = {"doc_id": "doc:1", "title": "民事判决书", "date": "2019-08-20", "lang": "zh", "text": None}
    assert judgment(FixedStore(case_judgment=[row]), "case:cn:1") == {
        "case_id": "case:cn:1", "doc_id": "doc:1", "title": "民事判决书", "date": "2019-08-20", "lang": "zh", "text": ""}
    assert judgment(FixedStore(case_judgment=[]), "case:cn:1") is None
