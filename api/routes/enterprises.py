"""Enterprise risk for market regulators (regulator role): risk with reasons, the linked-enterprise
network, how two enterprises connect, watchlists, suspicious clusters, the regional grid, search, and
screening a list against the registers (`POST /match`).

Scores, reasons, clusters and division counts are written by `riskgraph train enterprises` (or
`riskgraph score enterprise`); the model is loaded once per process to say which version scored and
to answer 503 while none is trained. The work is done in reasoning/enterprises/; these routes check
what is asked, call it and shape the answer.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from api.auth import require_role
from api.control import Controllers
from api.deps import AppSettings, EnterpriseModel, Paging, Store
from api.paging import Page, bound_graph
from api.routes.match_models import MatchRequest, MatchResponse
from graph.store import GraphStore
from reasoning.enterprises import control as enterprise_control
from reasoning.enterprises import network as enterprise_network
from reasoning.enterprises import paths as enterprise_paths
from reasoning.enterprises import risk as enterprise_risk
from reasoning.enterprises import search as enterprise_search
from reasoning.enterprises.links import ALL_VIA, Via
from reasoning.enterprises.matching.service import screen
from reasoning.enterprises.regions import region as region_risk
from reasoning.enterprises.top_clusters import top_clusters
from reasoning.enterprises.watchlist import watchlist as level_watchlist

router = APIRouter(tags=["enterprises"], dependencies=[Depends(require_role("regulator"))])
Level = Literal["red", "yellow", "green"]
IdParam = Annotated[str, Path(min_length=3, max_length=200, description="CN:<USCC>, UK:<number> or NAME:<key>")]
RegionCode = Annotated[str, Path(pattern=r"^(\d{6}|GB-[A-Z]{1,2})$", description="GB/T 2260 code or GB-<postcode area>")]
LevelParam = Annotated[Level, Query()]
DepthParam = Annotated[int, Query(ge=1, le=3, description="enterprise hops from the centre")]
ViaParam = Annotated[list[Via], Query(description="kinds of link to follow")]
EVERY_LINK: list[Via] = list(ALL_VIA)  # the default of `via` (FastAPI copies a default per request)


# --- response models -------------------------------------------------------------------------
class Linked(BaseModel):
    kind: str = Field(description="enterprise, address, phone, email or person")
    id: str
    name: str | None = None


class Reason(BaseModel):
    feature: str
    value: float
    text: str = Field(description="the reason in plain words")
    linked: list[Linked] = Field(default_factory=list, description="the entities that evidence it")


class Risk(BaseModel):
    id: str
    asked: str = Field(description="the id asked for; differs from `id` when a name-only enterprise was resolved")
    same_as_score: float | None = Field(None, description="resolution score when `asked` was resolved to `id`")
    same_as_evidence: str | None = None
    name: str | None = None
    code: str | None = None
    code_valid: bool | None = None
    code_issue: str | None = None
    status: str | None = None
    founded: str | None = None
    division: str | None = None
    division_name: str | None = None
    division_check: str | None = None
    score: float = Field(ge=0, le=1, description="calibrated probability of being confirmed abnormal")
    level: Level
    reasons: list[Reason]
    cluster: str | None = None
    scored_at: str | None = None
    model: str | None = Field(None, description="version of the model that scored it")
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "CN:91310105MA146U7T9W", "asked": "CN:91310105MA146U7T9W", "name": "上海某某商务咨询有限公司",
        "code": "91310105MA146U7T9W", "code_valid": True, "division": "310105", "division_name": "上海市长宁区",
        "score": 0.88, "level": "red", "cluster": "CL:6cdb560d5b3c50057506", "model": "20261125T040337Z",
        "reasons": [{"feature": "address_burst", "value": 11, "text":
                     "11 enterprises were registered at this address within 30 days of it",
                     "linked": [{"kind": "address", "id": "ADDR:74b2293c49d937ddfbe9"},
                                {"kind": "enterprise", "id": "CN:91310105MARKL7YY25", "name": "上海某某资产管理有限公司"}]}]}]})


class NetNode(BaseModel):
    id: str
    kind: str = Field(description="enterprise, address, phone, email or person")
    label: str | None = None
    level: Level | None = Field(None, description="risk level of an enterprise (colour it by this)")
    score: float | None = None
    depth: int = Field(description="enterprise hops from the centre")


class NetEdge(BaseModel):
    source: str
    target: str
    kind: str = Field(description="registered_at, phone, email, legal_rep, officer, shareholder, holds or held_by")


class Network(BaseModel):
    center: str
    depth: int
    via: list[Via]
    nodes: list[NetNode]
    edges: list[NetEdge]
    truncated: bool = Field(description="true when the network was cut at settings.max_graph_nodes")
    total_nodes: int
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "center": "CN:91310105MA146U7T9W", "depth": 1, "via": ["address"], "truncated": False, "total_nodes": 3,
        "nodes": [{"id": "CN:91310105MA146U7T9W", "kind": "enterprise", "label": "上海某某商务咨询有限公司",
                   "level": "red", "score": 0.88, "depth": 0},
                  {"id": "ADDR:74b2293c49d937ddfbe9", "kind": "address", "label": "上海市长宁区…", "depth": 1},
                  {"id": "CN:91310105MARKL7YY25", "kind": "enterprise", "label": "上海某某资产管理有限公司",
                   "level": "red", "score": 0.86, "depth": 1}],
        "edges": [{"source": "CN:91310105MA146U7T9W", "target": "ADDR:74b2293c49d937ddfbe9", "kind": "registered_at"},
                  {"source": "CN:91310105MARKL7YY25", "target": "ADDR:74b2293c49d937ddfbe9", "kind": "registered_at"}]}]})


class PathStep(BaseModel):
    source: str
    target: str
    via_kind: str = Field(description="address, phone, email, person or shareholder")
    via: str | None = Field(None, description="the shared address, phone, e-mail or person")
    via_label: str | None = None


class Paths(BaseModel):
    source: str
    target: str
    connected: bool
    hops: int | None = None
    steps: list[PathStep]
    searched_depth: int = Field(description="enterprise hops searched in all")
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "source": "CN:91310105MA146U7T9W", "target": "CN:91310105MARKL7YY25", "connected": True, "hops": 1,
        "steps": [{"source": "CN:91310105MA146U7T9W", "target": "CN:91310105MARKL7YY25", "via_kind": "address",
                   "via": "ADDR:74b2293c49d937ddfbe9", "via_label": "上海市长宁区…"}], "searched_depth": 1}]})


class WatchItem(BaseModel):
    id: str
    name: str | None = None
    score: float
    level: Level
    division: str | None = None
    division_name: str | None = None
    cluster: str | None = None
    top_reason: str | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "CN:91310105MA146U7T9W", "name": "上海某某商务咨询有限公司", "score": 0.88, "level": "red",
        "division": "310105", "division_name": "上海市长宁区", "cluster": "CL:6cdb560d5b3c50057506",
        "top_reason": "11 enterprises were registered at this address within 30 days of it"}]})


class ClusterMember(BaseModel):
    id: str
    name: str | None = None
    level: Level | None = None
    score: float | None = None


class Cluster(BaseModel):
    id: str
    rank: int
    size: int
    score: float = Field(description="mean member score x log2(1 + size): risky and large groups first")
    mean_score: float
    red: int
    density: float
    links: dict[str, int] = Field(description="pairs of members tied by each kind of link")
    division: str | None = None
    top_members: list[ClusterMember]
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "CL:6cdb560d5b3c50057506", "rank": 1, "size": 18, "score": 3.7, "mean_score": 0.87, "red": 18,
        "density": 1.0, "links": {"address": 153, "phone": 153, "person": 120, "shareholder": 3},
        "division": "310105", "top_members": [{"id": "CN:91310105MA146U7T9W", "name": "上海某某商务咨询有限公司",
                                               "level": "red", "score": 0.88}]}]})


class DivisionCount(BaseModel):
    code: str
    name: str | None = None
    level: str | None = None
    total: int = 0
    red: int = 0
    yellow: int = 0
    green: int = 0


class Region(BaseModel):
    code: str
    name: str | None = None
    level: str | None = None
    parent: str | None = None
    counts: dict[str, int] = Field(description="enterprises by risk level (total, red, yellow, green)")
    divisions: list[DivisionCount] = Field(description="the divisions inside it with their counts")
    top: Page[WatchItem]
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "code": "310000", "name": "上海市", "level": "province", "parent": None,
        "counts": {"total": 506, "red": 56, "yellow": 6, "green": 444},
        "divisions": [{"code": "310110", "name": "杨浦区", "level": "district", "total": 89, "red": 20,
                       "yellow": 1, "green": 68}],
        "top": {"items": [], "limit": 20, "offset": 0, "next_offset": None, "next_cursor": None, "total": 62}}]})


class SearchHit(BaseModel):
    id: str
    name: str | None = None
    code: str | None = None
    registered: bool = False
    level: Level | None = None
    score: float | None = Field(None, description="risk score")
    division_name: str | None = None
    match: float = Field(description="how well the query matches, 0..1")
    matched_on: str = Field(description="code, name or person")
    person: str | None = Field(None, description="the person matched, when matched on a person")
    role: str | None = None
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "CN:91310105MA146U7T9W", "name": "上海某某商务咨询有限公司", "code": "91310105MA146U7T9W",
        "registered": True, "level": "red", "score": 0.88, "division_name": "上海市长宁区", "match": 1.0,
        "matched_on": "name", "person": None, "role": None}]})


# --- helpers ----------------------------------------------------------------------------------
def _found(store: GraphStore, enterprise_id: str) -> dict[str, Any]:
    """The enterprise's risk row, or 404."""
    row = enterprise_risk.find(store, enterprise_id)
    if row is None:
        raise HTTPException(404, f"no enterprise {enterprise_id!r}; ids look like CN:<USCC>, UK:<number> or NAME:<key>")
    return row


