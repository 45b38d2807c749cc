"""Chinese numerals, everyday and 大写, as dates and amounts write them."""

from __future__ import annotations

import pytest

from extraction.common.numerals import chinese_int, whole_number


@pytest.mark.parametrize(("raw", "expected"), [
    ("二〇一六", 2016), ("二○二一", 2021), ("一九四九", 1949),  # digit by digit, as years
    ("十", 10), ("十二", 12), ("二十四", 24), ("三十一", 31),  # a leading 十 counts one
    ("一千零五", 1005), ("壹仟零伍", 1005), ("两百", 200),
    ("壹佰万", 1_000_000), ("一百万", 1_000_000), ("伍拾万", 500_000), ("十万", 100_000),
    ("贰仟叁佰肆拾伍万陆仟柒佰捌拾玖", 23_456_789), ("壹亿", 100_000_000), ("一亿二千万", 120_000_000),
])
def test_chinese_numerals(raw: str, expected: int) -> None:
    assert chinese_int(raw) == expected


@pytest.mark.parametrize("raw", ["", "万", "亿万", "二三十", "一般", "12", "十a"])
def test_not_numerals(raw: str) -> None:
    assert chinese_int(raw) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("74", 74), (" 74.0 ", 74), ("1,200", 1200), ("-3", -3), ("0", 0),
    ("", None), ("   ", None), (None, None), ("N/A", None), ("nan", None),
    ("inf", None), ("-1e309", None), ("1e30", None), ("1e19", None), ("9e18", 9 * 10**18),
])
def test_whole_numbers_written_in_digits(text: str | None, expected: int | None) -> None:
    # what no engine stores as an integer (infinite, beyond 64 bits) is no number, not a crash
    assert whole_number(text) == expected
