"""Industries: 经营范围 text classified into GB/T 4754 sections by the keywords of a data file;
UK SIC 2007 codes placed in their sections by the division ranges of another."""

from __future__ import annotations

import re
from functools import lru_cache

from extraction.common.names import fold
from extraction.common.vocab import load_yaml, read_tsv


@lru_cache
def _scope_matcher() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    raw = load_yaml("enterprises", "industry_keywords.yaml")
    word_section: dict[str, str] = {}
    names: dict[str, str] = {}
    for section, spec in raw["sections"].items():
        names[section] = spec["name"]
        for word in spec["keywords"]:
            word_section.setdefault(fold(word), section)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(word_section, key=len, reverse=True)))
    return pattern, word_section, names


def classify_scope(scope: str) -> list[str]:
    """GB/T 4754 section letters the scope mentions, in order of first mention (the primary first)."""
    pattern, word_section, _ = _scope_matcher()
    seen: dict[str, None] = {}
    for m in pattern.finditer(fold(scope or "")):
        seen.setdefault(word_section[m.group()], None)
    return list(seen)


def industry_id(system: str, section: str) -> str:
    return f"IND:{system}:{section}"


def section_name(system: str, section: str) -> str:
    if system == "GBT4754":
        return _scope_matcher()[2].get(section, section)
    rows = read_tsv("enterprises", "sic_sections.tsv")
    return next((r["name"] for r in rows if r["section"] == section), section)


@lru_cache
def _sic_ranges() -> tuple[tuple[int, int, str], ...]:
    return tuple((int(r["from"]), int(r["to"]), r["section"]) for r in read_tsv("enterprises", "sic_sections.tsv"))


def parse_sic(text: str) -> tuple[str, str, str] | None:
    """'62012 - Business and domestic software development' -> ('62012', 'J', description);
    None for 'None Supplied' and malformed values."""
    raw = fold(text or "").strip()
    code, _, desc = raw.partition(" - ")
    code = code.strip()
    if not code.isdigit() or len(code) not in (4, 5):
        return None
    division = int(code[:2])
    for low, high, section in _sic_ranges():
        if low <= division <= high:
            return code, section, desc.strip()
    return None
