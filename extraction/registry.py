"""Every source kind `riskgraph ingest` knows, by name, imported only when used."""

from __future__ import annotations

import importlib
import importlib.util

from extraction.base import SourceKind

# kind name -> module exposing SOURCE: SourceKind. Order is the demo's ingest order.
KIND_MODULES: dict[str, str] = {
    "cn-registry": "extraction.cn_registry",
    "cn-registry-changes": "extraction.cn_registry_changes",
    "cn-penalties": "extraction.cn_penalties",
    "cn-abnormal-list": "extraction.cn_abnormal_list",
    "uk-companies": "extraction.uk_companies",
    "uk-psc": "extraction.uk_psc",
    "enterprise-verdicts": "extraction.enterprise_verdicts",
    "nhtsa-complaints": "extraction.nhtsa_complaints",
    "nhtsa-recalls": "extraction.nhtsa_recalls",
    "nhtsa-investigations": "extraction.nhtsa_investigations",
    "nhtsa-tsbs": "extraction.nhtsa_tsbs",
    "cn-recall-notices": "extraction.cn_recall_notices",
    "cn-complaints": "extraction.cn_complaints",
    "lawyer-register": "extraction.lawyer_register",
    "lawyer-sanctions": "extraction.lawyer_sanctions",
    "cn-judgments": "extraction.cn_judgments",
    "courtlistener": "extraction.courtlistener",
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
