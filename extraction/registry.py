"""Every source kind `riskgraph ingest` knows, by name, imported only when used."""

from __future__ import annotations

import importlib
import importlib.util

from graph.source_kind import SourceKind

# kind name -> module exposing SOURCE: SourceKind. Order is the demo's ingest order.
KIND_MODULES: dict[str, str] = {
    "cn-registry": "extraction.enterprises.cn_registry",
    "cn-registry-changes": "extraction.enterprises.cn_registry_changes",
    "cn-penalties": "extraction.enterprises.cn_penalties",
    "cn-abnormal-list": "extraction.enterprises.cn_abnormal_list",
    "uk-companies": "extraction.enterprises.uk_companies",
    "uk-psc": "extraction.enterprises.uk_psc",
    "enterprise-verdicts": "extraction.enterprises.verdicts",
    "nhtsa-complaints": "extraction.vehicles.nhtsa_complaints",
    "nhtsa-recalls": "extraction.vehicles.nhtsa_recalls",
    "nhtsa-investigations": "extraction.vehicles.nhtsa_investigations",
    "nhtsa-tsbs": "extraction.vehicles.nhtsa_tsbs",
    "cn-recall-notices": "extraction.vehicles.cn_recall_notices",
    "cn-complaints": "extraction.vehicles.cn_complaints",
    "lawyer-register": "extraction.lawyers.register",
    "lawyer-sanctions": "extraction.lawyers.sanctions",
    "cn-judgments": "extraction.lawyers.cn_judgments",
    "courtlistener": "extraction.lawyers.courtlistener",
}


class UnknownSourceKind(KeyError):
    pass


def available_kinds() -> list[str]:
    """Kinds whose module is present (a domain not built yet is simply not listed)."""
    out = []
    for name, module in KIND_MODULES.items():
        if importlib.util.find_spec(module) is not None:
            out.append(name)
    return out


def get_kind(name: str) -> SourceKind:
    if name not in KIND_MODULES:
        raise UnknownSourceKind(
            f"unknown source kind {name!r}; `riskgraph ingest --list` shows the kinds: {', '.join(available_kinds())}"
        )
    module = importlib.import_module(KIND_MODULES[name])
    return module.SOURCE
