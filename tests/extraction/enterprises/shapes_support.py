"""Reading the register fixtures (tests/extraction/enterprises/fixtures/, made by make_fixtures.py) the way
the loader does: the kind's reader, then its extractor, record by record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.errors import RecordRejected
from core.textio import open_binary
from extraction.registry import get_kind
from graph.records import Extraction, Node, RawRecord

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read(name: str, kind: str = "cn-registry") -> list[RawRecord]:
    path = FIXTURES / name
    with open_binary(path) as stream:
        return list(get_kind(kind).read(path.name, stream))


def extract_all(name: str, kind: str = "cn-registry") -> list[tuple[RawRecord, Extraction | str]]:
    out: list[tuple[RawRecord, Extraction | str]] = []
    for raw in read(name, kind):
        if raw.error:
            out.append((raw, raw.error))
            continue
        try:
            out.append((raw, get_kind(kind).extract(raw)))
        except RecordRejected as exc:
            out.append((raw, f"rejected: {exc}"))
    return out


def extractions(name: str, kind: str = "cn-registry") -> list[Extraction]:
    return [ex for _raw, ex in extract_all(name, kind) if isinstance(ex, Extraction)]


def first(name: str) -> Extraction:
    found = extractions(name)
    assert found, f"{name}: no record extracted ({extract_all(name)})"
    return found[0]


def enterprise(ex: Extraction) -> Node:
    return ex.nodes[0]


def node(ex: Extraction, node_id: str) -> Node:
    return next(n for n in ex.nodes if n.id == node_id)


def rels(ex: Extraction, rel_type: str) -> list[tuple[Node, dict[str, Any], str | None]]:
    """(the other end, the relationship's properties, the text its span points at) of each relationship
    of a type, seen from the record's enterprise."""
    ent = enterprise(ex)
    out = []
    for r in ex.rels:
        if r.type != rel_type:
            continue
        other_id = r.start_id if r.end_id == ent.id else r.end_id
        other = next((n for n in ex.nodes if n.id == other_id), Node("?", other_id))
        shown = ex.document.text[r.span[0]:r.span[1]] if r.span else None
        out.append((other, r.props, shown))
    return out


def label(n: Node) -> Any:
    p = n.props
    return p.get("name") or p.get("text") or p.get("value") or p.get("item") or p.get("reason") or p.get("number")
