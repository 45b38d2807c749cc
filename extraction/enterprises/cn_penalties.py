"""`cn-penalties`: administrative penalty decisions (行政处罚决定书文号, 违法行为类型, 处罚内容, 决定日期...)."""

from __future__ import annotations

import re

from core.errors import RecordRejected
from extraction.common.dates import parse_date
from extraction.common.facts import Facts
from extraction.common.money import parse_amount
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

KIND = "cn-penalties"
FINE_IN_TEXT = re.compile(r"罚款(?:人民币)?\s*([\d.,]+\s*(?:万|亿)?元)")


def extract(raw: RawRecord) -> Extraction:
    record = payload(raw)
    f = pick(record, "penalties")
    when = parse_date(f.get("date"), dayfirst=True)
    if not when:
        raise RecordRejected(f"{raw.record_id}: penalty decision date {f.get('date')!r} is not a date")
    text = evidence_text(record)
    ent, _ = enterprise_ref(f.get("name"), f.get("code"), "CN", text)
    content = display_name(str(f.get("content") or ""))
    fine, _ = parse_amount(f.get("fine")) if f.get("fine") else (None, None)
    if fine is None:
        m = FINE_IN_TEXT.search(content)
        fine = parse_amount(m.group(1))[0] if m else None
    number = display_name(str(f.get("number") or ""))
    pen = Node("Penalty", f"PEN:{stable_id(number or ent.id, when, content)}",
               {"number": number or None, "date": when, "offence": f.get("offence"), "content": content or None,
                "fine": fine, "authority": f.get("authority")}, span=span_of(text, f.get("number")))
    doc = document(KIND, raw, text, when, number or f"{ent.props.get('name') or ent.id} penalty")
    facts = Facts(doc, "cn_penalties", EXTRACTOR_VERSION)
    facts.add(ent, pen)
    facts.rel("PENALISED", ent, pen, {"date": when}, span=pen.span)
    return facts.extraction()


SOURCE = SourceKind(
    name=KIND, domain="enterprises",
    description="Chinese administrative penalty decisions on enterprises, JSON lines or CSV",
    read=read_table, extract=extract, suffixes=(".jsonl", ".json", ".ndjson", ".csv", ".tsv"),
)
