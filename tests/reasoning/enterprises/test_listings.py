"""The regulator's lists (reasoning/enterprises/risk.py, watchlist.py, top_clusters.py, regions.py):
watchlist items with their first reason, clusters with their riskiest members, a division's counts."""

from __future__ import annotations

import json
from typing import Any

from reasoning.enterprises.regions import region
from reasoning.enterprises.risk import find, reasons, watch_item
from reasoning.enterprises.top_clusters import top_clusters
from reasoning.enterprises.watchlist import watchlist


class FixedStore:
    """Answers each named query with fixed rows (or a function of the parameters)."""

    def __init__(self, **answers: Any) -> None:
        self.answers = answers
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def read(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        self.calls.append((name, params or {}))
        answer = self.answers[name]
        return answer(params or {}) if callable(answer) else list(answer)


REASONS = json.dumps([{"feature": "address_burst", "value": 11, "text": "11 enterprises at this address", "linked": []},
                      {"feature": "penalties", "value": 2, "text": "2 penalty decisions", "linked": []}])
ROW = {"id": "CN:1", "name": "上海某某商务咨询有限公司", "score": 0.88, "level": "red", "division": "310105",
       "division_name": "上海市长宁区", "cluster": "CL:1", "reasons": REASONS, "rank": 1}


def test_reasons_are_read_from_the_stored_json_and_unreadable_ones_are_none() -> None:
    assert [r["feature"] for r in reasons(REASONS)] == ["address_burst", "penalties"]
    assert reasons(None) == [] and reasons("") == [] and reasons("{not json") == []


def test_a_listed_enterprise_shows_its_first_reason() -> None:
    item = watch_item(ROW)
    assert item == {"id": "CN:1", "name": "上海某某商务咨询有限公司", "score": 0.88, "level": "red", "division": "310105",
                    "division_name": "上海市长宁区", "cluster": "CL:1", "top_reason": "11 enterprises at this address"}
    assert watch_item({**ROW, "reasons": None})["top_reason"] is None


def test_an_unknown_enterprise_is_not_found() -> None:
    assert find(FixedStore(enterprise_risk=[]), "CN:x") is None
    assert find(FixedStore(enterprise_risk=[{"id": "CN:1", "asked": "NAME:x"}]), "NAME:x") == {"id": "CN:1",
                                                                                               "asked": "NAME:x"}


def test_the_watchlist_pages_one_level_and_counts_it() -> None:
    store = FixedStore(enterprise_watchlist=[ROW], enterprise_watchlist_count=[{"n": 57}])
    items, total = watchlist(store, "red", 20, 11)
    assert total == 57 and [i["id"] for i in items] == ["CN:1"]
    assert store.calls[0] == ("enterprise_watchlist", {"level": "red", "skip": 20, "limit": 11})


def cluster(cid: str, rank: int, links: str | None) -> dict[str, Any]:
    return {"id": cid, "rank": rank, "size": 3, "score": 3.1, "mean_score": 0.8, "red": 2, "density": 1.0,
            "links": links, "division": "310105", "scored_at": "2026-01-01"}


def test_clusters_list_their_riskiest_members_up_to_the_number_asked() -> None:
    members = [{"cluster": "CL:1", "id": f"CN:{i}", "name": f"m{i}", "level": "red", "score": 1 - i / 10}
               for i in range(4)] + [{"cluster": "CL:2", "id": "CN:9", "name": "m9", "level": None, "score": None}]
    store = FixedStore(cluster_top=[cluster("CL:1", 1, '{"address": 3}'), cluster("CL:2", 2, None),
                                    cluster("CL:3", 3, None)],
                       cluster_members=members, cluster_count=[{"n": 12}])
    items, total = top_clusters(store, 0, 3, 2, members=2)
    assert total == 12
    assert [m["id"] for m in items[0]["top_members"]] == ["CN:0", "CN:1"]
    assert items[0]["top_members"][0] == {"id": "CN:0", "name": "m0", "level": "red", "score": 1.0}
    assert items[0]["links"] == {"address": 3} and items[1]["links"] == {}
    assert "scored_at" not in items[0]
    assert items[2]["top_members"] == []
    assert ("cluster_members", {"ids": ["CL:1", "CL:2"]}) in store.calls  # only the clusters shown


def test_clusters_without_members_asked_do_not_read_members() -> None:
    store = FixedStore(cluster_top=[cluster("CL:1", 1, None)], cluster_count=[{"n": 1}])
    items, _ = top_clusters(store, 0, 2, 1, members=0)
    assert items[0]["top_members"] == []
    assert "cluster_members" not in [c[0] for c in store.calls]


def test_a_division_counts_its_enterprises_by_level_and_lists_its_districts() -> None:
    district = {"code": "310105", "name": "长宁区", "level": "district", "total": 9, "red": 2, "yellow": 1, "green": 6}
    store = FixedStore(region_get=[{"id": "DIV:310000", "code": "310000", "name": "上海市", "level": "province",
                                    "total": 10, "red": 3, "yellow": None, "green": 6, "parent": None}],
                       region_top_enterprises=[ROW], region_children=[district])
    found = region(store, "310000", 0, 21, 200)
    assert found is not None
    assert found.counts == {"total": 10, "red": 3, "yellow": 0, "green": 6}
    assert found.scored == 9 and found.divisions == [district]
    assert found.top[0]["top_reason"] == "11 enterprises at this address"
    assert ("region_children", {"id": "DIV:310000", "limit": 200}) in store.calls


def test_an_unknown_division_is_none() -> None:
    assert region(FixedStore(region_get=[]), "999999", 0, 10, 10) is None
