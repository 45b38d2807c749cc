"""Reading source files: gzip or plain, bytes to text with the encodings public records really use."""

from __future__ import annotations

import codecs
import gzip
import io
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
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


# --- decoding a line-based file: one encoding per file -------------------------------------------------------------
HEAD_BYTES = 1 << 20  # what the encoding is judged on before the first record is read
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes the file's encoding could not read (surrogateescape)


def sniff_encoding(head: bytes, legacy: str) -> str | None:
    """The encoding of a file judged once from its first bytes: a BOM; UTF-16 without one (NUL bytes in
    every other position); UTF-8 when its multi-byte sequences are valid (a stray bad byte among many good
    ones does not make the file something else); else `legacy` (cp1252 for NHTSA files, gb18030 for
    Chinese ones). None while the bytes are plain ASCII: no evidence yet."""
    for bom, enc in BOMS:
        if head.startswith(bom):
            return enc
    sample = head[:4000]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd + even >= 2:  # text in a byte encoding has no NUL; UTF-16 has one in each ASCII character (line ends)
        enc = "utf-16-le" if odd >= even else "utf-16-be"
        if _plausible(sample[: len(sample) // 2 * 2].decode(enc, errors="replace")):
            return enc
    cut = head.rfind(b"\n")
    text = (head[: cut + 1] if cut > 0 else head).decode("utf-8", errors="surrogateescape")
    bad = len(UNDECODABLE.findall(text))
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    if not bad:
        return "utf-8" if good else None
    return "utf-8" if good >= bad else legacy  # valid sequences in cp1252 or GB18030 text are accidents


def _plausible(text: str) -> bool:
    """Text, not bytes read in the wrong encoding: letters, digits, CJK, punctuation and spaces."""
    ok = sum(1 for c in text if c.isprintable() or c in "\t\r\n")
    return bool(text) and ok >= 0.95 * len(text) and "\ufffd" not in text[:-1]


def decode_bytes(data: bytes, legacy: str) -> tuple[str, str]:
    """A whole file's text and its encoding (`sniff_encoding` over the file). Bytes the encoding cannot
    read stay in the text as lone surrogates: `undecodable` tells the record holding them."""
    enc = sniff_encoding(data, legacy) or "utf-8"
    errors = "replace" if enc.startswith("utf-16") else "surrogateescape"
    return data.decode(enc, errors=errors), enc


def undecodable(text: str, encoding: str) -> str | None:
    """The reason a record's text cannot be used: bytes its file's encoding does not read."""
    bad = UNDECODABLE.findall(text)
    if not bad:
        return None
    shown = " ".join(f"{ord(c) - 0xDC00:02X}" for c in bad[:4])
    return f"{len(bad)} byte(s) not readable as {encoding}, the encoding of the file (first: {shown})"


def decoded_lines(stream: BinaryIO, legacy: str = "cp1252") -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, None) or (line number, None, reason) for each line of a file, decoded with the
    one encoding found for the whole file: judged on its first megabyte, or (a head of plain ASCII) on
    the first line that is not. A line that encoding cannot read is reported, never guessed at."""
    head = stream.read(HEAD_BYTES)
    chunks: Iterable[bytes] = chain([head], iter(lambda: stream.read(HEAD_BYTES), b""))
    enc = sniff_encoding(head, legacy)
    if enc and enc.startswith("utf-16"):
        decoder = codecs.getincrementaldecoder(enc)(errors="replace")
        rest = ""
        n = 0
        for chunk in chunks:
            rest += decoder.decode(chunk)
            *lines, rest = rest.split("\n")
            for line in lines:
                n += 1
                yield n, line.rstrip("\r").lstrip("\ufeff") if n == 1 else line.rstrip("\r"), None
        rest += decoder.decode(b"", final=True)
        if rest:
            yield n + 1, rest.rstrip("\r"), None
        return
    if enc == "utf-8-sig":
        enc = "utf-8"
        head = head[len(codecs.BOM_UTF8):]
        chunks = chain([head], iter(lambda: stream.read(HEAD_BYTES), b""))
    rest_b = b""
    n = 0

    def one(data: bytes) -> tuple[str | None, str | None]:
        nonlocal enc
        data = data.rstrip(b"\r")
        if enc is None:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                enc = legacy  # the first line that is not ASCII decides
            else:
                if not data.isascii():
                    enc = "utf-8"
                return text, None
        try:
            return data.decode(enc), None
        except UnicodeDecodeError as exc:
            return None, (f"line {n} cannot be decoded as {enc}, the encoding of the file "
                          f"(byte {data[exc.start]:02X} at position {exc.start})")

    for chunk in chunks:
        rest_b += chunk
        *lines_b, rest_b = rest_b.split(b"\n")
        for line_b in lines_b:
            n += 1
            yield (n, *one(line_b))
    if rest_b:
        n += 1
        yield (n, *one(rest_b))
