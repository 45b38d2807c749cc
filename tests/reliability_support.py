"""Shared set-up of the reliability tests: one small generated data set, ingested once per test process,
and the API app over it with a key per role.

Built lazily and cached, so the property, injection, schemathesis and privacy tests share one graph.
Whatever domains exist are used; what is missing is named so tests can skip with the reason.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.domains import DOMAINS
from core.settings import Settings
from datagen import available_domains, generator
from extraction.registry import available_kinds, kind_modules
from graph.store import GraphStore, open_store
from reasoning.ingest import ingest

# Small enough to ingest in seconds on 2 cores; each generator reads scale as a size multiplier.
SCALE = float(os.environ.get("RISKGRAPH_RELIABILITY_SCALE", "0.05"))
SEED = 11
ROLES = ("inspector", "regulator", "admin")


@dataclass
class Dataset:
    root: Path
    inputs: Path
    settings: Settings
    store: GraphStore
    domains: list[str]
    kinds: list[str]
    generated: dict[str, Any] = field(default_factory=dict)
    ingest: dict[str, dict[str, Any]] = field(default_factory=dict)

    def kind_files(self, kind: str) -> list[Path]:
        folder = self.inputs / kind
        return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def missing_domains() -> list[str]:
    return [d for d in DOMAINS if d not in available_domains()]


def missing_kinds() -> list[str]:
    return [k for k in kind_modules() if k not in available_kinds()]


def make_settings(root: Path) -> Settings:
    return Settings(graph_url=f"falkordb://{root / 'graph'}", data_dir=root / "data", batch_size=500,
                    public_rate_limit_per_minute=1_000_000)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def dataset() -> Dataset:
    """Generate every available domain at a small scale and ingest every available kind (once)."""
    root = Path(tempfile.mkdtemp(prefix="rg-reliab-"))
    atexit.register(shutil.rmtree, root, True)
    inputs = root / "inputs"
    settings = make_settings(root)
    domains = available_domains()
    generated = {d: generator(d).generate(inputs, SCALE, SEED) for d in domains}
    store = open_store(settings)
    atexit.register(store.close)
    store.apply_schema()
    ds = Dataset(root, inputs, settings, store, domains, available_kinds(), generated)
    for kind in ds.kinds:
        if (inputs / kind).exists():
            ds.ingest[kind] = ingest(store, settings, kind, [inputs / kind]).as_dict()
    train_models(ds)
    return ds


def train_models(ds: Dataset) -> None:
    """Train whatever models exist, so the scoring endpoints answer as in the demo."""
    from reasoning.registry import get_model, model_names

    for name in model_names():
        get_model(name).train(ds.store, ds.settings, lambda n=1: None)


@lru_cache(maxsize=1)
def app_and_tokens() -> tuple[Any, dict[str, str]]:
    """The API over the shared data set, and a bearer token for each role."""
    from api.app import create_app
    from api.keys import KeyStore

    ds = dataset()
    keys = KeyStore(Path(ds.settings.data_dir) / "keys.json")
    tokens = {role: keys.create(role, f"reliability-{role}")[1] for role in ROLES}
    return create_app(ds.settings, ds.store), tokens


def auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}
