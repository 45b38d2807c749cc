"""Differential test: the same generated data on FalkorDB and on Neo4j must make the same graph and give the
same answer to every named query in cypher/.

Every domain's generator writes a small data set (SCALE, SEED); every source kind whose folder it wrote is
ingested through the ingest service, and both models are trained, on each engine. Then:
- node and relationship counts per label and type are equal;
- every read query returns the same rows on both, with parameters taken from the data (the busiest and a
  missing id of the label it reads, every id for the queries taking lists, values of the properties it
  filters on). Rows compare in order where the query orders them, as a multiset where it does not, list
  columns as sets where the query file says so (`// Unordered lists: …`); floats
  to 9 significant digits (sums in another order differ in the last bits); an int and a float are a
  difference (they serialise differently in the API's JSON);
- write queries: those the ingest or the training ran were run on both engines and are checked through the
  counts and the reads above; the others run last, on both graphs, and must return the same rows and leave
  the same counts (WRITES_AT_THE_END).
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import graph.queries as queries_module
from core.reporting import SILENT
from datagen import available_domains, generator
from extraction.registry import available_kinds
from graph.queries import PLACEHOLDER, all_query_names, query_path
from graph.schema import get_schema
from graph.store import GraphStore, open_store
from reasoning.ingest import ingest
from reasoning.registry import get_model, model_names
from tests.conftest import Neo4jServer, make_settings, open_clean_neo4j

SCALE = 0.05
SEED = 7
BATCH = 500
MISSING = "no-such-id"
TOP = 4  # single-id queries run for the TOP busiest ids of their label and for a missing one
MANY = 200  # list queries get up to MANY ids (busiest first) and a missing one

pytestmark = pytest.mark.neo4j


@dataclass
class Engines:
    falkordb: GraphStore
    neo4j: GraphStore
    pipeline_queries: set[str]  # named queries the ingest and training ran (on both engines)
    seconds: dict[str, float] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)

    # --- values taken from the (FalkorDB) graph: test-only ad-hoc reads, labels and properties from code ----
    def raw(self, text: str, **params: Any) -> list[dict[str, Any]]:
        key = text + json.dumps(params, sort_keys=True)
        if key not in self._cache:
            self._cache[key] = self.falkordb._run(text, params, read_only=True)  # type: ignore[attr-defined]
        return self._cache[key]

    def ids(self, label: str, n: int = MANY) -> list[str]:
        """Ids of a label, the most connected first (ties by id), then a missing one."""
        get_schema().check_label(label)
        rows = self.raw(f"MATCH (n:{label}) OPTIONAL MATCH (n)-[r]-() "
                        "RETURN n.id AS id, count(r) AS degree ORDER BY degree DESC, id LIMIT $n", n=n)
        return [r["id"] for r in rows] + [MISSING]

    def values(self, label: str, prop: str, n: int = 50) -> list[Any]:
        get_schema().check_label(label)
        assert re.fullmatch(r"[a-z_]+", prop)
        rows = self.raw(f"MATCH (n:{label}) WHERE n.{prop} IS NOT NULL RETURN DISTINCT n.{prop} AS v "
                        "ORDER BY v LIMIT $n", n=n)
        return [r["v"] for r in rows]

    def fids(self, rel_type: str, n: int = 3) -> list[str]:
        get_schema().check_rel(rel_type)
        rows = self.raw(f"MATCH ()-[r:{rel_type}]->() WHERE r.fid IS NOT NULL RETURN r.fid AS fid "
                        "ORDER BY fid LIMIT $n", n=n)
        return [r["fid"] for r in rows]


def _utc_second() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")[:19]


def _ingest_and_train(store: GraphStore, data: Path) -> None:
    settings = store.settings  # type: ignore[attr-defined]
    for kind in available_kinds():
        if (data / kind).is_dir():
            ingest(store, settings, kind, [data / kind])
    for name in model_names():
        get_model(name).train(store, settings, None, SILENT)


@pytest.fixture(scope="module")
def engines(neo4j_server: Neo4jServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engines]:
    root = tmp_path_factory.mktemp("differential")
    data = root / "data"
    for domain in available_domains():
        generator(domain).generate(data, SCALE, SEED)
    used: set[str] = set()
    real_read = queries_module._read

    def spy(name: str, folder: str) -> str:
        used.add(name)
        return real_read(name, folder)

    seconds = {}
    falkordb = open_store(make_settings(root / "falkordb", batch_size=BATCH))
    neo4j = open_clean_neo4j(neo4j_server, root / "neo4j", batch_size=BATCH)
    try:
        falkordb.apply_schema()
        queries_module._read = spy  # type: ignore[assignment]
        first = _utc_second()
        try:
            for name, store in (("falkordb", falkordb), ("neo4j", neo4j)):
                started = time.monotonic()
                _ingest_and_train(store, data)
                seconds[name] = round(time.monotonic() - started, 1)
        finally:
            queries_module._read = real_read
        RUN_WINDOW[:] = [first, _utc_second()]
        yield Engines(falkordb, neo4j, used, seconds)
    finally:
        falkordb.close()
        neo4j.close()


# --- comparing rows -----------------------------------------------------------------------------------
# Timestamps of the ingest and training runs (Document.ingested_at, scored_at, …): the two engines' runs
# differ by seconds, so a value inside the window of the runs compares as "<run time>" (and rows holding one
# compare as a multiset: their order by such a time is the order of the runs).
RUN_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
RUN_WINDOW: list[str] = []  # [first, last] second of the fixture's runs, set by the fixture


def _norm(value: Any) -> Any:
    if isinstance(value, str) and RUN_WINDOW and RUN_TIME.match(value) \
            and RUN_WINDOW[0] <= value[:19] <= RUN_WINDOW[1]:
        return "<run time>"
    if isinstance(value, float):
        return float(f"{value:.9g}") if math.isfinite(value) else repr(value)
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _typed(value: Any) -> Any:
    """The value with each scalar tagged by its type, so that 1 and 1.0 differ."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return [type(value).__name__, value]


