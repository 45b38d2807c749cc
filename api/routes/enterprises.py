"""Enterprise risk for market regulators (regulator role): risk with reasons, the linked-enterprise
network, how two enterprises connect, watchlists, suspicious clusters, the regional grid and search.

Scores, reasons, clusters and division counts are written by `riskgraph train enterprises` (or
`riskgraph score enterprise`); the model is loaded once per process to say which version scored and
to answer 503 while none is trained.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from api.auth import require_role
from api.deps import get_settings_dep, get_store
from api.paging import Page, PageParams, bound_graph, page_params
from core.settings import Settings
from extraction.enterprises.codes import check_uk_number, check_uscc, clean_code, looks_like_uscc
from extraction.enterprises.normalise import enterprise_key
from graph.search import min_hits, normalise, terms_for
from graph.store import GraphStore
from reasoning.enterprises import store as enterprise_store

router = APIRouter(tags=["enterprises"], dependencies=[Depends(require_role("regulator"))])
Level = Literal["red", "yellow", "green"]
Via = Literal["address", "person", "phone", "shareholder"]
IdParam = Annotated[str, Path(min_length=3, max_length=200, description="CN:<USCC>, UK:<number> or NAME:<key>")]
POOL = 200  # search candidates reranked
PATH_DEPTH = 3  # hops searched from each end
FRONTIER_MAX = 400


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
def model_version(request: Request) -> str:
    """The trained model, loaded once per process (503 while there is none)."""
    try:
        bundle = enterprise_store.load(request.app.state.settings)
    except enterprise_store.ModelMissing as exc:
        raise HTTPException(503, str(exc)) from exc
    return str(bundle.get("version"))


def _reasons(raw: str | None) -> list[dict[str, Any]]:
    try:
        return json.loads(raw) if raw else []
    except ValueError:
        return []


def _watch_item(row: dict[str, Any]) -> WatchItem:
    reasons = _reasons(row.get("reasons"))
    return WatchItem(**{k: row.get(k) for k in ("id", "name", "score", "level", "division", "division_name",
                                               "cluster")}, top_reason=reasons[0]["text"] if reasons else None)


def _risk_row(store: GraphStore, enterprise_id: str) -> dict[str, Any]:
    rows = store.read("enterprise_risk", {"id": enterprise_id})
    if not rows:
        raise HTTPException(404, f"no enterprise {enterprise_id!r}; ids look like CN:<USCC>, UK:<number> or NAME:<key>")
    return rows[0]


VIA_KINDS = {"address": ("address",), "person": ("person",), "phone": ("phone", "email"),
             "shareholder": ("shareholder",)}
EDGE_KIND = {"REGISTERED_AT": "registered_at", "HAS_PHONE": "phone", "HAS_EMAIL": "email",
             "LEGAL_REP_OF": "legal_rep", "OFFICER_OF": "officer", "SHAREHOLDER_OF": "shareholder",
             "HOLDS": "holds", "HELD_BY": "held_by"}


def _hop(store: GraphStore, ids: list[str], via: list[str], per_node: int, seen: Iterable[str] = ()
         ) -> tuple[list[dict[str, Any]], bool]:
    """One round trip for a whole frontier: a row per (enterprise, connector not `seen` at an earlier
    hop) with at most `per_node` other enterprises on the connector; and whether a hub or the row bound
    cut something."""
    kinds = [k for v in via for k in VIA_KINDS[v]]
    limit = max(1, len(ids)) * 64
    rows = store.read("enterprise_network_hop", {"ids": ids, "kinds": kinds, "per_node": per_node, "limit": limit,
                                                 "seen": sorted(seen)})
    cut = len(rows) >= limit or any(r["degree"] > per_node for r in rows)
    return rows, cut


def _steps(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """Hop rows flattened to (link row, enterprise reached) for the path search."""
    return [(r, t["id"]) for r in rows for t in r["targets"]]


# --- endpoints --------------------------------------------------------------------------------
@router.get("/enterprises/watchlist", response_model=Page[WatchItem],
            summary="Enterprises at one risk level, riskiest first (paged)")
def watchlist(
    level: Level = Query("red"),  # noqa: B008
    page: PageParams = Depends(page_params),  # noqa: B008
    store: GraphStore = Depends(get_store),  # noqa: B008
    _model: str = Depends(model_version),
) -> Page[WatchItem]:
    rows = store.read("enterprise_watchlist", {"level": level, "skip": page.offset, "limit": page.fetch})
    total = int(store.read("enterprise_watchlist_count", {"level": level})[0]["n"])
    return Page[WatchItem].build([_watch_item(r) for r in rows], page, total)


@router.get("/enterprises", response_model=Page[SearchHit],
            summary="Search enterprises by name, code or person, tolerant of variants")
def search(
    q: str = Query(..., min_length=1, max_length=200, description="a name (any variant), a code, or a person"),
    page: PageParams = Depends(page_params),  # noqa: B008
    store: GraphStore = Depends(get_store),  # noqa: B008
) -> Page[SearchHit]:
    hits: dict[str, SearchHit] = {}
    code = clean_code(q)
    code_ids = []
    if looks_like_uscc(code):
        code_ids.append(f"CN:{check_uscc(code).code}")
    if check_uk_number(code).valid and any(c.isdigit() for c in code):
        code_ids.append(f"UK:{check_uk_number(code).code}")
    for row in store.read("enterprise_by_ids", {"ids": code_ids}) if code_ids else []:
        hits[row["id"]] = SearchHit(**_hit_fields(row), match=1.0, matched_on="code")
    terms = terms_for(q)
    if terms:
        params = {"terms": terms, "min_hits": min_hits(terms), "skip": 0, "limit": POOL}
        found = [r["id"] for r in store.read("templates/search_by_terms", params, LABEL="Enterprise")]
        key = enterprise_key(q)
        for row in store.read("enterprise_by_ids", {"ids": found}):
            names = [row.get("name") or ""] + list(row.get("aliases") or [])
            match = max(fuzz.ratio(key, enterprise_key(n)) if key else fuzz.WRatio(normalise(q), normalise(n))
                        for n in names) / 100
            if row["id"] not in hits:
                hits[row["id"]] = SearchHit(**_hit_fields(row), match=round(match, 4), matched_on="name")
        people = [r["id"] for r in store.read("templates/search_by_terms", params, LABEL="Person")]
        if people:
            for row in store.read("enterprise_person_links", {"ids": people, "limit": POOL}):
                match = fuzz.ratio(normalise(q), normalise(row.get("person_name") or "")) / 100
                current = hits.get(row["id"])
                if current is None or current.match < match:
                    hits[row["id"]] = SearchHit(**_hit_fields(row), match=round(match, 4), matched_on="person",
                                                person=row.get("person_name"), role=row.get("role"))
    ranked = sorted(hits.values(), key=lambda h: (-h.match, not h.registered, -(h.score or 0), h.id))
    return Page[SearchHit].build(ranked[page.offset: page.offset + page.fetch], page, len(ranked))


def _hit_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in ("id", "name", "code", "level", "score", "division_name")} | {
        "registered": bool(row.get("registered"))}


@router.get("/enterprises/{enterprise_id}/risk", response_model=Risk,
            summary="Risk score, level (red / yellow / green) and the reasons, with linked entities")
def risk(
    enterprise_id: IdParam,
    store: GraphStore = Depends(get_store),  # noqa: B008
    model: str = Depends(model_version),
) -> Risk:
    row = _risk_row(store, enterprise_id)
    if row.get("score") is None:
        if not row.get("registered"):
            raise HTTPException(404, f"{row['id']!r} is known only by name (from other records) and matches no "
                                     "registered enterprise, so it has no register data to score")
        raise HTTPException(404, f"enterprise {row['id']!r} has not been scored yet (ingested after the last "
                                 "training); run `riskgraph score enterprise` to score every enterprise")
    fields = {k: row.get(k) for k in Risk.model_fields if k != "reasons"}
    return Risk(**fields, reasons=[Reason(**r) for r in _reasons(row.get("reasons"))])


@router.get("/enterprises/{enterprise_id}/network", response_model=Network,
            summary="Linked enterprises and the links (shared address, person, phone, shareholder), bounded")
def network(
    request: Request,
    enterprise_id: IdParam,
    depth: int = Query(1, ge=1, le=3, description="enterprise hops from the centre"),
    via: list[Via] = Query(["address", "person", "phone", "shareholder"], description="kinds of link to follow"),  # noqa: B008
    store: GraphStore = Depends(get_store),  # noqa: B008
    settings: Settings = Depends(get_settings_dep),  # noqa: B008
) -> Network:
    root = _risk_row(store, enterprise_id)
    center = root["id"]
    cap = settings.max_graph_nodes
    via = list(dict.fromkeys(via))
    nodes: dict[str, dict[str, Any]] = {center: {"id": center, "kind": "enterprise", "label": root.get("name"),
                                                 "level": root.get("level"), "score": root.get("score"), "depth": 0}}
    edges: dict[tuple[str, str, str], dict[str, str]] = {}
    frontier, over = [center], False
    beyond: set[str] = set()  # found after the cap was reached: counted in total_nodes, not shown

    def add(node: dict[str, Any]) -> bool:
        if node["id"] in nodes:
            return True
        if len(nodes) >= cap:
            beyond.add(node["id"])
            return False
        nodes[node["id"]] = node
        return True

    def link(source: str, target: str, kind: str) -> None:
        edges[(source, target, kind)] = {"source": source, "target": target, "kind": kind}

    for hop in range(1, depth + 1):
        rows, cut = _hop(store, frontier, via, settings.enterprise_hub_cap,
                         (n for n, v in nodes.items() if v["kind"] != "enterprise"))
        over = over or cut
        nxt: list[str] = []
        for r in rows:
            via_node = r["via"]
            if via_node and not add({"id": via_node, "kind": r["via_kind"], "label": r.get("via_label"),
                                     "depth": hop}):
                beyond.update(t["id"] for t in r["targets"] if t["id"] not in nodes)
                continue
            if via_node:
                link(r["source"], via_node, EDGE_KIND.get(r["rel_from"], r["rel_from"].lower()))
            for t in r["targets"]:
                fresh = t["id"] not in nodes
                if not add({"id": t["id"], "kind": "enterprise", "label": t.get("name"), "level": t.get("level"),
                            "score": t.get("score"), "depth": hop}):
                    continue
                if fresh:
                    nxt.append(t["id"])
                if via_node:
                    link(t["id"], via_node, EDGE_KIND.get(t["rel"], t["rel"].lower()))
                else:
                    link(r["source"], t["id"], EDGE_KIND[r["rel_from"]])
        frontier = nxt
        if beyond or not frontier:  # the cap is reached: expanding further would only be cut away
            break
    ordered = sorted(nodes.values(), key=lambda n: (n["depth"], n["kind"] != "enterprise", -(n.get("score") or 0)))
    bounded = bound_graph(ordered, list(edges.values()), cap)
    return Network(center=center, depth=depth, via=via,
                   nodes=[NetNode(**n) for n in bounded.nodes], edges=[NetEdge(**e) for e in bounded.edges],
                   truncated=bounded.truncated or over or bool(beyond), total_nodes=len(nodes) + len(beyond))


@router.get("/enterprises/{a}/paths/{b}", response_model=Paths,
            summary="How two enterprises are connected: the shortest chain of shared links")
def paths(
    a: IdParam,
    b: IdParam,
    store: GraphStore = Depends(get_store),  # noqa: B008
) -> Paths:
    start, goal = _risk_row(store, a)["id"], _risk_row(store, b)["id"]
    if start == goal:
        return Paths(source=start, target=goal, connected=True, hops=0, steps=[], searched_depth=0)
    via = ["address", "person", "phone", "shareholder"]
    # Bidirectional breadth-first search: parents[x] = (previous enterprise, link row)
    sides = [({start: None}, deque([start])), ({goal: None}, deque([goal]))]
    meet = None
    searched = 0
    for _ in range(PATH_DEPTH):
        for side, (parents, frontier) in enumerate(sides):
            layer = list(frontier)[:FRONTIER_MAX]
            frontier.clear()
            searched += 1
            for r, target in _steps(_hop(store, layer, via, FRONTIER_MAX)[0]):
                if target in parents:
                    continue
                parents[target] = (r["source"], r)
                frontier.append(target)
                if target in sides[1 - side][0]:
                    meet = target
                    break
            if meet:
                break
        if meet:
            break
    if meet is None:
        return Paths(source=start, target=goal, connected=False, steps=[], searched_depth=searched)
    steps: list[PathStep] = []
    node = meet
    while sides[0][0][node] is not None:
        prev, r = sides[0][0][node]
        steps.insert(0, PathStep(source=prev, target=node, via_kind=r["via_kind"], via=r.get("via"),
                                 via_label=r.get("via_label")))
        node = prev
    node = meet
    while sides[1][0][node] is not None:
        prev, r = sides[1][0][node]
        steps.append(PathStep(source=node, target=prev, via_kind=r["via_kind"], via=r.get("via"),
                              via_label=r.get("via_label")))
        node = prev
    return Paths(source=start, target=goal, connected=True, hops=len(steps), steps=steps, searched_depth=searched)


@router.get("/clusters/top", response_model=Page[Cluster],
            summary="Suspicious groups (shared people, addresses, phones) ranked for investigation (paged)")
def clusters_top(
    page: PageParams = Depends(page_params),  # noqa: B008
    store: GraphStore = Depends(get_store),  # noqa: B008
    _model: str = Depends(model_version),
    members: int = Query(10, ge=0, le=50, description="top members listed per cluster"),
) -> Page[Cluster]:
    rows = store.read("cluster_top", {"skip": page.offset, "limit": page.fetch})
    by_cluster: dict[str, list[ClusterMember]] = {}
    if rows and members:
        for m in store.read("cluster_members", {"ids": [r["id"] for r in rows[: page.limit]]}):
            group = by_cluster.setdefault(m["cluster"], [])
            if len(group) < members:
                group.append(ClusterMember(**{k: m.get(k) for k in ("id", "name", "level", "score")}))
    items = [Cluster(**{k: r.get(k) for k in ("id", "rank", "size", "score", "mean_score", "red", "density",
                                               "division")},
                     links=json.loads(r.get("links") or "{}"), top_members=by_cluster.get(r["id"], []))
             for r in rows]
    total = int(store.read("cluster_count")[0]["n"])
    return Page[Cluster].build(items, page, total)


@router.get("/regions/{code}", response_model=Region,
            summary="Risk in one administrative division: counts by level, its districts, the top enterprises")
def region(
    code: Annotated[str, Path(pattern=r"^(\d{6}|GB-[A-Z]{1,2})$", description="GB/T 2260 code or GB-<postcode area>")],
    page: PageParams = Depends(page_params),  # noqa: B008
    store: GraphStore = Depends(get_store),  # noqa: B008
    settings: Settings = Depends(get_settings_dep),  # noqa: B008
    _model: str = Depends(model_version),
) -> Region:
    rows = store.read("region_get", {"id": f"DIV:{code}"})
    if not rows:
        raise HTTPException(404, f"no division {code!r} in the division table or the data")
    d = rows[0]
    top = store.read("region_top_enterprises", {"id": f"DIV:{code}", "skip": page.offset, "limit": page.fetch})
    children = store.read("region_children", {"id": f"DIV:{code}", "limit": settings.max_page_size})
    return Region(code=code, name=d.get("name"), level=d.get("level"), parent=d.get("parent"),
                  counts={k: int(d.get(k) or 0) for k in ("total", "red", "yellow", "green")},
                  divisions=[DivisionCount(**c) for c in children],
                  top=Page[WatchItem].build([_watch_item(r) for r in top], page, int(d.get("red") or 0)
                                            + int(d.get("yellow") or 0) + int(d.get("green") or 0)))
