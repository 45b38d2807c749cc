"""A case as published: court, parties (natural persons masked at extraction), counsel (each as the
registered lawyer they stand for), judges, and the masked text of the source judgment."""

from __future__ import annotations

from typing import Any

from extraction.lawyers.caseno import normalise_case_number
from extraction.lawyers.judgment_facts import docket_terms
from graph.store import GraphStore

MAX_DOCKET_MATCHES = 20


def case_id(key: str) -> str | None:
    """The case id a key names: a case id (case:…) as it is, a case number such as
    （2019）沪0101民初1234号 by its id; None for neither."""
    if key.startswith("case:"):
        return key
    number = normalise_case_number(key)
    return None if number is None else "case:cn:" + number


def case_ids(store: GraphStore, key: str) -> list[str]:
    """The cases a key names: a case id or Chinese case number (one id, whether or not stored), else
    the US cases printing that docket number ("No. 25741", "ED 83155"), found by their docket keys;
    several courts may share one (the caller says which it means by the case id)."""
    cid = case_id(key)
    if cid is not None:
        return [cid]
    terms = docket_terms(key)
    if not terms:
        return []
    rows = store.read("templates/search_by_terms", {"terms": terms[:1], "min_hits": 1, "skip": 0,
                                                    "limit": MAX_DOCKET_MATCHES}, LABEL="Case")
    return [r["id"] for r in rows]


def judgment(store: GraphStore, cid: str) -> dict[str, Any] | None:
    """The masked judgment text of a case (case_id, doc_id, title, date, lang, text); None without one."""
    rows = store.read("case_judgment", {"id": cid})
    if not rows:
        return None
    r = rows[0]
    return {"case_id": cid, "doc_id": r["doc_id"], "title": r.get("title"), "date": r.get("date"),
            "lang": r.get("lang"), "text": r.get("text") or ""}


def case_record(store: GraphStore, cid: str) -> dict[str, Any] | None:
    """The case with its parties (rows as stored), counsel and judges; None when there is no such case."""
    rows = store.read("case_record", {"id": cid})
    if not rows or rows[0].get("case") is None:
        return None
    case = rows[0]["case"]
    parties = store.read("case_parties", {"id": cid})
    names = {p["id"]: p["name"] for p in parties}
    counsel = [{"lawyer_id": c["canonical"][0] if len(c["canonical"]) == 1 else c["id"], "name": c["name"],
                "firm": c.get("firm"), "title": c.get("title"), "side": c.get("side"), "role": c.get("role"),
                "trial_role": c.get("trial_role"), "party": names.get(c["party_id"])}
               for c in store.read("case_counsel", {"id": cid})]
    judges = [{"name": j["name"], "role": j.get("role")} for j in store.read("case_judges", {"id": cid})]
    return {"id": cid, "case_number": case.get("case_number"), "court": rows[0].get("court"),
            "court_level": rows[0].get("court_level"), "cause": case.get("cause"), "date": case.get("date"),
            "case_type": case.get("case_type_name") or case.get("case_type"), "stage": case.get("stage"),
            "outcome": case.get("outcome"), "parties": parties, "counsel": counsel, "judges": judges}
