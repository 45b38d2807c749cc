"""Source kind `courtlistener`: US case records as CAP JSON (`casebody.data` XML with parties,
attorneys and opinions) or CourtListener cluster JSON (`attorneys` free text, `plain_text`/`html`),
one record per .json file, a list or results page, or JSON lines.

Party persons are masked (initials) in every segment before the text is parsed for stored facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from core.errors import RecordRejected
from extraction.lawyers.judgment_en import Segment, parse_en, segments_of
from extraction.lawyers.judgment_facts import build_extraction
from extraction.lawyers.judgment_model import Judgment
from extraction.lawyers.judgment_records import read_json_records
from extraction.lawyers.masking import is_initials, mask_names, mask_text
from graph.records import Document, Extraction, RawRecord
from graph.source_kind import SourceKind

NAME = "courtlistener"


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    yield from read_json_records(file_name, stream)


def parse(raw: RawRecord) -> Judgment:
    """The case parsed from its masked text."""
    if not isinstance(raw.payload, dict):
        raise RecordRejected("case record is not a JSON object")
    segments = segments_of(raw.payload)
    if not segments:
        raise RecordRejected("no case text: neither casebody.data nor plain_text/html nor a caption")
    first = parse_en(raw.payload, segments)
    if not first.parties:
        raise RecordRejected("no parties: the caption names none (expected 'A, Plaintiff, v. B, Defendant')")
    mapping = mask_names([n for n in first.persons() if not is_initials(n)], "en")
    masked = [Segment(s.kind, _mask_segment(s, mapping)) for s in segments]
    judgment = parse_en(raw.payload, masked)
    judgment.title = mask_text(judgment.title, mapping, "en")  # "Wester v. …" names the person
    return judgment


def _mask_segment(segment: Segment, mapping: dict[str, str]) -> str:
    """Persons masked everywhere; a surname alone only where it cannot be counsel's or the judge's own
    (in a counsel line, only in the "for defendant Chancey" part)."""
    if segment.kind == "author":
        return mask_text(segment.text, mapping, "en", surnames=False)
    if segment.kind == "attorneys":
        head, sep, tail = segment.text.rpartition(" for ")
        if not sep:
            return mask_text(segment.text, mapping, "en", surnames=False)
        # "(Miller, Garrison & Hughes, attorneys)" after the side names a firm, not the party
        parts = re.split(r"(\([^()]*\))", tail)
        tail = "".join(mask_text(p, mapping, "en", surnames=not p.startswith("(")) for p in parts)
        return mask_text(head, mapping, "en", surnames=False) + sep + tail
    return mask_text(segment.text, mapping, "en")


def extract(raw: RawRecord) -> Extraction:
    judgment = parse(raw)
    doc = Document(NAME, raw.file, raw.record_id, judgment.text, date=judgment.date, lang="en", title=judgment.title)
    return build_extraction(doc, judgment, "courtlistener")


SOURCE = SourceKind(
    name=NAME, domain="lawyers", description="US case law: CAP / CourtListener case JSON with counsel lines",
    read=read, extract=extract, suffixes=(".json", ".jsonl"),
)
