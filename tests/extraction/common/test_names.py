"""The one `fold` (and its span-keeping variant), and the name keys built on it."""

from __future__ import annotations

import pytest

from extraction.common.names import enterprise_id, fold, fold_same_length, name_key
from extraction.lawyers.ids import firm_key, license_id, person_key


@pytest.mark.parametrize(("raw", "expected"), [
    ("ＡＢＣ１２３", "ABC123"), ("Ｆｏｒｄ　Ｍｏｔｏｒ", "Ford Motor"),  # full-width to half-width
    ("上海宏盛（集团）有限公司", "上海宏盛(集团)有限公司"), ("（北京）", "(北京)"),  # brackets
    ("  张三 ", "张三"), ("\u3000上海 宏盛\u3000", "上海 宏盛"),  # trimmed, inner spaces kept
    (None, ""), ("", ""),
])
def test_fold_trims(raw: str | None, expected: str) -> None:
    assert fold(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("北京 德和衡 律师事务所", "北京德和衡律师事务所"), ("北京\u3000德和衡（上海）\t律师事务所", "北京德和衡(上海)律师事务所"),
    (" １２３ ４５６ ", "123456"),
])
def test_fold_drops_spaces(raw: str, expected: str) -> None:
    assert fold(raw, spaces="drop") == expected


@pytest.mark.parametrize(("raw", "lower", "upper"), [
    ("Ford Motor", "ford motor", "FORD MOTOR"), ("ａｂ Ｃｄ", "ab cd", "AB CD"), ("No. 12", "no. 12", "NO. 12"),
])
def test_fold_case(raw: str, lower: str, upper: str) -> None:
    assert fold(raw, case="lower") == lower
    assert fold(raw, case="upper") == upper
    assert fold(raw, spaces="drop", case="upper") == upper.replace(" ", "")


@pytest.mark.parametrize(("raw", "expected"), [
    ("召回编号：Ｓ２０１９（１）", "召回编号:S2019(1)"), ("　２０１９年", " 2019年"),  # U+3000 is one space
    ("㈱丰田", "㈱丰田"),  # folds to several characters, so kept
])
def test_fold_same_length_keeps_spans(raw: str, expected: str) -> None:
    assert fold_same_length(raw) == expected
    assert len(fold_same_length(raw)) == len(raw)


def test_keys_built_on_fold() -> None:
    assert name_key("ＦＯＲＤ ＭＯＴＯＲ ＣＯ．") == name_key("Ford Motor Company")
    assert enterprise_id(code="  ９１３５０１００m０００１００y４３ ") == "CN:91350100M000100Y43"
    assert license_id("１１０１ 2019 1023 4567x") == license_id("11012019 10234567X") == "lawyer:lic:1101201910234567X"
    assert person_key("Ｊｏｈｎ　Ｓｍｉｔｈ") == person_key("john.smith") == "johnsmith"
    assert firm_key("北京市德和衡（上海）律师事务所") == firm_key("北京市 德和衡律师事务所 上海分所")
