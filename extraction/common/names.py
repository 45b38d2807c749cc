"""Name folding, and the identity of enterprises shared by every domain: a register code when known,
else a name key.

Register ingest keys enterprises by code ("CN:<USCC>", "UK:<company number>"); a manufacturer in a
complaint or a party in a judgment known only by name gets "NAME:<name key>", and the enterprise
domain's resolution links such nodes to the registered enterprise (SAME_AS, with its evidence).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from extraction.common.vocab import load_yaml

PUNCT = re.compile(r"[\s\.,;:'\"()\[\]{}&/\\\-_·•]+")
SPACES = re.compile(r"\s+")  # U+3000 (ideographic space) included


@lru_cache
def _legal_forms() -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = load_yaml("common", "legal_forms.yaml")
    zh = tuple(sorted((fold(s) for s in raw["zh"]), key=len, reverse=True))
    en = tuple(sorted(raw["en"], key=len, reverse=True))
    return zh, en


def fold(text: str | None, *, spaces: Literal["trim", "drop"] = "trim",
         case: Literal["keep", "lower", "upper"] = "keep") -> str:
    """Text folded for comparison and display: full-width to half-width and compatibility forms folded
    (NFKC: ＡＢＣ１２３ -> ABC123, （）-> ()), then spaces trimmed at both ends ("trim") or removed
    everywhere ("drop"), and the case kept, lowered or raised.

    fold(" （北京）Ｆｏｒｄ ") == "(北京)Ford"; fold("ab 12 ３", spaces="drop", case="upper") == "AB123".
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = SPACES.sub("", text) if spaces == "drop" else text.strip()
    return text.lower() if case == "lower" else text.upper() if case == "upper" else text


class _SameLengthFold(dict[int, str]):
    """Code point -> its NFKC fold where that is one character, else itself; filled as characters are met
    (str.translate reads it), so each character is normalised once per process, not once per text."""

    def __missing__(self, point: int) -> str:
        ch = chr(point)
        folded = unicodedata.normalize("NFKC", ch)
        self[point] = out = folded if len(folded) == 1 else ch
        return out


_SAME_LENGTH = _SameLengthFold()


def fold_same_length(text: str) -> str:
    """`fold` character by character where that keeps one character (full-width to ASCII) and without
    trimming: the result has the length of `text`, so spans found in it are spans of `text`."""
    return text if text.isascii() else text.translate(_SAME_LENGTH)


def name_key(name: str) -> str:
    """Comparison key of an enterprise name: folded, lower-case, legal form and punctuation removed.

    "Ford Motor Company" and "FORD MOTOR CO." share a key, as do "上海某某科技有限公司" and
    "上海某某科技（有限公司）" written with full-width brackets.
    """
    text = fold(name, case="lower")
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
