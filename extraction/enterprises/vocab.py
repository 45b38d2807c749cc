"""The enterprise domain's data files (extraction/enterprises/data/), loaded once per process."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from extraction.common.names import fold

DATA = Path(__file__).resolve().parent / "data"


@lru_cache
def load_yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def read_tsv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, (ln.split("\t") + [""] * len(header))[: len(header)], strict=True)) for ln in lines[1:]]


@lru_cache
def field_aliases(section: str) -> dict[str, tuple[str, ...]]:
    """canonical field -> folded, lower-case aliases for one record type of fields.yaml."""
    raw = load_yaml("fields.yaml")[section]
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


@lru_cache
def vocab() -> dict[str, Any]:
    return load_yaml("vocab.yaml")


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
