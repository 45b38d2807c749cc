"""Enterprise search by name (any variant), code or person: candidates from the term index, re-ranked
by how well the query matches.

A code (USCC or UK company number) matches exactly (1.0); a name matches by the best fuzzy ratio over
the enterprise's name and aliases, compared on the normalised enterprise key; a person matches by name
and brings the enterprises they represent, serve or hold shares in. Best match first, then registered
enterprises, then the riskiest.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rapidfuzz import fuzz

from extraction.enterprises.codes import check_uk_number, check_uscc, clean_code, looks_like_uscc
from extraction.enterprises.normalise import enterprise_key
from graph.search import min_hits, normalise, terms_for
from graph.store import GraphStore

POOL = 200  # candidates read per kind (names, people) and re-ranked


@dataclass
class Hit:
    id: str
    name: str | None
    code: str | None
    registered: bool
    level: str | None
    score: float | None  # risk score
    division_name: str | None
    match: float  # how well the query matches, 0..1
    matched_on: str  # code, name or person
    person: str | None = None  # the person matched, when matched on a person
    role: str | None = None


def _hit(row: dict[str, Any], match: float, matched_on: str, **person: Any) -> Hit:
    return Hit(id=row["id"], name=row.get("name"), code=row.get("code"), registered=bool(row.get("registered")),
               level=row.get("level"), score=row.get("score"), division_name=row.get("division_name"),
               match=match, matched_on=matched_on, **person)


def code_ids(q: str) -> list[str]:
    """The enterprise ids the query names when it is a USCC or a UK company number."""
    code = clean_code(q)
    ids = []
    if looks_like_uscc(code):
        ids.append(f"CN:{check_uscc(code).code}")
    if check_uk_number(code).valid and any(c.isdigit() for c in code):
        ids.append(f"UK:{check_uk_number(code).code}")
    return ids


def name_match(q: str, names: list[str]) -> float:
    """How well the query matches the best of an enterprise's names, 0..1 (unrounded)."""
    key = enterprise_key(q)
    return max(fuzz.ratio(key, enterprise_key(n)) if key else fuzz.WRatio(normalise(q), normalise(n))
               for n in names) / 100


def search(store: GraphStore, q: str) -> list[dict[str, Any]]:
    """Every enterprise the query finds, best first, as dicts of the Hit fields."""
    hits: dict[str, Hit] = {}
    ids = code_ids(q)
    for row in store.read("enterprise_by_ids", {"ids": ids}) if ids else []:
        hits[row["id"]] = _hit(row, 1.0, "code")
    terms = terms_for(q)
    if terms:
        params = {"terms": terms, "min_hits": min_hits(terms), "skip": 0, "limit": POOL}
        found = [r["id"] for r in store.read("templates/search_by_terms", params, LABEL="Enterprise")]
        for row in store.read("enterprise_by_ids", {"ids": found}):
            match = name_match(q, [row.get("name") or ""] + list(row.get("aliases") or []))
            if row["id"] not in hits:
                hits[row["id"]] = _hit(row, round(match, 4), "name")
        people = [r["id"] for r in store.read("templates/search_by_terms", params, LABEL="Person")]
        if people:
            for row in store.read("enterprise_person_links", {"ids": people, "limit": POOL}):
                match = fuzz.ratio(normalise(q), normalise(row.get("person_name") or "")) / 100
                current = hits.get(row["id"])
                if current is None or current.match < match:
                    hits[row["id"]] = _hit(row, round(match, 4), "person", person=row.get("person_name"),
                                           role=row.get("role"))
    ranked = sorted(hits.values(), key=lambda h: (-h.match, not h.registered, -(h.score or 0), h.id))
    return [asdict(h) for h in ranked]
