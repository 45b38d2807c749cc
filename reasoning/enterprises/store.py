"""Model files of the enterprise risk model: versioned under settings.models_dir/enterprises, each with
its metrics beside it, and a `latest.json` pointer; loaded once per process."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib

from core.settings import Settings


class ModelMissing(KeyError):
    """No trained enterprise model (a KeyError so that the CLI prints the message, not a traceback)."""

    def __str__(self) -> str:
        return str(self.args[0])


def model_dir(settings: Settings) -> Path:
    return Path(settings.models_dir) / "enterprises"


def save(settings: Settings, bundle: dict[str, Any], metrics: dict[str, Any]) -> Path:
    folder = model_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    bundle = {**bundle, "version": version}
    path = folder / f"model-{version}.joblib"
    joblib.dump(bundle, path)
    (folder / f"metrics-{version}.json").write_text(json.dumps(metrics, indent=1, ensure_ascii=False, default=str))
    tmp = folder / "latest.json.tmp"
    tmp.write_text(json.dumps({"version": version, "model": path.name, "metrics": f"metrics-{version}.json"}))
    os.replace(tmp, folder / "latest.json")
    return path


def load(settings: Settings) -> dict[str, Any]:
    pointer = model_dir(settings) / "latest.json"
    if not pointer.exists():
        raise ModelMissing("no enterprise risk model is trained yet; run `riskgraph train enterprises`")
    info = json.loads(pointer.read_text())
    return _load_file(str(model_dir(settings) / info["model"]))


@lru_cache(maxsize=4)
def _load_file(path: str) -> dict[str, Any]:
    return joblib.load(path)
