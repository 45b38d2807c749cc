"""Seeded generator of input files in the real public formats, with planted ground truth.

Each domain's `datagen/<domain>/generate.py` follows contract.Generator: generate(out, scale, seed) -> dict
writes `out/<source-kind>/…` input files plus `out/truth/<domain>/…` ground truth kept apart.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import cast

from core.domains import DOMAINS
from core.errors import BadRequest
from datagen.contract import Generator


def available_domains() -> list[str]:
    return [d for d in DOMAINS if importlib.util.find_spec(f"datagen.{d}.generate") is not None]


def generator(domain: str) -> Generator:
    if domain not in available_domains():
        raise BadRequest(f"unknown domain {domain!r}; known: {', '.join(available_domains())}")
    return cast(Generator, importlib.import_module(f"datagen.{domain}.generate"))
