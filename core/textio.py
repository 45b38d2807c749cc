"""Reading source files: gzip or plain, bytes to text with the encodings public records really use."""

from __future__ import annotations

import codecs
import gzip
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, gunzipped when it starts with the gzip magic (whatever its name says)."""
    return open_counted(path)[0]


def open_counted(path: Path) -> tuple[BinaryIO, Callable[[], int]]:
    """open_binary, and how many bytes of the file on disk have been read so far (compressed bytes for a
    gzip file: what progress against the file's size needs)."""
    raw = path.open("rb")
    head = raw.read(2)
    raw.seek(0)
    if head == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb"), raw.tell  # type: ignore[return-value]
    return raw, raw.tell


def decode(data: bytes, fallbacks: tuple[str, ...] = ("gb18030", "cp1252", "latin-1")) -> tuple[str, str]:
    """Text and the encoding it was read with: BOMs first, then strict UTF-8, then the fallbacks in order."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in fallbacks:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8/replace"


def looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte NUL in ASCII-heavy text."""
    sample = data[:200]
    return len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4


def iter_lines(stream: BinaryIO, limit: int | None = None) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line bytes without the line end); CR LF and bare LF both end a line.

    A line longer than `limit` bytes (RISKGRAPH_MAX_LINE_BYTES) is read in bounded memory: its first
    limit + 1 bytes are yielded (too long for any record, so it is rejected as such, with its line number)
    and the rest is skipped, so one gigabyte line cannot take the process's memory."""
    if limit is None:
        from core.settings import get_settings

        limit = get_settings().max_line_bytes
    lines = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[type-var]  # raw file
    number = 0
    while line := lines.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := lines.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield number, line.rstrip(b"\r\n")


def read_text_file(stream: BinaryIO) -> tuple[str, str]:
    data = stream.read()
    if looks_utf16(data):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    return decode(data)
