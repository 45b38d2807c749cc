"""Normalised search terms: the same function indexes names and parses what a user types."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[a-z0-9]+")
MAX_TERMS = 64
STOP_TERMS = frozenset(
    line.strip() for line in (Path(__file__).parent / "data" / "search_stop_terms.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


def normalise(text: str) -> str:
    """NFKC folds full-width forms to ASCII; lower-case; brackets unified."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return text.replace("（", "(").replace("）", ")")


def terms_for(text: str) -> list[str]:
    """Latin words and CJK character bigrams (single characters for one-character runs), deduplicated,
    without the stop terms (graph/data/search_stop_terms.txt)."""
    norm = normalise(text)
    out: list[str] = []
    for run in CJK.findall(norm):
        if len(run) == 1:
            out.append(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    out.extend(w for w in WORD.findall(norm) if len(w) > 1 or w.isdigit())
    seen: dict[str, None] = dict.fromkeys(t for t in out if t not in STOP_TERMS)
    return list(seen)[:MAX_TERMS]


def min_hits(terms: list[str], share: float = 0.6) -> int:
    """How many terms a candidate must carry: most of them, so one typo does not lose the match."""
    return max(1, round(len(terms) * share))
