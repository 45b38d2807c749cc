"""The one way an extractor builds its Extraction: the document, then nodes and relationships added as
they are found, in that order (graph/records.py holds the contracts)."""

from __future__ import annotations

from typing import Any

from graph.records import Document, Extraction, Node, Rel, Span

NodeRef = Node | tuple[str, str]  # a node, or its (label, id)


def _ref(node: NodeRef) -> tuple[str, str]:
    return (node.label, node.id) if isinstance(node, Node) else node


class Facts:
    """The nodes and relationships of one document, built up by its extractor."""

    def __init__(self, document: Document, extractor: str, version: str) -> None:
        self.document = document
        self.extractor = extractor
        self.version = version
        self.nodes: list[Node] = []
        self.rels: list[Rel] = []

    def add(self, *nodes: Node) -> None:
        """Nodes built elsewhere (an enterprise reference, a person, an address)."""
        self.nodes.extend(nodes)

    def node(self, label: str, node_id: str, props: dict[str, Any] | None = None, *, span: Span | None = None,
             terms: list[str] | None = None, confidence: float = 1.0) -> str:
        """A node of this document; returns its id."""
        self.nodes.append(Node(label, node_id, props or {}, span, confidence, terms or []))
        return node_id

    def rel(self, rel_type: str, start: NodeRef, end: NodeRef, props: dict[str, Any] | None = None, *,
            key: str = "", span: Span | None = None, confidence: float = 1.0) -> None:
        """A relationship from `start` to `end`; `key` tells apart several of one type between them."""
        (start_label, start_id), (end_label, end_id) = _ref(start), _ref(end)
        self.rels.append(Rel(rel_type, start_label, start_id, end_label, end_id, props or {}, key, span,
                             confidence))

    def extraction(self) -> Extraction:
        return Extraction(self.document, self.extractor, self.version, self.nodes, self.rels)