# --- endpoints --------------------------------------------------------------------------------
@router.get("/enterprises/watchlist", response_model=Page[WatchItem],
            summary="Enterprises at one risk level, riskiest first (paged)")
def watchlist(page: Paging, store: Store, _model: EnterpriseModel, level: LevelParam = "red") -> Page[WatchItem]:
    items, total = level_watchlist(store, level, page.offset, page.fetch)
    return Page[WatchItem].build([WatchItem(**i) for i in items], page, total)


@router.get("/enterprises", response_model=Page[SearchHit],
            summary="Search enterprises by name, code or person, tolerant of variants")
def search(
    q: Annotated[str, Query(min_length=1, max_length=200, description="a name (any variant), a code, or a person")],
    page: Paging,
    store: Store,
) -> Page[SearchHit]:
    ranked = [SearchHit(**hit) for hit in enterprise_search.search(store, q)]
    return Page[SearchHit].build(ranked[page.offset: page.offset + page.fetch], page, len(ranked))


@router.get("/enterprises/{enterprise_id}/risk", response_model=Risk,
            summary="Risk score, level (red / yellow / green) and the reasons, with linked entities")
def risk(enterprise_id: IdParam, store: Store, _model: EnterpriseModel) -> Risk:
    row = _found(store, enterprise_id)
    if row.get("score") is None:
        if not row.get("registered"):
            raise HTTPException(404, f"{row['id']!r} is known only by name (from other records) and matches no "
                                     "registered enterprise, so it has no register data to score")
        raise HTTPException(404, f"enterprise {row['id']!r} has not been scored yet (ingested after the last "
                                 "training); run `riskgraph score enterprise` to score every enterprise")
    fields = {k: row.get(k) for k in Risk.model_fields if k != "reasons"}
    return Risk(**fields, reasons=[Reason(**r) for r in enterprise_risk.reasons(row.get("reasons"))])


