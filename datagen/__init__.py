"""Seeded generator of input files in the real public formats, with planted ground truth.

Each domain module exposes generate(out: Path, scale: float, seed: int) -> dict and writes
`out/<source-kind>/…` input files plus `out/truth/<domain>/…` ground truth kept apart.
"""

from __future__ import annotations

import importlib
import importlib.util

DOMAINS: dict[str, str] = {
    "enterprises": "datagen.enterprises.generate",
    "vehicles": "datagen.vehicles.generate",
    "lawyers": "datagen.lawyers.generate",
}


def available_domains() -> list[str]:
    return [d for d, m in DOMAINS.items() if importlib.util.find_spec(m) is not None]


def generator(domain: str):  # noqa: ANN201 - module with generate()
    if domain not in DOMAINS:
        raise KeyError(f"unknown domain {domain!r}; known: {', '.join(DOMAINS)}")
    return importlib.import_module(DOMAINS[domain])
