"""Addresses: Chinese register addresses split into province / city / district / road / number /
detail, UK addresses keyed by postcode; both reduced to a comparison key so that the same place
written two ways is one Address node."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extraction.common.names import fold
from extraction.enterprises.divisions import Division, division_of_address, names_by_level
from extraction.enterprises.vocab import vocab
from graph.records import stable_id

PROVINCE = re.compile(r"^(.{2,4}?(?:省|维吾尔自治区|壮族自治区|回族自治区|自治区))")
CITY = re.compile(r"^(.{2,6}?(?:市|自治州|地区|盟))")
DISTRICT = re.compile(r"^(.{1,6}?(?:新区|区|县|旗|市))")
ROAD = re.compile(r"^(.{1,14}?(?:大道|大街|路|街|道|巷|弄|胡同|里))(?=\d|[一二三四五六七八九十]+号)")
NUMBER = re.compile(r"^(\d+(?:-\d+)?|[一二三四五六七八九十]+)号")
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
NOISE = re.compile(r"[\s,，。、;；:：()（）\[\]【】\"'#]+")


@dataclass(slots=True)
class Address:
    text: str
    country: str
    province: str = ""
    city: str = ""
    district: str = ""
    road: str = ""
    number: str = ""
    detail: str = ""
    postcode: str = ""
    division: Division | None = None
    issues: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Same place, same key: every part folded, the room in the detail kept (rooms tell apart the
        firms of one business centre)."""
        detail = NOISE.sub("", self.detail).replace("室", "").replace("房", "").lower()
        parts = (self.country, self.postcode, self.province, self.city, self.district, self.road, self.number, detail)
        return "|".join(parts)

    @property
    def building_key(self) -> str:
        """The building without the room: many honest firms share one (business centres)."""
        return "|".join((self.country, self.postcode, self.province, self.city, self.district, self.road, self.number))

    @property
    def id(self) -> str:
        return f"ADDR:{stable_id(self.key)}"

    @property
    def building_id(self) -> str:
        return f"BLD:{stable_id(self.building_key)}"


def _take(pattern: re.Pattern[str], text: str, known: dict[str, list[Division]]) -> tuple[str, str]:
    for name in sorted((n for n in known if text.startswith(n)), key=len, reverse=True)[:1]:
        rest = text[len(name):]
        return name, rest
    m = pattern.match(text)
    if m:
        return m.group(1), text[m.end():]
    return "", text


def parse_cn_address(raw: str) -> Address:
    text = NOISE.sub("", fold(raw))
    text = text.removeprefix("中华人民共和国").removeprefix("中国")
    addr = Address(text=fold(raw).strip(), country="CN")
    levels = names_by_level()
    addr.province, rest = _take(PROVINCE, text, levels["province"])
    addr.city, rest = _take(CITY, rest, levels["city"])
    if not addr.city and addr.province.endswith("市"):  # 北京市海淀区: the municipality is the city
        addr.city = addr.province
    addr.district, rest = _take(DISTRICT, rest, levels["district"])
    m = ROAD.match(rest)
    if m:
        addr.road, rest = m.group(1), rest[m.end():]
        n = NUMBER.match(rest)
        if n:
            addr.number, rest = n.group(1), rest[n.end():]
    addr.detail = rest
    # Short written names ("浙江杭州西湖区") are normalised to the table's names so both forms meet.
    addr.division = division_of_address(addr.province, addr.city, addr.district)
    if addr.division is not None:
        _canonical_names(addr)
    if not addr.district and not addr.road:
        addr.issues.append("address has neither district nor road")
    return addr


def _canonical_names(addr: Address) -> None:
    from extraction.enterprises.divisions import lineage

    for div in lineage(addr.division.code if addr.division else None):
        name = div.name.replace("市辖区", "")
        if div.level == "province":
            addr.province = name
        elif div.level == "city":
            addr.city = name or addr.province
        else:
            addr.district = name


def uk_postcode(raw: str | None) -> str:
    text = fold(raw or "").upper().replace(" ", "")
    m = UK_POSTCODE.match(text)
    return f"{m.group(1)} {m.group(2)}" if m else ""


def _street_key(line: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(line).lower())
    table = {abbr: full for full, abbrs in vocab()["uk_street_words"].items() for abbr in abbrs}
    return " ".join(table.get(w, w) for w in words)


def parse_uk_address(care_of: str = "", po_box: str = "", line1: str = "", line2: str = "", town: str = "",
                     county: str = "", country: str = "", postcode: str = "") -> Address:
    text = ", ".join(p.strip() for p in (care_of, po_box, line1, line2, town, county, postcode) if p and p.strip())
    addr = Address(text=fold(text), country="GB", postcode=uk_postcode(postcode))
    addr.city = fold(town).strip().title()
    addr.road = _street_key(line1)
    m = re.match(r"^(\d+[a-z]?)\b", addr.road)
    addr.number = m.group(1) if m else ""
    addr.detail = _street_key(line2)
    if not addr.postcode:
        addr.issues.append(f"postcode {postcode!r} is not a UK postcode" if postcode else "postcode missing")
    return addr
