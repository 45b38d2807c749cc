"""One model-file format for every model.

`models/<name>/v<N>/` holds `model.joblib` (plain data: dicts, lists, numpy arrays and scikit-learn
estimators; never an object of a project class, so a file outlives the code that wrote it) and
`meta.json` (name, version, trained_at, data_as_of, the evaluation figures, anything else the model wants
a person to read); `models/<name>/latest.json` names the version in use. A version is written to a
temporary folder and renamed, then the pointer is replaced, so a reader sees the old model or the new one.
Extra files of a version (the vehicle model's stored ranking) live in its folder, written the same way.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib

from core.errors import ModelMissing
from core.settings import Settings

FORMAT = 1


@dataclass(frozen=True)
class Stored:
    name: str
    version: int
    folder: Path
    meta: dict[str, Any]
    payload: dict[str, Any]


def model_dir(settings: Settings, name: str) -> Path:
    return Path(settings.models_dir) / name


def _pointer(settings: Settings, name: str) -> dict[str, Any] | None:
    path = model_dir(settings, name) / "latest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def latest_version(settings: Settings, name: str) -> int | None:
    pointer = _pointer(settings, name)
    return int(pointer["version"]) if pointer else None


def save(settings: Settings, name: str, payload: dict[str, Any], meta: dict[str, Any],
         extras: dict[str, Any] | None = None) -> Stored:
    """Store a new version (the next number) and make it the latest; `extras` are more joblib files."""
    root = model_dir(settings, name)
    root.mkdir(parents=True, exist_ok=True)
    version = (latest_version(settings, name) or 0) + 1
    while (root / f"v{version}").exists():  # a version left by a run that died before its pointer
        version += 1
    meta = {"format": FORMAT, "name": name, "version": version,
            "trained_at": meta.get("trained_at") or datetime.now(UTC).isoformat(timespec="seconds"), **meta}
    tmp = root / f".v{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    joblib.dump(payload, tmp / "model.joblib")
    for file_name, value in (extras or {}).items():
        joblib.dump(value, tmp / file_name)
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    tmp.rename(root / f"v{version}")
    pointer = root / "latest.json.tmp"
    pointer.write_text(json.dumps({"version": version}), encoding="utf-8")
    os.replace(pointer, root / "latest.json")
    return Stored(name, version, root / f"v{version}", meta, payload)


def load(settings: Settings, name: str) -> Stored:
    """The latest version, read once per process and version."""
    version = latest_version(settings, name)
    if version is None:
        raise ModelMissing(f"no {name} model is trained yet: run `riskgraph train {name}`")
    return load_folder(str(model_dir(settings, name) / f"v{version}"))


@lru_cache(maxsize=4)
def load_folder(folder: str) -> Stored:
    """One stored version, by its folder (cached: a version never changes once written)."""
    path = Path(folder)
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    name, version = meta["name"], int(meta["version"])
    if meta.get("format") != FORMAT:
        raise ModelMissing(f"the {name} model v{version} in {path} is in file format {meta.get('format')}, "
                           f"this riskgraph reads {FORMAT}: run `riskgraph train {name}`")
    return Stored(name, version, path, meta, joblib.load(path / "model.joblib"))


def read_extra(stored: Stored, file_name: str) -> Any:
    """An extra file of a version (re-read when it was replaced: refreshes rewrite it)."""
    path = stored.folder / file_name
    if not path.exists():
        raise ModelMissing(f"the {stored.name} model v{stored.version} has no {file_name}: "
                           f"run `riskgraph train {stored.name}`")
    return _read_extra(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _read_extra(path: str, mtime_ns: int) -> Any:
    return joblib.load(path)


def write_extra(settings: Settings, name: str, version: int, file_name: str, value: Any) -> Path:
    path = model_dir(settings, name) / f"v{version}" / file_name
    tmp = path.with_name(path.name + ".tmp")
    joblib.dump(value, tmp)
    os.replace(tmp, path)  # readers see the old file or the new one, never half of it
    return path


def status(settings: Settings, name: str) -> dict[str, Any]:
    """For /readyz: whether a version is there, and which."""
    try:
        stored = load(settings, name)
    except ModelMissing:
        return {"loaded": False, "file": None}
    return {"loaded": True, "file": str(stored.folder.relative_to(settings.models_dir)), "version": stored.version,
            "trained_at": stored.meta.get("trained_at"), "as_of": stored.meta.get("data_as_of")}
