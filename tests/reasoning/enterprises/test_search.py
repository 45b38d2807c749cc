"""Enterprise search (reasoning/enterprises/search.py): what GET /enterprises?q= ranks first for a code,
a name variant or a person, on a store answering the search queries with fixed rows."""

from __future__ import annotations

from typing import Any

from reasoning.enterprises.search import code_ids, search

USCC = "91310105MA146U7T9W"


def enterprise(eid: str, name: str, score: float | None = None, registered: bool = True, **more: Any) -> dict[str, Any]:
    return {"id": eid, "name": name, "code": eid.partition(":")[2], "registered": registered,
            "level": "red" if score and score >= 0.7 else "green", "score": score, "division_name": "上海市长宁区",
            "aliases": [], **more}


class SearchStore:
    """Enterprises by id; the term index answers `by_name` (Enterprise) and `by_person` (Person)."""

    def __init__(self, enterprises: list[dict[str, Any]], by_name: list[str] = (), by_person: list[str] = (),
                 person_links: list[dict[str, Any]] = ()) -> None:
        self.enterprises = {e["id"]: e for e in enterprises}
        self.by_name, self.by_person, self.person_links = list(by_name), list(by_person), list(person_links)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def read(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        params = params or {}
        self.calls.append((name, params))
        if name == "enterprise_by_ids":
            return [self.enterprises[i] for i in params["ids"] if i in self.enterprises]
        if name == "templates/search_by_terms":
            return [{"id": i} for i in (self.by_name if slots["LABEL"] == "Enterprise" else self.by_person)]
        if name == "enterprise_person_links":
            return self.person_links
        raise AssertionError(name)


def test_a_code_is_read_as_a_uscc_or_a_uk_company_number() -> None:
    assert code_ids(f" {USCC.lower()} ") == [f"CN:{USCC}"]
    assert code_ids("SC123456") == ["UK:SC123456"]
    assert code_ids("上海某某商务咨询") == []


def test_a_code_finds_its_enterprise_as_an_exact_match() -> None:
    store = SearchStore([enterprise(f"CN:{USCC}", "上海某某商务咨询有限公司", 0.88)])
    hits = search(store, USCC)
    assert hits[0]["id"] == f"CN:{USCC}"
    assert hits[0]["matched_on"] == "code" and hits[0]["match"] == 1.0


def test_the_closest_name_comes_first_whatever_variant_was_typed() -> None:
    exact = enterprise("CN:1", "上海某某商务咨询有限公司", 0.1)
    other = enterprise("CN:2", "上海某某贸易有限公司", 0.95)
    alias = enterprise("CN:3", "Acme Ltd", 0.5, aliases=["上海某某商务咨询（集团）有限公司"])
    store = SearchStore([exact, other, alias], by_name=["CN:2", "CN:3", "CN:1"])
    hits = search(store, "上海某某商务咨询有限责任公司")
    assert [h["id"] for h in hits][0] == "CN:1"
    assert hits[0]["matched_on"] == "name" and hits[0]["match"] == 1.0
    assert all(0 <= h["match"] <= 1 for h in hits)
    assert [h["match"] for h in hits] == sorted((h["match"] for h in hits), reverse=True)
    assert hits[0]["person"] is None and hits[0]["role"] is None


def test_equal_matches_put_registered_then_riskier_enterprises_first() -> None:
    rows = [enterprise("NAME:x", "某某商务咨询", 0.99, registered=False), enterprise("CN:b", "某某商务咨询", 0.2),
            enterprise("CN:a", "某某商务咨询", 0.7), enterprise("CN:c", "某某商务咨询", None)]
    store = SearchStore(rows, by_name=[r["id"] for r in rows])
    assert [h["id"] for h in search(store, "某某商务咨询")] == ["CN:a", "CN:b", "CN:c", "NAME:x"]


def test_a_person_brings_the_enterprises_they_are_linked_to() -> None:
    firm = enterprise("CN:9", "上海某某投资有限公司", 0.6)
    link = {**firm, "person": "P:1", "person_name": "张伟", "role": "LEGAL_REP_OF"}
    store = SearchStore([firm], by_person=["P:1"], person_links=[link])
    [hit] = search(store, "张伟")
    assert hit["matched_on"] == "person" and hit["person"] == "张伟" and hit["role"] == "LEGAL_REP_OF"
    assert hit["match"] == 1.0 and hit["id"] == "CN:9"


def test_a_weaker_person_match_does_not_replace_a_better_name_match() -> None:
    firm = enterprise("CN:9", "张伟科技有限公司", 0.6)
    link = {**firm, "person": "P:1", "person_name": "张伟伟", "role": "OFFICER_OF"}
    store = SearchStore([firm], by_name=["CN:9"], by_person=["P:1"], person_links=[link])
    [hit] = search(store, "张伟科技有限公司")
    assert hit["matched_on"] == "name"


def test_nothing_to_search_for_finds_nothing_without_reading_names() -> None:
    store = SearchStore([])
    assert search(store, "有限公司") == []
    assert [c[0] for c in store.calls] == []
