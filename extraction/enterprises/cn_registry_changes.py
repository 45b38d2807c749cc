"""`cn-registry-changes`: registered changes (变更事项, 变更前内容, 变更后内容, 变更日期)."""

from __future__ import annotations

from core.errors import RecordRejected
from extraction.common.dates import parse_date
from extraction.common.facts import Facts
from extraction.common.money import parse_amount
from extraction.enterprises.industry import classify_scope
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
from extraction.enterprises.vocab import classify_words, pick
from graph.records import Extraction, Node, RawRecord, stable_id
from graph.source_kind import SourceKind

KIND = "cn-registry-changes"


def extract(raw: RawRecord) -> Extraction:
    record = payload(raw)
    f = pick(record, "changes")
    if not f.get("item"):
        raise RecordRejected(f"{raw.record_id}: no 变更事项")
    when = parse_date(f.get("date"), dayfirst=True)
    if not when:
        raise RecordRejected(f"{raw.record_id}: 变更日期 {f.get('date')!r} is not a date")
    text = evidence_text(record)
    ent, _ = enterprise_ref(f.get("name"), f.get("code"), "CN", text)
    item = display_name(str(f["item"]))
    before, after = str(f.get("before") or "")[:2000], str(f.get("after") or "")[:2000]
    kind = classify_words("change_kinds", item) or "other"
    props = {"date": when, "kind": kind, "item": item, "before": before or None, "after": after or None}
    if kind == "capital":
        props["capital_before"], _ = parse_amount(before)
        props["capital_after"], _ = parse_amount(after)
    elif kind == "scope":
        props["industry_before"] = next(iter(classify_scope(before)), None)
        props["industry_after"] = next(iter(classify_scope(after)), None)
    change = Node("Change", f"CHG:{stable_id(ent.id, when, item, before, after)}", props,
                  span=span_of(text, f["item"]))
    doc = document(KIND, raw, text, when, f"{ent.props.get('name') or ent.id} {item}")
    facts = Facts(doc, "cn_registry_changes", EXTRACTOR_VERSION)
    facts.add(ent, change)
    facts.rel("HAS_CHANGE", ent, change, {"date": when}, span=change.span)
    return facts.extraction()


SOURCE = SourceKind(
    name=KIND, domain="enterprises",
    description="Chinese register change records (变更事项, 变更前/后内容, 变更日期), JSON lines or CSV",
    read=read_table, extract=extract, suffixes=(".jsonl", ".json", ".ndjson", ".csv", ".tsv"),
)
