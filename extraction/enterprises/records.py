"""Reading register files (JSON lines, JSON arrays or CSV, any of the encodings registers use) and the
pieces every enterprise extractor builds: the document with its evidence text, the enterprise node
with its checked code, addresses, phones and people."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

from core.errors import RecordRejected
from core.textio import UNDECODABLE, decode
from extraction.enterprises.address import Address
from extraction.enterprises.codes import CodeCheck, check_uk_number, check_uscc, uscc_division
from extraction.enterprises.divisions import Division, cross_check, lineage
from extraction.enterprises.normalise import (
    display_name,
    enterprise_key,
    mask_id_number,
    normalise_email,
    normalise_phone,
    person_name,
)
from extraction.enterprises.shapes import Shape, load_mapping, user_mapping
from extraction.enterprises.sniff import Sourced
from graph.records import Document, Node, RawRecord, stable_id
from graph.search import terms_for

EXTRACTOR_VERSION = "1.0"
MAX_FIELD_CHARS = 20_000


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut by the sample's end
            return "utf-8"
    return decode(head)[1].replace("utf-8/replace", "utf-8")


def read_table(file_name: str, stream: BinaryIO, columns: Sequence[str] = ()) -> Iterator[RawRecord]:
    """Records of a .jsonl / .json / .csv / .tsv file as dicts; a bad line becomes a RawRecord with
    `error`, never an exception. `columns`: the layout's column names, for files that come without
    their header row (the first row is taken as the header only when it looks like one)."""
    buffered = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream
    head = buffered.peek(65536)[:65536]
    encoding = _encoding(head)
    # Undecodable bytes stay visible (as lone surrogates) so that their row is rejected, not stored garbled;
    # UTF-16 has no such escape (a cut last character would raise), so there they read as U+FFFD.
    errors = "replace" if encoding.startswith("utf-16") else "surrogateescape"
    text = io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline="")
    lower = file_name.lower().removesuffix(".gz")
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if lower.endswith((".jsonl", ".json", ".ndjson")) or first in (b"{", b"["):
        records = _read_json_lines(file_name, text)
    else:
        records = _read_csv(file_name, text, "\t" if lower.endswith(".tsv") else ",", columns)
    for raw in records:
        yield _undecodable(raw, encoding) if raw.error is None else raw


def _undecodable(raw: RawRecord, encoding: str) -> RawRecord:
    record = raw.payload if isinstance(raw.payload, dict) else {}
    for key, value in record.items():
        if (isinstance(value, str) and UNDECODABLE.search(value)) or UNDECODABLE.search(str(key)):
            return RawRecord(raw.file, raw.record_id, raw.line, None,
                             f"{raw.record_id}: field {str(key).strip()!r} has bytes that are not {encoding} "
                             "text (the file mixes encodings, or is damaged there)")
    return raw



def _is_header(row: list[str], columns: Sequence[str]) -> bool:
    """A first row is the header when most of its cells are column names of the layout; without a known
    layout, the first row is the header."""
    if not columns:
        return True
    known = {c.strip().lower() for c in columns}
    cells = [c.strip().lstrip("\ufeff").lower() for c in row if c.strip()]
    return bool(cells) and sum(c in known for c in cells) * 2 >= len(cells)


def _read_json_lines(file_name: str, text: io.TextIOWrapper) -> Iterator[RawRecord]:
    first = True
    for number, line in enumerate(text, start=1):
        line = line.strip().lstrip("\ufeff")
        if first and line.startswith("["):  # a JSON array file rather than JSON lines
            yield from _json_array(file_name, line + text.read())
            return
        first = False
        if not line:
            continue
        try:
            payload = json.loads(line)
        except ValueError as exc:
            yield RawRecord(file_name, f"line {number}", number, None, f"line {number} is not valid JSON: {exc.msg}")
            continue
        if not isinstance(payload, dict):
            yield RawRecord(file_name, f"line {number}", number, None, f"line {number} is not a JSON object")
            continue
        yield RawRecord(file_name, f"line {number}", number, payload)


def _json_array(file_name: str, body: str) -> Iterator[RawRecord]:
    try:
        items = json.loads(body)
    except ValueError as exc:
        yield RawRecord(file_name, "file", 1, None, f"not valid JSON: {exc.msg} at character {exc.pos}")
        return
    for i, item in enumerate(items if isinstance(items, list) else [items], start=1):
        if isinstance(item, dict):
            yield RawRecord(file_name, f"item {i}", i, item)
        else:
            yield RawRecord(file_name, f"item {i}", i, None, f"item {i} is not a JSON object")


def _read_csv(file_name: str, text: io.TextIOWrapper, delimiter: str,
              columns: Sequence[str] = ()) -> Iterator[RawRecord]:
    reader = csv.reader(text, delimiter=delimiter)
    header: list[str] | None = None
    against = "the header"
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            yield RawRecord(file_name, f"line {line}", line, None, f"line {line} is not valid CSV: {exc}")
            continue
        line = reader.line_num
        if header is None:
            if _is_header(row, columns):
                header = [h.strip().lstrip("\ufeff") for h in row]
                against = f"the header has {len(header)}"
                continue
            header = [c.strip() for c in columns]  # a headerless file: its first row is a record
            against = f"the layout has {len(header)} (the file has no header row)"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield RawRecord(file_name, f"line {line}", line, None,
                            f"line {line} has {len(row)} fields, {against}")
            continue
        yield RawRecord(file_name, f"line {line}", line, dict(zip(header, row, strict=True)))


def payload(raw: RawRecord) -> dict[str, Any]:
    record = raw.payload.record if isinstance(raw.payload, Sourced) else raw.payload
    if not isinstance(record, dict):
        raise RecordRejected(f"{raw.record_id}: not a record")
    for key, value in record.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            raise RecordRejected(f"{raw.record_id}: field {key!r} has {len(value)} characters (limit {MAX_FIELD_CHARS})")
    return record


def sourced(raw: RawRecord) -> tuple[dict[str, Any], str | None, Shape | None]:
    """The record, the shape its envelope names, and the user's mapping it is to be read with (the one
    the reader was given, else the one of this process's `--mapping`)."""
    record = payload(raw)
    if isinstance(raw.payload, Sourced):
        mapping = load_mapping(raw.payload.mapping) if raw.payload.mapping else None
        return record, raw.payload.shape, mapping
    return record, None, user_mapping()


