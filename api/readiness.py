"""Which trained models the server can use, for /readyz: each model's own status()."""

from __future__ import annotations

from typing import Any

from core.settings import Settings


def models_status(settings: Settings) -> dict[str, dict[str, Any]]:
    from reasoning.registry import get_model, model_names

    return {name: {"loaded": False, **get_model(name).status(settings)} for name in model_names()}
