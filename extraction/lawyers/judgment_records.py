"""Reading judgment records from JSON lines or a JSON file (one object, a list, or a page of results)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from core.textio import decode_bytes, decoded_lines, undecodable
from graph.records import RawRecord

ID_FIELDS = ("id", "doc_id", "文书ID", "record_id")


def _record_id(obj: Any, fallback: str) -> str:
    if isinstance(obj, dict):
        for field in ID_FIELDS:
            if obj.get(field) not in (None, ""):
                return str(obj[field])
    return fallback


def read_json_records(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    """Each record, the file decoded in the one encoding found for the whole of it; a record holding bytes
    that encoding cannot read is rejected with the reason."""
    if file_name.lower().removesuffix(".gz").endswith(".json"):
        text, encoding = decode_bytes(stream.read(), legacy="gb18030")
        try:
            data = json.loads(text)
        except ValueError as exc:
            yield RawRecord(file_name, file_name, 1, None, f"not valid JSON: {exc}")
            return
        items = data if isinstance(data, list) else data.get("results", [data]) if isinstance(data, dict) else [data]
        for i, obj in enumerate(items, start=1):
            record_id = _record_id(obj, f"{file_name}#{i}")
            bad = undecodable(json.dumps(obj, ensure_ascii=False), encoding)
            yield RawRecord(file_name, record_id, i, None if bad else obj, f"{record_id}: {bad}" if bad else None)
        return
    for number, text, error in decoded_lines(stream, legacy="gb18030"):
        if text is None:
            yield RawRecord(file_name, f"line {number}", number, None, error)
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except ValueError as exc:
            yield RawRecord(file_name, f"line {number}", number, None, f"line {number} is not valid JSON: {exc}")
            continue
        yield RawRecord(file_name, _record_id(obj, f"line {number}"), number, obj)
