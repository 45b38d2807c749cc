"""The kinds whose every record is one register entry about an enterprise named in it (abnormal-list
entries, penalty decisions, change records), in any shape the register kinds read. They differ only in
what they declare here: the entry's section of fields.yaml, how its node is built, which date it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.errors import RecordRejected
from extraction.common.facts import Facts
from extraction.enterprises.items import BadItem, item_date, standalone
from extraction.enterprises.records import (
    EXTRACTOR_VERSION,
    document,
    enterprise_ref,
    render,
    sourced,
    span_of,
)
from extraction.enterprises.sniff import read_records
from graph.records import Extraction, Node, RawRecord, Span
from graph.source_kind import SourceKind

SUFFIXES = (".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".xlsx")


@dataclass(frozen=True)
class EntryKind:
    kind: str
    section: str  # the items section of fields.yaml: abnormal | penalties | changes
    build: Callable[[Node, dict[str, Any], Span | None], Node]  # (enterprise, fields, span) -> the entry
    span_field: str  # the field the entry's span points at
    relationship: str  # enterprise -> entry
    date_prop: str  # the entry's date, also the document's
    title: Callable[[Node, Node], str]  # (enterprise, entry) -> the document's title
    # Checked before anything else, so that a record without it says so first (None: `build` checks it).
    required_date: str | None = None

    def extract(self, raw: RawRecord) -> Extraction:
        record, _hint, mapping = sourced(raw)
        f, _shape = standalone(record, self.section, mapping)
        text, _spans = render(record)
        try:
            if self.required_date:
                item_date(f, "date", self.required_date)
            ent, _ = enterprise_ref(f.get("name"), f.get("code"), "CN", text)
            entry = self.build(ent, f, span_of(text, f.get(self.span_field)))
        except BadItem as exc:
            raise RecordRejected(f"{raw.record_id}: {exc}") from exc
        when = entry.props[self.date_prop]
        doc = document(self.kind, raw, text, when, self.title(ent, entry))
        facts = Facts(doc, self.kind.replace("-", "_"), EXTRACTOR_VERSION)
        facts.add(ent, entry)
        facts.rel(self.relationship, ent, entry, {"date": when}, span=entry.span)
        return facts.extraction()

    def source(self, description: str) -> SourceKind:
        return SourceKind(name=self.kind, domain="enterprises", description=description, read=read_records,
                          extract=self.extract, suffixes=SUFFIXES)


def enterprise_label(ent: Node) -> str:
    return str(ent.props.get("name") or ent.id)
