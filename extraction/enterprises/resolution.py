"""Resolution of enterprises known only by name to registered enterprises.

Blocking: candidates share the name's core (the name key without division names and bracketed
regions, so "某某(上海)科技" meets "上海某某科技"), or its first two characters. Matching: rapidfuzz
ratio of the name keys, 0-100. A link (SAME_AS, with the score and the evidence) is written when the
best candidate scores at least MATCH_THRESHOLD and beats the runner-up by AMBIGUITY_MARGIN; otherwise
the name stays unresolved and is counted as ambiguous. People are never resolved here: a person's
node key always carries evidence beyond the name (see enterprise_records.person_node).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from extraction.enterprises.divisions import divisions, short
from graph.records import stable_id
from graph.store import GraphStore

MATCH_THRESHOLD = 90.0
AMBIGUITY_MARGIN = 2.0
VERSION = "1.0"
BRACKETED = re.compile(r"\(([^)]*)\)")


@lru_cache
def _region_pattern() -> re.Pattern[str]:
    names = {short(d.name) for d in divisions().values() if not d.name.endswith("市辖区")}
    names |= {d.name for d in divisions().values() if not d.name.endswith("市辖区")}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if len(n) >= 2))


def core_key(key: str) -> str:
    """The name key without brackets and division names: the distinctive part of a Chinese name."""
    text = BRACKETED.sub(lambda m: m.group(1), key)
    text = text.replace("(", "").replace(")", "")
    if re.search(r"[\u3400-\u9fff]", text):
        text = _region_pattern().sub("", text)
    return text or key


def regions(key: str) -> set[str]:
    """Division names a name carries (short forms: 上海市 and 上海 are one region)."""
    return {short(m) for m in _region_pattern().findall(key)}


def match_score(a: str, b: str) -> float:
    """Similarity of two name keys, 0-100: the better of the whole keys and of their cores (a core
    match is discounted slightly, the region is part of the name). Cores only count when the regions
    agree: 天津和信贸易 and 成都和信贸易 are two enterprises."""
    whole = fuzz.ratio(a, b)
    ra, rb = regions(a), regions(b)
    if ra and rb and not ra & rb:
        return round(whole, 2)
    ca, cb = core_key(a), core_key(b)
    core = fuzz.ratio(ca, cb) * 0.97 if min(len(ca), len(cb)) >= 2 else 0.0
    return round(max(whole, core), 2)


class NameIndex:
    """Registered enterprises by blocking keys."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.by_block: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for row in rows:
            keys = {row.get("name_norm") or ""}
            keys |= {self._key(a) for a in row.get("aliases") or []}
            for key in keys - {""}:
                for block in self.blocks(key):
                    self.by_block[block].append((key, row["id"]))

    @staticmethod
    def _key(name: str) -> str:
        from extraction.enterprises.normalise import enterprise_key

        return enterprise_key(name)

    @staticmethod
    def blocks(key: str) -> set[str]:
        core = core_key(key)
        return {"c:" + core, "p:" + core[:2], "k:" + key[:3]}

    def best(self, key: str) -> tuple[str | None, float, str, int]:
        """(registered id, score, matched key, candidates seen); id None when nothing passes or the
        best is ambiguous."""
        scores: dict[str, tuple[float, str]] = {}
        for block in self.blocks(key):
            for cand_key, cand_id in self.by_block.get(block, ()):
                score = 100.0 if cand_key == key else match_score(key, cand_key)
                if score > scores.get(cand_id, (-1.0, ""))[0]:
                    scores[cand_id] = (score, cand_key)
        if not scores:
            return None, 0.0, "", 0
        ranked = sorted(scores.items(), key=lambda kv: kv[1][0], reverse=True)
        best_id, (best, best_key) = ranked[0]
        runner = ranked[1][1][0] if len(ranked) > 1 else 0.0
        if best < MATCH_THRESHOLD or best - runner < AMBIGUITY_MARGIN:
            return None, best, best_key, len(ranked)
        return best_id, best, best_key, len(ranked)


def resolve_names(store: GraphStore) -> dict[str, Any]:
    """Link every name-only enterprise to the registered enterprise it names (idempotent)."""
    pending = store.read("enterprise_name_only")
    if not pending:
        return {"name_only": 0, "linked": 0, "ambiguous": 0}
    index = NameIndex(store.read("enterprise_registered_names"))
    rows, ambiguous = [], 0
    for row in pending:
        key = row.get("name_norm") or row["id"].removeprefix("NAME:")
        target, score, matched, seen = index.best(key)
        if target is None:
            ambiguous += score >= MATCH_THRESHOLD
            continue
        method = "exact name key" if score == 100.0 else "fuzzy name key"
        rows.append({"start": row["id"], "end": target, "score": round(score / 100, 4), "method": method,
                     "fid": "rel:" + stable_id("SAME_AS", row["id"], target, ""), "version": VERSION,
                     "evidence": f"name key {key!r} ~ {matched!r}: ratio {score:.1f} over {seen} candidates "
                                 f"(threshold {MATCH_THRESHOLD:.0f})"})
    store.write("enterprise_same_as_clear", [{"id": r["id"]} for r in pending])
    store.write("enterprise_same_as_merge", rows)
    return {"name_only": len(pending), "linked": len(rows), "ambiguous": ambiguous}


def ensure_divisions(store: GraphStore) -> int:
    rows = [{"id": f"DIV:{d.code}", "code": d.code, "name": d.name, "level": d.level,
             "parent": f"DIV:{d.parent}" if d.parent else None,
             "fid": "rel:" + stable_id("PART_OF", f"DIV:{d.code}", f"DIV:{d.parent}", "")}
            for d in divisions().values()]
    store.write("region_divisions_merge", rows)
    return len(rows)
