"""What a record to match holds, normalised once: names (folded keys, the distinctive core without
division names, the pinyin form, the branch cut off), the register code with its check, addresses
reduced to comparable parts, phones, people; an enterprise of the register, a person of the register,
or a query."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from pypinyin import lazy_pinyin

from extraction.enterprises.address import Address, parse_cn_address, parse_uk_address, uk_postcode
from extraction.enterprises.codes import check_uk_number, check_uscc, clean_code, looks_like_uscc
from extraction.enterprises.divisions import divisions, lineage, short
from extraction.enterprises.normalise import display_name, enterprise_key, normalise_phone, person_name
from graph.records import stable_id

CJK = re.compile(r"[\u3400-\u9fff]")
BRACKETED = re.compile(r"\(([^)]*)\)")
# "上海宏盛科技有限公司北京分公司" -> the parent "上海宏盛科技有限公司"; "X Ltd (Leeds branch)" -> "X Ltd"
CN_BRANCH = re.compile(r"^(.+?(?:有限责任公司|股份有限公司|有限公司|公司))[\u3400-\u9fff()]{0,12}?(?:分公司|分店|营业部|办事处)$")
EN_BRANCH = re.compile(r"^(.+?)[\s,\-]*[(\[]?\s*(?:[a-z .'-]{0,30}\s)?branch(?: office)?\s*[)\]]?$", re.IGNORECASE)
UK_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b", re.IGNORECASE)
PERSON_WORDS = ("公司", "厂", "店", "中心", "集团", "合作社", "事务所", "企业", "银行", "协会", "研究院", "部", "行", "馆")


@lru_cache
def _region_pattern() -> re.Pattern[str]:
    names = {short(d.name) for d in divisions().values() if not d.name.endswith("市辖区")}
    names |= {d.name for d in divisions().values() if not d.name.endswith("市辖区")}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if len(n) >= 2))


def core_key(key: str) -> str:
    """The name key without brackets and division names: the distinctive part of a Chinese name."""
    text = BRACKETED.sub(lambda m: m.group(1), key)
    text = text.replace("(", "").replace(")", "")
    if CJK.search(text):
        text = _region_pattern().sub("", text)
    return text or key


def regions(key: str) -> frozenset[str]:
    """Division names a name carries (short forms: 上海市 and 上海 are one region)."""
    if not CJK.search(key):
        return frozenset()
    return frozenset(short(m) for m in _region_pattern().findall(key))


@lru_cache(maxsize=65536)
def syllable(ch: str) -> str:
    """One character's toneless pinyin (itself when it is not Chinese)."""
    return lazy_pinyin(ch)[0].lower() if CJK.match(ch) else ch


@lru_cache(maxsize=200_000)
def pinyin(text: str) -> str:
    """Chinese characters as toneless pinyin, everything else kept: 上海宏盛科技 -> shanghaihongshengkeji.
    Character by character (a name's characters are read one by one; phrase readings do not matter here)."""
    return "".join(syllable(ch) for ch in text) if CJK.search(text) else text


def cut_branch(name: str) -> tuple[str, bool]:
    """The parent's name when the name is a branch's (分公司, "… branch"), and whether it was one."""
    shown = display_name(name)
    for pattern in (CN_BRANCH, EN_BRANCH):
        m = pattern.match(shown)
        if m and m.group(1).strip():
            return m.group(1).strip(), True
    return shown, False


@dataclass(frozen=True, slots=True)
class Name:
    """One name of a record, in the forms the comparison uses."""

    text: str
    key: str
    core: str
    regions: frozenset[str]
    latin: str  # the key in Latin letters (pinyin for Chinese): transliterations meet here
    cjk: bool

    @staticmethod
    def of(text: str, key: str | None = None) -> Name | None:
        key = key if key is not None else enterprise_key(text)
        if not key:
            return None
        cjk = bool(CJK.search(key))
        core = core_key(key)
        return Name(text, key, core, _interned(regions(key)), pinyin(key) if cjk else key, cjk)


@dataclass(frozen=True, slots=True)
class Place:
    """An address reduced to what two records are compared on: the exact place, the building, the
    street and number (or UK postcode), the district (or UK postcode district)."""

    id: str
    building: str
    street: str
    area: str


def place(country: str, postcode: str | None, city: str | None, district: str | None, road: str | None,
          number: str | None, address_id: str, building: str | None) -> Place:
    postcode, road, number = postcode or "", road or "", number or ""
    if country == "GB":
        street = postcode or (f"{road}|{number}" if road and number else "")
        area = postcode.split(" ")[0] if postcode else ""
    else:
        street = f"{city or ''}|{district or ''}|{road}|{number}" if road and number else ""
        area = f"{city or ''}|{district}" if district else ""
    return Place(address_id, building or "", street, area)


