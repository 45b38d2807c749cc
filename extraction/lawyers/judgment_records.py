"""Reading judgment records from JSON lines or a JSON file (one object, a list, or a page of results)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from core.textio import decode, iter_lines, read_text_file
from graph.records import RawRecord

ID_FIELDS = ("id", "doc_id", "文书ID", "record_id")


def _record_id(obj: Any, fallback: str) -> str:
    if isinstance(obj, dict):
        for field in ID_FIELDS:
            if obj.get(field) not in (None, ""):
                return str(obj[field])
    return fallback


def read_json_records(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    if file_name.lower().removesuffix(".gz").endswith(".json"):
        text, _ = read_text_file(stream)
        try:
            data = json.loads(text)
        except ValueError as exc:
            yield RawRecord(file_name, file_name, 1, None, f"not valid JSON: {exc}")
            return
        items = data if isinstance(data, list) else data.get("results", [data]) if isinstance(data, dict) else [data]
        for i, obj in enumerate(items, start=1):
            yield RawRecord(file_name, _record_id(obj, f"{file_name}#{i}"), i, obj)
        return
    for number, line in iter_lines(stream):
        if not line.strip():
            continue
        text, _ = decode(line)
        try:
            obj = json.loads(text)
        except ValueError as exc:
            yield RawRecord(file_name, f"line {number}", number, None, f"line {number} is not valid JSON: {exc}")
            continue
        yield RawRecord(file_name, _record_id(obj, f"line {number}"), number, obj)
