"""Every source kind `riskgraph ingest` knows, by name, gathered from the domains' extraction packages
(each declares KINDS) and imported only when used; and each domain's extraction evaluation."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache
from types import ModuleType

from core.domains import domain_packages
from core.errors import NotFound
from graph.source_kind import SourceKind


class UnknownSourceKind(NotFound):
    pass


@lru_cache(maxsize=1)
def kind_modules() -> dict[str, str]:
    """kind name -> module exposing SOURCE: SourceKind, in the demo's ingest order."""
    return {kind: f"{package.__name__}.{module}"
            for package in domain_packages("extraction").values() for kind, module in package.KINDS.items()}


def available_kinds() -> list[str]:
    """Kinds whose module is present (a domain not built yet is simply not listed)."""
    return [name for name, module in kind_modules().items() if importlib.util.find_spec(module) is not None]


def get_kind(name: str) -> SourceKind:
    if name not in kind_modules():
        raise UnknownSourceKind(
            f"unknown source kind {name!r}; `riskgraph ingest --list` shows the kinds: {', '.join(available_kinds())}"
        )
    return importlib.import_module(kind_modules()[name]).SOURCE


def evaluations() -> dict[str, ModuleType]:
    """domain -> its extraction evaluation (module `extraction.<domain>.evaluate` exposing evaluate())."""
    return {domain: importlib.import_module(f"{package.__name__}.evaluate")
            for domain, package in domain_packages("extraction").items()
            if importlib.util.find_spec(f"{package.__name__}.evaluate") is not None}
