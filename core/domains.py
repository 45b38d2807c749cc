"""The domains, declared once.

Adding a domain is one entry here and one subfolder per layer: `extraction/<domain>/` (its source kinds),
`reasoning/<domain>/` (its models and the work after an ingest), `datagen/<domain>/generate.py`,
`api/routes/<domain>.py`, `cypher/<domain>/` and `graph/schema/<domain>.yaml`. The CLI, the API, the
loader, the generator and readiness iterate this tuple; a layer without the domain's subfolder skips it.
Order is the demo's ingest order.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

DOMAINS: tuple[str, ...] = ("enterprises", "vehicles", "lawyers")


def domain_packages(layer: str) -> dict[str, ModuleType]:
    """domain -> the layer's package for it (`extraction.vehicles` …), for the domains that layer has."""
    out = {}
    for domain in DOMAINS:
        name = f"{layer}.{domain}"
        if importlib.util.find_spec(name) is not None:
            out[domain] = importlib.import_module(name)
    return out
