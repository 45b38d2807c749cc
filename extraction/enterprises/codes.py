"""Register codes: the Chinese unified social credit code (GB 32100-2015) and UK company numbers.

A code that fails its check is kept with a flag and the reason, never dropped: registers and users
make typos, and the regulator needs to see them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.common.names import fold

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
# Letters the standard excludes, and the digits OCR and typists confuse them with.
MISREAD = {"I": "1", "O": "0", "S": "5", "V": "U", "Z": "2"}
UK_NUMBER = re.compile(r"^(\d{8}|[A-Z]{2}\d{6}|R0\d{6})$")
SEPARATORS = re.compile(r"[\s\-_./\u3000]+")


@dataclass(frozen=True, slots=True)
class CodeCheck:
    code: str  # normalised form (what the node id uses)
    valid: bool
    issue: str = ""  # why it is not valid, in plain words


def clean_code(raw: str | None) -> str:
    """NFKC (full-width to ASCII), separators removed, upper case."""
    return SEPARATORS.sub("", fold(raw or "")).upper()


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_check_char(body8: str) -> str:
    """GB 11714 organisation-code check character of the 8-character body."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def check_uscc(raw: str | None) -> CodeCheck:
    code = clean_code(raw)
    if not code:
        return CodeCheck("", False, "missing")
    if len(code) != 18:
        return CodeCheck(code, False, f"{len(code)} characters, a unified social credit code has 18")
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        hint = ", ".join(f"{c} (perhaps {MISREAD[c]})" if c in MISREAD else c for c in bad)
        return CodeCheck(code, False, f"characters not allowed in the code: {hint}")
    if not USCC_SHAPE.match(code):
        return CodeCheck(code, False, "positions 3-8 must be a 6-digit division code")
    expected = uscc_check_char(code[:17])
    if expected != code[17]:
        return CodeCheck(code, False, f"check character is {code[17]}, GB 32100-2015 gives {expected}")
    return CodeCheck(code, True)


def uscc_division(code: str) -> str | None:
    """Division code of the registering authority (positions 3-8), when the code has that shape."""
    return code[2:8] if len(code) == 18 and code[2:8].isdigit() else None


def make_uscc(first17: str) -> str:
    return first17 + uscc_check_char(first17)


def regno_check_digit(first14: str) -> int:
    """ISO 7064 MOD 11,10 check digit of a 15-digit registration number (GS 15-2006) over its first 14."""
    p = 10
    for ch in first14:
        s = (p + int(ch)) % 10 or 10
        p = (s * 2) % 11
    return (11 - p) % 10


def check_reg_no(raw: str | None) -> CodeCheck:
    """The 15-digit 注册号 of before 2015 (6-digit authority division, 8-digit sequence, 1 check digit by
    ISO 7064 MOD 11,10). A 15-character number with letters is a provincial legacy form: kept, unchecked."""
    code = clean_code(raw)
    if not code:
        return CodeCheck("", False, "missing")
    if len(code) != 15:
        return CodeCheck(code, False, f"{len(code)} characters, a registration number has 15 digits")
    if not code.isdigit():
        return CodeCheck(code, False, "not all digits: a legacy provincial number, its check is not known")
    expected = regno_check_digit(code[:14])
    if expected != int(code[14]):
        return CodeCheck(code, False, f"check digit is {code[14]}, ISO 7064 MOD 11,10 gives {expected}")
    return CodeCheck(code, True)


def check_org_code(raw: str | None) -> CodeCheck:
    """The 9-character organisation code (GB 11714, printed XXXXXXXX-X)."""
    code = clean_code(raw)
    if len(code) != 9 or not code.isalnum():
        return CodeCheck(code, False, "an organisation code has 8 characters and a check character")
    expected = org_check_char(code[:8])
    if expected != code[8]:
        return CodeCheck(code, False, f"check character is {code[8]}, GB 11714 gives {expected}")
    return CodeCheck(code, True)


def check_uk_number(raw: str | None) -> CodeCheck:
    """Companies House number: 8 digits, or a 2-letter prefix and 6 digits; pure digits re-padded."""
    code = clean_code(raw)
    if not code:
        return CodeCheck("", False, "missing")
    if code.isdigit() and len(code) < 8:
        code = code.zfill(8)  # spreadsheets drop the leading zeros
    if not UK_NUMBER.match(code):
        return CodeCheck(code, False, "a UK company number is 8 digits or 2 letters and 6 digits")
    return CodeCheck(code, True)


def looks_like_uscc(text: str) -> bool:
    code = clean_code(text)
    return len(code) == 18 and code[2:8].isdigit()
