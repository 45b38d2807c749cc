"""The contract of a generator plug-in: `datagen/<domain>/generate.py` is the implementation."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


class Generator(Protocol):
    def generate(self, out: Path, scale: float, seed: int) -> dict[str, Any]:
        """Write the domain's source files under out/<source-kind>/ and its planted truth under
        out/truth/<domain>/; returns the figures (records per kind, planted cases)."""
