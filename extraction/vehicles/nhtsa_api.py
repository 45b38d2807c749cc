"""NHTSA public API answers (JSON) read as records of the flat-file kinds.

The complaint and recall kinds call `read_if_json` first: a file that starts with `{` or `[` is JSON
(a document with a `results` / `Results` envelope, an array, one record, or JSON lines), anything else
goes on to the tab-separated reader. Each JSON record's shape and field names come from
data/nhtsa_api.yaml; the record is written under the kind's flat-file field names, one record per
product and component, so the kind's extractor is the same for both formats.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, BinaryIO

from extraction.common.dates import parse_date
from extraction.common.numerals import whole_number
from extraction.vehicles.vocab import load
from graph.records import RawRecord

SNIFF = 4096
VIN_CHARS = re.compile(r"[^A-HJ-NPR-Z0-9]")


# --- the field map ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shape:
    name: str
    detect: tuple[str, ...]
    fields: dict[str, tuple[str, ...]]
    split_on: re.Pattern[str]
    products_key: str | None
    product_fields: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class KindMap:
    kind: str
    record_id: tuple[str, ...]
    split_field: str
    convert: dict[str, str]
    shapes: tuple[Shape, ...]
    gather: bool  # the rows of one API record are one record (ROWS), else one record each


def _keys(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@lru_cache
def field_map() -> tuple[tuple[str, ...], dict[str, KindMap]]:
    """(envelope keys, kind name -> its map) from data/nhtsa_api.yaml."""
    raw = load("nhtsa_api.yaml")
    kinds = {}
    for kind, spec in raw["kinds"].items():
        default_split = spec["split"]["pattern"]
        shapes = tuple(
            Shape(s["name"], _keys(s["detect"]), {k: _keys(v) for k, v in s["fields"].items()},
                  re.compile(s.get("split_on", default_split)), (s.get("products") or {}).get("key"),
                  {k: _keys(v) for k, v in ((s.get("products") or {}).get("fields") or {}).items()})
            for s in spec["shapes"])
        kinds[kind] = KindMap(kind, tuple(spec["record_id"]), spec["split"]["field"], dict(spec.get("convert") or {}),
                              shapes, bool(spec.get("gather")))
    return tuple(raw["envelope"]), kinds


def shape_of(kind: str, record: dict[str, Any]) -> Shape | None:
    for shape in field_map()[1][kind].shapes:
        if any(k in record for k in shape.detect):
            return shape
    return None


def kind_of(record: dict[str, Any]) -> str | None:
    """The kind whose shapes know this record (None: no NHTSA API shape)."""
    for kind in field_map()[1]:
        if shape_of(kind, record):
            return kind
    return None


# --- values -----------------------------------------------------------------------------------------
def to_date(value: Any, order: str) -> str:
    """An API date as ISO (extraction/common/dates.py: /Date(ms-zone)/ at its offset, ISO with or without a
    time, slashed dates day or month first as the field's `order` says when both readings are dates); ""
    when it is no date."""
    return parse_date(value, dayfirst=order == "dmy") or ""


def to_flag(value: Any) -> str:
    if isinstance(value, bool):
        return "Y" if value else "N"
    v = str(value or "").strip().upper()
    return "Y" if v in ("Y", "YES", "TRUE", "1") else "N" if v in ("N", "NO", "FALSE", "0") else ""


def to_int(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    number = whole_number(str(value))
    return "" if number is None else str(number)


def to_vin(value: Any) -> str:
    """The VIN as far as it is known: upper case, separators dropped, cut at the first masked or invalid
    character (the APIs give 11 of 17 characters, some answers mask the rest with "*")."""
    return VIN_CHARS.split(re.sub(r"[\s\-]", "", str(value or "").upper()), maxsplit=1)[0]


def to_product_type(value: Any) -> str:
    return str(value or "").strip()[:1].upper()


CONVERTERS = {
    "flag": to_flag, "int": to_int, "vin": to_vin, "product_type": to_product_type,
    "date_mdy": lambda v: to_date(v, "mdy"), "date_dmy": lambda v: to_date(v, "dmy"),
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(_text(v) for v in value if _text(v))
    return str(value).strip()


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = record.get(k)
        if v not in (None, "", []):
            return v
    return None


# --- records ----------------------------------------------------------------------------------------
def flat_records(kind: str, record: dict[str, Any]) -> tuple[str, list[dict[str, str]]] | str:
    """(shape name, flat payloads: one per product and component) of one API record, or why it has none."""
    km = field_map()[1][kind]
    shape = shape_of(kind, record)
    if shape is None:
        other = kind_of(record)
        keys = ", ".join(sorted(record)[:8])
        return (f"a {other} record, not {kind}" if other else f"no NHTSA API {kind} shape (keys: {keys})")
    base = {name: _first(record, keys) for name, keys in shape.fields.items()}
    products = record.get(shape.products_key) if shape.products_key else None
    rows: list[dict[str, Any]] = []
    if isinstance(products, list) and products:
        for product in products:
            if not isinstance(product, dict):
                continue
            row = dict(base)
            for name, keys in shape.product_fields.items():
                v = _first(product, keys)
                if v is not None:
                    row[name] = v
            rows.append(row)
    else:
        rows.append(base)
    out = []
    for row in rows:
        parts = row.get(km.split_field)
        parts = [_text(p) for p in parts] if isinstance(parts, list) else shape.split_on.split(_text(parts))
        parts = list(dict.fromkeys(p.strip() for p in parts if p and p.strip())) or [""]
        for part in parts:
            flat = {}
            for name, value in row.items():
                conv = km.convert.get(name)
                flat[name] = CONVERTERS[conv](value) if conv else _text(value)
            flat[km.split_field] = part
            out.append({k: v for k, v in flat.items() if v})
    return shape.name, out


def _record_id(km: KindMap, flat: dict[str, str], fallback: str) -> str:
    keys = [flat.get(k, "") for k in km.record_id]
    return ":".join(keys) if all(keys[:1]) and any(keys[1:]) else fallback


def _records(kind: str, file_name: str, obj: Any, line: int, where: str) -> Iterator[RawRecord]:
    for item, at in _items(obj, where):
        record_id = at.strip() or f"line {line}"
        if not isinstance(item, dict):
            yield RawRecord(file_name, record_id, line, None,
                            f"a JSON {type(item).__name__}, not an object with NHTSA fields")
            continue
        made = flat_records(kind, item)
        if isinstance(made, str):
            yield RawRecord(file_name, record_id, line, None, made)
            continue
        km = field_map()[1][kind]
        rows = made[1]
        if km.gather and len(rows) > 1:
            # one complaint naming several products or components: one record, its rows under ROWS (as
            # nhtsa_complaints.gather makes of the flat file's rows)
            yield RawRecord(file_name, _record_id(km, rows[0], record_id), line, {**rows[0], "ROWS": rows})
            continue
        for flat in rows:
            yield RawRecord(file_name, _record_id(km, flat, record_id), line, flat)


def _items(obj: Any, where: str) -> Iterator[tuple[Any, str]]:
    """The records in a parsed JSON value (envelopes and arrays opened), with where each one is."""
    envelope = field_map()[0]
    if isinstance(obj, dict):
        inner = next((obj[k] for k in envelope if isinstance(obj.get(k), list)), None)
        if inner is None:
            yield obj, where
            return
        for i, item in enumerate(inner, start=1):
            yield from _items(item, f"{where}result {i} ")
    elif isinstance(obj, list):
        for i, item in enumerate(obj, start=1):
            yield from _items(item, f"{where}item {i} ")
    else:
        yield obj, where


# --- containers -------------------------------------------------------------------------------------
class _Rejoined(io.RawIOBase):
    """The bytes already read to sniff a stream, then the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def sniff(stream: BinaryIO) -> tuple[bool, BinaryIO]:
    """(whether the stream holds JSON, the stream to read from the start)."""
    head = stream.read(SNIFF)
    start = head[len(codecs.BOM_UTF8):] if head.startswith(codecs.BOM_UTF8) else head
    is_json = start.lstrip()[:1] in (b"{", b"[")
    return is_json, io.BufferedReader(_Rejoined(head, stream), buffer_size=1 << 16)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parsed(stream: BinaryIO) -> Iterator[tuple[int, str, Any, str | None]]:
    """(line, where, parsed value, error) for a JSON document or each line of JSON lines."""
    first_no, first = next(((n, line) for n, line in enumerate(stream, start=1) if line.strip()), (0, b""))
    try:
        obj = json.loads(_decode(first))
    except json.JSONDecodeError:
        # a document spread over lines (pretty-printed)
        try:
            yield 1, "", json.loads(_decode(first + stream.read())), None
        except json.JSONDecodeError as exc:
            yield exc.lineno, "(document)", None, f"not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        return
    # one line parsed: JSON lines (a one-line document is the same thing with one line)
    yield first_no, "" if isinstance(obj, list) else f"line {first_no} ", obj, None
    for line_no, line in enumerate(stream, start=first_no + 1):
        if not line.strip():
            continue
        try:
            yield line_no, f"line {line_no} ", json.loads(_decode(line)), None
        except json.JSONDecodeError as exc:
            yield line_no, f"line {line_no}", None, f"line {line_no} is not JSON ({exc.msg})"


def read_json(kind: str, file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    """Records of a JSON file: a document (enveloped, array or one record), or JSON lines."""
    for line, where, obj, error in _parsed(stream):
        if error:
            yield RawRecord(file_name, where.strip(), line, None, error)
        else:
            yield from _records(kind, file_name, obj, line, where)


def json_kind(stream: BinaryIO) -> str | None:
    """The kind of a JSON file's first record (None: not JSON, or no NHTSA API shape)."""
    is_json, stream = sniff(stream)
    if not is_json:
        return None
    for _line, _where, obj, error in _parsed(stream):
        if error:
            return None
        for item, _at in _items(obj, ""):
            return kind_of(item) if isinstance(item, dict) else None
    return None


def read_if_json(kind: str, file_name: str, stream: BinaryIO) -> tuple[Iterator[RawRecord] | None, BinaryIO]:
    """The JSON records of the stream when it is JSON (else None), and the stream to read otherwise."""
    is_json, stream = sniff(stream)
    return (read_json(kind, file_name, stream) if is_json else None), stream