@router.get("/enterprises/{enterprise_id}/network", response_model=Network,
            summary="Linked enterprises and the links (shared address, person, phone, shareholder), bounded")
def network(
    enterprise_id: IdParam,
    store: Store,
    settings: AppSettings,
    depth: DepthParam = 1,
    via: ViaParam = EVERY_LINK,
) -> Network:
    cap = settings.max_graph_nodes
    found = enterprise_network.expand(store, _found(store, enterprise_id), depth, via, cap,
                                      settings.enterprise_hub_cap)
    bounded = bound_graph(found.nodes, found.edges, cap)
    return Network(center=found.center, depth=depth, via=found.via,
                   nodes=[NetNode(**n) for n in bounded.nodes], edges=[NetEdge(**e) for e in bounded.edges],
                   truncated=bounded.truncated or found.cut, total_nodes=found.total_nodes)


@router.get("/enterprises/{a}/paths/{b}", response_model=Paths,
            summary="How two enterprises are connected: the shortest chain of shared links")
def paths(a: IdParam, b: IdParam, store: Store) -> Paths:
    start, goal = _found(store, a)["id"], _found(store, b)["id"]
    found = enterprise_paths.connect(store, start, goal)
    return Paths(source=found.source, target=found.target, connected=found.connected, hops=found.hops,
                 steps=[PathStep(**s) for s in found.steps], searched_depth=found.searched_depth)


