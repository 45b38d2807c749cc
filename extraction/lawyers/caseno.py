"""Chinese case numbers: （2019）沪0101民初1234号 and its variants, parsed into year, court and type."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from extraction.lawyers.judgment_model import CaseNumber
from extraction.lawyers.vocab import vocab


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(vocab("case_types")["case_number_pattern"])


@cache
def case_types() -> dict[str, dict[str, str]]:
    """type code -> {name, stage, kind}."""
    out: dict[str, dict[str, str]] = {}
    for kind, codes in vocab("case_types").items():
        if isinstance(codes, dict):
            for code, spec in codes.items():
                out[code] = {**spec, "kind": kind}
    return out


def parse_case_number(text: str, start: int = 0, end: int | None = None) -> CaseNumber | None:
    """The first case number in text[start:end]; spaces and half-width brackets tolerated."""
    m = _pattern().search(text, start, len(text) if end is None else end)
    if not m:
        return None
    # full-width digits (２０１９) fold to ASCII; stray spaces inside the court code go
    year, court, type_code, seq = (unicodedata.normalize("NFKC", g) for g in m.group(1, 2, 3, 4))
    court = re.sub(r"\s+", "", court)
    types = case_types()
    if type_code not in types:  # the lazy group may stop short of a longer known code (执恢 vs 执)
        longer = [c for c in types if c.startswith(type_code)]
        type_code = next((c for c in sorted(longer, key=len, reverse=True) if c in text[m.start(3) : m.end()]),
                         type_code)
    normal = f"（{year}）{court}{type_code}{int(seq)}号"
    return CaseNumber(text=normal, year=int(year), court_code=court, type_code=type_code, seq=int(seq),
                      span=(m.start(), m.end()))


def normalise_case_number(text: str) -> str | None:
    """The canonical form of a case number a user typed, or None when it is not one."""
    parsed = parse_case_number(text or "")
    return parsed.text if parsed else None
