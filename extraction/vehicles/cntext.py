"""Chinese plain-text records as published (recall notices, owner complaints): splitting a file into
records and reading the labelled sections ("生产者：…", "投诉品牌：…") with their character spans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from core.textio import read_text_file
from extraction.common.names import fold_same_length
from extraction.vehicles.vocab import key, makes
from graph.records import RawRecord, stable_id

SEPARATOR = re.compile(r"^\s*(?:[=＝\-－—_~～*＊#]{3,}|\f)\s*$")


def read_blocks(file_name: str, stream: BinaryIO, starts: re.Pattern[str], max_chars: int = 200_000,
                id_label: re.Pattern[str] | None = None) -> Iterator[RawRecord]:
    """Records of a text file: separated by rule lines, or each beginning at a line matching `starts`.
    Payload is the record text; the record id is its number label when present, else a content hash."""
    try:
        text, _enc = read_text_file(stream)
    except (OSError, EOFError) as exc:
        yield RawRecord(file_name, "(file)", 0, None, f"unreadable file: {exc}")
        return
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    block: list[str] = []
    first_line = 1

    def emit(lines: list[str], line_no: int) -> Iterator[RawRecord]:
        body = "\n".join(lines).strip("\n")
        if not body.strip():
            return
        m = id_label.search(body) if id_label else None
        rid = m.group(1).strip() if m else "sha:" + stable_id(body)
        if len(body) > max_chars:
            yield RawRecord(file_name, rid, line_no, None, f"record of {len(body)} characters exceeds {max_chars}")
            return
        yield RawRecord(file_name, rid, line_no, body)

    for n, line in enumerate(text.split("\n"), start=1):
        if SEPARATOR.match(line):
            yield from emit(block, first_line)
            block, first_line = [], n + 1
            continue
        # a start line opens a new record unless the current one is only a title so far
        if starts.match(fold_same_length(line)) and sum(1 for x in block if x.strip()) >= 2:
            yield from emit(block, first_line)
            block, first_line = [], n
        block.append(line)
    yield from emit(block, first_line)


def sections(text: str, labels: dict[str, str]) -> dict[str, tuple[str, int, int]]:
    """Labelled sections: {field: (value, start, end)} for lines "标签：value" (full- or half-width
    colon); a value runs on over the following lines until the next label. `labels` maps label
    text (a regex alternative) to the field name."""
    folded = fold_same_length(text)
    alt = "|".join(sorted(labels, key=len, reverse=True))
    rx = re.compile(rf"^[ \t\u3000]*({alt})[ \t\u3000]*[:：][ \t\u3000]*", re.M)
    hits = list(rx.finditer(folded))
    out: dict[str, tuple[str, int, int]] = {}
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        value = text[m.end() : end].rstrip()
        field = labels[m.group(1)]
        if field not in out and value.strip():
            out[field] = (value.strip(), m.end() + (len(value) - len(value.lstrip())), m.end() + len(value))
    return out


def find_make_model(text: str) -> tuple[str, str] | None:
    """(make, canonical model) for the longest known model name (any language) in `text`, e.g.
    "2019款凯美瑞" -> (TOYOTA, CAMRY); longest first so "宋PLUS" wins over "宋"."""
    folded = key(text)
    best: tuple[int, str, str] | None = None
    for make in makes()[0].values():
        for alias_key, model in make.models.items():
            if len(alias_key) >= 2 and alias_key in folded and (best is None or len(alias_key) > best[0]):
                best = (len(alias_key), make.name, model)
    return (best[1], best[2]) if best else None


def find_make(text: str) -> str | None:
    """The make whose name or Chinese name occurs in `text` (a manufacturer name, a brand field)."""
    folded = key(text)
    _, alias = makes()
    hits = [(len(a), m) for a, m in alias.items() if len(a) >= 2 and a in folded]
    return max(hits)[1] if hits else None
