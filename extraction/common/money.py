"""Amounts of money as registers and decisions write them: 100万元, 100 万元人民币, 50万美元, 1.5亿元,
人民币100万元, 1,000,000元, USD 2,000, and in 大写 numerals 壹佰万圆整, 贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整.

`parse_money` keeps the number, the magnitude word written after it (万, 亿 …) and the currency;
`parse_amount` is the registers' reading in 万 (ten thousands) of the currency."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extraction.common.names import fold
from extraction.common.numerals import DIGITS, MYRIADS, UNITS, chinese_int
from extraction.common.vocab import load_yaml

DEFAULT_CURRENCY = "CNY"
# the magnitude words written after a number, and what they multiply by
FACTORS = {"": 1, "百": 100, "千": 1000, "万": 10**4, "十万": 10**5, "百万": 10**6, "千万": 10**7, "亿": 10**8,
           "万亿": 10**12}
NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)(万亿|千万|百万|十万|亿|万|千|百)?")
FINANCIAL = set("壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟")  # 大写: written only for amounts
CN_NUMERAL = re.compile("[" + "".join(ch for ch in [*DIGITS, *UNITS, *MYRIADS] if not ch.isascii()) + "]+")
SIMPLIFIED = {"萬": "万", "億": "亿"}


@dataclass(frozen=True)
class Money:
    """`value` `unit`s of `currency`: 1.5亿元 is Money(1.5, "亿", "CNY"), 1,000,000元 Money(1000000.0, "", "CNY")."""

    value: float
    unit: str  # a key of FACTORS: "" for plain units of the currency
    currency: str  # ISO 4217

    @property
    def amount(self) -> float:
        """In plain units of the currency (yuan, dollars)."""
        return self.value * FACTORS[self.unit]

    def in_wan(self) -> float:
        """In 万 (ten thousands) of the currency."""
        factor = FACTORS[self.unit]
        return self.value * (factor // 10**4) if factor >= 10**4 else self.value / (10**4 // factor)


@cache
def _currency_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((code, tuple(fold(w, case="upper") for w in words))
                 for code, words in load_yaml("common", "currency.yaml").items())


def _currency(raw: str) -> tuple[str, bool]:
    """(the currency `raw` names, else CNY; whether it writes any currency word, 元 included)."""
    upper = raw.upper()
    named = [code for code, words in _currency_words() if any(w in upper for w in words)]
    return next((c for c in named if c != DEFAULT_CURRENCY), DEFAULT_CURRENCY), bool(named)


def _chinese(raw: str) -> tuple[float, str] | None:
    """(value, unit) of the first Chinese numeral that is an amount: written in 大写, or followed by a
    currency word (一百万元); "一般" or "十分" are not amounts."""
    for m in CN_NUMERAL.finditer(raw):
        run = m.group(0)
        after = raw[m.end():].upper()
        if not (FINANCIAL & set(run) or any(after.startswith(w) for _, words in _currency_words() for w in words)):
            continue
        head, last = run[:-1], run[-1]
        if last in MYRIADS and head and not MYRIADS.keys() & set(head) and chinese_int(head) is not None:
            return float(chinese_int(head)), SIMPLIFIED.get(last, last)  # 壹佰万: 100 万, unit kept
        value = chinese_int(run)
        if value is not None:
            return float(value), ""
    return None


def parse_money(text: object, *, bare_unit: str = "") -> Money | None:
    """The amount `text` writes, or None. The first Arabic number wins (with the magnitude word after it);
    without one, a Chinese numeral amount. The currency is the first one named (currency.yaml), else
    CNY. A number with neither a magnitude nor a currency word is in `bare_unit` (registers publish
    capital in 万元 without saying so)."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return Money(float(text), bare_unit, DEFAULT_CURRENCY)
    raw = fold(str(text), spaces="drop").replace(",", "")
    currency, written = _currency(raw)
    m = NUMBER.search(raw)
    if m:
        value, unit = float(m.group(1)), m.group(2) or ""
    else:
        found = _chinese(raw)
        if found is None:
            return None
        value, unit = found
    if not unit and not written:
        unit = bare_unit
    return Money(value, unit, currency)


def parse_amount(text: object) -> tuple[float | None, str | None]:
    """Capital or fine in 万 of its currency, as the registers' extractors keep it: "100万元" -> (100, CNY),
    "50万美元" -> (50, USD), "1,000,000元" -> (100, CNY), "2亿" -> (20000, CNY), "壹佰万圆整" -> (100, CNY).
    A bare number (a number value, or "100" with no unit or currency word) is in 万元 already, which is
    how the registers publish it."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text), DEFAULT_CURRENCY
    money = parse_money(text, bare_unit="万")
    return (round(money.in_wan(), 4), money.currency) if money else (None, None)
