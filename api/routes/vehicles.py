"""Vehicle defect endpoints for quality inspectors: pick a vehicle, its components ranked by defect
probability with explanations, the riskiest pairs across the graph, and complaint surges. The work is
done in reasoning/vehicles/; these routes check what is asked, call it and shape the answer."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from api.auth import require_role
from api.deps import Paging, Store, VehicleModel, VehicleRanking
from api.paging import Page
from reasoning.vehicles.catalogue import vehicles as vehicle_list
from reasoning.vehicles.defects import vehicle_defects as score_defects
from reasoning.vehicles.top_pairs import pairs_since

router = APIRouter(tags=["vehicles"], dependencies=[Depends(require_role("inspector"))])
AsOf = Annotated[dt.date | None, Query(description="score as of this date (default: the model's data date)")]
Since = Annotated[dt.date | None, Query(description="only pairs with a complaint on or after this date")]


class Vehicle(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "id": "vehicle:honda|crv|2017", "make": "HONDA", "model": "CR-V", "year": 2017}})
    id: str
    make: str
    model: str
    year: int


class Contribution(BaseModel):
    feature: str
    description: str
    value: float = Field(description="the feature's value for this pair")
    contribution: float = Field(description="its push on the log-odds of a defect (+ raises, - lowers)")


class EvidenceItem(BaseModel):
    kind: str = Field(description="complaint, recall, bulletin, investigation or supplier_defect")
    fact_id: str = Field(description="for GET /api/v1/evidence/{fact_id}")
    doc_id: str | None
    date: str | None
    span_start: int | None
    span_end: int | None
    note: str


class SimilarCase(BaseModel):
    action: str
    vehicle: str
    system: str
    opened: str
    closed: str
    verdict: str = Field(description="confirmed (led to a recall) or not_confirmed")
    distance: float


class SupplierPropagation(BaseModel):
    supplier: str
    confirmed_on: str = Field(description="the other vehicle model where the supplier's part was confirmed defective")
    document: str
    date: str | None
    fact_id: str


class Surge(BaseModel):
    recent: int = Field(description="complaints in the last three months")
    expected: float = Field(description="complaints expected in three months at the rate of the year before")
    ratio: float
    p_value: float
    window_start: str
    as_of: str


class ComponentRisk(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "system": "AIR BAGS", "probability": 0.94, "complaints": 2, "complaints_12m": 1, "severe_complaints": 1,
        "last_complaint": "2021-11-02",
        "contributions": [{"feature": "supplier_confirmed", "value": 1.79, "contribution": 2.85,
                           "description": "defects confirmed in this supplier's part on other models"}],
        "supplier_propagation": [{"supplier": "APEX INFLATION SYSTEMS INC.", "confirmed_on": "HONDA ACCORD 2015",
                                  "document": "recall:16V104000", "date": "2016-08-01",
                                  "fact_id": "IMPLICATES:rel:63234d586b4bdf6c1416"}],
        "evidence": [], "similar_cases": [], "surge": None}})
    system: str = Field(description="component system (top level of the NHTSA component hierarchy)")
    probability: float = Field(description="calibrated probability that an investigation would confirm a defect")
    complaints: int
    complaints_12m: int
    severe_complaints: int
    last_complaint: str | None
    contributions: list[Contribution]
    supplier_propagation: list[SupplierPropagation]
    evidence: list[EvidenceItem]
    similar_cases: list[SimilarCase]
    surge: Surge | None


class VehicleDefects(BaseModel):
    vehicle: Vehicle
    as_of: str
    model_version: int
    components: Page[ComponentRisk]


class ScoredPair(BaseModel):
    """The fields every (vehicle model, system) list item shares."""

    vehicle: str
    vehicle_name: str
    make: str
    model: str
    year: int
    system: str
    probability: float
    complaints: int


class TopPair(ScoredPair):
    model_config = ConfigDict(json_schema_extra={"example": {
        "vehicle": "vehicle:volkswagen|tiguan|2021", "vehicle_name": "VOLKSWAGEN TIGUAN 2021",
        "make": "VOLKSWAGEN", "model": "TIGUAN", "year": 2021,
        "system": "FUEL/PROPULSION SYSTEM", "probability": 0.93, "complaints": 1, "complaints_12m": 0,
        "last_complaint": "2022-04-02", "contributions": [], "supplier_propagation": []}})
    complaints_12m: int
    last_complaint: str | None
    contributions: list[Contribution]
    supplier_propagation: list[SupplierPropagation]


class Alert(ScoredPair):
    model_config = ConfigDict(json_schema_extra={"example": {
        "vehicle": "vehicle:ford|escape|2019", "vehicle_name": "FORD ESCAPE 2019", "make": "FORD",
        "model": "ESCAPE", "year": 2019, "system": "ENGINE",
        "probability": 0.41, "complaints": 23, "recent": 9, "expected": 1.5, "ratio": 6.0, "p_value": 0.0002,
        "window_start": "2024-10-01", "as_of": "2025-01-01"}})
    recent: int
    expected: float
    ratio: float
    p_value: float
    window_start: str
    as_of: str


class Ranking(BaseModel):
    as_of: str
    model_version: int
    pairs: Page[TopPair]


class Alerts(BaseModel):
    as_of: str
    model_version: int
    alerts: Page[Alert]


@router.get("/vehicles", response_model=Page[Vehicle], summary="Vehicle models to pick from (make, model, year)")
def vehicles(
    page: Paging,
    store: Store,
    make: Annotated[str | None, Query(max_length=40, description="only this make (aliases such as VW or 丰田 work)")] = None,
) -> Page[Any]:
    rows = vehicle_list(store, make, page.offset, page.fetch)
    return Page[Vehicle].build([Vehicle(**r) for r in rows], page)


@router.get("/vehicles/{make}/{model}/{year}/defects", response_model=VehicleDefects,
            summary="The vehicle's components ranked by defect probability, each explained")
def vehicle_defects(
    make: Annotated[str, Path(max_length=40, examples=["HONDA"])],
    model: Annotated[str, Path(max_length=80, examples=["CR-V"])],
    year: Annotated[int, Path(ge=1949, le=2100, examples=[2017])],
    page: Paging,
    store: Store,
    art: VehicleModel,
    stored: VehicleRanking,
    as_of: AsOf = None,
) -> VehicleDefects:
    found = score_defects(store, art, make, model, year, as_of.isoformat() if as_of else stored.as_of)
    if found is None:
        raise HTTPException(404, f"no vehicle {make} {model} {year} in the graph; GET /api/v1/vehicles lists them")
    window = found.components[page.offset : page.offset + page.fetch]
    return VehicleDefects(
        vehicle=Vehicle(**found.vehicle), as_of=found.as_of, model_version=art.version,
        components=Page[ComponentRisk].build([ComponentRisk(**r) for r in window], page,
                                             total=len(found.components)))


@router.get("/defects/top", response_model=Ranking, summary="The riskiest (vehicle model, component) pairs")
def defects_top(page: Paging, stored: VehicleRanking, since: Since = None) -> Ranking:
    rows = pairs_since(stored.scores, since)
    window = rows[page.offset : page.offset + page.fetch]
    return Ranking(as_of=stored.as_of, model_version=stored.version,
                   pairs=Page[TopPair].build([TopPair(**r) for r in window], page, total=len(rows)))


@router.get("/defects/alerts", response_model=Alerts, summary="Pairs whose complaints are surging")
def defects_alerts(page: Paging, stored: VehicleRanking) -> Alerts:
    window = stored.alerts[page.offset : page.offset + page.fetch]
    return Alerts(as_of=stored.as_of, model_version=stored.version,
                  alerts=Page[Alert].build([Alert(**a) for a in window], page, total=len(stored.alerts)))
