"""Source kind `courtlistener`: US case records as CAP JSON (`casebody.data` XML with parties,
attorneys and opinions) or CourtListener cluster JSON (`attorneys` free text, `plain_text`/`html`),
one record per .json file, a list or results page, or JSON lines.

Party persons are masked (initials) in every segment before the text is parsed for stored facts.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import BinaryIO

from core.errors import RecordRejected
from extraction.lawyers.judgment_en import Segment, parse_en, segments_of
from extraction.lawyers.judgment_facts import build_extraction
from extraction.lawyers.judgment_model import Judgment
from extraction.lawyers.judgment_records import read_json_records
from extraction.lawyers.masking import is_initials, mask_names, mask_text, person_variants
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
    counsel = {_name_key(a.name) for a in first.agents if a.professional}
    for party in first.parties:  # a trustee who is also counsel of record acts as a lawyer: public
        if party.kind == "person" and _name_key(party.name) in counsel:
            party.kind = "official"
    parties = {_name_key(p.name) for p in first.parties}
    pro_se = [a.name for a in first.agents if not a.professional  # "Ada Moss, pro se": a private person
              and _name_key(a.name) not in parties]
    mapping = mask_names([n for n in first.persons() + pro_se if not is_initials(n)], "en")
    mapping.update(person_variants(mapping, " ".join(s.text for s in segments)))
    public = [p.name for p in first.parties if p.kind != "person"] + [a.name for a in first.agents if a.professional] + \
        [a.firm for a in first.agents if a.firm] + [j.name for j in first.judges]
    masked = [Segment(s.kind, _mask_segment(s, mapping, public)) for s in segments]
    judgment = parse_en(raw.payload, masked)
    _transplant(first, judgment, mapping)
    judgment.title = mask_text(judgment.title, mapping, "en", keep=public)  # "Wester v. …" names the person
    return judgment


def _name_key(name: str) -> str:
    words = re.findall(r"[a-z]+", name.lower())
    return " ".join(w for w in words if w not in ("jr", "sr", "ii", "iii", "iv", "esq"))


def _transplant(first: Judgment, judgment: Judgment, mapping: dict[str, str]) -> None:
    """Whom counsel act for is read on the unmasked text ("for defendant Chancey" names one defendant;
    masked, "C." names none): the parties and counsel sides of the first parse, with masked names and
    spans in the masked text."""
    if [a.name for a in first.agents] != [a.name for a in judgment.agents]:
        return
    parties = []
    for i, party in enumerate(first.parties):
        name = mapping.get(party.name, party.name) if party.kind == "person" else party.name
        if i < len(judgment.parties) and judgment.parties[i].name == name:
            span = judgment.parties[i].span
        else:
            at = judgment.text.find(name)
            span = (at, at + len(name)) if at >= 0 else (0, 0)
        parties.append(dataclasses.replace(party, name=name, span=span))
    judgment.parties = parties
    for mine, theirs in zip(judgment.agents, first.agents, strict=True):
        mine.parties, mine.side, mine.role, mine.trial_role = theirs.parties, theirs.side, theirs.role, theirs.trial_role


def _mask_segment(segment: Segment, mapping: dict[str, str], public: list[str]) -> str:
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
        tail = "".join(mask_text(p, mapping, "en", surnames=not p.startswith("("), keep=public) for p in parts)
        return mask_text(head, mapping, "en", surnames=False) + sep + tail
    return mask_text(segment.text, mapping, "en", keep=public)


def extract(raw: RawRecord) -> Extraction:
    judgment = parse(raw)
    doc = Document(NAME, raw.file, raw.record_id, judgment.text, date=judgment.date, lang="en", title=judgment.title)
    return build_extraction(doc, judgment, "courtlistener")


SOURCE = SourceKind(
    name=NAME, domain="lawyers", description="US case law: CAP / CourtListener case JSON with counsel lines",
    read=read, extract=extract, suffixes=(".json", ".jsonl"),
)