def evidence_text(record: dict[str, Any]) -> str:
    """The record as 'field: value' lines: readable evidence that spans point into."""
    lines = []
    for key, value in record.items():
        if value in (None, ""):
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}: {shown}")
    return "\n".join(lines).replace("\x00", "")


def render(record: dict[str, Any]) -> tuple[str, dict[tuple[Any, ...], tuple[int, int]]]:
    """The record's evidence text (as evidence_text writes it: `field: value` lines, nested values as
    JSON) and where each value stands in it, by its path in the record (("Partners", 0, "StockName")):
    the spans of nested facts point at their own value, not at the first equal text."""
    parts: list[str] = []
    spans: dict[tuple[Any, ...], tuple[int, int]] = {}
    pos = 0

    def emit(text: str) -> None:
        nonlocal pos
        parts.append(text)
        pos += len(text)

    def value(v: Any, at: tuple[Any, ...]) -> None:
        if isinstance(v, str):
            quoted = json.dumps(v.replace("\x00", ""), ensure_ascii=False)
            spans[at] = (pos + 1, pos + len(quoted) - 1)
            emit(quoted)
        elif isinstance(v, dict):
            emit("{")
            for i, (k, item) in enumerate(v.items()):
                emit((", " if i else "") + json.dumps(str(k), ensure_ascii=False) + ": ")
                value(item, (*at, k))
            emit("}")
        elif isinstance(v, list | tuple):
            emit("[")
            for i, item in enumerate(v):
                if i:
                    emit(", ")
                value(item, (*at, i))
            emit("]")
        else:
            shown = json.dumps(v) if v is None or isinstance(v, bool | int | float) else json.dumps(str(v))
            spans[at] = (pos, pos + len(shown))
            emit(shown)

    first = True
    for key, v in record.items():
        if v in (None, ""):
            continue
        emit(("" if first else "\n") + f"{key}: ".replace("\x00", ""))
        first = False
        if isinstance(v, str):
            shown = v.replace("\x00", "")
            spans[(key,)] = (pos, pos + len(shown))
            emit(shown)
        elif isinstance(v, dict | list):
            value(v, (key,))
        else:
            shown = json.dumps(v) if isinstance(v, bool | int | float) else str(v)
            spans[(key,)] = (pos, pos + len(shown))
            emit(shown)
    return "".join(parts), spans


def span_of(text: str, value: object, start: int = 0) -> tuple[int, int] | None:
    if value in (None, ""):
        return None
    needle = str(value)
    at = text.find(needle, start)
    return (at, at + len(needle)) if at >= 0 else None


