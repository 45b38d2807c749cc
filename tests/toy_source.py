"""A minimal source kind for foundation tests: one CSV-ish line "name,partner" per record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from core.errors import RecordRejected
from core.textio import decode, iter_lines
from graph.records import Document, Extraction, Node, RawRecord, Rel
from graph.search import terms_for
from graph.source_kind import SourceKind


def read(name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    for number, line in iter_lines(stream):
        if not line.strip():
            continue
        if len(line) > 10_000:
            yield RawRecord(name, str(number), number, None, f"line {number} is {len(line)} bytes long")
            continue
        yield RawRecord(name, str(number), number, line)


# Tests set this to simulate a crash (Ctrl-C, kill) while extracting the record with this id.
INTERRUPT_AT: str | None = None


def extract(raw: RawRecord) -> Extraction:
    if raw.record_id == INTERRUPT_AT:
        raise KeyboardInterrupt
    text, _ = decode(raw.payload)
    parts = text.split(",")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise RecordRejected(f"record {raw.record_id}: expected 'name,partner', got {len(parts)} fields")
    a, b = (p.strip() for p in parts)
    doc = Document("toy", raw.file, raw.record_id, text, date="2020-01-01")
    start_b = text.rindex(b)
    return Extraction(
        doc, "toy", "1",
        nodes=[Node("Enterprise", f"NAME:{a}", {"name": a}, span=(0, len(a)), terms=terms_for(a)),
               Node("Enterprise", f"NAME:{b}", {"name": b}, span=(start_b, start_b + len(b)), terms=terms_for(b))],
        rels=[Rel("SAME_AS", "Enterprise", f"NAME:{a}", "Enterprise", f"NAME:{b}", span=(0, len(text)),
                  confidence=0.5)],
    )


SOURCE = SourceKind("toy", "test", "test lines name,partner", read, extract)
