"""Blocking: the register's records indexed by keys that a record of the same enterprise (or person)
very probably shares, so that a query is compared with a few hundred candidates, not the register.

Names: the core (name key without division names and bracketed regions, so 宏盛(上海)科技 meets
上海宏盛科技), its first two characters, the key's first three; for transliterations the pinyin of
each pair of adjacent core characters (宏盛 -> "hongsheng"), met by the words of a Latin name; for
Latin names each word of four letters or more. Codes: the code and its first 17 characters (a typo
in the check character). Phones, addresses (the place and the building). People: their name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from extraction.enterprises.matching.fields import CJK, Name, Rec, syllable

MAX_BLOCK = 5000  # a key shared by more records than this does not select candidates (a stop word)
WORD = re.compile(r"[a-z0-9]{4,}")


def name_blocks(name: Name) -> set[str]:
    keys = {"c:" + name.core, "p:" + name.core[:2], "k:" + name.key[:3]}
    if name.cjk:
        syllables = [syllable(ch) for ch in name.core if CJK.match(ch)]
        keys |= {"y:" + a + b for a, b in zip(syllables, syllables[1:], strict=False)}
    else:
        words = WORD.findall(re.sub(r"[^a-z0-9]+", " ", name.text.lower()))
        keys |= {"y:" + w for w in words}
    return {k for k in keys if len(k) > 2}


def query_name_blocks(name: Name) -> set[str]:
    """A query's name keys: those of a register name, less the pinyin pairs of a Chinese name (its
    characters meet the register's directly), plus for a Latin name its adjacent words joined (pinyin
    written as words: "Hong Sheng" meets 宏盛)."""
    keys = name_blocks(name)
    if name.cjk:
        keys = {k for k in keys if not k.startswith("y:")}
    else:
        words = WORD.findall(re.sub(r"[^a-z0-9]+", " ", name.text.lower()))
        keys |= {"y:" + a + b for a, b in zip(words, words[1:], strict=False)}
    return keys


def record_blocks(rec: Rec, query: bool = False) -> set[str]:
    keys: set[str] = set()
    for name in rec.name_forms:
        if rec.kind == "person":
            keys |= {"n:" + name.key, "n:" + name.latin}
        else:
            keys |= query_name_blocks(name) if query else name_blocks(name)
    for code in rec.all_codes:
        keys |= {"code:" + code, "c17:" + code[:-1]}
    keys |= {"tel:" + p for p in rec.phones}
    for p in rec.places:
        keys.add("addr:" + p.id)
        if p.building:
            keys.add("bld:" + p.building)
    return keys


class BlockIndex:
    """Records by blocking key; `candidates(query)` gives the positions sharing at least one key. `stop`:
    keys known to be stop words in a larger register than the records given (names.RegisterNames)."""

    def __init__(self, records: Iterable[Rec], stop: frozenset[str] = frozenset()) -> None:
        self.records: list[Rec] = list(records)
        self.stop = stop
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for i, rec in enumerate(self.records):
            for key in record_blocks(rec):
                self.by_key[key].append(i)

    def candidates(self, query: Rec, kind: str | None = None) -> list[int]:
        seen: set[int] = set()
        for key in record_blocks(query, query=True):
            hits = self.by_key.get(key, ())
            if len(hits) > MAX_BLOCK or key in self.stop:
                continue
            seen.update(hits)
        out = sorted(seen)
        if kind is not None:
            out = [i for i in out if self.records[i].kind == kind]
        return out
