"""Comparison levels per field. Each comparison of a query and a candidate gives a level (0 is the
strongest agreement) or NULL when either side lacks the field, plus a few words saying what was
compared. A NULL comparison carries no weight (the Fellegi-Sunter convention).

Fields: code (credit code / company number), name (folded key, trade-name core, transliteration,
similarity bands over every name and former name), address, phone, people (legal representative,
officers), jurisdiction, and region (a division written in the name against where the candidate is
registered: 天津和信贸易 is not 成都和信贸易).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from extraction.enterprises.matching.fields import Rec

NULL = -1
NAME_BANDS = (92.0, 85.0, 70.0)  # rapidfuzz ratio bands of levels 2, 3, 4


@dataclass(frozen=True)
class Comparison:
    field: str
    levels: tuple[str, ...]  # level labels, strongest agreement first
    compare: Callable[[Rec, Rec], tuple[int, str]]
    agreeing: int  # levels below this index count as agreement (the person rule, explanations)


def _code(q: Rec, c: Rec) -> tuple[int, str]:
    if not q.code or not c.all_codes:
        return NULL, ""
    for code in c.all_codes:
        if code == q.code:
            if q.code_valid:
                return 0, f"code {q.code} equal"
            return 1, f"code {q.code} equal, but it fails its check ({q.code_issue or 'invalid'})"
    for code in c.all_codes:
        if len(code) == len(q.code) and sum(a != b for a, b in zip(code, q.code, strict=True)) == 1:
            return 2, f"code {q.code} one character from {code}"
    return 3, f"code {q.code} differs from {c.all_codes[0]}"


def name_similarity(q: Rec, c: Rec) -> tuple[int, float, str, str]:
    """(level, ratio 0-100, query name, candidate name) of the best pair of names."""
    best = (5, 0.0, "", "")
    for a in q.name_forms:
        for b in c.name_forms:
            if a.key == b.key:
                return 0, 100.0, a.text, b.text
            if a.cjk == b.cjk:
                compatible = not (a.regions and b.regions and not a.regions & b.regions)
                if compatible and a.core == b.core and len(a.core) >= 2:
                    level, ratio = 1, 100.0
                else:
                    ratio = fuzz.ratio(a.key, b.key)
                    if compatible and min(len(a.core), len(b.core)) >= 2:
                        ratio = max(ratio, 0.97 * fuzz.ratio(a.core, b.core))
                    level = _band(ratio)
            else:  # one written in Chinese, the other transliterated
                if a.latin == b.latin:
                    level, ratio = 1, 100.0
                else:
                    ratio = fuzz.ratio(a.latin, b.latin)
                    level = _band(ratio)
            if (level, -ratio) < (best[0], -best[1]):
                best = (level, ratio, a.text, b.text)
    return best


def _band(ratio: float) -> int:
    for i, cut in enumerate(NAME_BANDS):
        if ratio >= cut:
            return 2 + i
    return 5


def _name(q: Rec, c: Rec) -> tuple[int, str]:
    if not q.name_forms or not c.name_forms:
        return NULL, ""
    level, ratio, a, b = name_similarity(q, c)
    return level, f"{a!r} ~ {b!r} (similarity {ratio / 100:.2f})"


def _address(q: Rec, c: Rec) -> tuple[int, str]:
    if not q.places or not c.places:
        return NULL, ""
    best = 4
    for a in q.places:
        for b in c.places:
            if a.id == b.id:
                level = 0
            elif a.building and a.building == b.building:
                level = 1
            elif a.street and a.street == b.street:
                level = 2
            elif a.area and a.area == b.area:
                level = 3
            else:
                level = 4
            best = min(best, level)
    return best, ADDRESS_LEVELS[best]


def _phone(q: Rec, c: Rec) -> tuple[int, str]:
    if not q.phones or not c.phones:
        return NULL, ""
    shared = sorted(set(q.phones) & set(c.phones))
    return (0, f"phone {shared[0]} shared") if shared else (1, "phones differ")


def _people(q: Rec, c: Rec) -> tuple[int, str]:
    if not q.people or not c.people:
        return NULL, ""
    if q.legal_rep and q.legal_rep == c.legal_rep:
        return 0, f"legal representative {q.legal_rep} equal"
    shared = [p for p in q.people if p in c.people]
    if shared:
        return 1, f"{shared[0]} is among its legal representative and officers"
    return 2, "no shared legal representative or officer"


def _jurisdiction(q: Rec, c: Rec) -> tuple[int, str]:
    if not q.jurisdiction or not c.jurisdiction:
        return NULL, ""
    if q.jurisdiction == c.jurisdiction:
        return 0, f"both {q.jurisdiction}"
    return 1, f"{q.jurisdiction} vs {c.jurisdiction}"


def _region(q: Rec, c: Rec) -> tuple[int, str]:
    """The divisions a query's name carries (上海…, …(北京)…) against where the candidate is registered."""
    written = q.written_regions
    if not written or not c.division_names:
        return NULL, ""
    shared = sorted(written & c.division_names)
    if shared:
        return 0, f"the name's {shared[0]} is where it is registered"
    return 1, f"the name says {sorted(written)[0]}, it is registered elsewhere"


ADDRESS_LEVELS = ("same address", "same building", "same street and number (UK: postcode)",
                  "same district (UK: postcode district)", "addresses differ")
COMPARISONS: tuple[Comparison, ...] = (
    Comparison("code", ("equal", "equal but invalid", "one character apart", "different"), _code, 3),
    Comparison("name", ("same name key", "same trade name or transliteration", "similarity >= 0.92",
                        "similarity >= 0.85", "similarity >= 0.70", "different"), _name, 5),
    Comparison("address", ADDRESS_LEVELS, _address, 3),  # the district alone does not corroborate
    Comparison("phone", ("equal", "different"), _phone, 1),
    Comparison("people", ("legal representative equal", "an officer shared", "none shared"), _people, 2),
    Comparison("jurisdiction", ("same", "different"), _jurisdiction, 1),
    Comparison("region", ("the division in the name is where it is registered", "elsewhere"), _region, 1),
)
FIELDS = tuple(c.field for c in COMPARISONS)
N_LEVELS = tuple(len(c.levels) for c in COMPARISONS)
# Fields other than the name that can corroborate a person (the person rule)
CORROBORATING = ("code", "address", "phone")


def compare(q: Rec, c: Rec) -> tuple[list[int], list[str]]:
    """The comparison vector of a pair and what each comparison found."""
    levels, notes = [], []
    for comp in COMPARISONS:
        level, note = comp.compare(q, c)
        levels.append(level)
        notes.append(note)
    return levels, notes


def corroborated(levels: list[int]) -> bool:
    """Whether a field besides the name agrees (code, address up to the street, phone)."""
    for comp, level in zip(COMPARISONS, levels, strict=True):
        if comp.field in CORROBORATING and level != NULL and level < comp.agreeing:
            return True
    return False
