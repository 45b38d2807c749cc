"""The register's names gathered page by page (matching/names.py): the records kept for the queries give
every query the candidates a blocking index over the whole register gives it, stop words included; the
name frequencies do not depend on the page size; the estimate read from the graph in small pages is the
estimate read in one; the queries compared once decide as ranking every candidate does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from datagen.enterprises.generate import generate
from extraction.enterprises.matching import blocking, names
from extraction.enterprises.matching.blocking import BlockIndex
from extraction.enterprises.matching.comparisons import FIELDS
from extraction.enterprises.matching.fields import Name, enterprise_record, query_record
from extraction.enterprises.matching.model import MatchModel
from extraction.enterprises.matching.names import NameCollector
from extraction.enterprises.matching.register import Compared, Register, rank
from extraction.enterprises.matching.source import (
    estimate_from_rows,
    estimate_from_store,
    extractions_of_files,
    mention_record,
    row_of_extraction,
)
from extraction.enterprises.resolution import decide
from graph.store import open_store
from reasoning.ingest import ingest
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]], list[dict[str, Any]]]:
    data = tmp_path_factory.mktemp("register")
    generate(data, 1.0, 23)
    rows, mentions = [], []
    for ex in extractions_of_files(data):
        row, named = row_of_extraction(ex)
        if row:
            rows.append(row)
        mentions += named
    return data, rows, list({m["id"]: m for m in mentions}.values())


def _collect(records: list, queries: list, page: int) -> names.RegisterNames:
    collector = NameCollector(queries)
    for start in range(0, len(records), page):
        collector.add(records[start:start + page])
    return collector.finish()


@pytest.mark.parametrize("max_block", [blocking.MAX_BLOCK, 4])
def test_kept_records_give_every_query_the_candidates_of_the_whole_register(
        generated: tuple, max_block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocking, "MAX_BLOCK", max_block)
    monkeypatch.setattr(names, "MAX_BLOCK", max_block)
    _, rows, mentions = generated
    records = [enterprise_record(r) for r in rows]
    # the name-only enterprises, and screening queries of registered names written differently
    queries = [mention_record(m) for m in mentions] + [
        query_record({"name": r["name"].replace("有限公司", "有限责任公司")}, kind="enterprise") for r in rows[:600:7]] + [
        query_record({"name": r["name"] + " (Group)"}, kind="enterprise") for r in rows[3:600:11]]
    assert len(queries) > 50
    whole = BlockIndex(records)
    kept = _collect(records, queries, page=97)
    index = BlockIndex(kept.candidates, kept.stop)
    for q in queries:
        want = [whole.records[i].id for i in whole.candidates(q, "enterprise")]
        assert [index.records[i].id for i in index.candidates(q, "enterprise")] == want, q.names
    assert sum(1 for q in queries if whole.candidates(q, "enterprise")) > len(queries) // 2  # queries do meet names
    assert len(kept.candidates) < len(records)  # the register is not simply kept whole
    if max_block == 4:  # stop words met: keys shared by more than 4 records select nothing
        collector = NameCollector(queries)
        collector.add(records)
        assert any(c > 4 for c in collector.hits.values())


def test_name_frequencies_do_not_depend_on_the_page_size(generated: tuple) -> None:
    _, rows, mentions = generated
    records = [enterprise_record(r) for r in rows]
    queries = [mention_record(m) for m in mentions]
    one, paged = _collect(records, queries, page=len(records)), _collect(records, queries, page=13)
    assert (one.count, one.key_pairs, one.core_pairs) == (paged.count, paged.key_pairs, paged.core_pairs)
    assert [r.id for r in one.candidates] == [r.id for r in paged.candidates]
    assert one.count == len(records) and one.core_pairs >= one.key_pairs


def test_pairs_sharing_a_key_and_a_core_with_compatible_regions() -> None:
    texts = ["上海宏盛科技有限公司", "上海宏盛科技有限公司", "宏盛(上海)科技有限公司", "天津宏盛科技有限公司", "杭州宏达贸易有限公司"]
    forms = [Name.of(t) for t in texts]
    assert len({f.core for f in forms[:4]}) == 1 and forms[0].regions == frozenset({"上海"})  # type: ignore[union-attr]
    assert forms[3].regions and not forms[3].regions & forms[0].regions  # type: ignore[union-attr]
    records = [enterprise_record({"id": f"CN:{i}", "name": t}) for i, t in enumerate(texts)]
    got = _collect(records, [], page=2)
    same_key = sum(1 for i in range(5) for j in range(i + 1, 5) if forms[i].key == forms[j].key)  # type: ignore[union-attr]
    assert got.key_pairs == same_key >= 1
    # 上海 x3 pairwise agree (3 pairs); 天津 contradicts each of them; 杭州宏达 has a core of its own
    assert got.core_pairs == 3
    assert got.candidates == [] and got.count == 5


def test_the_estimate_read_in_small_pages_is_the_estimate_read_in_one(generated: tuple, tmp_path: Path) -> None:
    data, _, _ = generated
    settings = make_settings(tmp_path, batch_size=500)
    store = open_store(settings)
    try:
        store.apply_schema()
        for kind in ("cn-registry", "uk-companies", "uk-psc"):
            ingest(store, settings, kind, [data / kind])
        one, names_one, _ = estimate_from_store(store)
        paged, names_paged, _ = estimate_from_store(store, page=50)
    finally:
        store.close()
    assert names_one.count > 500 and one["fit"]["pairs"] > 0
    assert paged == one
    assert [r.id for r in names_paged.candidates] == [r.id for r in names_one.candidates]


def test_queries_compared_once_decide_as_ranking_every_candidate(generated: tuple) -> None:
    _, rows, mentions = generated
    params, records = estimate_from_rows(rows, mentions)
    model, register = MatchModel(params), Register.of(records, people=[])
    # name-only enterprises, and screening queries whose address or phone agrees (weighed given the contact,
    # capped by the value's frequency: the pairs scored in full whatever their weight)
    contact = [query_record({"name": r["name"].replace("有限公司", "有限责任公司"), "phone": (r["phones"] or [None])[0],
                             "address": (r["addresses"] or [{}])[0].get("text")}, kind="enterprise")
               for r in rows[:600:6]]
    queries = [mention_record(m) for m in mentions] + contact
    compared = Compared.of(register, queries)
    assert compared.gamma.shape == (int(compared.starts[-1]), len(FIELDS))
    assert MatchModel.adjusted(compared.gamma).sum() > 20
    linked = 0
    for q, query in enumerate(queries):
        every = rank(model, register, query)
        front, seen = compared.front(model, q)
        assert seen == len(every)
        assert [(s.candidate.id, s.probability, s.weight) for s in front[:2]] == [
            (s.candidate.id, s.probability, s.weight) for s in every[:2]], query.names
        (best, unclear), (want, want_unclear) = decide(front), decide(every)
        assert (best and best.candidate.id, unclear) == (want and want.candidate.id, want_unclear)
        if best and want:
            assert best.features == want.features  # the evidence written is the same
        linked += best is not None
    assert linked > len(queries) // 3
