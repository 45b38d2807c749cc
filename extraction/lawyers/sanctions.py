"""Source kind `lawyer-sanctions`: rewards and punishments of lawyers (CSV: license number, kind, date,
deciding authority, decision text). Each says its disclosure kind: legal (justice bureau, courts) or
industry (bar association)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from core.errors import RecordRejected
from extraction.common.dates import parse_date
from extraction.common.facts import Facts
from extraction.lawyers.ids import is_chinese, lawyer_at_firm_id, license_id
from extraction.lawyers.table import read_table, row_text
from extraction.lawyers.vocab import vocab
from graph.records import Document, Extraction, RawRecord, stable_id
from graph.source_kind import SourceKind

NAME = "lawyer-sanctions"
VERSION = "1"


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    yield from read_table(file_name, stream)


def is_award(kind: str) -> bool:
    low = kind.lower()
    return any(w in low for w in vocab("sanctions")["award_words"])


def disclosure_of(kind: str, authority: str) -> str:
    rules = vocab("sanctions")
    low = (authority or "").lower()
    for word, disclosure in rules["authority_disclosure"].items():
        if word in low:
            return disclosure
    for word, disclosure in rules["kind_disclosure"].items():
        if word in kind:
            return disclosure
    return rules["default_disclosure"]


def _lawyer(row: dict[str, Any]) -> str:
    if row.get("license_no"):
        return license_id(row["license_no"])
    if row.get("name") and row.get("firm"):
        return lawyer_at_firm_id(row["name"], row["firm"])
    raise RecordRejected("a reward or punishment needs the lawyer's license number (or name and firm)")


def extract(raw: RawRecord) -> Extraction:
    if not isinstance(raw.payload, dict) or raw.payload.get("table") != "sanctions":
        raise RecordRejected("not a rewards-and-punishments row (needs 执业证号, 种类, 日期 columns)")
    row = raw.payload["row"]
    if not row.get("kind"):
        raise RecordRejected("missing kind")
    when = parse_date(row.get("date"))
    if row.get("date") and when is None:
        raise RecordRejected(f"date {row['date']!r} is not a date")
    lawyer = _lawyer(row)
    text, spans = row_text(row)
    doc = Document(NAME, raw.file, raw.record_id, text, date=when, lang="zh" if is_chinese(text) else "en",
                   title=f"{row['kind']}: {row.get('name', '')}")
    facts = Facts(doc, "lawyer_sanctions", VERSION)
    award = is_award(row["kind"])
    label, rel = ("Award", "AWARDED") if award else ("Sanction", "SANCTIONED")
    nid = label.lower() + ":" + stable_id(lawyer, when, row["kind"], row.get("decision", "")[:200])
    facts.node(label, nid, {
        "kind": row["kind"], "date": when, "authority": row.get("authority"), "decision": row.get("decision"),
        "disclosure": disclosure_of(row["kind"], row.get("authority", "")),
    }, span=spans.get("kind"))
    facts.rel(rel, ("Lawyer", lawyer), (label, nid), span=spans.get("kind"))
    return facts.extraction()


SOURCE = SourceKind(
    name=NAME, domain="lawyers", description="Lawyers' rewards and punishments (CSV)",
    read=read, extract=extract, suffixes=(".csv", ".tsv", ".txt"),
)
