"""Which trained models the server can use, for /readyz.

A model module may expose `model_status(settings) -> dict` with at least `loaded: bool`; otherwise the
model counts as loaded once a file of it exists (data_dir/models/<name>… or data_dir/models/<name>/…),
as `riskgraph train` writes them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.settings import Settings


def models_status(settings: Settings) -> dict[str, dict[str, Any]]:
    from reasoning.registry import MODELS, load, present

    out: dict[str, dict[str, Any]] = {}
    for name in present(MODELS):
        module = load(MODELS, name, "model")
        if hasattr(module, "model_status"):
            out[name] = {"loaded": False, **module.model_status(settings)}
            continue
        folder = settings.models_dir / name
        found = [*settings.models_dir.glob(f"{name}*"), *(folder.rglob("*") if folder.is_dir() else [])]
        files = sorted((p for p in found if p.is_file()), key=lambda p: p.stat().st_mtime)
        latest = files[-1] if files else None
        out[name] = {
            "loaded": latest is not None,
            "file": latest.name if latest else None,
            "trained_at": datetime.fromtimestamp(latest.stat().st_mtime, UTC).isoformat(timespec="seconds")
            if latest else None,
        }
    return out
