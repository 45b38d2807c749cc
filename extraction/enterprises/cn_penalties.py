"""`cn-penalties`: administrative penalty decisions (行政处罚决定书文号, 违法行为类型, 处罚内容, 决定日期...), one
per record, in any shape the register kinds read (a CSV export, GSXT `penDecNo` rows, answer items)."""

from __future__ import annotations

from core.errors import RecordRejected
from extraction.common.facts import Facts
from extraction.enterprises.items import BadItem, item_date, penalty_node, standalone
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

KIND = "cn-penalties"


def extract(raw: RawRecord) -> Extraction:
    record, _hint, mapping = sourced(raw)
    f, _shape = standalone(record, "penalties", mapping)
    text, _spans = render(record)
    try:
        item_date(f, "date", "penalty decision date")  # before the enterprise: the date is the first reason
        ent, _ = enterprise_ref(f.get("name"), f.get("code"), "CN", text)
        pen = penalty_node(ent, f, span_of(text, f.get("number")))
    except BadItem as exc:
        raise RecordRejected(f"{raw.record_id}: {exc}") from exc
    when, number = pen.props["date"], pen.props["number"]
    doc = document(KIND, raw, text, when, number or f"{ent.props.get('name') or ent.id} penalty")
    facts = Facts(doc, "cn_penalties", EXTRACTOR_VERSION)
    facts.add(ent, pen)
    facts.rel("PENALISED", ent, pen, {"date": when}, span=pen.span)
    return facts.extraction()


SOURCE = SourceKind(
    name=KIND, domain="enterprises",
    description="Chinese administrative penalty decisions on enterprises: CSV / TSV / Excel / JSON",
    read=read_records, extract=extract, suffixes=(".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".xlsx"),
)
