"""One hop of the enterprise network: for a whole frontier of enterprises, the connectors they share
(address, phone, e-mail, person, shareholder) and the other enterprises on each, in one round trip.
The network expansion and the path search both walk the graph with it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from graph.store import GraphStore

Via = Literal["address", "person", "phone", "shareholder"]
ALL_VIA: tuple[Via, ...] = ("address", "person", "phone", "shareholder")
# kind of link asked for -> connector kinds the hop query follows for it
VIA_KINDS: dict[str, tuple[str, ...]] = {"address": ("address",), "person": ("person",),
                                         "phone": ("phone", "email"), "shareholder": ("shareholder",)}
# relationship type -> edge kind shown to clients
EDGE_KIND: dict[str, str] = {"REGISTERED_AT": "registered_at", "HAS_PHONE": "phone", "HAS_EMAIL": "email",
                             "LEGAL_REP_OF": "legal_rep", "OFFICER_OF": "officer", "SHAREHOLDER_OF": "shareholder",
                             "HOLDS": "holds", "HELD_BY": "held_by"}
ROWS_PER_ID = 64  # rows read at most per frontier enterprise


def hop(store: GraphStore, ids: list[str], via: Sequence[str], per_node: int, seen: Iterable[str] = ()
        ) -> tuple[list[dict[str, Any]], bool]:
    """One round trip for a whole frontier: a row per (enterprise, connector not `seen` at an earlier
    hop) with at most `per_node` other enterprises on the connector (`targets`); and whether a hub or
    the row bound cut something."""
    kinds = [k for v in via for k in VIA_KINDS[v]]
    limit = max(1, len(ids)) * ROWS_PER_ID
    rows = store.read("enterprise_network_hop", {"ids": ids, "kinds": kinds, "per_node": per_node, "limit": limit,
                                                 "seen": sorted(seen)})
    cut = len(rows) >= limit or any(r["degree"] > per_node for r in rows)
    return rows, cut


def edge_kind(rel: str) -> str:
    """The edge kind shown for a relationship type (unknown types in lower case)."""
    return EDGE_KIND.get(rel, rel.lower())
