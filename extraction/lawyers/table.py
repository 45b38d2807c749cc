"""CSV tables of the lawyer register (lawyers, firms, rewards and punishments, social service):
headers matched to fields by the aliases in extraction/lawyers/data/register_columns.yaml."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import cache
from typing import Any, BinaryIO

from core.textio import decoded_lines
from extraction.common.names import fold
from extraction.lawyers.vocab import vocab
from graph.records import RawRecord

MAX_FIELD = 20_000


def _header_key(text: str) -> str:
    return fold(text, spaces="drop", case="lower").lstrip("\ufeff")


@cache
def _aliases() -> dict[str, str]:
    out = {}
    for field, names in vocab("register_columns")["columns"].items():
        for name in names:
            out[_header_key(name)] = field
    return out


def table_kind(fields: set[str]) -> str | None:
    for kind, needed in vocab("register_columns")["tables"].items():
        if set(needed) <= fields:
            return kind
    return None


def read_table(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    """Rows as {"table": kind, "row": {field: value}}; a short or overlong row is a reject, not a stop.
    The file is decoded with one encoding found for the whole of it (a UTF-16 export as much as a UTF-8 or
    GB18030 one); a line that encoding cannot read is rejected with the reason, never guessed at."""
    numbered = decoded_lines(stream, legacy="gb18030")
    current = [0]
    undecodable: list[RawRecord] = []

    def lines() -> Iterator[str]:
        for number, text, error in numbered:
            current[0] = number
            if text is None:
                undecodable.append(RawRecord(file_name, f"{file_name}:{number}", number, None, error))
                continue
            yield text.replace("\r", "").replace("\x00", "") + "\n"

    reader = csv.reader(lines())
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield RawRecord(file_name, "header", 1, None, f"unreadable header: {exc}")
        return
    sample = ",".join(header)
    if "\t" in sample and len(header) == 1:
        header = sample.split("\t")
        reader = csv.reader(lines(), delimiter="\t")
    fields = [_aliases().get(_header_key(h)) for h in header]
    kind = table_kind({f for f in fields if f})
    if kind is None:
        yield RawRecord(file_name, "header", 1, None,
                        f"unknown table: header {header[:8]} names none of the register layouts "
                        "(lawyers: 姓名/执业证号/执业机构; firms: 机构名称; sanctions: 执业证号/种类/日期; service)")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            yield from undecodable
            return
        except csv.Error as exc:  # a broken quote: this row is a reject, reading goes on
            yield RawRecord(file_name, f"{file_name}:{current[0]}", current[0], None, f"line {current[0]}: {exc}")
            continue
        yield from undecodable
        undecodable.clear()
        line = current[0]
        if not any(cell.strip() for cell in row):
            continue
        record_id = f"{file_name}:{line}"
        if len(row) != len(header):
            yield RawRecord(file_name, record_id, line, None,
                            f"line {line}: {len(row)} columns where the header has {len(header)}")
            continue
        if any(len(cell) > MAX_FIELD for cell in row):
            yield RawRecord(file_name, record_id, line, None, f"line {line}: a field exceeds {MAX_FIELD} characters")
            continue
        values: dict[str, Any] = {}
        for field, cell in zip(fields, row, strict=True):
            if field and cell.strip():
                values[field] = fold(cell)
        yield RawRecord(file_name, record_id, line, {"table": kind, "row": values})


def row_text(row: dict[str, Any]) -> tuple[str, dict[str, tuple[int, int]]]:
    """The row as a readable line (the Document text) and the span of each field's value in it."""
    parts, spans, at = [], {}, 0
    for field, value in row.items():
        piece = f"{field}: {value}"
        spans[field] = (at + len(field) + 2, at + len(piece))
        parts.append(piece)
        at += len(piece) + 2
    return "; ".join(parts), spans