def document(kind: str, raw: RawRecord, text: str, date: str | None, title: str, lang: str = "zh") -> Document:
    return Document(source_kind=kind, file=raw.file, record_id=raw.record_id, text=text, date=date,
                    lang=lang, title=title[:200])


def check_code(code: object, jurisdiction: str) -> CodeCheck:
    return check_uscc(str(code or "")) if jurisdiction == "CN" else check_uk_number(str(code or ""))


def enterprise_ref(name: object, code: object, jurisdiction: str, text: str) -> tuple[Node, CodeCheck]:
    """An enterprise referred to by a record: keyed by its code when the record gives one (valid or
    not: an invalid code is kept, flagged), else by its name key."""
    shown = display_name(str(name or ""))
    check = check_code(code, jurisdiction)
    if check.code:
        node_id = f"{jurisdiction}:{check.code}"
    else:
        key = enterprise_key(shown)
        if not key:
            raise RecordRejected("the record names no enterprise: neither a code nor a name")
        node_id = f"NAME:{key}"
    # risk_stale: this record may change its risk; the register ingest rescores it (and clears the mark)
    props: dict[str, Any] = {"name": shown or None, "name_norm": enterprise_key(shown) or None, "risk_stale": True}
    if check.code:
        props.update(code=check.code, jurisdiction=jurisdiction, code_valid=check.valid, code_issue=check.issue or None)
    node = Node("Enterprise", node_id, props, span=span_of(text, name) or span_of(text, code),
                terms=terms_for(shown) + ([check.code.lower()] if check.code else []))
    return node, check


def place_in_division(props: dict[str, Any], check: CodeCheck, address: Address | None) -> Division | None:
    """Sets division properties from the code (cross-checked with the address); returns the division."""
    code_div = uscc_division(check.code) if check.code else None
    addr_div = address.division if address else None
    chosen = code_div if lineage(code_div) else (addr_div.code if addr_div else None)
    props["division_check"] = cross_check(code_div, addr_div)
    if addr_div is not None:
        props["address_division"] = addr_div.code
    line = lineage(chosen)
    if line:
        props["division"] = line[0].code
        names = [d.name.replace("市辖区", "") for d in reversed(line)]
        props["division_name"] = "".join(n for i, n in enumerate(names) if n and n not in names[:i])
    return line[0] if line else None


def address_node(addr: Address, text: str, raw_text: str) -> Node:
    props = {"text": addr.text, "country": addr.country, "province": addr.province or None,
             "city": addr.city or None, "district": addr.district or None, "road": addr.road or None,
             "number": addr.number or None, "detail": addr.detail or None, "postcode": addr.postcode or None,
             "building": addr.building_id, "division": addr.division.code if addr.division else None}
    # No search terms: addresses are found through their enterprises, and an address's bigrams would be
    # the largest share of an ingest's writes.
    return Node("Address", addr.id, props, span=span_of(text, raw_text))


def phone_node(raw_phone: object, text: str) -> Node | None:
    number = normalise_phone(raw_phone)
    if not number:
        return None
    return Node("Phone", f"TEL:{number}", {"number": number}, span=span_of(text, raw_phone))


def email_node(raw_email: object, text: str) -> Node | None:
    address = normalise_email(raw_email)
    if not address:
        return None
    return Node("Email", f"MAIL:{address}", {"address": address}, span=span_of(text, raw_email))


def person_node(name: object, text: str, *, id_number: object = None, contact: str | None = None,
                scope: str = "", uk_birth: str | None = None) -> Node | None:
    """A person, keyed by name plus the strongest evidence the record gives: the masked ID number,
    else the UK month of birth, else a contact (phone / e-mail) they are reachable at, else the one
    enterprise they appear in. Two people are never one node on their name alone."""
    shown = person_name(name)
    if not shown:
        return None
    masked = mask_id_number(id_number)
    if masked:
        basis, evidence = "id_number", masked
    elif uk_birth:
        basis, evidence = "birth", uk_birth
    elif contact:
        basis, evidence = "contact", contact
    else:
        basis, evidence = "enterprise", scope
    props = {"name": shown, "key_basis": basis, "id_masked": masked, "born": uk_birth,
             "name_masked": shown[0] + "*" * (len(shown) - 1) if shown else None}
    return Node("Person", f"P:{stable_id(shown.lower(), basis, evidence)}", props,
                span=span_of(text, name), terms=terms_for(shown))

