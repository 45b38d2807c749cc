"""The matching model without a graph: EM recovers planted parameters, people are never matched on the
name alone, a code outweighs a name near-miss, and the resolution decision."""

from __future__ import annotations

import numpy as np
import pytest

from extraction.enterprises.matching.em import expectation_maximisation
from extraction.enterprises.matching.fields import query_record
from extraction.enterprises.matching.model import MatchModel
from extraction.enterprises.matching.register import Register, rank
from extraction.enterprises.matching.source import estimate_from_rows
from extraction.enterprises.resolution import decide
from tests.reasoning.enterprises.matching_support import small_register, uscc


def _synthetic(rng: np.random.Generator, n: int, lam: float, m: list[list[float]], u: list[list[float]],
               null_share: float) -> np.ndarray:
    is_match = rng.random(n) < lam
    cols = []
    for mj, uj in zip(m, u, strict=True):
        col = np.where(is_match, rng.choice(len(mj), n, p=mj), rng.choice(len(uj), n, p=uj))
        col[rng.random(n) < null_share] = -1
        cols.append(col)
    return np.stack(cols, axis=1)


@pytest.mark.parametrize(("seed", "lam", "m", "u", "null_share"), [
    (1, 0.2, [[0.9, 0.1], [0.7, 0.2, 0.1], [0.8, 0.15, 0.05], [0.6, 0.4]],
     [[0.05, 0.95], [0.02, 0.08, 0.9], [0.1, 0.2, 0.7], [0.3, 0.7]], 0.0),
    (2, 0.07, [[0.6, 0.3, 0.1], [0.85, 0.15], [0.5, 0.3, 0.2], [0.9, 0.1], [0.7, 0.3]],
     [[0.01, 0.09, 0.9], [0.2, 0.8], [0.05, 0.15, 0.8], [0.1, 0.9], [0.25, 0.75]], 0.15),
])
def test_em_recovers_planted_m_and_u(seed: int, lam: float, m: list[list[float]], u: list[list[float]],
                                     null_share: float) -> None:
    rng = np.random.default_rng(seed)
    gamma = _synthetic(rng, 40_000, lam, m, u, null_share)
    levels = tuple(len(x) for x in m)
    start_m = [np.linspace(2, 1, k) for k in levels]  # agreement more likely among matches, nothing more
    start_u = [np.linspace(1, 2, k) for k in levels]
    fit = expectation_maximisation(gamma, levels, start_m, start_u, 0.5)
    assert fit.converged
    assert fit.lam == pytest.approx(lam, abs=0.01)
    for got, want in zip(fit.m, m, strict=True):
        assert np.allclose(got, want, atol=0.03), (got, want)
    for got, want in zip(fit.u, u, strict=True):
        assert np.allclose(got, want, atol=0.02), (got, want)


@pytest.fixture(scope="module")
def matcher() -> tuple[MatchModel, Register]:
    params, records = estimate_from_rows(small_register(), [{"id": "NAME:上海宏盛科技", "name": "宏盛(上海)科技有限公司"}])
    return MatchModel(params), Register.of(records)


def _top(matcher: tuple[MatchModel, Register], query: dict[str, object], kind: str | None = None) -> list:
    model, register = matcher
    return rank(model, register, query_record(query, kind))


@pytest.mark.parametrize(("query", "kind"), [
    ({"name": "王伟"}, None),  # a Chinese personal name: a person query by default
    ({"name": "John SMITH", "jurisdiction": "UK"}, "person"),
    ({"name": "李娜", "legal_representative": "王伟"}, "person"),  # people fields do not corroborate a person
])
def test_a_person_with_only_a_name_never_matches(matcher: tuple[MatchModel, Register], query: dict[str, object],
                                                 kind: str | None) -> None:
    ranked = _top(matcher, query, kind)
    assert ranked and all(s.candidate.kind == "person" for s in ranked)  # the people were found ...
    assert all(s.probability == 0.0 and s.person_rule for s in ranked)  # ... and none matched
    assert ranked[0].features[0]["feature"] == "person_rule"


