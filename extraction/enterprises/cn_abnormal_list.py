"""`cn-abnormal-list`: the abnormal-operation list (列入 / 移出经营异常名录, reason, date, authority)."""

from __future__ import annotations

from core.errors import RecordRejected
from extraction.common.dates import parse_date
from extraction.common.facts import Facts
from extraction.enterprises.normalise import display_name
from extraction.enterprises.records import (
    EXTRACTOR_VERSION,
    document,
    enterprise_ref,
    evidence_text,
    payload,
    read_table,
    span_of,
)
from extraction.enterprises.vocab import pick
from graph.records import Extraction, Node, RawRecord, stable_id
from graph.source_kind import SourceKind

KIND = "cn-abnormal-list"


def extract(raw: RawRecord) -> Extraction:
    record = payload(raw)
    f = pick(record, "abnormal")
    listed = parse_date(f.get("date"), dayfirst=True)
    if not listed:
        raise RecordRejected(f"{raw.record_id}: 列入日期 {f.get('date')!r} is not a date")
    removed = parse_date(f.get("removal_date"), dayfirst=True)
    if f.get("removal_date") and not removed:
        raise RecordRejected(f"{raw.record_id}: 移出日期 {f.get('removal_date')!r} is not a date")
    if removed and removed < listed:
        raise RecordRejected(f"{raw.record_id}: 移出日期 {removed} is before 列入日期 {listed}")
    text = evidence_text(record)
    ent, _ = enterprise_ref(f.get("name"), f.get("code"), "CN", text)
    reason = display_name(str(f.get("reason") or "")) or None
    listing = Node("AbnormalListing", f"ABN:{stable_id(ent.id, listed, reason)}",
                   {"listed_on": listed, "reason": reason, "authority": f.get("authority"), "removed_on": removed,
                    "removal_reason": f.get("removal_reason"), "removal_authority": f.get("removal_authority")},
                   span=span_of(text, f.get("reason")))
    doc = document(KIND, raw, text, listed, f"{ent.props.get('name') or ent.id} 列入经营异常名录")
    facts = Facts(doc, "cn_abnormal_list", EXTRACTOR_VERSION)
    facts.add(ent, listing)
    facts.rel("LISTED_ABNORMAL", ent, listing, {"date": listed}, span=listing.span)
    return facts.extraction()


SOURCE = SourceKind(
    name=KIND, domain="enterprises",
    description="Chinese abnormal-operation list entries and removals, JSON lines or CSV",
    read=read_table, extract=extract, suffixes=(".jsonl", ".json", ".ndjson", ".csv", ".tsv"),
)