def _key(row: dict[str, Any]) -> str:
    return json.dumps(_typed(_norm(row)), sort_keys=True, ensure_ascii=False, default=str)


def _ordered(name: str) -> bool:
    """Whether the query orders its rows: an ORDER BY after the last RETURN of every UNION part."""
    body = _body(name)
    parts = re.split(r"\bUNION\b", body)
    return all(re.search(r"\bORDER\s+BY\b", re.split(r"\bRETURN\b", part)[-1]) for part in parts)


UNORDERED = re.compile(r"^//\s*Unordered lists:\s*([\w, ]+)", re.M)


def unordered_columns(name: str) -> set[str]:
    """List columns a query declares unordered (`// Unordered lists: a, b` in its file): sets to its users."""
    found = UNORDERED.search(query_path(name).read_text(encoding="utf-8"))
    return {c.strip() for c in found[1].split(",") if c.strip()} if found else set()


def _as_sets(rows: list[dict[str, Any]], columns: set[str]) -> list[dict[str, Any]]:
    return [{k: sorted(v, key=_key_of) if k in columns and isinstance(v, list) else v for k, v in r.items()}
            for r in rows]


def _key_of(value: Any) -> str:
    return json.dumps(_typed(_norm(value)), sort_keys=True, ensure_ascii=False, default=str)


def differences(name: str, a: list[dict[str, Any]], b: list[dict[str, Any]], limit: Any = None) -> str | None:
    if sets := unordered_columns(name):
        a, b = _as_sets(a, sets), _as_sets(b, sets)
    ka, kb = [_key(r) for r in a], [_key(r) for r in b]
    if ka == kb:
        return None
    if isinstance(limit, int) and len(a) == len(b) == limit and any("<run time>" in k for k in ka):
        return None  # a page of rows in the order of the runs' times: which ones it holds follows the runs
    if (not _ordered(name) or any("<run time>" in k for k in ka)) and sorted(ka) == sorted(kb):
        return None
    only_a = [k for k in ka if k not in kb][:3]
    only_b = [k for k in kb if k not in ka][:3]
    what = "same rows, other order" if sorted(ka) == sorted(kb) else f"{len(a)} vs {len(b)} rows"
    return (f"{name}: {what}\n  only on FalkorDB: {only_a}\n  only on Neo4j: {only_b}"
            f"\n  FalkorDB first rows: {ka[:3]}\n  Neo4j first rows: {kb[:3]}")


