"""Reading lines: CR LF and LF, and a line of any length in bounded memory."""

from __future__ import annotations

import io
import tracemalloc

from core.textio import iter_lines


def test_line_ends_and_numbers() -> None:
    assert list(iter_lines(io.BytesIO(b"a\r\nb\nc"))) == [(1, b"a"), (2, b"b"), (3, b"c")]
    assert list(iter_lines(io.BytesIO(b"\n\nx\r\n"))) == [(1, b""), (2, b""), (3, b"x")]


def test_a_huge_line_is_cut_and_skipped_in_bounded_memory() -> None:
    for huge in (b"x" * 60_000_000, b"\xe4\xb8\xad" * 20_000_000):  # ASCII and UTF-8 Chinese, 60 MB each
        stream = io.BytesIO(b"first\n" + huge + b"\nlast\n")
        del huge
        tracemalloc.start()
        out = [(n, len(line), line[:5]) for n, line in iter_lines(stream, limit=1_000_000)]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert out[0] == (1, 5, b"first") and out[2] == (3, 4, b"last")
        assert out[1][0] == 2 and out[1][1] == 1_000_001  # too long for any record: rejected with its line
        assert peak < 8_000_000, peak
