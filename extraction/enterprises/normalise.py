"""Normalisers for register values: names, phones, e-mail, person names (dates and amounts:
extraction.common.dates and extraction.common.money)."""

from __future__ import annotations

import re

from extraction.common.names import fold, name_key
from extraction.enterprises.vocab import vocab

SPACES = re.compile(r"\s+")
CJK = re.compile(r"[\u3400-\u9fff]")
EMAIL = re.compile(r"^[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}$")


def display_name(name: str) -> str:
    """A name as shown: NFKC-folded (full-width letters and brackets to ASCII), spaces collapsed,
    no spaces between Chinese characters."""
    text = SPACES.sub(" ", fold(name))
    return re.sub(r"(?<=[\u3400-\u9fff()]) (?=[\u3400-\u9fff()])", "", text)


def enterprise_key(name: str) -> str:
    return name_key(display_name(name))


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
