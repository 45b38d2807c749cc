"""Normalisers for register values: names, capital amounts, dates, phones, e-mail, person names."""

from __future__ import annotations

import re
from datetime import date

from extraction.common.names import fold, name_key
from extraction.enterprises.vocab import vocab

SPACES = re.compile(r"\s+")
CJK = re.compile(r"[\u3400-\u9fff]")
AMOUNT = re.compile(r"(-?\d+(?:\.\d+)?)\s*(亿|万|千)?")
DATE_PATTERNS = (
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"), "ymd"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), "dmy"),
)
EMAIL = re.compile(r"^[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}$")


def display_name(name: str) -> str:
    """A name as shown: NFKC-folded (full-width letters and brackets to ASCII), spaces collapsed,
    no spaces between Chinese characters."""
    text = SPACES.sub(" ", fold(name))
    return re.sub(r"(?<=[\u3400-\u9fff()]) (?=[\u3400-\u9fff()])", "", text)


def enterprise_key(name: str) -> str:
    return name_key(display_name(name))


def parse_amount(text: object) -> tuple[float | None, str | None]:
    """Capital or fine in 万 (ten thousands) of its currency: "100万元" -> (100, CNY),
    "50万美元" -> (50, USD), "1,000,000元" -> (100, CNY), "2亿" -> (20000, CNY). A bare number in a
    register capital column is in 万元 already, which is how the registers publish it."""
    if text is None:
        return None, None
    if isinstance(text, (int, float)):
        return float(text), "CNY"
    raw = fold(str(text)).replace(",", "").replace(" ", "")
    m = AMOUNT.search(raw)
    if not m:
        return None, None
    value = float(m.group(1))
    unit = m.group(2)
    rest = raw[m.end():]
    if unit == "亿":
        value *= 10_000
    elif unit == "千":
        value /= 10
    elif unit is None and rest.startswith("元"):
        value /= 10_000  # plain yuan
    currency = "CNY"
    for code, words in vocab()["currency"].items():
        if code != "CNY" and any(w in raw for w in words):
            currency = code
            break
    return round(value, 4), currency


def parse_date(text: object, dayfirst: bool = True) -> str | None:
    """ISO date from the forms registers use: 2019-03-05, 2019/3/5, 2019年3月5日, 20190305,
    05/03/2019 (day first, as Companies House writes it), with a time part ignored."""
    if text is None:
        return None
    raw = fold(str(text)).strip().split(" ")[0].split("T")[0]
    for pattern, order in DATE_PATTERNS:
        m = pattern.match(raw)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups())
        if order == "ymd":
            y, mo, d = a, b, c
        else:
            d, mo, y = (a, b, c) if dayfirst else (b, a, c)
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            return None
    return None


def normalise_phone(text: object) -> str | None:
    """Digits only; +86 / 0086 / +44 country prefixes removed (UK numbers get their leading 0 back);
    extension dropped. None when fewer than 7 digits remain."""
    if not text:
        return None
    raw = fold(str(text)).lower()
    raw = re.split(r"(?:ext|转|x)\.?", raw)[0]
    digits = re.sub(r"\D", "", raw)
    if raw.strip().startswith(("+86", "0086")) or (digits.startswith("86") and len(digits) == 13):
        digits = digits[2:] if digits.startswith("86") else digits[4:]
    elif raw.strip().startswith(("+44", "0044")):
        digits = "0" + (digits[2:] if digits.startswith("44") else digits[4:])
    return digits if len(digits) >= 7 else None


def normalise_email(text: object) -> str | None:
    if not text:
        return None
    raw = fold(str(text)).strip().lower().replace("(at)", "@").replace("[at]", "@")
    return raw if EMAIL.match(raw) else None


def person_name(text: object) -> str:
    """Folded; Chinese names without inner spaces; Latin names in title case without their titles."""
    raw = display_name(str(text or ""))
    if CJK.search(raw):
        return raw.replace(" ", "")
    titles = set(vocab()["person_titles"])
    words = [w for w in re.split(r"[\s,]+", raw) if w and w.lower().rstrip(".") not in titles]
    return " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in words)


def mask_id_number(text: object) -> str | None:
    """Resident ID numbers are published masked (e.g. 3301**********1234): keep only the visible head
    and tail, which is what the register shows and what tells two same-name people apart."""
    if not text:
        return None
    raw = fold(str(text)).upper().replace(" ", "")
    if len(raw) < 8:
        return None
    head = re.match(r"^[0-9X]+", raw)
    tail = re.search(r"[0-9X]+$", raw)
    if not head or not tail or len(head.group()) < 4 or len(tail.group()) < 4:
        return None
    return f"{head.group()[:4]}*{tail.group()[-4:]}"
