"""Dates as records write them, read to ISO (YYYY-MM-DD): the one date reader of every domain.

`parse_date` reads a value that is a date:
  2016-03-24, 2016-3-24, 2016/03/24, 2016.3.24, 2016年03月24日, 2016 年 3 月 24 日 (full-width too);
  the same with a time or zone after it (2016-03-24T08:30:00+08:00, 2016-03-24 08:30): the date as written;
  20160324; 二〇一六年三月二十四日;
  epoch seconds (9 or 10 digits) and milliseconds (12 or 13 digits), int or digit string: the UTC date;
  .NET JSON /Date(1458777600000)/ (UTC) and /Date(1458792000000-0400)/ (the date at that offset);
  24/03/2016 and 03/24/2016 (or with - or .): read the one way that is a date; when both are
  (05/03/2016), day first or month first as the caller says, else not read;
  24 March 2016, 24 Mar 2016, March 24, 2016.
Open ends of a term (长期, 永久, 无固定期限, 长期有效 …) are OPEN_END when the caller accepts them, else None;
9999-12-31 reads as itself, which is OPEN_END. Anything else is None, never an exception.

`find_dates` finds the dates written year-month-day inside a text, with their spans.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Literal

from core.errors import RecordRejected
from extraction.common.names import fold, fold_same_length
from extraction.common.numerals import chinese_int

OPEN_END = "9999-12-31"  # an end that never comes; sorts after every real date
OPEN_WORDS = frozenset({"长期", "长期有效", "永久", "永久有效", "无固定期限", "无期限", "不定期"})
EPOCH_YEARS = (1900, 2100)  # epoch numbers and .NET dates outside these years are not dates
# After a date only a non-digit may follow (a time, a zone, a weekday); "2019-03-051" is no date.
YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?!\d)")
COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
NUMERIC_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?!\d)")
CN_YMD = re.compile(r"([〇○零OＯ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
DOTNET = re.compile(r"\\?/Date\((-?\d+)(?:([+-])(\d{2})(\d{2}))?\)\\?/")
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
          "oct": 10, "nov": 11, "dec": 12, "january": 1, "february": 2, "march": 3, "april": 4, "june": 6,
          "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12}
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]{3,9})\.?[\s\-/.,]*(\d{4})(?!\d)", re.I)
MONTH_DAY_YEAR = re.compile(r"([a-z]{3,9})\.?\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})(?!\d)", re.I)
# A date inside running text, year first (for composing larger patterns: groups are year, month, day).
YMD_IN_TEXT = re.compile(r"(\d{4})\s*[年\-/.．]\s*(\d{1,2})\s*[月\-/.．]\s*(\d{1,2})\s*日?")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _from_epoch(ms: int, offset_minutes: int = 0) -> str | None:
    try:
        moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)
        day = moment.astimezone(timezone(timedelta(minutes=offset_minutes))).date()
    except (OverflowError, ValueError):
        return None
    return day.isoformat() if EPOCH_YEARS[0] <= day.year <= EPOCH_YEARS[1] else None


def _digits(text: str) -> str | None:
    """20160324, or an epoch count: 9-10 digits are seconds, 12-13 milliseconds."""
    if len(text) == 8:
        y, m, d = COMPACT.fullmatch(text).groups()  # type: ignore[union-attr]
        return _iso(int(y), int(m), int(d))
    if len(text) in (9, 10):
        return _from_epoch(int(text) * 1000)
    if len(text) in (12, 13):
        return _from_epoch(int(text))
    return None


def _day_month(a: int, b: int, y: int, dayfirst: bool | None) -> str | None:
    as_dmy, as_mdy = _iso(y, b, a), _iso(y, a, b)
    if as_dmy and as_mdy and as_dmy != as_mdy:  # 05/03/2016: March 5 or May 3 as the source writes them
        return None if dayfirst is None else as_dmy if dayfirst else as_mdy
    return as_dmy or as_mdy


def _chinese(y: str, m: str, d: str) -> str | None:
    year, month, day = chinese_int(y), chinese_int(m), chinese_int(d)
    return _iso(year, month, day) if year is not None and month is not None and day is not None else None


def _read(text: str, dayfirst: bool | None) -> str | None:
    if text.isdigit():
        return _digits(text)
    if m := YMD.match(text):
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := NUMERIC_DMY.match(text):
        return _day_month(int(m.group(1)), int(m.group(2)), int(m.group(3)), dayfirst)
    if m := DOTNET.fullmatch(text):
        offset = int(m.group(3) or 0) * 60 + int(m.group(4) or 0)
        return _from_epoch(int(m.group(1)), -offset if m.group(2) == "-" else offset)
    if m := CN_YMD.match(text):
        return _chinese(*m.groups())
    if (m := DAY_MONTH_YEAR.match(text)) and m.group(2).lower() in MONTHS:
        return _iso(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    if (m := MONTH_DAY_YEAR.match(text)) and m.group(1).lower() in MONTHS:
        return _iso(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    return None


def parse_date(value: object, *, dayfirst: bool | None = None, unknown: Collection[str] = (),
               open_end: bool = False) -> str | None:
    """The ISO date `value` writes (see the module docstring for the shapes), else None.

    dayfirst: how to read a numeric date that is a date both ways (05/03/2016): True day first (UK),
      False month first (US), None not at all.
    unknown: ISO dates a source writes for "no date" (NHTSA's 1901-01-01): read as None.
    open_end: read 长期 / 永久 / 无固定期限 / 长期有效 … as OPEN_END (else None).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        found: str | None = value.isoformat()
    elif isinstance(value, float):
        found = _digits(str(int(value))) if value.is_integer() else None
    elif isinstance(value, int):
        found = _digits(str(value))
    else:
        text = fold(str(value))
        if text.replace(" ", "") in OPEN_WORDS:
            return OPEN_END if open_end else None
        found = _read(text, dayfirst)
    return None if found in unknown else found


def find_dates(text: str, numerals: Literal["arabic", "chinese"] = "arabic",
               years: tuple[int, int] = (1949, 2100)) -> list[tuple[str, int, int]]:
    """(ISO date, start, end) of each date written year first in `text`, in order, full-width digits
    read too: 2016-3-24, 2016/03/24, 2016.3.24, 2016年3月24日 (`numerals` "arabic") or
    二〇一六年三月二十四日 ("chinese"). Dates outside `years` and impossible dates are skipped."""
    folded = fold_same_length(text or "")
    out = []
    for m in (YMD_IN_TEXT if numerals == "arabic" else CN_YMD).finditer(folded):
        if numerals == "arabic":
            found = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            found = _chinese(*m.groups())
        if found and years[0] <= int(found[:4]) <= years[1]:
            out.append((found, m.start(), m.end()))
    return out


def find_date(text: str, years: tuple[int, int] = (1949, 2100)) -> str | None:
    """The first date written year first (Arabic numerals) in `text`, e.g. "发布时间：2019年3月5日"."""
    found = find_dates(text, "arabic", years)
    return found[0][0] if found else None


def required_date(value: object, what: str, **options: Any) -> str:
    """parse_date for a date a record cannot do without: a missing value and an unreadable one are told
    apart in the reason (a person fixes the first by adding a column, the second by correcting a cell)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RecordRejected(f"{what} is missing")
    when = parse_date(value, **options)
    if when is None:
        raise RecordRejected(f"{what} {value!r} is not a date")
    return when
