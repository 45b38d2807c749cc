"""Identity of enterprises shared by every domain: a register code when known, else a name key.

Register ingest keys enterprises by code ("CN:<USCC>", "UK:<company number>"); a manufacturer in a
complaint or a party in a judgment known only by name gets "NAME:<name key>", and the enterprise
domain's resolution links such nodes to the registered enterprise (SAME_AS, with its evidence).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
PUNCT = re.compile(r"[\s\.,;:'\"()\[\]{}&/\\\-_·•]+")


@lru_cache
def _legal_forms() -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = yaml.safe_load((DATA / "legal_forms.yaml").read_text(encoding="utf-8"))
    zh = tuple(sorted((unicodedata.normalize("NFKC", s) for s in raw["zh"]), key=len, reverse=True))
    en = tuple(sorted(raw["en"], key=len, reverse=True))
    return zh, en


def fold(text: str) -> str:
    """Full-width to half-width, compatibility forms folded, Chinese brackets unified, trimmed."""
    return unicodedata.normalize("NFKC", text or "").strip()


def name_key(name: str) -> str:
    """Comparison key of an enterprise name: folded, lower-case, legal form and punctuation removed.

    "Ford Motor Company" and "FORD MOTOR CO." share a key, as do "上海某某科技有限公司" and
    "上海某某科技（有限公司）" written with full-width brackets.
    """
    text = fold(name).lower()
    zh_forms, en_forms = _legal_forms()
    changed = True
    while changed:  # "... Group Co., Ltd." carries several suffixes
        changed = False
        stripped = text.rstrip(" .,")
        for form in zh_forms:
            if stripped.endswith(form) and len(stripped) > len(form):
                text, changed = stripped[: -len(form)], True
                break
        else:
            for form in en_forms:
                if stripped.endswith(" " + form) or stripped.endswith("," + form):
                    text, changed = stripped[: -len(form)], True
                    break
    return PUNCT.sub("", text)


def enterprise_id(name: str | None = None, code: str | None = None, jurisdiction: str = "CN") -> str:
    """Node id of an Enterprise: by register code when there is one, else by name key."""
    if code:
        return f"{jurisdiction}:{fold(code).upper().replace(' ', '')}"
    key = name_key(name or "")
    if not key:
        raise ValueError("an enterprise needs a code or a name")
    return f"NAME:{key}"
