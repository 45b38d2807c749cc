"""Every model and every after-ingest task, gathered from the domains' reasoning packages and imported
only when used.

A domain's package `reasoning/<domain>/__init__.py` declares
  MODELS: {model name as users type it: module of the package}       (the module is a contract.Model)
  ALIASES: {other name users may type: model name}                   (optional)
  AFTER_INGEST: {task name a source kind declares: "module:function"} (optional; a contract.AfterIngest)
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import cast

from core.domains import domain_packages
from core.errors import BadRequest
from reasoning.contract import AfterIngest, Model


@lru_cache(maxsize=1)
def models() -> dict[str, str]:
    """model name -> module, in the domains' order."""
    return {name: f"{package.__name__}.{module}"
            for package in domain_packages("reasoning").values() for name, module in getattr(package, "MODELS", {}).items()}


def model_names() -> list[str]:
    return list(models())


def get_model(name: str) -> Model:
    aliases = {alias: target for package in domain_packages("reasoning").values()
               for alias, target in getattr(package, "ALIASES", {}).items()}
    name = aliases.get(name, name)
    if name not in models():
        known = sorted([*models(), *aliases])
        raise BadRequest(f"unknown model {name!r}; known: {', '.join(known)}")
    return cast(Model, importlib.import_module(models()[name]))


def after_ingest(domain: str, task: str) -> AfterIngest:
    """The function a domain runs after an ingest of a kind that names `task`."""
    package = domain_packages("reasoning").get(domain)
    target = getattr(package, "AFTER_INGEST", {}).get(task)
    if package is None or target is None:
        raise BadRequest(f"the {domain} domain declares no after-ingest task {task!r}")
    module, _, function = target.partition(":")
    return cast(AfterIngest, getattr(importlib.import_module(f"{package.__name__}.{module}"), function))
