"""`cn-abnormal-list`: the abnormal-operation list (列入 / 移出经营异常名录, reason, date, authority), one entry
per record, in any shape the register kinds read (a CSV export, GSXT `speCause_CN` rows, Qichacha
`AddReason` / Tianyancha `putReason` / Qixin `in_reason` items carrying the enterprise's name or code)."""

from __future__ import annotations

from core.errors import RecordRejected
from extraction.common.facts import Facts
from extraction.enterprises.items import BadItem, abnormal_node, item_date, standalone
from extraction.enterprises.records import (
    EXTRACTOR_VERSION,
    document,
    enterprise_ref,
    render,
    sourced,
    span_of,
)
from extraction.enterprises.sniff import read_records
from graph.records import Extraction, RawRecord
from graph.source_kind import SourceKind

KIND = "cn-abnormal-list"


def extract(raw: RawRecord) -> Extraction:
    record, _hint, mapping = sourced(raw)
    f, _shape = standalone(record, "abnormal", mapping)
    text, _spans = render(record)
    try:
        item_date(f, "date", "列入日期")  # before the enterprise: the date is this record's first reason
        ent, _ = enterprise_ref(f.get("name"), f.get("code"), "CN", text)
        listing = abnormal_node(ent, f, span_of(text, f.get("reason")))
    except BadItem as exc:
        raise RecordRejected(f"{raw.record_id}: {exc}") from exc
    listed = listing.props["listed_on"]
    doc = document(KIND, raw, text, listed, f"{ent.props.get('name') or ent.id} 列入经营异常名录")
    facts = Facts(doc, "cn_abnormal_list", EXTRACTOR_VERSION)
    facts.add(ent, listing)
    facts.rel("LISTED_ABNORMAL", ent, listing, {"date": listed}, span=listing.span)
    return facts.extraction()


SOURCE = SourceKind(
    name=KIND, domain="enterprises",
    description="Chinese abnormal-operation list entries and removals: CSV / TSV / Excel / JSON",
    read=read_records, extract=extract, suffixes=(".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".xlsx"),
)
