"""The enterprise risk model's files, in the one model-file format (reasoning/artifacts.py): the bundle
the scorer reads (estimator, features, reason cuts, importance order) and its evaluation figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.settings import Settings
from reasoning import artifacts

NAME = "enterprises"


def save(settings: Settings, bundle: dict[str, Any], metrics: dict[str, Any]) -> Path:
    meta = {"trained_at": bundle["trained_at"], "data_as_of": bundle["trained_at"][:10], "metrics": metrics}
    return artifacts.save(settings, NAME, bundle, meta).folder


def load(settings: Settings) -> dict[str, Any]:
    """The latest bundle, with its version (raises core.errors.ModelMissing before the first training)."""
    stored = artifacts.load(settings, NAME)
    return {**stored.payload, "version": str(stored.version)}


def status(settings: Settings) -> dict[str, Any]:
    return artifacts.status(settings, NAME)
