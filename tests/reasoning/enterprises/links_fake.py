"""A small linked-enterprise graph answering the hop query as cypher/enterprises/enterprise_network_hop
does (riskiest other enterprises first, at most $per_node, with the connector's degree), for unit tests of
the network expansion and the path search."""

from __future__ import annotations

from typing import Any

REL = {"address": "REGISTERED_AT", "phone": "HAS_PHONE", "email": "HAS_EMAIL", "person": "LEGAL_REP_OF"}


class LinkGraph:
    def __init__(self, enterprises: dict[str, float | None], connectors: dict[str, tuple[str, list[str]]],
                 holdings: list[tuple[str, str]] = ()) -> None:
        self.enterprises = enterprises  # id -> risk score
        self.connectors = connectors  # id -> (kind, member enterprises)
        self.holdings = list(holdings)  # (holder, held)
        self.calls: list[dict[str, Any]] = []

    def _target(self, eid: str, rel: str) -> dict[str, Any]:
        score = self.enterprises[eid]
        level = None if score is None else "red" if score >= 0.7 else "green"
        return {"id": eid, "name": f"name of {eid}", "level": level, "score": score, "rel": rel}

    def _riskiest(self, ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda i: (-(self.enterprises[i] if self.enterprises[i] is not None else -1.0), i))

    def read(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        assert name == "enterprise_network_hop", name
        params = params or {}
        self.calls.append(params)
        rows = []
        for eid in params["ids"]:
            for cid, (kind, members) in self.connectors.items():
                if eid not in members or kind not in params["kinds"] or cid in params["seen"]:
                    continue
                others = self._riskiest([m for m in members if m != eid])
                if others:
                    rows.append({"source": eid, "via_kind": kind, "via": cid, "via_label": f"label of {cid}",
                                 "rel_from": REL[kind], "degree": len(others),
                                 "targets": [self._target(o, REL[kind]) for o in others[: params["per_node"]]]})
            if "shareholder" in params["kinds"]:
                for holder, held in self.holdings:
                    if eid in (holder, held):
                        other = held if eid == holder else holder
                        rows.append({"source": eid, "via_kind": "shareholder", "via": None, "via_label": None,
                                     "rel_from": "HOLDS" if eid == holder else "HELD_BY", "degree": 1,
                                     "targets": [self._target(other, "SHAREHOLDER_OF")]})
        return rows[: params["limit"]]
