"""`cn-registry-changes`: registered changes (变更事项, 变更前内容, 变更后内容, 变更日期), one per record, in
any shape the register kinds read (a CSV export, GSXT `altItem_CN` rows, an answer's change items)."""

from __future__ import annotations

from core.errors import RecordRejected
from extraction.common.facts import Facts
from extraction.enterprises.items import BadItem, change_node, standalone
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

KIND = "cn-registry-changes"


def extract(raw: RawRecord) -> Extraction:
    record, _hint, mapping = sourced(raw)
    f, _shape = standalone(record, "changes", mapping)
    text, _spans = render(record)
    ent, _ = enterprise_ref(f.get("name"), f.get("code"), "CN", text)
    try:
        change = change_node(ent, f, None)
    except BadItem as exc:
        raise RecordRejected(f"{raw.record_id}: {exc}") from exc
    change.span = span_of(text, f.get("item"))
    when, item = change.props["date"], change.props["item"]
    doc = document(KIND, raw, text, when, f"{ent.props.get('name') or ent.id} {item}")
    facts = Facts(doc, "cn_registry_changes", EXTRACTOR_VERSION)
    facts.add(ent, change)
    facts.rel("HAS_CHANGE", ent, change, {"date": when}, span=change.span)
    return facts.extraction()


SOURCE = SourceKind(
    name=KIND, domain="enterprises",
    description="Chinese register change records (变更事项, 变更前/后内容, 变更日期): CSV / TSV / Excel / JSON",
    read=read_records, extract=extract, suffixes=(".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".xlsx"),
)