@pytest.mark.parametrize("query", [
    {"name": "王伟", "phone": "021-1111 1111"},
    {"name": "王 伟", "address": "上海市徐汇区某路1号", "phone": "+86 021 11111111"},
])
def test_a_person_matches_on_the_name_and_another_field(matcher: tuple[MatchModel, Register],
                                                        query: dict[str, object]) -> None:
    ranked = _top(matcher, query)
    assert ranked[0].candidate.id == "P:wangwei1" and ranked[0].probability > 0.5
    assert all(s.probability == 0.0 for s in ranked[1:] if s.candidate.id == "P:wangwei2")


@pytest.mark.parametrize(("query", "want"), [
    ({"name": "上海宏达科技有限公司", "code": uscc(1)}, f"CN:{uscc(1)}"),  # the other firm's exact name
    ({"name": "NORTHGATE SOFTWARES LIMITED", "code": "3977902"}, "UK:03977902"),  # zeros lost, name of the other
])
def test_a_code_match_wins_over_a_name_near_miss(matcher: tuple[MatchModel, Register], query: dict[str, object],
                                                 want: str) -> None:
    ranked = _top(matcher, query)
    assert ranked[0].candidate.id == want
    feature = {f["feature"]: f for f in ranked[0].features}
    assert feature["code"]["level"] == "equal" and feature["code"]["weight"] > 10
    assert ranked[0].probability > 0.9 and ranked[1].probability < ranked[0].probability - 0.3


@pytest.mark.parametrize("name", ["宏盛（上海）科技有限公司", "Shanghai Hongsheng Keji Co., Ltd.",
                                  "上海宏盛科技有限公司北京分公司", "上海　宏盛科技有限责任公司"])
def test_name_variants_find_the_enterprise(matcher: tuple[MatchModel, Register], name: str) -> None:
    ranked = _top(matcher, {"name": name})
    assert ranked[0].candidate.id == f"CN:{uscc(1)}" and ranked[0].probability >= 0.7
    assert ranked[0].features[0]["feature"] == "name" and ranked[0].features[0]["weight"] > 0


def test_resolution_refuses_an_ambiguous_name(matcher: tuple[MatchModel, Register]) -> None:
    model, register = matcher
    clear, _ = decide(rank(model, register, query_record({"name": "上海宏盛科技有限责任公司"}, "enterprise")))
    assert clear is not None and clear.candidate.id == f"CN:{uscc(1)}"
    best, unclear = decide(rank(model, register, query_record({"name": "NORTHGATE SOFTWARE"}, "enterprise")))
    assert best is not None  # exact key beats the one-letter neighbour by far
    none, _ = decide(rank(model, register, query_record({"name": "北京全聚餐饮管理有限公司"}, "enterprise")))
    assert none is None


def test_em_over_distinct_rows_with_counts_is_em_over_every_pair() -> None:
    rng = np.random.default_rng(5)
    m, u = [[0.6, 0.3, 0.1], [0.9, 0.1]], [[0.05, 0.15, 0.8], [0.3, 0.7]]
    gamma = _synthetic(rng, 6000, 0.1, m, u, 0.1)
    groups = rng.integers(0, 150, len(gamma))
    start = ([np.array([2.0, 1.5, 1.0]), np.array([2.0, 1.0])], [np.array([1.0, 1.5, 2.0]), np.array([1.0, 2.0])])
    every = expectation_maximisation(gamma, (3, 2), *start, 0.1, groups=groups)
    keys = np.stack([groups, gamma[:, 0], gamma[:, 1]], axis=1)
    _, first, counts = np.unique(keys, axis=0, return_index=True, return_counts=True)
    assert len(first) < len(gamma) // 3  # the rows do collapse
    distinct = expectation_maximisation(gamma[first], (3, 2), *start, 0.1, groups=groups[first], counts=counts)
    assert distinct.iterations == every.iterations and distinct.converged
    assert distinct.lam == pytest.approx(every.lam, rel=1e-9) and distinct.pi == pytest.approx(every.pi, rel=1e-9)
    for a, b in zip(distinct.m + distinct.u, every.m + every.u, strict=True):
        assert np.allclose(a, b, rtol=1e-9, atol=1e-12)
