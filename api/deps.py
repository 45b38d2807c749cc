"""Shared request dependencies, each written once as an `Annotated` alias a route names as a parameter
type: the graph store and settings the app was started with, the page asked for, and the trained
models (503 while none is trained).

    def watchlist(page: Paging, store: Store, _model: EnterpriseModel) -> ...
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.paging import PageParams, page_params
from core.errors import ModelMissing
from core.settings import Settings
from graph.store import GraphStore
from reasoning.enterprises import store as enterprise_store
from reasoning.vehicles.model import Artifact, load_latest, load_ranking
from reasoning.vehicles.model import Ranking as StoredRanking


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def enterprise_model_version(request: Request) -> str:
    """The trained enterprise model, loaded once per process (503 while there is none)."""
    try:
        bundle = enterprise_store.load(request.app.state.settings)
    except ModelMissing as exc:
        raise HTTPException(503, str(exc)) from exc
    return str(bundle.get("version"))


def vehicle_artifact(request: Request) -> Artifact:
    """The latest trained vehicle model (503 while there is none)."""
    try:
        return load_latest(request.app.state.settings)
    except ModelMissing as exc:
        raise HTTPException(503, str(exc)) from exc


VehicleModel = Annotated[Artifact, Depends(vehicle_artifact)]


def vehicle_ranking(request: Request, art: VehicleModel) -> StoredRanking:
    """The vehicle model's stored scores, refreshed by ingests since training."""
    try:
        return load_ranking(request.app.state.settings, art)
    except ModelMissing as exc:
        raise HTTPException(503, str(exc)) from exc


Store = Annotated[GraphStore, Depends(get_store)]
AppSettings = Annotated[Settings, Depends(get_settings_dep)]
Paging = Annotated[PageParams, Depends(page_params)]
EnterpriseModel = Annotated[str, Depends(enterprise_model_version)]  # the trained model's version
VehicleRanking = Annotated[StoredRanking, Depends(vehicle_ranking)]
