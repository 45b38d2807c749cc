"""Neo4j compatibility without a server: every query file and every Neo4j schema statement goes through
Neo4j's own Cypher parser and semantic analysis (npm `@neo4j-cypher/language-support`, run by
tests/neo4j_lint/lint.mjs under Node.js) and must come back without an error-level diagnostic.

Templates are rendered through `graph.queries.query_text` with the labels and relationship types the
schema allows, so what is linted is exactly what the engines run. The package is installed into
.cache/neo4j-lint (pinned by tests/neo4j_lint/package-lock.json) and reused while the pin is unchanged.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from itertools import cycle, islice, product
from pathlib import Path

import pytest

from graph.queries import LABEL_SLOTS, PLACEHOLDER, TYPE_SLOTS, all_query_names, query_path, query_text
from graph.schema import BASE_NODE_PROPERTIES, Schema, get_schema

ROOT = Path(__file__).resolve().parents[2]
LINT_DIR = ROOT / "tests" / "cypher" / "neo4j_lint"
CACHE = ROOT / ".cache" / "neo4j-lint"
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
ERROR = 1  # LSP DiagnosticSeverity.Error; 2 is a warning
SCHEMA_ID = "<neo4j schema statements>"

# Queries that must be rejected: the proof that this lint can fail. FalkorDB's full-text procedure and
# APOC are unknown to a plain Neo4j 5 server, and a broken pattern is a syntax error.
MUST_FAIL = {
    "probe:syntax": ("MATCH (n RETURN n", "Invalid input"),
    "probe:falkordb-procedure": (
        "CALL db.idx.fulltext.queryNodes('Enterprise', $q) YIELD node RETURN node.id AS id",
        "db.idx.fulltext.queryNodes",
    ),
    "probe:apoc-function": ("MATCH (n:Enterprise {id: $id}) RETURN apoc.text.join([n.name], ',') AS s", "apoc"),
    "probe:undefined-parameter": ("MATCH (n:Enterprise {id: $id}) RETURN n.name AS name", "Parameter $id"),
}
# Only warnings: a label the schema does not declare must not fail the lint.
MUST_WARN = {"probe:unknown-label": "MATCH (n:NoSuchLabelAnywhere {id: $id}) RETURN n.id AS id"}


def _params(text: str) -> dict[str, None]:
    return dict.fromkeys(PARAM.findall(text))


def _labels_or_all(names: list[str], schema: Schema) -> list[str]:
    return sorted(schema.nodes) if "*" in names else list(names)


def _cover(*columns: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows combining the columns so that every entry of every column appears at least once."""
    columns = tuple(c for c in columns if c)
    if not columns:
        return [{}]
    longest = max(len(c) for c in columns)
    rows = zip(*(islice(cycle(c), longest) for c in columns), strict=True)
    return [{k: v for part in row for k, v in part.items()} for row in rows]


def slot_fillings(slots: set[str], schema: Schema) -> list[dict[str, str]]:
    """Slot values for a template: every (type, start, end) the schema allows, every label in each label slot.

    Declared endpoints are combined in full; a wildcard endpoint ("*", any label) is cycled through every
    label once rather than multiplied, which keeps the run to seconds.
    """
    unknown = slots - LABEL_SLOTS - TYPE_SLOTS
    if unknown:
        raise ValueError(f"template slots {sorted(unknown)} are not known to this test")
    rel_slots = slots & {"TYPE", "START", "END"}
    triples: list[dict[str, str]] = []
    if rel_slots:
        for rel_type, rel in sorted(schema.rels.items()):
            starts = _labels_or_all(rel.starts, schema)
            ends = _labels_or_all(rel.ends, schema)
            if "*" in rel.starts or "*" in rel.ends:
                pairs = _cover([{"START": s} for s in starts], [{"END": e} for e in ends])
            else:
                pairs = [{"START": s, "END": e} for s, e in product(starts, ends)]
            triples += [{"TYPE": rel_type, **p} for p in pairs]
        triples = [dict(t) for t in {tuple((k, v) for k, v in t.items() if k in rel_slots) for t in triples}]
        triples.sort(key=lambda t: sorted(t.items()))
    labels = sorted(schema.nodes)
    label_columns = [
        [{slot: label} for label in labels[i:] + labels[:i]]  # offset so LABEL and OTHER differ
        for i, slot in enumerate(sorted(slots & {"LABEL", "OTHER"}))
    ]
    return _cover(triples, *label_columns)


def _schema_for_linter(schema: Schema) -> dict[str, object]:
    props = set(BASE_NODE_PROPERTIES) | set(schema.provenance) | {"fid"}
    for node in schema.nodes.values():
        props |= set(node.properties)
    graph_schema = []
    for rel_type, rel in schema.rels.items():
        props |= set(rel.properties)
        for start, end in product(_labels_or_all(rel.starts, schema), _labels_or_all(rel.ends, schema)):
            graph_schema.append({"from": start, "to": end, "relType": rel_type})
    return {
        "labels": sorted(schema.nodes),
        "relationshipTypes": sorted(schema.rels),
        "propertyKeys": sorted(props),
        "graphSchema": graph_schema,
    }


def project_queries() -> list[dict[str, object]]:
    """Every query the engines may run, rendered, tagged with the file (or schema) it comes from."""
    schema = get_schema()
    out: list[dict[str, object]] = []
    for name in all_query_names():
        slots = set(PLACEHOLDER.findall(_raw_text(name)))
        for filling in slot_fillings(slots, schema):
            text = query_text(name, **filling)
            where = ", ".join(f"{k}={v}" for k, v in sorted(filling.items()))
            out.append({"id": f"{name} [{where}]" if where else name, "file": name, "text": text,
                        "parameters": _params(text)})
    for stmt in schema.neo4j_statements():
        out.append({"id": stmt, "file": SCHEMA_ID, "text": stmt, "parameters": {}})
    return out


