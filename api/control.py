"""Response models of GET /api/v1/enterprises/{id}/controllers (the route is in api/routes/enterprises.py;
the computation in reasoning/enterprises/control.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Basis = Literal["majority", "legal_rep_of_parent", "board_control", "largest_effective_share",
                "legal_rep_of_top_parent"]


class ControlStep(BaseModel):
    holder: str
    holder_name: str | None = None
    holder_kind: str = Field(description="person or enterprise")
    held: str
    held_name: str | None = None
    share: float | None = Field(None, description="fraction held (PSC: the lower bound of the band)")
    natures: list[str] = Field([], description="UK PSC natures of control")
    fact_ids: list[str] = Field(description="SHAREHOLDER_OF fact ids for GET /api/v1/evidence/{fact_id}")


class ControlPath(BaseModel):
    share: float = Field(description="product of the shares along the path")
    steps: list[ControlStep] = Field(description="from the owner down to the enterprise")


class Owner(BaseModel):
    id: str
    kind: str = Field(description="person, or enterprise (a company with no holder on record)")
    name: str | None = None
    level: str | None = None
    effective_share: float = Field(description="summed over every path")
    direct_share: float
    beneficial_owner: bool = Field(description="a natural person with 25% or more effective share")
    controls: bool = Field(description="holds more than half, directly or through companies it controls")
    layers: int = Field(description="companies between it and the enterprise on its shortest path")
    paths: list[ControlPath]


class Controller(BaseModel):
    id: str
    kind: str
    name: str | None = None
    effective_share: float
    basis: Basis
    basis_text: str
    suspected: bool = Field(description="true: nobody holds a majority; this person is only suspected")
    label: str = Field(description="'actual controller' or 'suspected actual controller'")
    layers: int = Field(description="companies between the controller and the enterprise")
    concealed: bool = Field(description="controls without holding any share directly")
    fact_ids: list[str]


class Parent(BaseModel):
    id: str
    name: str | None = None
    effective_share: float | None = None
    has_holders: bool = Field(description="false: the controlling company has no shareholder on record")


class Cycle(BaseModel):
    members: list[str] = Field(description="enterprises holding each other in a circle")
    names: list[str | None]
    fact_ids: list[str]


class TreeNode(BaseModel):
    id: str
    kind: str
    name: str | None = None
    level: str | None = None
    depth: int = Field(description="ownership levels above the enterprise")


class TreeEdge(BaseModel):
    source: str = Field(description="the holder")
    target: str = Field(description="the enterprise held")
    share: float | None = None
    natures: list[str] = []
    fact_ids: list[str] = []


class OwnershipTree(BaseModel):
    nodes: list[TreeNode]
    edges: list[TreeEdge]


class Controllers(BaseModel):
    id: str
    asked: str = Field(description="the id asked for; differs from `id` when a name-only enterprise was resolved")
    name: str | None = None
    controller: Controller | None = Field(None, description="the actual controller, or the suspected one "
                                                            "(labelled); none when nothing points at anyone")
    controlling_parent: Parent | None = None
    owners: list[Owner] = Field(description="ultimate owners, largest effective share first")
    beneficial_owners: list[str]
    circular: bool = Field(description="the ownership above it runs in a circle somewhere")
    cycles: list[Cycle]
    tree: OwnershipTree
    truncated: bool = Field(description="a bound (depth, holders per company, paths) cut the answer")
    notes: list[str]
    bounds: dict[str, int]
    features: dict[str, float] = Field(description="what the risk model may read of it")
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "CN:91140105MAYY43CJ11", "asked": "CN:91140105MAYY43CJ11", "name": "太原某某商务咨询有限公司",
        "controller": {"id": "P:3f…", "kind": "person", "name": "陈某某", "effective_share": 0.3024,
                       "basis": "majority", "basis_text": "holds more than half, directly or through companies it "
                                                          "controls", "suspected": False,
                       "label": "actual controller", "layers": 3, "concealed": True,
                       "fact_ids": ["SHAREHOLDER_OF:rel:…"]},
        "controlling_parent": None, "owners": [], "beneficial_owners": ["P:3f…"], "circular": False, "cycles": [],
        "tree": {"nodes": [], "edges": []}, "truncated": False, "notes": [],
        "bounds": {"max_depth": 8, "max_holders": 50, "max_paths": 2000},
        "features": {"concealed_control": 1.0, "control_layers": 3.0, "circular_ownership_tree": 0.0,
                     "controller_effective_share": 0.3024, "suspected_controller": 0.0}}]})
