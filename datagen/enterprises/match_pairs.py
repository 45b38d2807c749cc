"""Planted screening queries for `riskgraph eval matching`: truth/enterprises/match_pairs.jsonl.

Written from the world already generated (the register files as the extractors read them), with its own
random stream (seed and a fixed label), so that nothing else the generator writes changes. Each line is
one query as a regulator's list would carry it, the variant planted, and the id it should match (null
when it should match nothing):

  CN: exact, typo (one trade-name character), full_width (full-width letters, digits, brackets, spaces),
      region_bracket (宏盛（上海）科技), old_name (another name; code or address and phone agree),
      branch (…北京分公司), pinyin (Shanghai Hongsheng Keji Co., Ltd.), code_typo (one character of the
      code), unregistered (a name nobody registered), other_city (the trade name of another city)
  UK: exact, case_punct (case, punctuation, Limited for Ltd), typo, number_unpadded (zeros lost),
      old_name, branch (… (Leeds branch)), unregistered
  people: person_corroborated (a legal representative's name and their enterprise's phone or address:
      the person), person_name_only (the name alone: must match nothing, the person rule)
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from datagen.enterprises.vocab import BRAND, UK_WORDS
from extraction.enterprises.matching.fields import CJK, syllable
from extraction.enterprises.matching.source import row_of_extraction
from extraction.enterprises.normalise import display_name, enterprise_key
from extraction.registry import get_kind

LABEL = "match-pairs"
PER_SCALE = 360  # sampled registered enterprises at scale 1
FULL = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ()"}
CN_VARIANTS = ("exact", "typo", "full_width", "region_bracket", "old_name", "branch", "pinyin", "code_typo",
               "unregistered", "other_city")
UK_VARIANTS = ("exact", "case_punct", "typo", "number_unpadded", "old_name", "branch", "unregistered")
CITIES = ("北京", "天津", "成都", "武汉", "西安", "南京", "重庆", "广州")


def _sampled_rows(out: Path, kind_name: str, step: int, rng: random.Random) -> list[dict[str, Any]]:
    kind = get_kind(kind_name)
    rows = []
    for path in sorted((out / kind_name).glob("*")):
        with path.open("rb") as stream:
            for n, raw in enumerate(kind.read(path.name, stream)):
                if raw.error is not None or (n + rng.randrange(step)) % step:
                    continue
                try:
                    row, _ = row_of_extraction(kind.extract(raw))
                except Exception:  # noqa: BLE001 - malformed records are planted for the loader, not here
                    continue
                if row is not None and row.get("name"):
                    rows.append(row)
    return rows


def _typo(text: str, rng: random.Random, alphabet: str) -> str:
    i = rng.randrange(len(text))
    choice = rng.random()
    if choice < 0.5:
        return text[:i] + rng.choice([c for c in alphabet if c != text[i]]) + text[i + 1:]
    if choice < 0.75 and len(text) > 4:
        return text[:i] + text[i + 1:]
    j = min(i + 1, len(text) - 1)
    return text[:i] + text[j] + text[i] + text[j + 1:] if j > i else text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]


def _cn_trade(name: str) -> tuple[str, str, str]:
    """(region, trade name and industry, legal form) of a generated Chinese name."""
    body = name.removesuffix("有限公司").removesuffix("集团")
    form = name[len(body):]
    region = next((c for c in (*CITIES, name[:2]) if body.startswith(c)), "")
    return region, body[len(region):], form or "有限公司"


def _pinyin(name: str) -> str:
    key = enterprise_key(name)
    syllables = [syllable(ch) for ch in key if CJK.match(ch)]
    words = ["".join(syllables[i:i + 2]).capitalize() for i in range(0, len(syllables), 2)]
    return " ".join(words) + " Co., Ltd."


def _fields(row: dict[str, Any], rng: random.Random, need_other: bool) -> dict[str, Any]:
    """A random part of the record's other fields (at least one that can corroborate when asked)."""
    q: dict[str, Any] = {}
    addr = next((a.get("text") for a in row.get("addresses") or [] if a.get("text")), None)
    phone = (row.get("phones") or [None])[0]
    rep = next((p["name"] for p in row.get("people") or [] if p.get("role") == "LEGAL_REP_OF"), None)
    if addr and rng.random() < 0.45:
        q["address"] = addr
    if phone and rng.random() < 0.4:
        q["phone"] = phone
    if rep and rng.random() < 0.4:
        q["legal_representative"] = rep
    if need_other and not ({"address", "phone"} & set(q)):
        if addr and (rng.random() < 0.5 or not phone):
            q["address"] = addr
        elif phone:
            q["phone"] = phone
    return q


