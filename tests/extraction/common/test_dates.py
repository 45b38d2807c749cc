"""The one date reader: every shape records write, each read from at least two differently written values."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from extraction.common.dates import OPEN_END, find_date, find_dates, parse_date

DAY = "2016-03-24"


@pytest.mark.parametrize("raw", [
    # ISO and year-first with other separators, one-digit parts, spaces, full-width characters
    "2016-03-24", "2016-3-24", "2016/03/24", "2016/3/24", "2016.3.24", "2016.03.24", " 2016 - 3 - 24 ",
    "２０１６－０３－２４",
    # compact
    "20160324", 20160324, 20160324.0,
    # Chinese, Arabic and Chinese numerals
    "2016年03月24日", "2016年3月24日", "2016 年 3 月 24 日", "２０１６年３月２４日", "二〇一六年三月二十四日",
    "二○一六年三月二十四日",
    # epoch milliseconds and seconds (UTC date), number or digit string
    1458777600000, "1458777600000", 1458777600, "1458777600", 1458777600.0,
    # .NET JSON dates: UTC, or the date at the written offset
    "/Date(1458777600000)/", "\\/Date(1458777600000)\\/", "/Date(1458792000000-0400)/", "/Date(1458748800000+0800)/",
    # ISO with a time and a zone: the date as written
    "2016-03-24T08:30:00+08:00", "2016-03-24T23:59:59Z", "2016-03-24T08:30:00.123-05:00", "2016-03-24 08:30:00",
    # numeric day and month that can be read one way only
    "03/24/2016", "3/24/2016", "24/03/2016", "24.03.2016", "24-3-2016",
    # English month names
    "24 March 2016", "24 Mar 2016", "24th March 2016", "24-MAR-2016", "March 24, 2016", "Mar. 24 2016",
    # date and datetime values
    date(2016, 3, 24), datetime(2016, 3, 24, 10, 30),
])
def test_every_shape_reads_the_same_day(raw: object) -> None:
    assert parse_date(raw) == DAY
    assert parse_date(raw, dayfirst=True) == parse_date(raw, dayfirst=False) == DAY


def test_a_dotnet_date_is_the_day_at_its_offset() -> None:
    # 1458777600000 is midnight UTC, 19:00 of the day before in UTC-5
    assert parse_date("/Date(1458777600000-0500)/") == "2016-03-23"
    assert parse_date("/Date(1458777600000+0000)/") == "2016-03-24"


@pytest.mark.parametrize(("raw", "dayfirst", "expected"), [
    ("05/03/2016", True, "2016-03-05"), ("05.03.2016", True, "2016-03-05"),
    ("05/03/2016", False, "2016-05-03"), ("05-03-2016", False, "2016-05-03"),
    ("05/03/2016", None, None), ("5.3.2016", None, None),
    ("05/05/2016", None, "2016-05-05"), ("12/12/2016", None, "2016-12-12"),  # both readings are one day
])
def test_ambiguous_numeric_dates_follow_the_caller(raw: str, dayfirst: bool | None, expected: str | None) -> None:
    assert parse_date(raw, dayfirst=dayfirst) == expected


@pytest.mark.parametrize("raw", ["长期", "永久", "无固定期限", "长期有效", " 长 期 ", "永久有效"])
def test_open_ends_are_explicit_only_when_asked(raw: str) -> None:
    assert parse_date(raw) is None
    assert parse_date(raw, open_end=True) == OPEN_END


@pytest.mark.parametrize("raw", ["9999-12-31", "99991231", "9999年12月31日"])
def test_the_far_end_date_is_the_open_end(raw: str) -> None:
    assert parse_date(raw) == OPEN_END == parse_date(raw, open_end=True)


@pytest.mark.parametrize("raw", ["19010101", "1901-01-01"])
def test_a_source_s_no_date_value_reads_as_none(raw: str) -> None:
    assert parse_date(raw, unknown=("1901-01-01",)) is None
    assert parse_date(raw) == "1901-01-01"


@pytest.mark.parametrize("raw", [
    None, "", "   ", "不是日期", "garbage", "2016-02-30", "2016-13-01", "00000000", "99999999", "2019-03-051",
    "1234567", "12345678901", "1" * 20, 10**20, 2016, 12, 1.5, float("nan"), float("inf"), True, False,
    "/Date(abc)/", "/Date(99999999999999999999)/", "/Date(-99999999999999)/", "March 32, 2016", "Smarch 3, 2016",
    "32/13/2016", "二〇一六年十三月一日", "一般", object(), ["2016-03-24"],
])
def test_garbage_is_none_never_an_error(raw: object) -> None:
    assert parse_date(raw) is None
    assert parse_date(raw, dayfirst=True, open_end=True) is None


def test_dates_found_in_text_with_their_spans() -> None:
    text = "生产日期为2016年3月1日至２０１７年２月２８日的部分车辆"
    assert find_dates(text) == [("2016-03-01", 5, 14), ("2017-02-28", 15, 25)]
    assert find_dates("二〇一九年五月二十日 书记员 二○二一年十二月三十一日", "chinese") == [
        ("2019-05-20", 0, 10), ("2021-12-31", 15, 27)]


def test_dates_in_text_outside_the_years_or_impossible_are_skipped() -> None:
    assert find_dates("1900-01-01，2016-02-30，2016/2/29") == [("2016-02-29", 22, 31)]
    assert find_dates("1900年1月1日", years=(1800, 2000)) == [("1900-01-01", 0, 9)]


@pytest.mark.parametrize(("text", "expected"), [
    ("发布时间：2019年3月5日", "2019-03-05"), ("2019-03-05 10:00", "2019-03-05"), ("自2019．3．5起", "2019-03-05"),
    ("没有日期", None), ("", None),
])
def test_the_first_date_of_a_text(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


def test_a_required_date_says_missing_or_unreadable() -> None:
    import pytest

    from core.errors import RecordRejected
    from extraction.common.dates import required_date

    assert required_date("2016年03月24日", "verdict date") == "2016-03-24"
    assert required_date("24/03/2016", "verdict date", dayfirst=True) == "2016-03-24"
    for missing in (None, "", "   "):
        with pytest.raises(RecordRejected, match=r"^verdict date is missing$"):
            required_date(missing, "verdict date")
    for bad in ("soon", "2019-02-30"):
        with pytest.raises(RecordRejected, match=rf"^verdict date '{bad}' is not a date$"):
            required_date(bad, "verdict date")