# --- parameters per query --------------------------------------------------------------------------------
Case = tuple[dict[str, Any], dict[str, str]]  # (parameters, template slots)
PAGES = [{"skip": 0, "limit": 10}, {"skip": 5, "limit": 7}, {"skip": 0, "limit": 1000}]


def _each_id(label: str, extra: dict[str, Any] | None = None) -> Callable[[Engines], list[Case]]:
    return lambda e: [({"id": i, **(extra or {})}, {}) for i in e.ids(label, TOP)]


def _all_ids(label: str, extra: dict[str, Any] | None = None) -> Callable[[Engines], list[Case]]:
    return lambda e: [({"ids": e.ids(label), **(extra or {})}, {})]


def _pages(extra: dict[str, Any] | None = None) -> Callable[[Engines], list[Case]]:
    return lambda e: [({**p, **(extra or {})}, {}) for p in PAGES]


def _none(e: Engines) -> list[Case]:
    return [({}, {})]


def _levels(e: Engines) -> list[Case]:
    return [({"level": level}, {}) for level in [*e.values("Enterprise", "risk_level"), "none"]]


def _watchlist(e: Engines) -> list[Case]:
    return [({"level": level, **p}, {}) for level in e.values("Enterprise", "risk_level") for p in PAGES]


def _network_hop(e: Engines) -> list[Case]:
    kinds = ["address", "phone", "email", "person", "shareholder"]
    ids = e.ids("Enterprise", 60)
    return [({"ids": ids, "kinds": kinds, "per_node": 3, "limit": 64 * len(ids), "seen": []}, {}),
            ({"ids": ids[:5], "kinds": ["person"], "per_node": 1, "limit": 1000, "seen": ids[5:20]}, {}),
            ({"ids": ids[:5], "kinds": kinds, "per_node": 2, "limit": 4, "seen": []}, {})]


def _by_cause(e: Engines) -> list[Case]:
    causes, courts = e.values("Case", "cause", 5), e.ids("Court", 3)
    return [({"causes": causes, "courts": [], "limit": 50}, {}), ({"causes": causes, "courts": courts, "limit": 50}, {})]


def _by_court(e: Engines) -> list[Case]:
    causes, courts = e.values("Case", "cause", 5), e.ids("Court", 5)
    return [({"courts": courts, "causes": [], "limit": 50}, {}), ({"courts": courts, "causes": causes, "limit": 50}, {})]


def _experience(e: Engines) -> list[Case]:
    causes, courts = e.values("Case", "cause", 5), e.ids("Court", 3)
    return [({"ids": e.ids("Lawyer"), "causes": c, "courts": k}, {}) for c, k in
            (([], []), (causes, []), ([], courts), (causes, courts))]


def _city(e: Engines) -> list[Case]:
    return [({"city": city, "limit": 100}, {}) for city in e.values("Lawyer", "city", 5)]


