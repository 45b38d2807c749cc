"""No Cypher is built from input: static checks over the sources, whitelists for labels, types and
properties, and hostile strings through every API route leaving the graph unchanged."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from core.settings import PROJECT_ROOT
from graph.queries import all_query_names, query_text
from graph.records import Document, Extraction, Node, Rel
from graph.schema import get_schema
from tests import reliability_support as rs

PACKAGES = ("core", "graph", "extraction", "reasoning", "api", "cli", "datagen", "bench")
# The only modules allowed to hold or assemble Cypher text: schema statements and template filling.
CYPHER_BUILDERS = {"graph/schema.py", "graph/queries.py"}
# The only modules allowed to hand text to an engine driver.
ENGINE_CALLERS = {"graph/falkordb_store.py", "graph/neo4j_store.py", "graph/falkordb_server.py"}
STORE_METHODS = {"read", "write", "write_one"}

CLAUSE = re.compile(r"\b(OPTIONAL MATCH|MATCH|MERGE|UNWIND|DETACH DELETE|CREATE (INDEX|CONSTRAINT)|CALL db\.)\b")
FOLLOW = re.compile(r"\b(RETURN|SET|DELETE|WITH|WHERE|CREATE|ON)\b|\)-\[|\]->|\{id:")

HOSTILE = [
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "x`) DETACH DELETE n WITH 1 AS x MATCH (m",
    "$rows} RETURN 1 //",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "\u0000\u202e\ufeff",
    "沪0101民初1234号' OR '1'='1",
    "A" * 5000,
]


def python_sources() -> list[Path]:
    out = []
    for pkg in PACKAGES:
        folder = PROJECT_ROOT / pkg
        if folder.exists():
            out.extend(sorted(p for p in folder.rglob("*.py") if "node_modules" not in p.parts))
    return out


def rel(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT))


def looks_like_cypher(text: str) -> bool:
    return bool(CLAUSE.search(text) and FOLLOW.search(text))


def string_parts(node: ast.AST) -> list[str]:
    """Literal text inside an f-string, a concatenation, a %-format or a .format() call."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return string_parts(node.left) + string_parts(node.right)
    return []


def built_cypher(tree: ast.AST) -> list[tuple[int, str]]:
    """Cypher-looking text assembled at run time: f-strings, +, % or .format() on Cypher literals."""
    found: dict[int, str] = {}  # one finding per line (nested concatenations repeat)
    for node in ast.walk(tree):
        dynamic = isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)) and string_parts(node)
        )
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            dynamic, node_text = True, " ".join(string_parts(node.func.value))
        else:
            node_text = " ".join(string_parts(node))
        if dynamic and looks_like_cypher(node_text):
            found.setdefault(node.lineno, node_text[:80])
    return sorted(found.items())


def store_calls(tree: ast.AST) -> list[tuple[int, ast.expr]]:
    """Calls `<something>store.read|write|write_one(name, …)` and the name argument."""
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in STORE_METHODS or not node.args:
            continue
        receiver = ast.unparse(node.func.value)
        if receiver.split(".")[-1].endswith("store"):
            out.append((node.lineno, node.args[0]))
    return out


def test_the_scan_sees_the_sources_and_catches_a_built_query() -> None:
    assert any(rel(p) == "graph/loader.py" for p in python_sources())
    probe = ast.parse('q = f"MATCH (n:{label}) WHERE n.id = \'{x}\' RETURN n"\n'
                      'r = "MERGE (n:X {id: " + x + "}) RETURN n"\n'
                      's = "MATCH (n) WHERE n.name = \'{}\' RETURN n".format(x)\n')
    assert len(built_cypher(probe)) == 3
    assert not built_cypher(ast.parse('msg = f"read {n} records; MATCH the ids later"'))


def test_no_cypher_is_built_with_fstrings_concatenation_or_format() -> None:
    offenders = []
    for path in python_sources():
        if rel(path) in CYPHER_BUILDERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [f"{rel(path)}:{line}: {text!r}" for line, text in built_cypher(tree)]
    assert not offenders, "Cypher assembled in Python (put it in cypher/*.cypher, input as $parameters):\n" + \
        "\n".join(offenders)