def _raw_text(name: str) -> str:
    return query_path(name).read_text(encoding="utf-8")


# --- running the linter -------------------------------------------------------------------------------
def _tools_missing() -> str | None:
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    return f"Node.js tools not installed: {', '.join(missing)}" if missing else None


def _installed(folder: Path) -> bool:
    lock = folder / "package-lock.json"
    return (
        lock.exists()
        and lock.read_bytes() == (LINT_DIR / "package-lock.json").read_bytes()
        and (folder / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json").exists()
    )


def ensure_linter() -> Path:
    """The cache folder holding the pinned package, installed on first use (npm ci from the lock file)."""
    if _installed(CACHE):
        return CACHE
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    # Install beside the cache and swap it in, so concurrent runs never see a half-installed folder.
    staging = Path(tempfile.mkdtemp(prefix="neo4j-lint-", dir=CACHE.parent))
    for name in ("package.json", "package-lock.json"):
        shutil.copy(LINT_DIR / name, staging / name)
    # The package declares a newer Node.js than some machines carry; it runs on Node 20 (this test proves it).
    done = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--engine-strict=false", "--loglevel=error"],
        cwd=staging, capture_output=True, text=True, timeout=600, check=False,
    )
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        pytest.fail(f"npm ci of the Neo4j Cypher linter failed in {staging}:\n{done.stderr[-3000:]}")
    if CACHE.exists():
        shutil.rmtree(CACHE, ignore_errors=True)
    try:
        os.replace(staging, CACHE)
    except OSError:  # another run swapped its own install in first
        shutil.rmtree(staging, ignore_errors=True)
    return CACHE


def run_linter(queries: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """Diagnostics per query id, from one Node.js process for the whole batch."""
    folder = ensure_linter()
    payload = {
        "schema": _schema_for_linter(get_schema()),
        "queries": [{"id": q["id"], "text": q["text"], "parameters": q["parameters"]} for q in queries],
    }
    done = subprocess.run(
        ["node", str(LINT_DIR / "lint.mjs"), str(folder)],
        input=json.dumps(payload), capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, f"the Neo4j linter crashed:\n{done.stderr[-3000:]}"
    return {r["id"]: r["diagnostics"] for r in json.loads(done.stdout)["results"]}


PROBES = [
    {"id": pid, "file": pid, "text": text, "parameters": {} if pid.endswith("parameter") else _params(text)}
    for pid, (text, _) in MUST_FAIL.items()
] + [{"id": pid, "file": pid, "text": text, "parameters": _params(text)} for pid, text in MUST_WARN.items()]


@pytest.fixture(scope="module")
def linted() -> Iterator[tuple[list[dict[str, object]], dict[str, list[dict[str, object]]]]]:
    reason = _tools_missing()
    if reason:
        pytest.skip(f"Neo4j Cypher lint needs Node.js and npm: {reason}")
    queries = project_queries()
    yield queries, run_linter(queries + PROBES)


def _errors(diagnostics: list[dict[str, object]]) -> list[dict[str, object]]:
    return [d for d in diagnostics if d["severity"] == ERROR]


def _report(query: dict[str, object], diagnostics: list[dict[str, object]]) -> str:
    lines = [f"{query['id']}:"]
    for d in diagnostics:
        lines.append(f"  line {d['line']} col {d['character']}: {d['message']}")
    return "\n".join(lines)


@pytest.mark.parametrize("file", [*all_query_names(), SCHEMA_ID])
def test_neo4j_accepts(file: str, linted: tuple[list[dict[str, object]], dict[str, list[dict[str, object]]]]) -> None:
    queries, results = linted
    mine = [q for q in queries if q["file"] == file]
    assert mine, f"nothing rendered for {file}"
    failures = [_report(q, _errors(results[str(q["id"])])) for q in mine if _errors(results[str(q["id"])])]
    where = file if file == SCHEMA_ID else str(query_path(file).relative_to(ROOT))
    assert not failures, f"Neo4j 5 rejects {where}:\n" + "\n".join(failures)


@pytest.mark.parametrize("probe", sorted(MUST_FAIL))
def test_lint_reports_invalid_query(probe: str, linted: tuple[list[dict[str, object]], dict[str, list[dict[str, object]]]]) -> None:
    _, results = linted
    _, expected = MUST_FAIL[probe]
    messages = [str(d["message"]) for d in _errors(results[probe])]
    assert any(expected in m for m in messages), f"{probe} should be an error mentioning {expected!r}; got {messages}"


def test_warnings_do_not_fail(linted: tuple[list[dict[str, object]], dict[str, list[dict[str, object]]]]) -> None:
    _, results = linted
    diagnostics = results["probe:unknown-label"]
    assert not _errors(diagnostics), diagnostics
    assert any("NoSuchLabelAnywhere" in str(d["message"]) for d in diagnostics), diagnostics


def test_templates_cover_every_label_and_type() -> None:
    schema = get_schema()
    fillings = slot_fillings({"TYPE", "START", "END"}, schema)
    assert {f["TYPE"] for f in fillings} == set(schema.rels)
    for rel_type, rel in schema.rels.items():
        if "*" not in rel.starts and "*" not in rel.ends:
            pairs = {(f["START"], f["END"]) for f in fillings if f["TYPE"] == rel_type}
            assert pairs == set(product(rel.starts, rel.ends))
    both = slot_fillings({"LABEL", "OTHER"}, schema)
    assert {f["LABEL"] for f in both} == {f["OTHER"] for f in both} == set(schema.nodes)
    with pytest.raises(ValueError, match="not known"):
        slot_fillings({"COLOUR"}, schema)
