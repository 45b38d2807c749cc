"""Freed memory goes back to the system where the C library can do it (glibc on Linux)."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest

from core.memory import release_freed


def _rss_kb() -> int:
    line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmRSS"))
    return int(line.split()[1])


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_freed_heap_pages_are_returned() -> None:
    # many medium blocks from the C heap, one in 64 kept: the heap cannot shrink from its top
    blocks = [bytearray(600) for _ in range(400_000)]
    kept = blocks[::64]
    del blocks
    before = _rss_kb()
    assert release_freed() is True
    assert _rss_kb() < before - 100_000  # most of the 240 MB freed comes back
    assert kept
