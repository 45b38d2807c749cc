"""Administrative divisions (GB/T 2260, kept as data) and the placing of an enterprise in one.

The registering authority's division is inside the unified social credit code (positions 3-8);
the parsed address says where the enterprise actually sits. Both are kept, and their agreement is
checked, because a code from one district with an address in another is worth a regulator's look.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extraction.common.vocab import read_tsv


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: str  # province | city | district
    parent: str


@lru_cache
def divisions() -> dict[str, Division]:
    return {r["code"]: Division(r["code"], r["name"], r["level"], r["parent"])
            for r in read_tsv("enterprises", "divisions.tsv")}


def lineage(code: str | None) -> list[Division]:
    """The division and its parents, most specific first. Codes missing from the table fall back to
    their city (xxxx00) and province (xx0000) by the structure of GB/T 2260."""
    if not code or len(code) != 6 or not code.isdigit():
        return []
    table = divisions()
    out: list[Division] = []
    for candidate in dict.fromkeys((code, code[:4] + "00", code[:2] + "0000")):
        if candidate in table and table[candidate] not in out:
            out.append(table[candidate])
    return out


def short(name: str) -> str:
    """'浙江省' -> '浙江', '杭州市' -> '杭州', '广西壮族自治区' -> '广西': how addresses often write them."""
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "市辖区", "省", "市", "区", "县"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache
def names_by_level() -> dict[str, dict[str, list[Division]]]:
    """level -> written name (full and short) -> divisions with that name (district names repeat)."""
    out: dict[str, dict[str, list[Division]]] = {"province": {}, "city": {}, "district": {}}
    for div in divisions().values():
        if div.name.endswith("市辖区"):
            continue
        for written in {div.name, short(div.name)}:
            out[div.level].setdefault(written, []).append(div)
    return out


def division_of_address(province: str, city: str, district: str) -> Division | None:
    """The most specific division the parsed address names, disambiguated by its parents."""
    levels = names_by_level()
    prov = next(iter(levels["province"].get(province, [])), None) if province else None
    cities = levels["city"].get(city, []) if city else []
    if prov is None and city:  # municipalities: 上海市 is both province and city
        prov = next(iter(levels["province"].get(city, [])), None)
    if prov:
        cities = [c for c in cities if c.parent == prov.code] or cities
    city_div = cities[0] if cities else None
    if district:
        candidates = levels["district"].get(district, [])
        for cand in candidates:
            parent = divisions().get(cand.parent)
            if city_div and cand.parent == city_div.code:
                return cand
            if prov and parent and parent.parent == prov.code and not city_div:
                return cand
        if len(candidates) == 1 and not (city_div or prov):
            return candidates[0]
    return city_div or prov


def cross_check(code_division: str | None, address_division: Division | None) -> str:
    """'match' when the address lies in the code's division (or the code's division in the address's),
    'mismatch' when they name different places, 'unknown' when one side is missing."""
    code_line = {d.code for d in lineage(code_division)}
    if not code_line or address_division is None:
        return "unknown"
    addr_line = {d.code for d in lineage(address_division.code)}
    return "match" if address_division.code in code_line or (code_division or "") in addr_line else "mismatch"
