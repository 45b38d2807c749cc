"""One vehicle model's components ranked by defect probability, each explained, as of a date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.store import GraphStore
from reasoning.vehicles.model import Artifact
from reasoning.vehicles.scoring import find_vehicle, score_vehicle

VEHICLE_FIELDS = ("id", "make", "model", "year")


@dataclass
class VehicleDefects:
    vehicle: dict[str, Any]  # id, make, model, year
    as_of: str
    components: list[dict[str, Any]]  # every component system, most probable defect first (scoring.explain_pairs)


def vehicle_defects(store: GraphStore, art: Artifact, make: str, model: str, year: int, as_of: str
                    ) -> VehicleDefects | None:
    """The vehicle model as a user writes it, scored by `art` as of the date; None when no vehicle matches."""
    vehicle = find_vehicle(store, make, model, year)
    if vehicle is None:
        return None
    ranked = score_vehicle(store, art, vehicle["id"], as_of)
    return VehicleDefects({k: vehicle[k] for k in VEHICLE_FIELDS}, as_of, ranked)
