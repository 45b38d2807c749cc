"""One reader for the Chinese register files a regulator receives, whatever their shape.

The file's shape is sniffed from its bytes: an Excel .xlsx workbook; else text, its encoding found once for
the whole file (a BOM; UTF-16 with or without one; UTF-8 when the lines that are not ASCII read as UTF-8;
else GB18030, which covers GBK); then JSON (one document, pretty-printed or not, an array of records,
several documents one after another, or JSON lines) or a table (CSV / TSV, its header row found by its
known column names, title rows above it skipped). A line that does not decode in the file's encoding is
rejected with the reason, never stored as mojibake; a file that cannot be read at all gives one record
with the error, naming what it is and what is accepted, rather than one reject per line.

Records come out as `Sourced` payloads: the record (an API answer's envelope taken off), and the shape
its envelope or the user's mapping names. Which source a record came from is decided by its keys
(extraction.enterprises.shapes)."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from core.textio import looks_utf16
from extraction.enterprises.shapes import Shape, header_hits, unwrap, user_mapping
from graph.records import RawRecord

ACCEPTED = ("JSON (one document, pretty-printed or not, an array of records, or JSON lines: GSXT reports, "
            "Qichacha / Tianyancha / Qixin answers, business-licence OCR results), CSV or TSV with a header "
            "row (UTF-8 with or without BOM, GB18030 / GBK, UTF-16), or an Excel .xlsx workbook")
HEAD = 65536
HEADER_SCAN = 30  # rows searched for the header row
MAGIC = ((b"\xd0\xcf\x11\xe0", "an Excel 97-2003 .xls workbook (or another OLE document): save it as .xlsx or CSV"),
         (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
         (b"GIF8", "a GIF image"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"))


@dataclass(frozen=True, slots=True)
class Sourced:
    """A record as read: the record itself, and the shape its envelope (or the user's mapping) names."""

    record: dict[str, Any]
    shape: str | None = None
    mapping: str | None = None  # the user's mapping file the record is to be read with


def unreadable(file_name: str, what: str) -> RawRecord:
    return RawRecord(file_name, "file", 1, None, f"cannot read {file_name}: it is {what}; accepted: {ACCEPTED}")


def read_records(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    """The records of one file (see the module docstring); never raises for a bad record or file."""
    mapping = user_mapping()
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    head = buffered.peek(HEAD)[:HEAD]
    if not head.strip():
        return
    if head.startswith(b"PK\x03\x04"):
        yield from _read_xlsx(file_name, buffered.read(), mapping)
        return
    for magic, what in MAGIC:
        if head.startswith(magic):
            yield unreadable(file_name, what)
            return
    encoding = sniff_encoding(head)
    if encoding is None:
        yield unreadable(file_name, "binary data, not text in a known encoding")
        return
    lines = _lines(buffered, encoding)
    first, lines = _peek_first(lines)
    if first is None:
        return
    start = first.lstrip("\ufeff \t\r\n")[:1]
    if start in ("{", "["):
        yield from _read_json(file_name, lines, mapping)
    elif start == "<":
        yield unreadable(file_name, "an HTML or XML page")
    else:
        delimiter = "\t" if file_name.lower().removesuffix(".gz").endswith(".tsv") else None
        yield from _read_table(file_name, lines, delimiter, mapping)


# --- text ------------------------------------------------------------------------------------------
def sniff_encoding(head: bytes) -> str | None:
    """The encoding of a file from its first bytes: BOMs; UTF-16 without one (NUL bytes every other byte);
    UTF-8 when its non-ASCII lines read as UTF-8 (a stray bad line is rejected later, alone); GB18030."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if looks_utf16(head):
        return "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"
    lines = head.split(b"\n")
    if len(head) == HEAD and len(lines) > 1:
        lines = lines[:-1]  # the sample may cut the last line
    wide = [ln for ln in lines if any(b > 127 for b in ln)]
    if not wide:
        return None if b"\x00" in head else "utf-8"
    good = sum(1 for ln in wide if _decodes(ln, "utf-8"))
    if good and good >= len(wide) - good:
        return "utf-8"
    if utf16 := _utf16_without_bom(head):
        return utf16
    if sum(1 for ln in wide if _decodes(ln, "gb18030")) >= len(wide) / 2:
        return "gb18030"
    return "utf-8" if good else None


def _plausible(ch: str) -> bool:
    o = ord(ch)
    return (0x20 <= o < 0x7F or ch in "\t\r\n" or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF or 0x3400 <= o <= 0x4DBF or 0x2000 <= o <= 0x206F)


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a BOM whose text is mostly Chinese (no NUL bytes to give it away): the reading in
    which nearly every character is a CJK character, ASCII or punctuation, with line or cell breaks."""
    even = head[: len(head) // 2 * 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = even.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and ("\n" in text or "\t" in text or "," in text) and \
                sum(map(_plausible, text)) >= 0.97 * len(text):
            return encoding
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


Line = tuple[int, str | None, str | None]  # (1-based number, text with its line end, or the decode error)


def _lines(stream: BinaryIO, encoding: str) -> Iterator[Line]:
    if encoding.startswith("utf-16"):
        text = stream.read().decode(encoding, errors="replace")
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            if "\ufffd" in line:
                yield number, None, f"line {number}: bytes that are not valid {encoding.upper()} text"
            else:
                yield number, line, None
        return
    for number, raw in enumerate(stream, start=1):
        enc = encoding if number == 1 else encoding.replace("-sig", "")
        try:
            yield number, raw.decode(enc), None
        except UnicodeDecodeError as exc:
            bad = raw[exc.start: exc.start + 4]
            yield number, None, (f"line {number}: bytes {bad!r} at byte {exc.start + 1} are not valid "
                                 f"{encoding.replace('-sig', '').upper()}, the file's encoding")


def _peek_first(lines: Iterator[Line]) -> tuple[str | None, Iterator[Line]]:
    seen: list[Line] = []
    first = None
    for line in lines:
        seen.append(line)
        if line[1] is not None and line[1].strip("\ufeff \t\r\n"):
            first = line[1]
            break

    def chained() -> Iterator[Line]:
        yield from seen
        yield from lines
    return first, chained()


# --- JSON ------------------------------------------------------------------------------------------
def _records(file_name: str, document: Any, record_id: str, line: int,
             mapping: Shape | None) -> Iterator[RawRecord]:
    found = list(unwrap(document, mapping))
    for i, (record, shape, error, _where) in enumerate(found, start=1):
        rid = record_id if len(found) == 1 else f"{record_id} item {i}".strip()
        if error:
            yield RawRecord(file_name, rid, line, None, f"{rid}: {error}")
        else:
            yield RawRecord(file_name, rid, line, Sourced(record, shape, mapping.source if mapping else None))


def _read_json(file_name: str, lines: Iterator[Line], mapping: Shape | None) -> Iterator[RawRecord]:
    first_doc: Any = None
    buffered: list[Line] = []
    for number, text, error in lines:
        buffered.append((number, text, error))
        if text is None or not text.strip():
            continue
        try:
            first_doc = json.loads(text)
        except ValueError:
            first_doc = None
        break
    if isinstance(first_doc, dict | list):  # JSON lines: each line a document
        yield from _json_lines(file_name, _chain(buffered, lines), mapping)
        return
    rest = _chain(buffered, lines)
    texts: list[str] = []
    rejects: list[RawRecord] = []
    starts: list[int] = []
    for number, text, error in rest:
        starts.append(number)
        if text is None:
            rejects.append(RawRecord(file_name, f"line {number}", number, None, error))
            texts.append("\n")
        else:
            texts.append(text)
    body = "".join(texts)
    yield from rejects
    yield from _json_document(file_name, body, mapping)


def _chain(first: list[Line], rest: Iterable[Line]) -> Iterator[Line]:
    yield from first
    yield from rest


def _json_lines(file_name: str, lines: Iterable[Line], mapping: Shape | None) -> Iterator[RawRecord]:
    for number, text, error in lines:
        if text is None:
            yield RawRecord(file_name, f"line {number}", number, None, error)
            continue
        text = text.strip().lstrip("\ufeff")
        if not text:
            continue
        try:
            document = json.loads(text)
        except ValueError as exc:
            yield RawRecord(file_name, f"line {number}", number, None,
                            f"line {number} is not valid JSON: {exc.msg} (column {exc.colno})")  # type: ignore[attr-defined]
            continue
        yield from _records(file_name, document, f"line {number}", number, mapping)


def _line_of(body: str, pos: int) -> int:
    return body.count("\n", 0, pos) + 1


def _json_document(file_name: str, body: str, mapping: Shape | None) -> Iterator[RawRecord]:
    """A file that is not JSON lines: one document (an array's items each with their line), several
    documents one after another, or JSON lines whose first line is broken."""
    stripped = body.lstrip("\ufeff \t\r\n")
    offset = len(body) - len(stripped)
    decoder = json.JSONDecoder()
    if stripped.startswith("["):
        items = list(_array_items(stripped, decoder))
        if items and items[-1][2] is None:
            for k, (value, pos, _) in enumerate(items[:-1], start=1):
                yield from _records(file_name, value, f"item {k}", _line_of(body, offset + pos), mapping)
            return
    try:
        document = json.loads(stripped)
    except ValueError as exc:
        failure = exc
    else:
        yield from _records(file_name, document, "document", _line_of(body, offset), mapping)
        return
    docs, pos, error = _concatenated(stripped, decoder)
    if docs and error is None:
        for value, at in docs:
            line = _line_of(body, offset + at)
            yield from _records(file_name, value, f"line {line}", line, mapping)
        return
    lines = body.splitlines()
    parsed = [(i, ln) for i, ln in enumerate(lines, start=1) if ln.strip() and _is_json_object(ln)]
    nonblank = sum(1 for ln in lines if ln.strip())
    if parsed and len(parsed) * 2 >= nonblank:  # JSON lines after all, some of them broken
        yield from _json_lines(file_name, ((i, ln, None) for i, ln in enumerate(lines, start=1)), mapping)
        return
    if docs:  # documents one after another, then something that is not JSON
        for value, at in docs:
            line = _line_of(body, offset + at)
            yield from _records(file_name, value, f"line {line}", line, mapping)
        line = _line_of(body, offset + pos)
        yield RawRecord(file_name, f"line {line}", line, None, f"line {line} onwards is not valid JSON: {error}")
        return
    assert isinstance(failure, json.JSONDecodeError)
    line = _line_of(body, offset + failure.pos)
    yield RawRecord(file_name, "file", line, None,
                    f"cannot read {file_name}: it starts as JSON but is not valid JSON ({failure.msg} at line "
                    f"{line} column {failure.colno}), neither as one document nor as JSON lines; accepted: {ACCEPTED}")


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict | list)
    except ValueError:
        return False


def _array_items(text: str, decoder: json.JSONDecoder) -> Iterator[tuple[Any, int, str | None]]:
    """Items of a JSON array with the offset each starts at; a last (None, pos, error) when it breaks."""
    pos = 1
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= n:
            yield None, pos, "the array is not closed"
            return
        if text[pos] == "]":
            rest = text[pos + 1:].strip()
            yield None, pos, (None if not rest else "text after the array")
            return
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield None, exc.pos, exc.msg
            return
        yield value, pos, None
        pos = end


def _concatenated(text: str, decoder: json.JSONDecoder) -> tuple[list[tuple[Any, int]], int, str | None]:
    """Documents written one after another (pretty-printed objects, no array around them)."""
    docs: list[tuple[Any, int]] = []
    pos, n = 0, len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n,\ufeff":
            pos += 1
        if pos >= n:
            return docs, pos, None
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            return docs, pos, f"{exc.msg} at character {exc.pos - pos + 1}"
        docs.append((value, pos))
        pos = end


# --- tables ----------------------------------------------------------------------------------------
def _delimiter(sample: list[str]) -> str:
    lines = [ln for ln in sample if ln.strip()][:HEADER_SCAN]
    best, count = ",", 0
    for d in ("\t", ",", ";", "|"):
        n = sum(ln.count(d) for ln in lines)
        if n > count:
            best, count = d, n
    return best


def _header_row(rows: list[tuple[int, list[Any]]], mapping: Shape | None) -> int | None:
    """Index of the row with the most known column names (at least two, or one of two cells)."""
    best, hits = None, 0
    for i, (_line, cells) in enumerate(rows[:HEADER_SCAN]):
        n = header_hits(cells, mapping)
        filled = sum(1 for c in cells if c not in (None, ""))
        if n > hits and (n >= 2 or (n == 1 and filled <= 2)):
            best, hits = i, n
    return best


def _row_record(header: list[str], cells: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in zip(header, cells, strict=False):
        if not name:
            continue
        if isinstance(value, str):
            value = value.strip()
        if name not in out or out[name] in (None, ""):
            out[name] = value
    return out


def _table_records(file_name: str, rows: Iterable[tuple[int, list[Any] | None, str | None]], mapping: Shape | None,
                   row_id: str = "line") -> Iterator[RawRecord]:
    """Records of a table's rows: the header row is the one of the first rows with the most known column
    names; rows above it (titles, export dates) are not records; a row that did not decode is rejected."""
    pending: list[tuple[int, list[Any] | None, str | None]] = []
    header: list[str] | None = None
    shape = mapping.name if mapping else "table"
    source = mapping.source if mapping else None

    def one(number: int, cells: list[Any] | None, error: str | None) -> Iterator[RawRecord]:
        if error is not None or cells is None or header is None:
            yield RawRecord(file_name, f"{row_id} {number}", number, None, error or "undecodable")
        else:
            yield from _table_row(file_name, header, number, cells, shape, source, row_id)

    def settle() -> Iterator[RawRecord]:
        nonlocal header
        candidates = [(n, c) for n, c, e in pending if c is not None]
        found = _header_row(candidates, mapping)
        if found is None:
            yield _no_header(file_name, candidates)
            return
        at = candidates[found][0]
        header = [str(c or "").strip().lstrip("\ufeff") for c in candidates[found][1]]
        for n, c, e in pending:
            if n > at or (e is not None and n > 0):
                yield from one(n, c, e)

    for number, cells, error in rows:
        if header is None:
            pending.append((number, cells, error))
            if len(pending) >= HEADER_SCAN:
                yield from settle()
                if header is None:
                    return
            continue
        yield from one(number, cells, error)
    if header is None and pending:
        yield from settle()


def _no_header(file_name: str, rows: list[tuple[int, list[Any]]]) -> RawRecord:
    first = next((cells for _n, cells in rows if any(c not in (None, "") for c in cells)), [])
    shown = ", ".join(str(c) for c in first[:8] if c not in (None, ""))[:200]
    return RawRecord(file_name, "file", 1, None,
                     f"cannot read {file_name}: it is a table without a header row of known column names (its "
                     f"first row: {shown}); known names include 企业名称 / 全称 / 名称, 统一社会信用代码 / 信用代码, "
                     f"法定代表人, 注册资本, 成立日期, 住所 (or give a mapping file with --mapping); accepted: {ACCEPTED}")


def _table_row(file_name: str, header: list[str], number: int, cells: list[Any], shape: str, source: str | None,
               row_id: str) -> Iterator[RawRecord]:
    if not any(c not in (None, "") and str(c).strip() for c in cells):
        return
    width = len(header)
    while cells and cells[-1] in (None, "") and len(cells) > width:
        cells = cells[:-1]
    if len(cells) != width and row_id == "line":
        yield RawRecord(file_name, f"{row_id} {number}", number, None,
                        f"line {number} has {len(cells)} fields, the header has {width}")
        return
    yield RawRecord(file_name, f"{row_id} {number}", number, Sourced(_row_record(header, cells), shape, source))


def _read_table(file_name: str, lines: Iterator[Line], delimiter: str | None,
                mapping: Shape | None) -> Iterator[RawRecord]:
    sample: list[Line] = []
    for line in lines:
        sample.append(line)
        if len(sample) >= HEADER_SCAN:
            break
    delim = delimiter or _delimiter([t for _n, t, _e in sample if t])
    yield from _table_records(file_name, _csv_rows(_chain(sample, lines), delim), mapping)


def _csv_rows(lines: Iterator[Line], delimiter: str) -> Iterator[tuple[int, list[Any] | None, str | None]]:
    """CSV rows with the line they start on; a line that did not decode is passed on as its error."""
    errors: list[tuple[int, str]] = []
    current = [0]

    def texts() -> Iterator[str]:
        for number, text, error in lines:
            current[0] = number
            if text is None:
                errors.append((number, error or "undecodable"))
                yield "\n"
            else:
                yield text

    reader = csv.reader(texts(), delimiter=delimiter)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield reader.line_num, None, f"line {reader.line_num} is not valid CSV: {exc}"
            start = reader.line_num + 1
            continue
        while errors:
            number, error = errors.pop(0)
            yield number, None, error
        if row:
            yield start, row, None
        start = reader.line_num + 1
    for number, error in errors:
        yield number, None, error


# --- Excel -----------------------------------------------------------------------------------------
def _read_xlsx(file_name: str, data: bytes, mapping: Shape | None) -> Iterator[RawRecord]:
    try:
        import openpyxl  # the one reader of .xlsx files; imported only when one comes
    except ImportError:  # pragma: no cover - a dependency of the project
        yield unreadable(file_name, "an Excel workbook, and openpyxl is not installed")
        return
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a ZIP that is no workbook
        yield unreadable(file_name, f"a ZIP archive that is not an Excel workbook ({type(exc).__name__})")
        return
    found = 0
    try:
        for sheet in book.worksheets:
            rows = ((i, list(r), None) for i, r in enumerate(sheet.iter_rows(values_only=True), start=1))
            for raw in _table_records(file_name, rows, mapping, row_id=f"sheet {sheet.title} row"):
                if raw.record_id == "file":  # a sheet without a header row (notes, a cover page)
                    continue
                found += 1
                yield raw
    finally:
        book.close()
    if not found:
        yield RawRecord(file_name, "file", 1, None,
                        f"cannot read {file_name}: no sheet of this workbook has a header row of known column "
                        f"names (企业名称, 统一社会信用代码 …; or give a mapping file with --mapping)")

