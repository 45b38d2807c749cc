"""Finding a lawyer (reasoning/lawyers/search.py): what GET /lawyers ranks first for a name, a cause or
a court, and the browse without filters, on a store answering the search queries with fixed rows."""

from __future__ import annotations

from typing import Any

import pytest

from reasoning.lawyers.search import (
    BROWSE_ORDER,
    NO_COURT,
    LawyerQuery,
    NoNameToSearch,
    browse,
    causes_for,
    search,
)

REGISTERED = "lawyer:lic:13101201011234567"
ALIAS = "lawyer:张伟@firm:某某|律师事务所"
OTHER = "lawyer:lic:13101201019999999"
JUDGMENTS_ONLY = "lawyer:李娜@firm:甲乙|律师事务所"


def summary(lid: str, name: str, cases: int, kind: str = "registered", firm: str = "上海市某某律师事务所",
            city: str = "上海") -> dict[str, Any]:
    return {"id": lid, "name": name, "firm": firm, "city": city, "title": "律师", "license_no": lid.rpartition(":")[2],
            "kind": kind, "status": "practising", "jurisdiction": "CN", "cases": cases}


SUMMARIES = {REGISTERED: summary(REGISTERED, "张伟", 42), OTHER: summary(OTHER, "张伟", 7, city="北京"),
             JUDGMENTS_ONLY: summary(JUDGMENTS_ONLY, "李娜", 3, kind="judgment", firm="甲乙律师事务所")}


class LawyerStore:
    def __init__(self, **answers: Any) -> None:
        self.answers = answers
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def read(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        params = params or {}
        self.calls.append((name, params))
        if name == "lawyer_summaries":
            return [SUMMARIES[i] for i in params["ids"] if i in SUMMARIES]
        if name == "lawyer_canonical":  # the alias stands for the registered lawyer
            return [{"id": i, "kind": "x", "canonical": [REGISTERED] if i == ALIAS else []} for i in params["ids"]]
        if name == "templates/search_by_terms":
            return [{"id": i} for i in self.answers.get(slots["LABEL"], [])]
        answer = self.answers[name]
        return answer(params) if callable(answer) else list(answer)


def test_a_query_without_any_filter_is_a_browse() -> None:
    assert not LawyerQuery().given
    assert not LawyerQuery(q="  ", city="").given
    assert LawyerQuery(cause="民间借贷").given


def test_a_cause_stands_for_itself_and_the_dispute_it_names() -> None:
    assert causes_for("民间借贷") == ["民间借贷", "民间借贷纠纷"]
    assert causes_for(" 民间借贷纠纷 ") == ["民间借贷纠纷"]
    assert causes_for("盗窃罪") == ["盗窃罪"]
    assert causes_for(None) == [] and causes_for("") == []


def test_a_name_of_only_words_every_firm_carries_is_refused() -> None:
    with pytest.raises(NoNameToSearch, match="no name to search for"):
        search(LawyerStore(), LawyerQuery(q="律师事务所"))


def test_by_name_the_best_match_comes_first_then_the_busier_lawyer() -> None:
    store = LawyerStore(Lawyer=[OTHER, ALIAS, JUDGMENTS_ONLY])
    found = search(store, LawyerQuery(q="张伟"))
    assert found.ranked_by == "name match, then cases"
    assert [h["id"] for h in found.hits] == [REGISTERED, OTHER, JUDGMENTS_ONLY]  # the alias is its lawyer
    top = found.hits[0]
    assert top["registered"] and top["cases"] == 42 and top["relevant_cases"] is None
    assert found.hits[2]["score"] < found.hits[1]["score"] == top["score"] <= 1
    assert not found.hits[2]["registered"]


def test_a_city_keeps_only_the_lawyers_practising_there() -> None:
    store = LawyerStore(Lawyer=[OTHER, ALIAS])
    assert [h["id"] for h in search(store, LawyerQuery(q="张伟", city="北京")).hits] == [OTHER]


def test_by_cause_lawyers_rank_by_their_cases_with_that_cause_counted_over_all_their_nodes() -> None:
    rows = [{"id": ALIAS, "relevant": 3}, {"id": REGISTERED, "relevant": 2}, {"id": OTHER, "relevant": 4}]
    store = LawyerStore(lawyer_by_cause=rows)
    found = search(store, LawyerQuery(cause="民间借贷"))
    assert found.ranked_by == "relevant cases (cause 民间借贷), then name match"
    assert [(h["id"], h["relevant_cases"]) for h in found.hits] == [(REGISTERED, 5), (OTHER, 4)]
    assert store.calls[0] == ("lawyer_by_cause", {"causes": ["民间借贷", "民间借贷纠纷"], "courts": [], "limit": 100})


def test_by_name_and_cause_lawyers_without_such_cases_are_left_out() -> None:
    store = LawyerStore(Lawyer=[REGISTERED, OTHER], lawyer_experience=[{"id": OTHER, "relevant": 1}])
    found = search(store, LawyerQuery(q="张伟", cause="民间借贷纠纷"))
    assert [h["id"] for h in found.hits] == [OTHER]
    assert found.hits[0]["relevant_cases"] == 1


def test_a_court_nobody_knows_finds_nobody() -> None:
    store = LawyerStore(Court=[])
    found = search(store, LawyerQuery(q="张伟", court="火星人民法院"))
    assert found.hits == [] and found.ranked_by == NO_COURT


def test_a_court_is_the_one_whose_name_matches_best() -> None:
    courts = [{"id": "court:huangpu", "name": "上海市黄浦区人民法院"}, {"id": "court:xuhui", "name": "上海市徐汇区人民法院"}]
    store = LawyerStore(Court=["court:xuhui", "court:huangpu"], lawyer_court_names=courts,
                        lawyer_by_court=[{"id": REGISTERED, "relevant": 6}])
    found = search(store, LawyerQuery(court="黄浦区人民法院"))
    assert ("lawyer_by_court", {"courts": ["court:huangpu"], "causes": [], "limit": 100}) in store.calls
    assert found.ranked_by == "relevant cases at the court, then name match"
    assert [(h["id"], h["relevant_cases"]) for h in found.hits] == [(REGISTERED, 6)]


def test_the_browse_lists_registered_lawyers_in_license_order() -> None:
    store = LawyerStore(lawyer_browse=[{"id": REGISTERED}, {"id": OTHER}])
    hits = browse(store, 10, 3)
    assert [h["id"] for h in hits] == [REGISTERED, OTHER]
    assert all(h["registered"] and h["score"] == 1.0 and h["relevant_cases"] is None for h in hits)
    assert store.calls[0] == ("lawyer_browse", {"skip": 10, "limit": 3})
    assert BROWSE_ORDER == "license number (no filter given)"
