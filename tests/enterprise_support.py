"""A generated enterprise set ingested and trained on the embedded engine, for the module fixtures of
the enterprise tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datagen.enterprises.generate import generate
from graph.store import open_store
from reasoning.enterprises import model as enterprise_model
from reasoning.ingest import ingest
from tests.conftest import make_settings


def trained_graph(root: Path, kinds: list[str], scale: float, seed: int) -> dict[str, Any]:
    """Generate into root/input, ingest the kinds in order into root/state, train; the caller closes
    the returned `store`."""
    data = root / "input"
    summary = generate(data, scale, seed)
    settings = make_settings(root / "state", batch_size=500)
    store = open_store(settings)
    store.apply_schema()
    ingests = {k: ingest(store, settings, k, [data / k]) for k in kinds}
    trained = enterprise_model.train(store, settings)
    return {"data": data, "settings": settings, "store": store, "summary": summary, "ingests": ingests,
            "trained": trained}