def place_of(addr: Address) -> Place:
    return place(addr.country, addr.postcode, addr.city, addr.district, addr.road, addr.number, addr.id,
                 addr.building_id)


def parse_place(text: str) -> Place | None:
    """A query's address as written: Chinese addresses through the register's parser; others as a UK
    address (first line, and the postcode wherever it is written)."""
    text = display_name(text)
    if not text:
        return None
    if CJK.search(text):
        return place_of(parse_cn_address(text))
    m = UK_POSTCODE_IN_TEXT.search(text)
    postcode = m.group(1) if m else ""
    rest = (text[: m.start()] + text[m.end():]) if m else text
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    line1 = parts[0] if parts else ""
    town = parts[-1] if len(parts) > 1 else ""
    return place_of(parse_uk_address(line1=line1, town=town, postcode=uk_postcode(postcode) or postcode))


def place_from_row(row: dict[str, Any]) -> Place | None:
    """An Address node's properties (graph row or extraction) as a Place."""
    if not row or not row.get("id"):
        return None
    return place(row.get("country") or ("GB" if row.get("postcode") else "CN"), row.get("postcode"),
                 row.get("city"), row.get("district"), row.get("road"), row.get("number"), row["id"],
                 row.get("building"))


def normal_code(raw: str | None, jurisdiction: str | None) -> tuple[str, bool, str, str | None]:
    """(code, valid, issue, jurisdiction) of a code as typed; the jurisdiction read from its shape when
    not given."""
    code = clean_code(raw)
    if not code:
        return "", False, "", jurisdiction
    if jurisdiction is None:
        jurisdiction = "CN" if looks_like_uscc(code) else "UK" if check_uk_number(code).valid else None
    check = check_uscc(code) if jurisdiction != "UK" else check_uk_number(code)
    return check.code, check.valid, check.issue, jurisdiction


def looks_like_person(name: str) -> bool:
    """A Chinese personal name (2-4 characters, no word of an organisation's name)."""
    text = display_name(name).replace(" ", "")
    return bool(re.fullmatch(r"[\u3400-\u9fff·]{2,4}", text)) and not any(w in text for w in PERSON_WORDS)


@cache
def _interned(regions: frozenset[str]) -> frozenset[str]:
    """One frozenset object per distinct set of regions (a province's names share a few hundred)."""
    return regions


@cache
def _division_names(division: str | None) -> frozenset[str]:
    return frozenset(short(d.name) for d in lineage(division) if not d.name.endswith("市辖区"))


@dataclass(slots=True)
class Rec:
    """A record to compare: a query, a registered enterprise, or a person of the register. Slotted, its
    derived forms cached in slots: the resolver keeps hundreds of thousands of register records, and a
    record's attribute dictionary was half its memory."""

    id: str | None
    kind: str  # enterprise | person
    names: list[str]
    code: str = ""  # an enterprise's code; for a person, see `codes`
    code_valid: bool = False
    code_issue: str = ""
    codes: tuple[str, ...] = ()  # a person's enterprises' codes
    jurisdiction: str | None = None
    places: list[Place] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    legal_rep: str = ""
    people: list[str] = field(default_factory=list)  # legal representative and officers, normalised
    division: str | None = None
    branch: bool = False  # the query named a branch; it is compared as its parent
    keys: list[str] | None = None  # name keys given instead of names (name-only nodes)
    display: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    _forms: list[Name] | None = field(default=None, init=False, repr=False, compare=False)
    _codes: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _written: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def name_forms(self) -> list[Name]:
        if self._forms is None:
            self._forms = self._name_forms()
        return self._forms

    def _name_forms(self) -> list[Name]:
        out: list[Name] = []
        items = [(k, k) for k in self.keys] if self.keys is not None else [(n, None) for n in self.names]
        for text, key in items:
            if self.kind == "person":
                folded = person_name(text).lower().replace(" ", "") if key is None else key
                form = Name(text, folded, folded, frozenset(), pinyin(folded), bool(CJK.search(folded))) if folded else None
            else:
                form = Name.of(text, key)
            if form is not None and form.key not in {f.key for f in out}:
                out.append(form)
        return out

    @property
    def all_codes(self) -> tuple[str, ...]:
        if self._codes is None:
            self._codes = tuple(c for c in ((self.code,) if self.code else ()) + self.codes if c)
        return self._codes

    @property
    def written_regions(self) -> frozenset[str]:
        """The divisions the record's names carry (上海…, …(北京)…)."""
        if self._written is None:
            self._written = _interned(frozenset().union(*(n.regions for n in self.name_forms)))
        return self._written

    @property
    def division_names(self) -> frozenset[str]:
        """Short names of the divisions the record is registered in (province, city, district)."""
        return _division_names(self.division)