def _cn_query(row: dict[str, Any], variant: str, rng: random.Random, names: set[str]) -> tuple[dict[str, Any], str | None]:
    name, code = row["name"], row.get("code") or ""
    region, trade, form = _cn_trade(name)
    q: dict[str, Any] = {"jurisdiction": "CN"} if rng.random() < 0.7 else {}
    target: str | None = row["id"]
    if variant == "exact":
        q["name"] = name
    elif variant == "typo":
        q["name"] = region + _typo(trade, rng, BRAND) + form
    elif variant == "full_width":
        q["name"] = "".join(FULL.get(c, c) for c in name[:2]) + "\u3000" + name[2:]
        q["code"] = "".join(FULL.get(c, c) for c in code)
    elif variant == "region_bracket":
        q["name"] = f"{trade[:2]}（{region}）{trade[2:]}{form}" if region else name
    elif variant == "old_name":
        q["name"] = region + "".join(rng.choice(BRAND) for _ in range(2)) + trade[2:] + form
        q.update(_fields(row, rng, need_other=True))
        if rng.random() < 0.4:
            q["code"] = code
        return q, target
    elif variant == "branch":
        q["name"] = name + rng.choice([c for c in CITIES if c != region]) + "分公司"
    elif variant == "pinyin":
        q["name"] = _pinyin(name)
        q["jurisdiction"] = "CN"
    elif variant == "code_typo":
        q["name"] = name
        i = rng.randrange(10, 17)
        q["code"] = code[:i] + rng.choice([c for c in "0123456789" if c != code[i]]) + code[i + 1:]
    elif variant == "unregistered":
        for _ in range(50):
            candidate = region + "".join(rng.choice(BRAND) for _ in range(3)) + trade[2:] + form
            if candidate not in names:
                break
        q["name"], target = candidate, None
        return q, target
    elif variant == "other_city":
        city = rng.choice([c for c in CITIES if c != region])
        q["name"], target = city + trade + form, None
        if city + trade + form in names:
            target = "?"  # registered after all: not planted
        return q, target
    q.update(_fields(row, rng, need_other=False))
    if code and variant in ("exact", "typo", "branch", "pinyin") and rng.random() < 0.3:
        q["code"] = code
    return q, target


def _uk_query(row: dict[str, Any], variant: str, rng: random.Random, names: set[str]) -> tuple[dict[str, Any], str | None]:
    name, code = row["name"], row.get("code") or ""
    base = name.removesuffix(" LTD")
    q: dict[str, Any] = {"jurisdiction": "UK"} if rng.random() < 0.7 else {}
    target: str | None = row["id"]
    if variant == "exact":
        q["name"] = name
    elif variant == "case_punct":
        words = base.split()
        styled = rng.choice([" ".join(w.capitalize() for w in words), base.lower(), "-".join(words),
                             " & ".join([words[0], " ".join(words[1:])]) if len(words) > 2 else base])
        q["name"] = styled + rng.choice([" Limited", " Ltd.", ", Ltd", " LTD"])
    elif variant == "typo":
        q["name"] = _typo(base, rng, "ABCDEFGHIJKLMNOPRSTUVWY") + " LTD"
    elif variant == "number_unpadded":
        q["name"], q["code"] = name, code.lstrip("0") if code.isdigit() else code
    elif variant == "old_name":
        q["name"] = f"{rng.choice(UK_WORDS)} {rng.choice(UK_WORDS)} {base.split()[-1]} LTD"
        q.update(_fields(row, rng, need_other=True))
        if rng.random() < 0.4:
            q["code"] = code
        return q, target
    elif variant == "branch":
        q["name"] = f"{name} ({rng.choice(['Leeds', 'Bristol', 'Leicester'])} branch)"
    elif variant == "unregistered":
        for _ in range(50):
            candidate = f"{rng.choice(UK_WORDS)} {rng.choice(['Quarry', 'Pinnacle', 'Saffron', 'Juniper'])} {base.split()[-1]} LTD"
            if candidate not in names:
                break
        return {**q, "name": candidate}, None
    q.update(_fields(row, rng, need_other=False))
    if code and variant in ("exact", "typo", "case_punct") and rng.random() < 0.3:
        q["code"] = code
    return q, target


def _person_queries(row: dict[str, Any], rng: random.Random) -> list[tuple[dict[str, Any], str | None, str]]:
    rep = next((p for p in row.get("people") or [] if p.get("role") == "LEGAL_REP_OF" and p.get("id")), None)
    if rep is None:
        return []
    corroborated = {"name": rep["name"], **_fields(row, rng, need_other=True)}
    corroborated.pop("legal_representative", None)
    return [(corroborated, rep["id"], "person_corroborated"), ({"name": rep["name"]}, None, "person_name_only")]


def write_match_pairs(out: Path, truth_dir: Path, seed: int, scale: float, counts: dict[str, int]) -> int:
    """Write truth/enterprises/match_pairs.jsonl; returns the number of queries."""
    rng = random.Random(f"{LABEL}:{seed}")
    target = max(60, int(PER_SCALE * scale))
    lines: list[dict[str, Any]] = []
    for kind_name, variants, build, total in (
            ("cn-registry", CN_VARIANTS, _cn_query, counts.get("cn_enterprises", 1)),
            ("uk-companies", UK_VARIANTS, _uk_query, counts.get("uk_companies", 1))):
        share = target if kind_name == "cn-registry" else max(20, target // 5)
        step = max(1, total // share)
        rows = _sampled_rows(out, kind_name, step, rng)
        names = {display_name(r["name"]) for r in rows}
        for row in rows:
            variant = rng.choice(variants)
            query, match = build(row, variant, rng, names)
            if match == "?":
                continue
            lines.append({"variant": variant, "kind": "enterprise", "query": query, "match": match})
            if kind_name == "cn-registry" and rng.random() < 0.12:
                for person_query, person, person_variant in _person_queries(row, rng):
                    lines.append({"variant": person_variant, "kind": "person", "query": person_query,
                                  "match": person})
    with (truth_dir / "match_pairs.jsonl").open("w", encoding="utf-8") as fh:
        for i, line in enumerate(lines, start=1):
            fh.write(json.dumps({"query_id": f"q{i}", **line}, ensure_ascii=False) + "\n")
    return len(lines)
