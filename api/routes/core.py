"""Cross-domain endpoints: graph statistics and the provenance of any fact."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel

from api.auth import require_role
from api.deps import Store
from api.errors import clip
from api.keys import ApiKey
from graph.schema import get_schema

router = APIRouter(tags=["graph"])


class Stats(BaseModel):
    engine: str
    nodes: dict[str, int]
    relationships: dict[str, int]

    model_config = {"json_schema_extra": {"examples": [{
        "engine": "falkordb", "nodes": {"Complaint": 41230, "Enterprise": 50211, "Lawyer": 7342},
        "relationships": {"ABOUT": 41230, "REPRESENTED": 18870},
    }]}}


class EvidenceItem(BaseModel):
    doc_id: str | None
    source_kind: str | None
    file: str | None
    record_id: str | None
    date: str | None
    span_start: int | None
    span_end: int | None
    extractor: str | None
    extractor_version: str | None
    confidence: float | None
    snippet: str | None


class Evidence(BaseModel):
    fact_id: str
    evidence: list[EvidenceItem]

    model_config = {"json_schema_extra": {"examples": [{
        "fact_id": "Complaint:complaint:11300001", "evidence": [{
            "doc_id": "doc:nhtsa-complaints:FLAT_CMPL.txt:11300001", "source_kind": "nhtsa-complaints",
            "file": "FLAT_CMPL.txt", "record_id": "11300001", "date": "2020-01-05", "span_start": 4,
            "span_end": 26, "extractor": "nhtsa_complaints", "extractor_version": "1", "confidence": 0.9,
            "snippet": "THE DRIVER AIR BAG INFLATOR RUPTURED DURING A LOW SPEED CRASH."}],
    }]}}


@router.get("/stats", response_model=Stats, summary="Node and relationship counts (public aggregate)")
def stats(store: Store) -> Stats:
    counts = store.counts()
    return Stats(engine=store.engine, nodes=counts["nodes"], relationships=counts["relationships"])


def _snippet(text: str | None, start: int | None, end: int | None, margin: int = 80) -> str | None:
    if not text:
        return None
    if start is None or end is None:
        return text[: 2 * margin]
    return text[max(0, start - margin) : min(len(text), end + margin)]


# Which roles may read the facts of each domain: the same policy as the domain's own endpoints.
DOMAIN_READERS: dict[str, tuple[str, ...]] = {"vehicles": ("inspector",), "enterprises": ("regulator",),
                                              "lawyers": ("inspector", "regulator")}
FETCH_AHEAD = 10  # evidence rows read per row shown, so that rows of other domains do not crowd them out


def _readable_kinds(role: str) -> set[str] | None:
    """Source kinds whose documents the role may read (None: all, for admin)."""
    from extraction.registry import available_kinds, get_kind

    if role == "admin":
        return None
    return {k for k in available_kinds() if role in DOMAIN_READERS.get(get_kind(k).domain, ())}


@router.get(
    "/evidence/{fact_id}",
    response_model=Evidence,
    summary="Where a fact came from: source documents and the evidence span (only documents of the domains "
            "the key's role may read)",
)
def evidence(fact_id: str, store: Store, key: Annotated[ApiKey, Depends(require_role("inspector", "regulator"))],
             limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Evidence:
    # Fact ids are "<Label>:<node id>" for nodes and "<TYPE>:<fid>" for relationships.
    kind, _, ident = fact_id.partition(":")
    schema = get_schema()
    rows: list[dict[str, Any]]
    params = {"limit": limit * FETCH_AHEAD}
    if kind in schema.nodes and ident:
        rows = store.read("templates/node_provenance", {"id": ident, **params}, LABEL=kind)
    elif kind in schema.rels and ident:
        rows = store.read("templates/relationship_provenance", {"fid": ident, **params}, TYPE=kind)
    else:
        raise HTTPException(404, f"no fact {clip(fact_id, 80)!r}: ids look like 'Label:node-id' or 'TYPE:rel:…'")
    kinds = _readable_kinds(key.role)
    rows = [r for r in rows if kinds is None or r.get("source_kind") in kinds][:limit]
    if not rows:  # none, or none this role may read: the same answer, so nothing leaks
        raise HTTPException(404, f"no evidence recorded for {clip(fact_id, 80)!r}")
    items = [
        EvidenceItem(**{k: r.get(k) for k in EvidenceItem.model_fields if k != "snippet"},
                     snippet=_snippet(r.get("text"), r.get("span_start"), r.get("span_end")))
        for r in rows
    ]
    return Evidence(fact_id=fact_id, evidence=items)
