"""Resolution of enterprises known only by name to registered enterprises, with the matching model.

The same Fellegi-Sunter model that screens lists (extraction/enterprises/matching/, served by
`POST /api/v1/match` and `riskgraph match`) decides here: its parameters are estimated from the register
as it is after the ingest (the same estimate the matcher makes on first use of the same graph), every
name-only enterprise is matched as a query carrying only its name, and a link (SAME_AS, with the match
probability and the per-field weights as evidence) is written when the best candidate's probability is
at least MATCH_THRESHOLD and its match weight beats the runner-up's by AMBIGUITY_BITS; otherwise the name
stays unresolved (counted as ambiguous when the best passed the threshold). People are never resolved
here: a person's node key always carries evidence beyond the name (see enterprise_records.person_node),
and the matcher never matches a person on the name alone.
"""

from __future__ import annotations

from typing import Any

from extraction.enterprises.divisions import divisions
from extraction.enterprises.matching.fields import core_key, regions
from extraction.enterprises.matching.model import MatchModel, Scored
from extraction.enterprises.matching.register import Register, rank
from extraction.enterprises.matching.source import estimate_from_store
from graph.records import stable_id
from graph.store import GraphStore

MATCH_THRESHOLD = 0.9  # match probability
AMBIGUITY_BITS = 1.0  # the best must be at least twice as likely as the runner-up (log2 odds)
VERSION = "2.0"
__all__ = ["AMBIGUITY_BITS", "MATCH_THRESHOLD", "NameIndex", "core_key", "decide", "ensure_divisions", "regions", "resolve_names"]


def decide(ranked: list[Scored]) -> tuple[Scored | None, bool]:
    """(the candidate to link, whether the best passed the threshold but was not clear of the runner-up)."""
    if not ranked or ranked[0].probability < MATCH_THRESHOLD:
        return None, False
    best = ranked[0]
    if len(ranked) > 1 and best.weight - ranked[1].weight < AMBIGUITY_BITS:
        return None, True
    return best, False


def evidence(key: str, best: Scored, seen: int) -> str:
    parts = ", ".join(f"{f['feature']} {f['level']} {f['weight']:+.1f}" for f in best.features
                      if f["feature"] != "prior")
    return (f"name key {key!r}: match probability {best.probability:.3f} over {seen} candidates "
            f"(threshold {MATCH_THRESHOLD}); weights: {parts}; {best.features[-1]['weight']:+.1f} prior")


class NameIndex:
    """The resolution of names against register rows outside the graph (the extraction evaluation):
    the same estimate, model and decision as `resolve_names`, from rows in the graph's shape."""

    def __init__(self, rows: list[dict[str, Any]], mentions: list[dict[str, Any]] | None = None) -> None:
        from extraction.enterprises.matching.source import estimate_from_rows

        params, records = estimate_from_rows(rows, mentions or [])
        self.model, self.register = MatchModel(params), Register.of(records, people=[])

    def best(self, key: str) -> tuple[str | None, float, str, int]:
        """(registered id, probability x 100, matched name, candidates seen); id None when nothing
        passes or the best is ambiguous."""
        from extraction.enterprises.matching.source import mention_record

        ranked = rank(self.model, self.register, mention_record({"id": f"NAME:{key}", "name_norm": key}))
        best, _ = decide(ranked)
        top = ranked[0] if ranked else None
        matched = (top.candidate.display or "") if top else ""
        return (best.candidate.id if best else None, top.probability * 100 if top else 0.0, matched, len(ranked))


def resolve_names(store: GraphStore) -> dict[str, Any]:
    """Link every name-only enterprise to the registered enterprise it names (idempotent)."""
    pending = store.read("enterprise_name_only")
    if not pending:
        return {"name_only": 0, "linked": 0, "ambiguous": 0}
    params, _, compared = estimate_from_store(store)
    model = MatchModel(params)
    rows, ambiguous = [], 0
    for q, mention in enumerate(compared.queries):
        ranked, seen = compared.front(model, q)
        best, unclear = decide(ranked)
        ambiguous += unclear
        if best is None:
            continue
        key = mention.name_forms[0].key if mention.name_forms else str(mention.id)
        target = best.candidate.id
        method = "exact name key" if best.levels[1] == 0 else "matching model"
        rows.append({"start": mention.id, "end": target, "score": round(best.probability, 4), "method": method,
                     "fid": "rel:" + stable_id("SAME_AS", mention.id, target, ""), "version": VERSION,
                     "evidence": evidence(key, best, seen)})
    store.write("enterprise_same_as_clear", [{"id": r["id"]} for r in pending])
    store.write("enterprise_same_as_merge", rows)
    return {"name_only": len(pending), "linked": len(rows), "ambiguous": ambiguous,
            "model": {"lambda": params["lambda"], **params["fit"]}}


def ensure_divisions(store: GraphStore) -> int:
    rows = [{"id": f"DIV:{d.code}", "code": d.code, "name": d.name, "level": d.level,
             "parent": f"DIV:{d.parent}" if d.parent else None,
             "fid": "rel:" + stable_id("PART_OF", f"DIV:{d.code}", f"DIV:{d.parent}", "")}
            for d in divisions().values()]
    store.write("region_divisions_merge", rows)
    return len(rows)