@router.get("/clusters/top", response_model=Page[Cluster],
            summary="Suspicious groups (shared people, addresses, phones) ranked for investigation (paged)")
def clusters_top(
    page: Paging,
    store: Store,
    _model: EnterpriseModel,
    members: Annotated[int, Query(ge=0, le=50, description="top members listed per cluster")] = 10,
) -> Page[Cluster]:
    items, total = top_clusters(store, page.offset, page.fetch, page.limit, members)
    return Page[Cluster].build([Cluster(**c) for c in items], page, total)


@router.get("/regions/{code}", response_model=Region,
            summary="Risk in one administrative division: counts by level, its districts, the top enterprises")
def region(code: RegionCode, page: Paging, store: Store, settings: AppSettings, _model: EnterpriseModel) -> Region:
    found = region_risk(store, code, page.offset, page.fetch, settings.max_page_size)
    if found is None:
        raise HTTPException(404, f"no division {code!r} in the division table or the data")
    return Region(code=found.code, name=found.name, level=found.level, parent=found.parent, counts=found.counts,
                  divisions=[DivisionCount(**c) for c in found.divisions],
                  top=Page[WatchItem].build([WatchItem(**i) for i in found.top], page, found.scored))


@router.get("/enterprises/{enterprise_id}/controllers", response_model=Controllers,
            summary="Ultimate controllers and beneficial owners through chains of shareholdings, paths as evidence")
def controllers(enterprise_id: IdParam, store: Store, settings: AppSettings) -> Controllers:
    found = enterprise_control.controllers(store, settings, enterprise_id)
    if found is None:
        raise HTTPException(404, f"no enterprise {enterprise_id!r}; ids look like CN:<USCC>, UK:<number> or NAME:<key>")
    return Controllers(**found, features=enterprise_control.features(found))


@router.post("/match", response_model=MatchResponse,
             summary="Screen a list: ranked register candidates per query, with the deciding features and risk")
def match(body: MatchRequest, store: Store, settings: AppSettings) -> MatchResponse:
    queries = {key: q.model_dump() for key, q in body.queries.items()}
    return MatchResponse(**screen(store, settings, queries, body.threshold, body.limit))
