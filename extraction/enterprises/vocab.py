"""The enterprise domain's vocabularies (extraction/enterprises/data/, read by extraction.common.vocab):
register field aliases and the word tables of vocab.yaml."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from extraction.common.names import fold
from extraction.common.vocab import load_yaml


@lru_cache
def field_aliases(section: str) -> dict[str, tuple[str, ...]]:
    """canonical field -> folded, lower-case aliases for one record type of fields.yaml."""
    raw = load_yaml("enterprises", "fields.yaml")[section]
    return {field: tuple(fold(a).lower() for a in aliases) for field, aliases in raw.items()}


def pick(record: dict[str, Any], section: str) -> dict[str, Any]:
    """The record's values under canonical names (first alias present and non-empty wins)."""
    folded = {fold(str(k)).lower().strip(): v for k, v in record.items()}
    out: dict[str, Any] = {}
    for field, aliases in field_aliases(section).items():
        for alias in aliases:
            value = folded.get(alias)
            if value not in (None, "", [], "-", "--", "无", "null", "None"):
                out[field] = value
                break
    return out


def known_fields(section: str) -> set[str]:
    return {a for aliases in field_aliases(section).values() for a in aliases}


def vocab() -> dict[str, Any]:
    return load_yaml("enterprises", "vocab.yaml")


@lru_cache
def word_table(section: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(code, regex of its words) for a {code: [words]} section of vocab.yaml, in file order."""
    out = []
    for code, words in vocab()[section].items():
        if isinstance(words, dict):
            words = words["words"]
        alternation = "|".join(re.escape(fold(w).lower()) for w in sorted(words, key=len, reverse=True))
        out.append((code, re.compile(alternation)))
    return tuple(out)


def classify_words(section: str, text: str) -> str | None:
    low = fold(text).lower()
    for code, pattern in word_table(section):
        if pattern.search(low):
            return code
    return None
