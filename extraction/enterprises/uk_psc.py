"""`uk-psc`: Companies House persons-with-significant-control snapshot (JSON lines of
{"company_number", "data": {kind, name, name_elements, date_of_birth, natures_of_control, ...}})."""

from __future__ import annotations

import re
from typing import Any

from core.errors import RecordRejected
from extraction.common.dates import parse_date
from extraction.common.facts import Facts
from extraction.enterprises.codes import check_uk_number
from extraction.enterprises.normalise import display_name
from extraction.enterprises.records import (
    EXTRACTOR_VERSION,
    document,
    enterprise_ref,
    evidence_text,
    payload,
    person_node,
    read_table,
)
from graph.records import Extraction, RawRecord
from graph.source_kind import SourceKind

KIND = "uk-psc"
SHARE_BAND = re.compile(r"(?:ownership-of-shares|voting-rights)-(\d+)-to-(\d+)-percent")


def share_of(natures: list[str]) -> float | None:
    """Lower bound of the ownership band ('ownership-of-shares-25-to-50-percent' -> 0.25)."""
    lows = [int(m.group(1)) for n in natures for m in [SHARE_BAND.search(n)] if m and "ownership" in n]
    return min(lows) / 100 if lows else None


def extract(raw: RawRecord) -> Extraction:
    record = payload(raw)
    number = record.get("company_number")
    data = record.get("data")
    if not number or not isinstance(data, dict):
        raise RecordRejected(f"{raw.record_id}: not a PSC line (no company_number and data object)")
    text = evidence_text(record)
    ent, _ = enterprise_ref(None, number, "UK", text)
    kind = str(data.get("kind") or "")
    notified = parse_date(data.get("notified_on"), dayfirst=True)
    doc = document(KIND, raw, text, notified, f"PSC of {ent.id}", lang="en")
    if "statement" in kind or kind == "exemptions":
        ent.props["psc_statement"] = str(data.get("statement") or kind)[:200]
        facts = Facts(doc, "uk_psc", EXTRACTOR_VERSION)
        facts.add(ent)
        return facts.extraction()
    natures = [str(n) for n in data.get("natures_of_control") or []]
    props: dict[str, Any] = {"share": share_of(natures), "natures": natures or None,
                             "since": notified, "until": parse_date(data.get("ceased_on"), dayfirst=True)}
    if kind.startswith("individual") or kind.startswith("super-secure"):
        el = data.get("name_elements") or {}
        name = " ".join(str(el[k]) for k in ("forename", "middle_name", "surname") if el.get(k)) or data.get("name")
        dob = data.get("date_of_birth") or {}
        born = f"{int(dob['year']):04d}-{int(dob['month']):02d}" if dob.get("year") and dob.get("month") else None
        postcode = (data.get("address") or {}).get("postal_code")
        holder = person_node(name, text, uk_birth=born, contact=f"postcode:{postcode}" if postcode else None,
                             scope=ent.id)
        if holder is None:
            raise RecordRejected(f"{raw.record_id}: individual PSC without a name")
        holder.props.update(nationality=data.get("nationality"), residence=data.get("country_of_residence"))
    elif kind.startswith(("corporate-entity", "legal-person")):
        ident = data.get("identification") or {}
        reg = str(ident.get("registration_number") or "")
        place = str(ident.get("country_registered") or ident.get("place_registered") or "").lower()
        uk = check_uk_number(reg)
        in_uk = any(w in place for w in ("england", "wales", "scotland", "northern ireland", "united kingdom", "uk"))
        holder, _ = enterprise_ref(display_name(str(data.get("name") or "")), uk.code if uk.valid and in_uk else None,
                                   "UK", text)
    else:
        raise RecordRejected(f"{raw.record_id}: PSC kind {kind!r} is not a person, entity or statement")
    facts = Facts(doc, "uk_psc", EXTRACTOR_VERSION)
    facts.add(ent, holder)
    facts.rel("SHAREHOLDER_OF", holder, ent, props, key=str((data.get("links") or {}).get("self", "")))
    return facts.extraction()


SOURCE = SourceKind(
    name=KIND, domain="enterprises",
    description="UK persons-with-significant-control snapshot (JSON lines)",
    read=read_table, extract=extract, suffixes=(".jsonl", ".json", ".txt"),
)
