"""Trainable models and extraction evaluations, by name, imported only when used.

A model module exposes:
  train(store, settings, progress) -> dict        metrics, model file path
  score_cli(store, settings, args: list[str]) -> dict
An evaluation module exposes evaluate(settings, data_dir: Path) -> dict.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

MODELS: dict[str, str] = {
    "enterprises": "reasoning.enterprises.model",
    "defects": "reasoning.vehicles.model",
}
SCORE_TARGETS: dict[str, str] = {"defects": "defects", "enterprise": "enterprises", "enterprises": "enterprises"}
EXTRACTION_EVALS: dict[str, str] = {
    "vehicles": "extraction.vehicles.evaluate",
    "enterprises": "extraction.enterprises.evaluate",
    "lawyers": "extraction.lawyers.evaluate",
}


def present(modules: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in modules.items() if importlib.util.find_spec(v) is not None}


def load(modules: dict[str, str], name: str, what: str) -> ModuleType:
    if name not in modules:
        raise KeyError(f"unknown {what} {name!r}; known: {', '.join(present(modules))}")
    return importlib.import_module(modules[name])
