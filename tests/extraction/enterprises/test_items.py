"""Entries of a register's lists: a date an entry needs is named as missing or as unreadable."""

from __future__ import annotations

import pytest

from extraction.enterprises.items import BadItem, abnormal_node, change_node, penalty_node
from graph.records import Node

ENT = Node("Enterprise", "CN:91310115MA1K00015K")


@pytest.mark.parametrize(("build", "fields", "label"), [
    (abnormal_node, {"reason": "通过登记的住所无法联系"}, "列入日期"),
    (penalty_node, {"number": "沪市监罚〔2021〕1号"}, "penalty decision date"),
    (change_node, {"item": "住所变更"}, "变更日期"),
])
def test_a_missing_date_is_named_missing_and_a_bad_one_unreadable(build, fields: dict, label: str) -> None:
    for missing in ({}, {"date": None}, {"date": "  "}):
        with pytest.raises(BadItem, match=rf"^{label} is missing$"):
            build(ENT, {**fields, **missing}, None)
    for bad in ("不详", "2021-02-30"):
        with pytest.raises(BadItem, match=rf"^{label} '{bad}' is not a date$"):
            build(ENT, {**fields, "date": bad}, None)
    node = build(ENT, {**fields, "date": "2021年3月5日"}, None)
    assert "2021-03-05" in node.props.values()
