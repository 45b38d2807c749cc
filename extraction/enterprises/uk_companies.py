"""`uk-companies`: Companies House "Basic Company Data" CSV (55 columns, some header names with leading
spaces, DD/MM/YYYY dates, SIC codes as "62012 - description"), with or without its header row
(data/uk_basic_company_data.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any, BinaryIO

from core.errors import RecordRejected
from extraction.common.dates import parse_date
from extraction.common.facts import Facts
from extraction.common.vocab import load_yaml
from extraction.enterprises.address import parse_uk_address
from extraction.enterprises.industry import industry_id, parse_sic
from extraction.enterprises.normalise import display_name
from extraction.enterprises.records import (
    EXTRACTOR_VERSION,
    address_node,
    document,
    enterprise_ref,
    evidence_text,
    payload,
    read_table,
)
from graph.records import Extraction, Node, RawRecord
from graph.search import terms_for
from graph.source_kind import SourceKind

KIND = "uk-companies"


@cache
def _layout() -> dict[str, Any]:
    return load_yaml("enterprises", "uk_basic_company_data")  # type: ignore[no-any-return]


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    return read_table(file_name, stream, _layout()["columns"])


def _get(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None:  # header names arrive with stray spaces
        value = next((v for k, v in record.items() if k.strip() == name), "")
    return str(value or "").strip()


def extract(raw: RawRecord) -> Extraction:
    record = payload(raw)
    name, number = _get(record, "CompanyName"), _get(record, "CompanyNumber")
    if not number:
        raise RecordRejected(f"{raw.record_id}: no CompanyNumber")
    text = evidence_text(record)
    ent, check = enterprise_ref(name, number, "UK", text)
    issues = [f"company number {check.issue}"] if check.issue else []
    founded = parse_date(_get(record, "IncorporationDate"), dayfirst=True)
    aliases = [display_name(_get(record, f"PreviousName_{i}.CompanyName")) for i in range(1, 11)]
    aliases = [a for a in aliases if a]
    dissolved = parse_date(_get(record, "DissolutionDate"), dayfirst=True)
    ent.props.update(registered=True, founded=founded, dissolved=dissolved,
                     legal_form=_get(record, "CompanyCategory") or None, status=_get(record, "CompanyStatus") or None,
                     aliases=aliases or None)
    for alias in aliases:  # former names find the company too
        ent.terms.extend(t for t in terms_for(alias) if t not in ent.terms)
    doc = document(KIND, raw, text, founded, ent.props.get("name") or number, lang="en")
    facts = Facts(doc, "uk_companies", EXTRACTOR_VERSION)
    facts.add(ent)
    addr = parse_uk_address(
        _get(record, "RegAddress.CareOf"), _get(record, "RegAddress.POBox"), _get(record, "RegAddress.AddressLine1"),
        _get(record, "RegAddress.AddressLine2"), _get(record, "RegAddress.PostTown"),
        _get(record, "RegAddress.County"), _get(record, "RegAddress.Country"), _get(record, "RegAddress.PostCode"))
    issues.extend(addr.issues)
    if addr.road or addr.postcode:
        a_node = address_node(addr, text, _get(record, "RegAddress.AddressLine1") or _get(record, "RegAddress.PostCode"))
        facts.add(a_node)
        facts.rel("REGISTERED_AT", ent, a_node, {"since": founded}, span=a_node.span)
    if addr.postcode:
        area = re.match(r"[A-Z]+", addr.postcode).group()  # the postcode area: letters before the district digits
        division = Node("Division", f"DIV:GB-{area}", {"code": f"GB-{area}", "name": f"{area} postcode area",
                                                      "level": "postcode_area"})
        facts.add(division)
        facts.rel("IN_DIVISION", ent, division)
        ent.props.update(division=f"GB-{area}", division_name=f"{area} postcode area")
    sections = []
    placeholders = _layout()["placeholder_sic"]
    dormant = _get(record, "Accounts.AccountCategory").upper() == "DORMANT"
    for i in range(1, 5):
        text_i = _get(record, f"SICCode.SicText_{i}")
        if placeholders.get(text_i.partition(" - ")[0].strip()) == "dormant":
            dormant = True
            continue
        sic = parse_sic(text_i)
        if sic is None:
            continue
        code, section, desc = sic
        if section in sections:
            continue
        sections.append(section)
        ind = Node("Industry", industry_id("SIC2007", section), {"system": "SIC2007", "section": section})
        facts.add(ind)
        facts.rel("IN_INDUSTRY", ent, ind, {"primary": len(sections) == 1})
    if sections:
        ent.props["industry"] = sections[0]
    ent.props["dormant"] = dormant or None
    ent.props["record_issues"] = issues or None
    return facts.extraction()


SOURCE = SourceKind(
    name=KIND, domain="enterprises",
    description="UK Companies House Basic Company Data CSV",
    read=read, extract=extract, suffixes=(".csv",), after_ingest="registers",
)
