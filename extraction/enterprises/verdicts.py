"""`enterprise-verdicts`: past regulator verdicts (enterprise id, verdict, date, reason), CSV.

The enterprise column takes a graph id ("CN:<USCC>", "UK:<number>") or a bare code."""

from __future__ import annotations

from core.errors import RecordRejected
from extraction.common.dates import required_date
from extraction.common.facts import Facts
from extraction.enterprises.codes import check_uk_number, clean_code, looks_like_uscc
from extraction.enterprises.records import (
    EXTRACTOR_VERSION,
    document,
    enterprise_ref,
    evidence_text,
    payload,
    read_table,
    span_of,
)
from extraction.enterprises.vocab import classify_words, pick, vocab
from graph.records import Extraction, Node, RawRecord, stable_id
from graph.source_kind import SourceKind

KIND = "enterprise-verdicts"


def _enterprise(value: str, name: str | None, text: str) -> Node:
    raw = value.strip()
    prefix, _, rest = raw.partition(":")
    if rest and prefix.upper() in ("CN", "UK"):
        return enterprise_ref(name, rest, prefix.upper(), text)[0]
    if looks_like_uscc(raw):
        return enterprise_ref(name, raw, "CN", text)[0]
    if check_uk_number(raw).valid and clean_code(raw)[:2].isalnum():
        return enterprise_ref(name, raw, "UK", text)[0]
    raise RecordRejected(f"enterprise {value!r} is neither CN:<code>, UK:<number>, a USCC nor a UK number")


def extract(raw: RawRecord) -> Extraction:
    record = payload(raw)
    f = pick(record, "verdicts")
    if not f.get("enterprise"):
        raise RecordRejected(f"{raw.record_id}: no enterprise id")
    verdict = classify_words("verdicts", str(f.get("verdict") or ""))
    if verdict is None:
        raise RecordRejected(f"{raw.record_id}: verdict {f.get('verdict')!r} is not one of "
                             f"{', '.join(vocab()['verdicts'])}")
    when = required_date(f.get("date"), f"{raw.record_id}: verdict date", dayfirst=True)
    text = evidence_text(record)
    ent = _enterprise(str(f["enterprise"]), f.get("name"), text)
    node = Node("Verdict", f"VER:{stable_id(ent.id, when, verdict)}",
                {"verdict": verdict, "abnormal": bool(vocab()["verdicts"][verdict]["abnormal"]), "date": when,
                 "reason": f.get("reason")}, span=span_of(text, f.get("verdict")))
    doc = document(KIND, raw, text, when, f"{ent.id} {verdict}", lang="en")
    facts = Facts(doc, "enterprise_verdicts", EXTRACTOR_VERSION)
    facts.add(ent, node)
    facts.rel("HAS_VERDICT", ent, node, {"date": when}, span=node.span)
    return facts.extraction()


SOURCE = SourceKind(
    name=KIND, domain="enterprises",
    description="Past regulator verdicts on enterprises (id, verdict, date, reason), CSV",
    read=read_table, extract=extract, suffixes=(".csv", ".tsv", ".jsonl"),
)
