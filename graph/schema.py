"""The graph schema, declared once as data in graph/schema/*.yaml.

Everything else is derived from it: the whitelist of labels, relationship types and
property names that may appear in Cypher, both engines' schema statements, and docs/schema.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,62}$")
PROPERTY_TYPES = {"string", "int", "float", "bool", "date", "list"}
# Properties every node carries whatever its label.
BASE_NODE_PROPERTIES = {"id": "string"}


@dataclass
class NodeType:
    label: str
    description: str
    key: list[str]
    properties: dict[str, str]
    fulltext: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)


@dataclass
class RelType:
    type: str
    description: str
    starts: list[str]
    ends: list[str]
    properties: dict[str, str]


@dataclass
class Schema:
    nodes: dict[str, NodeType]
    rels: dict[str, RelType]
    provenance: dict[str, str]

    def check_label(self, label: str) -> str:
        if label not in self.nodes:
            raise ValueError(f"unknown node label {label!r}: declare it in graph/schema/*.yaml")
        return label

    def check_rel(self, rel_type: str) -> str:
        if rel_type not in self.rels:
            raise ValueError(f"unknown relationship type {rel_type!r}: declare it in graph/schema/*.yaml")
        return rel_type

    def check_node_props(self, label: str, props: dict[str, Any]) -> None:
        allowed = self.nodes[self.check_label(label)].properties
        unknown = [k for k in props if k not in allowed and k not in BASE_NODE_PROPERTIES]
        if unknown:
            raise ValueError(f"{label} has no properties {unknown}: declare them in graph/schema/*.yaml")

    def check_rel_props(self, rel_type: str, props: dict[str, Any]) -> None:
        allowed = self.rels[self.check_rel(rel_type)].properties
        unknown = [k for k in props if k not in allowed and k not in self.provenance and k != "fid"]
        if unknown:
            raise ValueError(f"{rel_type} has no properties {unknown}: declare them in graph/schema/*.yaml")

    def check_endpoints(self, rel_type: str, start: str, end: str) -> None:
        rel = self.rels[self.check_rel(rel_type)]
        self.check_label(start)
        self.check_label(end)
        if "*" not in rel.starts and start not in rel.starts:
            raise ValueError(f"{rel_type} cannot start at {start}; allowed: {rel.starts}")
        if "*" not in rel.ends and end not in rel.ends:
            raise ValueError(f"{rel_type} cannot end at {end}; allowed: {rel.ends}")

    # --- schema statements ------------------------------------------------------
    def neo4j_statements(self) -> list[str]:
        out: list[str] = []
        for label, node in sorted(self.nodes.items()):
            out.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
            for prop in node.indexes:
                out.append(f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
            if node.fulltext:
                fields = ", ".join(f"n.{p}" for p in node.fulltext)
                out.append(
                    f"CREATE FULLTEXT INDEX {label.lower()}_fulltext IF NOT EXISTS FOR (n:{label}) ON EACH [{fields}]"
                )
        for rel_type in sorted(self.rels):
            out.append(
                f"CREATE INDEX rel_{rel_type.lower()}_fid IF NOT EXISTS FOR ()-[r:{rel_type}]-() ON (r.fid)"
            )
        return out

    def falkordb_statements(self) -> list[tuple[str, ...]]:
        """("cypher", text) statements and ("constraint", label, prop) unique constraints."""
        out: list[tuple[str, ...]] = []
        for label, node in sorted(self.nodes.items()):
            out.append(("cypher", f"CREATE INDEX FOR (n:{label}) ON (n.id)"))
            out.append(("constraint", label, "id"))
            for prop in node.indexes:
                out.append(("cypher", f"CREATE INDEX FOR (n:{label}) ON (n.{prop})"))
            if node.fulltext:
                args = ", ".join(f"'{p}'" for p in node.fulltext)
                out.append(("cypher", f"CALL db.idx.fulltext.createNodeIndex('{label}', {args})"))
        for rel_type in sorted(self.rels):
            out.append(("cypher", f"CREATE INDEX FOR ()-[r:{rel_type}]-() ON (r.fid)"))
        return out

    def markdown(self) -> str:
        lines = [
            "# Graph schema",
            "",
            "Generated from `graph/schema/*.yaml` by `riskgraph schema --markdown`; do not edit by hand.",
            "Every node is merged on `id`, built from the natural key listed.",
            "",
            "## Nodes",
            "",
            "| label | natural key | properties | full-text | description |",
            "|---|---|---|---|---|",
        ]
        for label, n in sorted(self.nodes.items()):
            props = ", ".join(f"{k}:{v}" for k, v in n.properties.items())
            lines.append(f"| {label} | {', '.join(n.key)} | {props} | {', '.join(n.fulltext)} | {n.description} |")
        lines += ["", "## Relationships", "", "| type | from | to | properties | description |", "|---|---|---|---|---|"]
        for t, r in sorted(self.rels.items()):
            props = ", ".join(f"{k}:{v}" for k, v in r.properties.items())
            lines.append(f"| {t} | {', '.join(r.starts)} | {', '.join(r.ends)} | {props} | {r.description} |")
        lines += ["", "Provenance on every relationship and MENTIONS edge: "
                  + ", ".join(f"`{k}`" for k in self.provenance) + ", plus the fact id `fid`.", ""]
        return "\n".join(lines)


def _ident(name: str, where: str) -> str:
    if not IDENTIFIER.match(name):
        raise ValueError(f"{where}: {name!r} is not a valid identifier")
    return name


def _props(raw: dict[str, str] | None, where: str) -> dict[str, str]:
    out = {}
    for k, v in (raw or {}).items():
        _ident(k, where)
        if v not in PROPERTY_TYPES:
            raise ValueError(f"{where}.{k}: type {v!r} not one of {sorted(PROPERTY_TYPES)}")
        out[k] = v
    return out


def load_schema(folder: Path = SCHEMA_DIR) -> Schema:
    nodes: dict[str, NodeType] = {}
    rels: dict[str, RelType] = {}
    provenance: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        provenance.update(_props(data.get("provenance"), f"{path.name}:provenance"))
        for label, spec in (data.get("nodes") or {}).items():
            _ident(label, path.name)
            spec = spec or {}
            props = _props(spec.get("properties"), f"{path.name}:{label}")
            if label in nodes:
                known = nodes[label]
                if spec.get("key") and spec["key"] != known.key:
                    raise ValueError(f"{path.name}: {label} key {spec['key']} differs from {known.key}")
                known.properties.update(props)
                known.fulltext += [p for p in spec.get("fulltext", []) if p not in known.fulltext]
                known.indexes += [p for p in spec.get("indexes", []) if p not in known.indexes]
                continue
            nodes[label] = NodeType(
                label=label,
                description=spec.get("description", ""),
                key=list(spec.get("key") or ["id"]),
                properties=props,
                fulltext=list(spec.get("fulltext") or []),
                indexes=list(spec.get("indexes") or []),
            )
        for rel_type, spec in (data.get("relationships") or {}).items():
            _ident(rel_type, path.name)
            spec = spec or {}
            props = _props(spec.get("properties"), f"{path.name}:{rel_type}")
            if rel_type in rels:
                known_rel = rels[rel_type]
                known_rel.properties.update(props)
                known_rel.starts += [s for s in spec.get("from", []) if s not in known_rel.starts]
                known_rel.ends += [e for e in spec.get("to", []) if e not in known_rel.ends]
                continue
            rels[rel_type] = RelType(
                type=rel_type,
                description=spec.get("description", ""),
                starts=list(spec.get("from") or ["*"]),
                ends=list(spec.get("to") or ["*"]),
                properties=props,
            )
    for node in nodes.values():
        for p in node.fulltext + node.indexes:
            if p not in node.properties:
                raise ValueError(f"{node.label}: indexed property {p!r} is not declared")
    for rel in rels.values():
        for end in rel.starts + rel.ends:
            if end != "*" and end not in nodes:
                raise ValueError(f"{rel.type}: endpoint label {end!r} is not declared")
    return Schema(nodes=nodes, rels=rels, provenance=provenance)


@lru_cache
def get_schema() -> Schema:
    return load_schema()