def test_only_the_stores_hand_text_to_an_engine() -> None:
    offenders = []
    for path in python_sources():
        if rel(path) in ENGINE_CALLERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in {"query", "ro_query", "execute_query"}:
                receiver = ast.unparse(node.func.value)
                if any(w in receiver for w in ("graph", "driver", "session", "tx", "db")):
                    offenders.append(f"{rel(path)}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert not offenders, "engine called directly outside graph/*_store.py:\n" + "\n".join(offenders)


def test_every_store_call_names_an_existing_query_without_building_it() -> None:
    """A literal name must be a file in cypher/; a name held in a variable or a field (a table in code or
    a data file) is allowed; a name computed with f-strings, +, % or calls is not."""
    names = set(all_query_names())
    built, unknown = [], []
    for path in python_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, arg in store_calls(tree):
            where = f"{rel(path)}:{line}: {ast.unparse(arg)[:60]}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if arg.value not in names:
                    unknown.append(where)
            elif not isinstance(arg, (ast.Name, ast.Attribute)):
                built.append(where)
    assert not unknown, "store calls naming no file in cypher/:\n" + "\n".join(unknown)
    assert not built, "store calls whose query name is computed:\n" + "\n".join(built)


def test_loader_writes_are_planned_with_literal_template_names() -> None:
    tree = ast.parse((PROJECT_ROOT / "graph" / "loader.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "add" and isinstance(n.func.value, ast.Name) and n.func.value.id == "plan"]
    assert calls
    assert all(isinstance(c.args[0], ast.Constant) and c.args[0].value in all_query_names() for c in calls)


@pytest.mark.parametrize("hostile", ["Enterprise) DETACH DELETE (n", "Enterprise`", "enterprise", "Foo:Bar"])
def test_template_slots_take_only_whitelisted_labels_and_types(hostile: str) -> None:
    with pytest.raises(ValueError):
        query_text("templates/merge_nodes", LABEL=hostile)
    with pytest.raises(ValueError):
        query_text("templates/merge_relationships", TYPE=hostile, START="Enterprise", END="Enterprise")
    with pytest.raises(ValueError):
        query_text("templates/merge_nodes", LABEL="Enterprise", EXTRA=hostile)


@pytest.mark.parametrize("name", ["../schema/core", "ping; MATCH (n) DELETE n", "PING", "templates/../ping"])
def test_query_names_cannot_reach_outside_cypher(name: str) -> None:
    with pytest.raises(ValueError):
        query_text(name)


def test_hostile_property_names_and_labels_are_refused_before_any_write(falkor_store: Any, settings: Any) -> None:
    from graph.loader import Loader

    before = falkor_store.counts()
    doc = Document("toy", "f.txt", "1", "text")
    bad_prop = Extraction(doc, "t", "1", nodes=[Node("Enterprise", "NAME:x", {"name = 1 DETACH DELETE n //": 1})])
    bad_label = Extraction(doc, "t", "1", nodes=[Node("Enterprise) DETACH DELETE (n", "NAME:x")])
    bad_type = Extraction(doc, "t", "1", rels=[Rel("SAME_AS]->() DETACH DELETE n //", "Enterprise", "NAME:a",
                                                    "Enterprise", "NAME:b")])
    for ex in (bad_prop, bad_label, bad_type):
        with pytest.raises(ValueError):
            Loader(falkor_store, settings).write_extractions([ex])
    assert falkor_store.counts() == before
    assert get_schema().nodes  # the whitelist is the schema yaml


# --- through the API ------------------------------------------------------------------------------
def api_get_routes(app: Any) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """(path template, path parameter names, query parameters) of every GET operation under /api/v1."""
    out = []
    for path, item in app.openapi().get("paths", {}).items():
        op = item.get("get")
        if not op or not path.startswith("/api/v1"):
            continue
        params = op.get("parameters", [])
        out.append((path, [p["name"] for p in params if p["in"] == "path"],
                    [p for p in params if p["in"] == "query"]))
    return out


def fill(path: str, names: list[str], value: str) -> str:
    from urllib.parse import quote

    for name in names:
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path


def query_value(param: dict[str, Any], hostile: str) -> Any:
    schema = param.get("schema", {})
    kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
    if "string" in kinds and "enum" not in schema:
        return hostile
    return None  # leave typed parameters to their defaults: this test is about strings


def test_hostile_strings_through_every_route_give_4xx_or_empty_and_change_nothing() -> None:
    if not rs.dataset().kinds:
        pytest.skip(f"no source kind is built yet (missing: {', '.join(rs.missing_kinds())})")
    from fastapi.testclient import TestClient

    app, tokens = rs.app_and_tokens()
    store = rs.dataset().store
    before = store.counts()
    routes = api_get_routes(app)
    assert routes, "the app has no GET routes under /api/v1"
    failures = []
    with TestClient(app, raise_server_exceptions=False) as client:
        for path, names, query in routes:
            for hostile in HOSTILE:
                url = fill(path, names, hostile)
                params = {p["name"]: v for p in query if (v := query_value(p, hostile)) is not None}
                resp = client.get(url, params=params, headers=rs.auth(tokens["admin"]))
                if resp.status_code >= 500:
                    failures.append(f"GET {path} with {hostile[:40]!r}: {resp.status_code} {resp.text[:200]}")
                elif "text/html" in resp.headers.get("content-type", "") and "<script>alert" in resp.text:
                    failures.append(f"GET {path} reflects markup unescaped")
    assert not failures, "\n".join(failures)
    assert store.counts() == before, "a read request changed the graph"
