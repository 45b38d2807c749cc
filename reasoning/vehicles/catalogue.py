"""The vehicle models to pick from (make, model, year), all or of one make as a user writes it
(aliases such as VW or 丰田 work)."""

from __future__ import annotations

from typing import Any

from extraction.vehicles.vocab import make_id, normalise_make
from graph.store import GraphStore


def vehicles(store: GraphStore, make: str | None, skip: int, limit: int) -> list[dict[str, Any]]:
    """`limit` vehicle models (id, make, model, year) after the first `skip`; of `make` when given."""
    params = {"skip": skip, "limit": limit}
    if make:
        canonical = normalise_make(make)
        return store.read("vehicle_list_by_make", {**params, "make_id": make_id(canonical or make)})
    return store.read("vehicle_list", params)