def _months(e: Engines) -> list[Case]:
    months = e.values("ComplaintMonth", "month", 500)
    month = months[len(months) * 3 // 4] if months else "2024-01"
    since = months[len(months) // 4] if months else "2023-01"
    return [({"ids": e.ids("VehicleModel"), "month": month, "since_12m": since, "since_3m": month,
              "since_surge_base": since, "evidence": 3}, {})]


def _month(e: Engines) -> list[Case]:
    months = e.values("ComplaintMonth", "month", 500)
    return [({"ids": e.ids("VehicleModel"), "month": m}, {}) for m in months[len(months) // 2:][:1] + ["9999-12"]]


def _between(e: Engines) -> list[Case]:
    dates = e.values("Complaint", "date", 5000)
    since, as_of = (dates[len(dates) // 3], dates[len(dates) * 2 // 3]) if dates else ("2020-01-01", "2030-01-01")
    return [({"ids": e.ids("VehicleModel"), "since": since, "as_of": as_of}, {})]


def _touched(e: Engines) -> list[Case]:
    return [({"since": "1970-01-01", "complaint_kinds": ["nhtsa-complaints", "cn-complaints"]}, {}),
            ({"since": "9999-01-01", "complaint_kinds": ["nhtsa-complaints"]}, {})]


def _suppliers(e: Engines) -> list[Case]:
    rows = e.raw("MATCH (s:Enterprise)<-[:IMPLICATES]-() RETURN DISTINCT s.id AS id ORDER BY id")
    return [({"suppliers": [r["id"] for r in rows] + [MISSING]}, {})]


def _by_make(e: Engines) -> list[Case]:
    return [({"make_id": m, "skip": 0, "limit": 100}, {}) for m in e.ids("Make", TOP)] + [
        ({"make_id": e.ids("Make", 1)[0], "skip": 2, "limit": 3}, {})]


def _node_provenance(e: Engines) -> list[Case]:
    return [({"id": i, "limit": 20}, {"LABEL": label})
            for label in ("Enterprise", "VehicleModel", "Lawyer", "Complaint", "Component") for i in e.ids(label, 2)]


def _relationship_provenance(e: Engines) -> list[Case]:
    return [({"fid": fid, "limit": 5}, {"TYPE": t}) for t in ("CONCERNS", "REPRESENTED", "SHAREHOLDER_OF", "ABOUT")
            for fid in e.fids(t)]


def _search(e: Engines) -> list[Case]:
    out: list[Case] = []
    for label in ("Enterprise", "Lawyer", "LawFirm", "VehicleModel"):
        terms = [r["id"] for r in e.raw(
            f"MATCH (t:SearchTerm)-[:TERM_OF]->(:{label}) RETURN t.id AS id, count(*) AS n ORDER BY n DESC, id "
            "LIMIT 4")]
        out += [({"terms": terms, "min_hits": 1, "skip": 0, "limit": 50}, {"LABEL": label}),
                ({"terms": terms, "min_hits": 2, "skip": 1, "limit": 5}, {"LABEL": label})]
    return out


READS: dict[str, Callable[[Engines], list[Case]]] = {
    # core
    "count_nodes_by_label": _none, "count_relationships_by_type": _none, "ping": _none,
    # enterprises
    "cluster_count": _none, "cluster_members": _all_ids("Cluster"), "cluster_of_enterprises": _all_ids("Enterprise"),
    "cluster_open_data": _pages(), "cluster_top": _pages(), "enterprise_by_ids": _all_ids("Enterprise"),
    "enterprise_code_issue_count": _none, "enterprise_code_issues": lambda e: [({"limit": 100}, {})],
    "enterprise_level_scores": _levels, "enterprise_name_only": _none, "enterprise_network_hop": _network_hop,
    "enterprise_person_links": lambda e: [({"ids": e.ids("Person"), "limit": n}, {}) for n in (1000, 5)],
    "enterprise_risk": _each_id("Enterprise"),
    "enterprise_stale": lambda e: [({"limit": 1000}, {})], "enterprise_watchlist": _watchlist,
    "enterprise_watchlist_count": _levels, "region_children": _each_id("Division", {"limit": 100}),
    "region_get": _each_id("Division"), "region_open_data": _pages(),
    "region_top_enterprises": lambda e: [({"id": i, **p}, {}) for i in e.ids("Division", TOP) for p in PAGES[:2]],
    # lawyers
    "case_counsel": _each_id("Case"), "case_judges": _each_id("Case"), "case_judgment": _each_id("Case"),
    "case_parties": _each_id("Case"), "case_record": _each_id("Case"), "firm_cases": _each_id("LawFirm"),
    "firm_members": _each_id("LawFirm", {"limit": 100}), "firm_names": _all_ids("LawFirm"),
    "firm_open_data": _pages(), "firm_record": _each_id("LawFirm"), "lawyer_browse": _pages(),
    "lawyer_by_cause": _by_cause, "lawyer_by_city": _city, "lawyer_by_court": _by_court,
    "lawyer_by_firms": lambda e: [({"firms": e.ids("LawFirm"), "limit": n}, {}) for n in (1000, 3)],
    "lawyer_canonical": _all_ids("Lawyer"), "lawyer_cases": _all_ids("Lawyer"),
    "lawyer_court_names": _all_ids("Court"), "lawyer_experience": _experience, "lawyer_firms": _all_ids("Lawyer"),
    "lawyer_open_data": _pages(), "lawyer_record": _each_id("Lawyer"),
    "lawyer_rewards_punishments": _all_ids("Lawyer"), "lawyer_service": _all_ids("Lawyer"),
    "lawyer_summaries": _all_ids("Lawyer"),
    # templates
    "templates/node_provenance": _node_provenance, "templates/relationship_provenance": _relationship_provenance,
    "templates/search_by_terms": _search,
    # vehicles
    "defect_complaint_events": _all_ids("VehicleModel"), "defect_complaint_events_between": _between,
    "defect_complaint_month_rows": _all_ids("VehicleModel"), "defect_complaint_month_symptoms": _month,
    "defect_complaint_months": _months, "defect_investigations": _none, "defect_open_statistics": _pages(),
    "defect_platform_recalls": _all_ids("VehicleModel"), "defect_related_vehicles": _all_ids("VehicleModel"),
    "defect_supplier_confirmations": _suppliers, "defect_touched_vehicles": _touched,
    "defect_vehicle_documents": _all_ids("VehicleModel"), "defect_vehicle_suppliers": _all_ids("VehicleModel"),
    "vehicle_by_ids": _all_ids("VehicleModel"), "vehicle_get": _each_id("VehicleModel"), "vehicle_ids": _pages(),
    "vehicle_latest_complaint": _none, "vehicle_list": _pages(), "vehicle_list_by_make": _by_make,
    "vehicle_open_recalls": _pages(),
}


# Queries not listed in READS get parameters inferred from their text: a list parameter unwound into an id
# anchor `(x:Label {id: var})` gets every id of the label, a `{id: $p}` anchor each of the busiest ids, and
# the usual paging and time parameters the values below.
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
UNWOUND = re.compile(r"UNWIND\s+\$(\w+)\s+AS\s+(\w+)")
ANCHOR = re.compile(r"\(\w*:(\w+)\s*\{id:\s*(\$?\w+)\}")
GENERIC: dict[str, list[Any]] = {
    "limit": [100_000, 3], "skip": [0], "after": [""], "at": ["1970-01-01"], "since": ["1970-01-01"],
}


def _body(name: str) -> str:
    return "\n".join(ln for ln in query_path(name).read_text().splitlines() if not ln.lstrip().startswith("//"))


def inferred(name: str) -> tuple[Callable[[Engines], list[Case]] | None, set[str]]:
    """Cases for a query from its text, and the parameters that could not be inferred."""
    text = _body(name)
    if PLACEHOLDER.search(text):
        return None, {"(template slots)"}
    params = set(PARAM.findall(text))
    unwound = dict((var, p) for p, var in UNWOUND.findall(text))
    lists: dict[str, str] = {}
    singles: dict[str, str] = {}
    for label, ref in ANCHOR.findall(text):
        if ref.startswith("$"):
            singles[ref[1:]] = label
        elif ref in unwound:
            lists[unwound[ref]] = label
    kinds = {"kinds": [available_kinds()]} if "kinds" in params else {}
    missing = params - lists.keys() - singles.keys() - GENERIC.keys() - kinds.keys()
    if missing:
        return None, missing

    def cases(e: Engines) -> list[Case]:
        base: dict[str, Any] = {p: e.ids(label) for p, label in lists.items()}
        base |= {p: values[0] for p, values in (GENERIC | kinds).items() if p in params}
        out = [({**base, **{p: i for p in singles}}, {}) for i in (e.ids(next(iter(singles.values())), TOP)
                                                                   if singles else [None])]
        for p, values in GENERIC.items():  # the other values of a generic parameter, once each
            if p in params:
                out += [({**out[0][0], p: v}, {}) for v in values[1:]]
        return out

    if len(set(singles.values())) > 1:
        return None, set(singles)
    return cases, set()


def _is_write(name: str) -> bool:
    return bool(re.search(r"\b(MERGE|CREATE|SET|DELETE|REMOVE)\b", _body(name)))


WRITES = [n for n in all_query_names() if _is_write(n)]


READ_QUERIES = [n for n in all_query_names() if n not in WRITES]


def cases_for(name: str) -> Callable[[Engines], list[Case]]:
    if name in READS:
        return READS[name]
    cases, missing = inferred(name)
    if cases is None:
        pytest.fail(f"{name}: cannot infer parameters {sorted(missing)}; give its cases in READS")
    return cases


def test_every_query_is_covered() -> None:
    """A read query needs its parameters in READS unless they can be inferred; writes are tested below."""
    names = set(all_query_names())
    uncovered = {n: sorted(inferred(n)[1]) for n in READ_QUERIES if n not in READS and inferred(n)[0] is None}
    assert not uncovered, f"give these queries' cases in READS: {uncovered}"
    assert not sorted(set(READS) - names), "READS names queries that no longer exist"
    assert not (set(READS) & set(WRITES))


def test_same_counts(engines: Engines) -> None:
    print(f"ingest + training, seconds: {engines.seconds}")
    a, b = engines.falkordb.counts(), engines.neo4j.counts()
    assert a == b
    assert sum(a["nodes"].values()) > 1000 and sum(a["relationships"].values()) > 1000, a


@pytest.mark.parametrize("name", READ_QUERIES)
def test_same_rows(engines: Engines, name: str) -> None:
    cases = cases_for(name)(engines)
    assert cases
    problems = []
    nonempty = 0
    for params, slots in cases:
        a = engines.falkordb.read(name, params, **slots)
        b = engines.neo4j.read(name, params, **slots)
        nonempty += bool(a)
        if problem := differences(name, a, b, params.get("limit")):
            problems.append(f"{problem}\n  parameters: {json.dumps(params, ensure_ascii=False)[:300]} {slots}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", WRITES)
def test_writes_ran_in_the_pipeline_or_at_the_end(engines: Engines, name: str) -> None:
    if name not in engines.pipeline_queries and name not in WRITES_AT_THE_END:
        pytest.fail(f"write query {name} is neither run by the ingest/training nor in WRITES_AT_THE_END")


# --- what users see: the models' evaluation tables and the API's answers ------------------------------------
# Fields that name the engine or the run rather than the answer.
NOT_ANSWERS = {"seconds", "model_file", "engine", "request_id"}


def _close(value: Any) -> Any:
    """Floats to 6 significant digits: the evaluation's float noise (sums in another order)."""
    if isinstance(value, float):
        return float(f"{value:.6g}") if math.isfinite(value) else repr(value)
    if isinstance(value, dict):
        return {k: _close(v) for k, v in value.items() if k not in NOT_ANSWERS}
    if isinstance(value, list):
        return [_close(v) for v in value]
    return _norm(value)


@pytest.mark.parametrize("model", model_names())
def test_same_evaluation(engines: Engines, model: str) -> None:
    """`riskgraph eval defects|enterprises` gives the same table on both engines."""
    a = get_model(model).evaluate(engines.falkordb, engines.falkordb.settings, SILENT)  # type: ignore[attr-defined]
    b = get_model(model).evaluate(engines.neo4j, engines.neo4j.settings, SILENT)  # type: ignore[attr-defined]
    assert _close(a) == _close(b)


def golden_requests(e: Engines) -> list[str]:
    """A few requests of each user, with ids read from the graph."""
    v = e.falkordb.read("vehicle_list", {"skip": 0, "limit": 1000})
    busiest = {r["id"] for r in e.raw("MATCH (v:VehicleModel)<-[:ABOUT]-(c:Complaint) RETURN v.id AS id, count(c) AS n "
                                      "ORDER BY n DESC, id LIMIT 3")}
    red = e.falkordb.read("enterprise_watchlist", {"level": "red", "skip": 0, "limit": 3})
    enterprises = [r["id"] for r in red] + e.ids("Enterprise", 2)[:2]
    names = [r["name"] for r in e.falkordb.read("enterprise_by_ids", {"ids": enterprises[:2]}) if r.get("name")]
    lawyers = e.ids("Lawyer", 3)[:3]
    cities = e.values("Lawyer", "city", 1)
    causes = e.values("Case", "cause", 1)
    out = ["/api/v1/stats", "/api/v1/vehicles?limit=50", "/api/v1/defects/top?limit=20", "/api/v1/defects/alerts",
           "/api/v1/clusters/top?limit=5", "/api/v1/lawyers?limit=20", "/api/v1/open-data"]
    out += [f"/api/v1/vehicles/{quote(r['make'])}/{quote(r['model'])}/{r['year']}/defects" for r in v
            if r["id"] in busiest]
    out += [f"/api/v1/enterprises/watchlist?level={lv}&limit=20" for lv in ("red", "yellow", "green")]
    for eid in enterprises:
        out += [f"/api/v1/enterprises/{quote(eid, safe='')}/{what}" for what in ("risk", "network", "controllers")]
    out += [f"/api/v1/enterprises?q={quote(n)}" for n in names]
    out += [f"/api/v1/regions/{d.removeprefix('DIV:')}" for d in e.ids("Division", 2)[:2]]
    out += [f"/api/v1/lawyers/{quote(i, safe='')}" for i in lawyers]
    out += [f"/api/v1/lawyers?city={quote(c)}" for c in cities] + [f"/api/v1/lawyers?cause={quote(c)}" for c in causes]
    out += [f"/api/v1/firms/{quote(i, safe='')}" for i in e.ids("LawFirm", 2)[:2]]
    out += [f"/api/v1/cases/{quote(i, safe='')}" for i in e.ids("Case", 2)[:2]]
    return out


def test_same_api_answers(engines: Engines) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.keys import KeyStore

    answers: dict[str, dict[str, Any]] = {}
    requests = golden_requests(engines)
    for name, store in (("falkordb", engines.falkordb), ("neo4j", engines.neo4j)):
        settings = store.settings  # type: ignore[attr-defined]
        keys = KeyStore(Path(settings.data_dir) / "keys.json")
        headers = {"Authorization": f"Bearer {keys.create('admin')[1]}"}
        with TestClient(create_app(settings, store)) as client:
            answers[name] = {url: [r.status_code, r.json()] for url in requests
                             for r in [client.get(url, headers=headers)]}
    ok = [url for url in requests if answers["falkordb"][url][0] == 200]
    assert len(ok) >= len(requests) * 3 // 4, {u: answers["falkordb"][u][0] for u in requests}
    differ = [url for url in requests if _close(answers["falkordb"][url]) != _close(answers["neo4j"][url])]
    assert not differ, "\n".join(
        f"{url}: {first_difference(_close(answers['falkordb'][url]), _close(answers['neo4j'][url]))}"
        for url in differ)


def first_difference(a: Any, b: Any, where: str = "") -> str:
    """Where two JSON values first differ, and how (FalkorDB's value first)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(a.keys() | b.keys()):
            if a.get(k, "<missing>") != b.get(k, "<missing>"):
                return first_difference(a.get(k, "<missing>"), b.get(k, "<missing>"), f"{where}.{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{where}[{i}]")
    text = (json.dumps(a, ensure_ascii=False)[:400], json.dumps(b, ensure_ascii=False)[:400])
    return f"{where or '(top)'}:\n    FalkorDB {text[0]}\n    Neo4j    {text[1]}"


# Write queries the pipeline does not run on this data: run last, on both engines (they change the graphs, so
# this stays the module's last test).
def _ranks_by_id(e: Engines) -> list[Case]:
    """A level's ranks renumbered, as `riskgraph ingest` does after scoring the enterprises it touched (a full
    scoring writes ranks with the scores)."""
    rows = sorted(e.falkordb.read("enterprise_level_scores", {"level": "yellow"}), key=lambda r: r["id"])
    assert rows, "no yellow enterprise to re-rank"
    return [({"rows": [{"id": r["id"], "rank": n} for n, r in enumerate(rows, start=1)]}, {})]


WRITES_AT_THE_END: dict[str, Callable[[Engines], list[Case]]] = {
    "enterprise_rank_write": _ranks_by_id,
    # the tests' clear(): here in batches smaller than the graph, until nothing is left
    "delete_everything": lambda e: [({"limit": 2000}, {})] * 40,
}


def test_writes_at_the_end(engines: Engines) -> None:
    problems = []
    for name, cases in WRITES_AT_THE_END.items():
        for params, slots in cases(engines):
            a = engines.falkordb.write_one(name, params, **slots)
            b = engines.neo4j.write_one(name, params, **slots)
            if problem := differences(name, a, b):
                problems.append(f"{problem}\n  parameters: {params} {slots}")
        # compared once all its cases ran: a batched write may touch other rows on each engine meanwhile
        if engines.falkordb.counts() != engines.neo4j.counts():
            problems.append(f"{name}: counts differ after it ran")
    assert not problems, "\n".join(problems)
