"""Register values as the Chinese sources write them, read through the shared readers
(extraction.common.dates / money): dates in China time (epoch numbers are China-local midnights),
Excel serial dates, terms written in one value, open ends, capital with its unit and currency written
apart, identifiers that a spreadsheet turned into numbers, and status wordings."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from extraction.common.dates import OPEN_END, find_dates, parse_date
from extraction.common.money import parse_amount
from extraction.common.names import fold
from extraction.enterprises.vocab import vocab

CHINA_MS = 8 * 3600 * 1000  # epoch values in Chinese sources are midnights at UTC+8
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIALS = (10_000, 80_000)  # 1927 .. 2119
OPEN_WORDS = ("长期", "永久", "无固定期限", "不约定期限", "无期限", "无期", "长期有效", "永久有效", "不定期")
FAR_YEAR = 2900  # 29991231 and 9999-12-31 mean "no end"
EPOCH = re.compile(r"-?\d{9,13}")
BARE_NUMBER = re.compile(r"-?[\d,]+(?:\.\d+)?")
SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$", re.I)
TERM_OPEN_TAIL = re.compile(r"(至|到|~|～|—|－|/|-)\s*$")


def cn_date(value: Any, *, open_end: bool = False) -> str | None:
    """ISO date of a Chinese register value: everything parse_date reads, with epoch seconds and
    milliseconds read in China time, Excel serial day numbers (42453 = 2016-03-24), and the open ends
    长期 / 永久 / 无固定期限 / 不约定期限 / 29991231 / 9999-12-31 as OPEN_END when `open_end`, else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime | date):
        found = parse_date(value)
    elif isinstance(value, float) and not value.is_integer():
        return None
    else:
        text = fold(str(int(value) if isinstance(value, float) else value))
        if not text:
            return None
        if any(text.replace(" ", "").startswith(w) for w in OPEN_WORDS):
            return OPEN_END if open_end else None
        if EPOCH.fullmatch(text) and len(text.lstrip("-")) in (9, 10, 12, 13):
            n = int(text)
            ms = n * 1000 if len(text.lstrip("-")) <= 10 else n
            found = parse_date(datetime(1970, 1, 1) + timedelta(milliseconds=ms + CHINA_MS))
        elif text.isdigit() and len(text) == 5 and EXCEL_SERIALS[0] <= int(text) <= EXCEL_SERIALS[1]:
            found = (EXCEL_EPOCH + timedelta(days=int(text))).isoformat()
        else:
            found = parse_date(text, dayfirst=True, open_end=open_end)
    if found and found != OPEN_END and int(found[:4]) >= FAR_YEAR:
        found = OPEN_END
    if found == OPEN_END and not open_end:
        return None
    return found


def split_term(value: Any) -> tuple[str | None, str | None, bool]:
    """(start, end, open) of a term written in one value: 2016-03-24至2046-03-23, 2016年03月24日至长期,
    2016-03-24 至 无固定期限, 2016-03-24/ (open), 20160324-29991231."""
    if value is None:
        return None, None, False
    text = fold(str(value))
    dates = [d for d, _s, _e in find_dates(text, years=(1900, 9999))]
    if len(dates) < 2:
        dates += [d for d in (cn_date(m, open_end=True) for m in re.findall(r"(?<!\d)\d{8}(?!\d)", text)) if d]
    start = dates[0] if dates and dates[0] != OPEN_END and int(dates[0][:4]) < FAR_YEAR else None
    ends = [d for d in dates[1:]]
    if ends:
        end = ends[0]
        if end == OPEN_END or int(end[:4]) >= FAR_YEAR:
            return start, None, True
        return start, end, False
    is_open = any(w in text for w in OPEN_WORDS) or bool(start and TERM_OPEN_TAIL.search(text))
    return start, None, is_open


def ident_text(value: Any) -> tuple[str | None, str | None]:
    """An identifier as text, and why it is unusable: a spreadsheet keeps 15 significant digits, so a
    code written as 9.13101E+17 has lost its end."""
    if value is None:
        return None, None
    if isinstance(value, float):
        if not value.is_integer():
            return None, f"{value!r} is not an identifier"
        value = int(value)
    text = str(value).strip()
    if SCIENTIFIC.match(text.replace(" ", "")):
        return None, f"{text!r} was turned into a number by a spreadsheet and lost its last digits"
    return text or None, None


def capital(value: Any, currency: Any = None, unit: str | None = None) -> tuple[float | None, str | None]:
    """Capital in 万 of its currency. A bare number is in the unit its header wrote (注册资本(元)), else
    in 万 as registers publish it; a currency written apart (regCapCur_CN 美元, CNY) is added."""
    if value is None:
        return None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = f"{value:f}".rstrip("0").rstrip(".")
    text = fold(str(value), spaces="drop")
    if BARE_NUMBER.fullmatch(text):
        wanted = unit or "万"
        if wanted == "%":
            return None, None
        text += wanted  # 万, 万元, 万美元, 元 …: parse_amount reads the unit and any currency in it
    if currency not in (None, ""):
        cur = fold(str(currency), spaces="drop")
        amount, found = parse_amount(text)
        if amount is not None and found == "CNY" and not _names_currency(text):
            text += cur
    return parse_amount(text)


def _names_currency(text: str) -> bool:
    upper = text.upper()
    return any(w in upper for w in ("元", "圆", "人民币", "RMB", "CNY", "美", "USD", "港", "HKD", "欧", "EUR", "日元",
                                    "JPY", "英镑", "GBP", "$", "¥", "€", "£"))


def status_code(text: Any) -> str | None:
    """The status in a small set (active, revoked, cancelled, annulled, moved, suspended, liquidating,
    establishing, other) from the register's words (vocab.yaml status_words, first match wins)."""
    if text in (None, ""):
        return None
    low = fold(str(text), spaces="drop").lower()
    for code, words in vocab()["status_words"]:
        if any(fold(w, spaces="drop").lower() in low for w in words):
            return str(code)
    return "other"


def role_codes(role_text: str) -> list[str]:
    """Every role a 职务 names (执行董事兼总经理 -> director, manager), in the order written."""
    from extraction.enterprises.vocab import classify_words

    out: list[str] = []
    for part in re.split(r"[兼、,，/;；和及]", role_text):
        code = classify_words("officer_roles", part) if part.strip() else None
        if code and code not in out:
            out.append(code)
    return out
