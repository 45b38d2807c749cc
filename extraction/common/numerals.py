"""Whole numbers in a record's text: written in digits (a count or a speed, "74", "74.0", "1,200"), and
written in Chinese numerals: the everyday forms (二〇一六, 二十四, 一千二百万) and the financial 大写 forms of
contracts and registers (壹佰万, 贰仟叁佰肆拾伍万陆仟柒佰捌拾玖)."""

from __future__ import annotations

import math

INT64 = 2**63  # what both engines store as an integer

DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
          "三": 3, "叁": 3, "參": 3, "叄": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
          "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
MYRIADS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(MYRIADS)


def chinese_int(text: str) -> int | None:
    """The integer a Chinese numeral writes, or None when `text` is not one.

    Read digit by digit when it has no unit characters (二〇一六 -> 2016, as years are written), else
    positionally (二十四 -> 24, 十二 -> 12, 一千零五 -> 1005, 壹佰万 -> 1000000, 一亿二千万 -> 120000000).
    """
    if not text or any(ch not in NUMERAL_CHARS for ch in text) or all(ch in MYRIADS for ch in text):
        return None
    if not any(ch in UNITS or ch in MYRIADS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = section = 0  # total: whole 亿 groups done; section: the current group below them
    digit: int | None = None  # a digit waiting for its unit
    for ch in text:
        if ch in DIGITS:
            if digit:  # two non-zero digits in a row ("二三十") is no positional numeral
                return None
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]  # 十二: a leading unit counts one
            digit = None
        elif MYRIADS[ch] == 10**4:
            section = (section + (digit or 0)) * 10**4
            digit = None
        else:
            total = (total + section + (digit or 0)) * 10**8
            section, digit = 0, None
    return total + section + (digit or 0)


def whole_number(text: str | None) -> int | None:
    """A number written in digits as a whole number (a decimal part dropped, thousands commas allowed);
    None for text that is no number or one no engine stores ("inf", "-1e309", 1e30)."""
    if not text or not text.strip():
        return None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return None
    if not math.isfinite(number) or abs(number) >= INT64:
        return None
    return int(number)
