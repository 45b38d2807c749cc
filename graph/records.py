"""What extractors hand to the loader: a document, the nodes and relationships found in it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]


def stable_id(*parts: object) -> str:
    """Short deterministic id from natural-key parts (same parts, same id, on every run)."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()


def content_hash(text: str | bytes) -> str:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class Document:
    source_kind: str
    file: str
    record_id: str
    text: str
    date: str | None = None  # ISO date the document speaks of (as-of features use it)
    lang: str = "en"
    title: str = ""

    @property
    def id(self) -> str:
        return f"doc:{self.source_kind}:{stable_id(self.source_kind, self.file, self.record_id)}"


@dataclass(slots=True)
class Node:
    label: str
    id: str
    props: dict[str, Any] = field(default_factory=dict)
    span: Span | None = None  # where in the document text the node is evidenced
    confidence: float = 1.0
    terms: list[str] = field(default_factory=list)  # search terms that find it (graph.search.terms_for)


@dataclass(slots=True)
class Rel:
    type: str
    start_label: str
    start_id: str
    end_label: str
    end_id: str
    props: dict[str, Any] = field(default_factory=dict)
    key: str = ""  # tells apart several edges of one type between the same two nodes
    span: Span | None = None
    confidence: float = 1.0

    @property
    def fid(self) -> str:
        """Fact id of the relationship: stable across runs, used by /evidence/{fact_id}."""
        return "rel:" + stable_id(self.type, self.start_id, self.end_id, self.key)


@dataclass(slots=True)
class Extraction:
    document: Document
    extractor: str
    extractor_version: str
    nodes: list[Node] = field(default_factory=list)
    rels: list[Rel] = field(default_factory=list)


@dataclass(slots=True)
class RawRecord:
    """One record as read from a file, before extraction; `error` marks a record the reader rejected."""

    file: str
    record_id: str
    line: int
    payload: Any
    error: str | None = None


