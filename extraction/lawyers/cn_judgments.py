"""Source kind `cn-judgments`: Chinese court judgments as plain text files (one judgment per file) or
JSON lines / JSON with the text in a field (`text`, `qwContent` paragraphs, `content`, `full_text`).

Persons named as parties, statutory agents and non-lawyer agents are masked, and identity numbers,
phones, bank accounts and detailed addresses removed, before the text is parsed for the facts stored;
the Document keeps only the masked text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from core.errors import RecordRejected
from core.textio import read_text_file
from extraction.lawyers.judgment_facts import build_extraction
from extraction.lawyers.judgment_model import Judgment
from extraction.lawyers.judgment_records import read_json_records
from extraction.lawyers.judgment_zh import parse_zh, persons_to_mask
from extraction.lawyers.masking import mask_names, mask_text
from graph.records import Document, Extraction, RawRecord
from graph.source_kind import SourceKind

NAME = "cn-judgments"
HTML = re.compile(r"(?i)<(?:div|p|br|a|span)\b[^>]*>")
TEXT_FIELDS = ("text", "qwContent", "content", "full_text", "fulltext", "全文", "正文")
META_FIELDS = {"court": ("court", "court_name", "法院", "法院名称"), "case_number": ("case_number", "case_no", "案号"),
               "cause": ("cause", "案由"), "title": ("title", "标题", "文书标题"), "date": ("date", "裁判日期")}


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    if file_name.lower().removesuffix(".gz").endswith(".txt"):
        text, _ = read_text_file(stream)
        yield RawRecord(file_name, file_name, 1, {"text": text})
        return
    yield from read_json_records(file_name, stream)


def judgment_text(payload: Any) -> str:
    if not isinstance(payload, dict):
        raise RecordRejected("judgment record is not a JSON object")
    for field in TEXT_FIELDS:
        value = payload.get(field)
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        if isinstance(value, str):
            return value
    raise RecordRejected(f"no judgment text: none of the fields {', '.join(TEXT_FIELDS)}")


def html_to_text(text: str) -> str:
    """Published pages print one paragraph per <div>/<p>: paragraphs become lines, tags and entities go."""
    if not HTML.search(text):
        return text
    text = re.sub(r"(?i)<br\s*/?>|</(?:div|p)>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def meta_of(payload: dict[str, Any]) -> dict[str, Any]:
    return {key: next((payload[f] for f in fields if payload.get(f)), None) for key, fields in META_FIELDS.items()}


def parse(raw: RawRecord) -> Judgment:
    """The judgment parsed from the masked text (its `text`)."""
    text = html_to_text(judgment_text(raw.payload)).replace("\r\n", "\n").replace("\x00", "")
    if not text.strip():
        raise RecordRejected("empty judgment text")
    meta = meta_of(raw.payload)
    masked = mask_text(text, mask_names(persons_to_mask(text), "zh"), "zh")
    judgment, _ = parse_zh(masked, meta)
    if not judgment.parties:
        raise RecordRejected("no party block: no line opens with a party role (原告, 被告, 上诉人, 申请人…)")
    return judgment


def extract(raw: RawRecord) -> Extraction:
    judgment = parse(raw)
    doc = Document(NAME, raw.file, raw.record_id, judgment.text, date=judgment.date, lang="zh", title=judgment.title)
    return build_extraction(doc, judgment, "cn_judgments")


SOURCE = SourceKind(
    name=NAME, domain="lawyers", description="Chinese court judgments (text files, JSON lines with the text)",
    read=read, extract=extract, suffixes=(".txt", ".jsonl", ".json"),
)
