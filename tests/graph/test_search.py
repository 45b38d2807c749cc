"""Search terms: the one function that indexes names and parses what a user types."""

from __future__ import annotations

from graph.search import STOP_TERMS, min_hits, terms_for


def test_company_names_keep_their_distinctive_terms_without_the_legal_form() -> None:
    assert terms_for("北京远泰技术服务有限公司") == ["北京", "京远", "远泰", "泰技", "技术", "术服", "服务", "务有"]
    assert terms_for("ＡＣＭＥ Trading Co., Ltd.") == ["acme", "trading"]  # full-width folded, forms dropped
    assert terms_for("Acme Holdings LIMITED") == terms_for("acme holdings")


def test_a_name_of_legal_form_only_has_no_terms() -> None:
    assert terms_for("有限责任公司") == []
    assert not set(terms_for("深圳市某某股份有限公司")) & STOP_TERMS


def test_min_hits_counts_only_searchable_terms() -> None:
    terms = terms_for("远泰技术有限公司")
    assert terms == ["远泰", "泰技", "技术", "术有"]  # the bigram across the name and its form stays
    assert min_hits(terms) == 2