def query_record(q: dict[str, Any], kind: str | None = None) -> Rec:
    """A query of the match API or a row of a screening file: name, code, address, phone,
    legal_representative, officers, jurisdiction (all optional)."""
    jurisdiction = (q.get("jurisdiction") or None)
    jurisdiction = jurisdiction.upper() if isinstance(jurisdiction, str) else None
    jurisdiction = "UK" if jurisdiction == "GB" else jurisdiction
    code, valid, issue, jurisdiction = normal_code(q.get("code"), jurisdiction)
    raw_name = str(q.get("name") or "").strip()
    kind = kind or ("person" if raw_name and looks_like_person(raw_name) and not code else "enterprise")
    branch = False
    if kind == "enterprise" and raw_name:
        raw_name, branch = cut_branch(raw_name)
    address = parse_place(str(q.get("address") or ""))
    phone = normalise_phone(q.get("phone"))
    rep = person_name(q.get("legal_representative") or "")
    officers = [person_name(o) for o in (q.get("officers") or []) if o]
    people = [p for p in dict.fromkeys([rep, *officers]) if p]
    return Rec(id=None, kind=kind, names=[raw_name] if raw_name else [], code=code, code_valid=valid,
               code_issue=issue, jurisdiction=jurisdiction, places=[address] if address else [],
               phones=[phone] if phone else [], legal_rep=rep, people=people, branch=branch)


def enterprise_record(row: dict[str, Any]) -> Rec:
    """A registered enterprise from the rows of `enterprise_match_records` (or the same shape built
    from extractions): id, name, aliases, code, code_valid, division, addresses, phones, people."""
    eid = row["id"]
    jurisdiction = eid.split(":", 1)[0] if eid.startswith(("CN:", "UK:")) else None
    names = [n for n in [row.get("name"), *(row.get("aliases") or [])] if n]
    keys = None
    if not names and row.get("name_norm"):
        keys = [row["name_norm"]]
    places = [p for p in (place_from_row(a) for a in row.get("addresses") or []) if p]
    phones = sorted({p for p in row.get("phones") or [] if p})
    people = row.get("people") or []
    rep = next((person_name(p.get("name")) for p in people if p.get("role") == "LEGAL_REP_OF" and p.get("name")), "")
    names_of_people = [person_name(p.get("name")) for p in people if p.get("name")]
    return Rec(id=eid, kind="enterprise", names=names, keys=keys, code=row.get("code") or "",
               code_valid=bool(row.get("code_valid")), jurisdiction=jurisdiction, places=places, phones=phones,
               legal_rep=rep, people=list(dict.fromkeys(p for p in [rep, *names_of_people] if p)),
               division=row.get("division"), display=row.get("name"),
               extra={"people_ids": [(p.get("id"), p.get("name")) for p in people if p.get("id")]})


def person_records(enterprises: list[Rec]) -> list[Rec]:
    """The people of the register, each with the codes, places and phones of the enterprises they
    represent or serve (what a query about a person can agree on besides the name)."""
    by_id: dict[str, Rec] = {}
    for ent in enterprises:
        for pid, name in ent.extra.get("people_ids", []):
            shown = person_name(name)
            if not shown:
                continue
            rec = by_id.get(pid)
            if rec is None:
                rec = by_id[pid] = Rec(id=pid, kind="person", names=[shown], jurisdiction=ent.jurisdiction,
                                       display=shown, extra={"enterprises": []})
            rec.codes = tuple(dict.fromkeys((*rec.codes, ent.code))) if ent.code else rec.codes
            rec.places = list(dict.fromkeys([*rec.places, *ent.places]))
            rec.phones = sorted({*rec.phones, *ent.phones})
            rec.extra["enterprises"].append(ent.id)
    return [by_id[k] for k in sorted(by_id)]


def person_id_for(name: str, basis: str, evidence: str) -> str:
    """The node id extraction gives a person (records.person_node): for the generator's truth."""
    return f"P:{stable_id(person_name(name).lower(), basis, evidence)}"
