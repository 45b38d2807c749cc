"""Finding a lawyer: by name (tolerant of variants and typos), firm or city; with a cause (案由) or a
court, lawyers ranked by their cases there. Without any filter, registered lawyers in license order.

Candidates come from the term index (or, for a cause or court, from the cases themselves); a node
that stands for a registered lawyer (a name at a firm) is counted as that lawyer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from extraction.lawyers.ids import search_terms
from graph.search import min_hits, normalise, terms_for
from graph.store import GraphStore

POOL = 100  # candidates reranked per search
BROWSE_ORDER = "license number (no filter given)"
NO_COURT = "no such court"


class NoNameToSearch(ValueError):
    """The name asked for holds nothing to search by."""

    def __str__(self) -> str:
        return ("q has no name to search for (only punctuation, or words every firm carries such as 律师, "
                "事务所)")


@dataclass(frozen=True)
class LawyerQuery:
    q: str | None = None  # lawyer name, possibly with the firm
    firm: str | None = None  # law firm name (any variant)
    city: str | None = None
    cause: str | None = None  # case cause, e.g. 民间借贷纠纷
    court: str | None = None  # court name

    @property
    def given(self) -> bool:
        """Whether any filter is given (else the search is a browse)."""
        return any(v and v.strip() for v in (self.q, self.firm, self.city, self.cause, self.court))


@dataclass
class Ranked:
    hits: list[dict[str, Any]]  # every lawyer found, best first: id, name, firm, city, title, license_no,
    #                             status, registered, cases, relevant_cases, score (name match, 0..1)
    ranked_by: str  # the order, in words


def term_ids(store: GraphStore, label: str, text: str, limit: int) -> list[str]:
    """Nodes of `label` carrying most of the search terms of `text`."""
    terms = search_terms(text) if label in ("Lawyer", "LawFirm") else terms_for(text)
    if not terms:
        return []
    rows = store.read("templates/search_by_terms", {"terms": terms, "min_hits": min_hits(terms), "skip": 0,
                                                    "limit": limit}, LABEL=label)
    return [r["id"] for r in rows]


def best_named(store: GraphStore, query: str, label: str, text: str, limit: int) -> list[str]:
    """Courts or firms found by search terms, kept only when their name matches what was typed best
    ("黄浦区人民法院" shares 人民, 法院 with every court: only the 黄浦 one is meant)."""
    ids = term_ids(store, label, text, 30)
    if not ids:
        return []
    want = normalise(text)
    scored = sorted(((fuzz.WRatio(want, normalise(r["name"] or "")), r["id"]) for r in store.read(query, {"ids": ids})),
                    reverse=True)
    best = scored[0][0] if scored else 0
    return [i for score, i in scored if score >= max(best - 3, 75)][:limit]


def causes_for(cause: str | None) -> list[str]:
    """The causes a typed cause stands for: itself, and with 纠纷 when it names no kind of dispute."""
    if not cause:
        return []
    cause = cause.strip()
    return [cause] if cause.endswith(("纠纷", "争议", "罪")) else [cause, cause + "纠纷"]


def canonical(store: GraphStore, ids: list[str]) -> dict[str, str]:
    """Each candidate node -> the registered lawyer it stands for (itself when unresolved)."""
    rows = {r["id"]: r for r in store.read("lawyer_canonical", {"ids": ids})} if ids else {}
    return {i: (row["canonical"][0] if len(row["canonical"]) == 1 else i) for i in ids if (row := rows.get(i))}


def candidates(store: GraphStore, query: LawyerQuery, causes: list[str], courts: list[str]
               ) -> tuple[list[str], dict[str, int] | None]:
    """Candidate lawyer nodes, and their relevant case counts when the candidates came from them."""
    q, firm, city = query.q, query.firm, query.city
    if q:
        return term_ids(store, "Lawyer", q, POOL), None
    if firm:
        firms = best_named(store, "firm_names", "LawFirm", firm, 5)
        rows = store.read("lawyer_by_firms", {"firms": firms, "limit": POOL}) if firms else []
        return [r["id"] for r in rows], None
    if causes or courts:
        name, params = ("lawyer_by_cause", {"causes": causes, "courts": courts}) if causes else \
            ("lawyer_by_court", {"courts": courts, "causes": causes})
        rows = store.read(name, {**params, "limit": POOL})
        return [r["id"] for r in rows], {r["id"]: int(r["relevant"]) for r in rows}
    if city:
        return [r["id"] for r in store.read("lawyer_by_city", {"city": city.strip(), "limit": POOL})], None
    return [], None


def _hit(r: dict[str, Any], registered: bool, relevant: int | None, score: float) -> dict[str, Any]:
    return {"id": r["id"], "name": r["name"], "firm": r.get("firm"), "city": r.get("city"), "title": r.get("title"),
            "license_no": r.get("license_no"), "status": r.get("status"), "registered": registered,
            "cases": int(r["cases"]), "relevant_cases": relevant, "score": score}


def search(store: GraphStore, query: LawyerQuery) -> Ranked:
    """Every lawyer matching the filters, ranked (raises NoNameToSearch for a name of only stop words)."""
    q, firm, city, court = query.q, query.firm, query.city, query.court
    if q is not None and q.strip() and not search_terms(q):
        raise NoNameToSearch()
    causes = causes_for(query.cause)
    courts = best_named(store, "lawyer_court_names", "Court", court, 3) if court else []
    if court and not courts:
        return Ranked([], NO_COURT)
    found, counted = candidates(store, query, causes, courts)
    stands_for = canonical(store, found)
    ids = list(dict.fromkeys(stands_for.values()))
    rows = store.read("lawyer_summaries", {"ids": ids}) if ids else []
    if firm and q:
        want = normalise(firm)
        rows = [r for r in rows if r.get("firm") and fuzz.partial_ratio(want, normalise(r["firm"])) >= 80]
    if city:
        rows = [r for r in rows if (r.get("city") or "") == city.strip() or city.strip() in (r.get("firm") or "")]
    relevant: dict[str, int] = {}
    if counted is not None:  # candidates came with their counts: add up a lawyer's nodes (one per firm)
        for node, n in counted.items():
            if node in stands_for:
                relevant[stands_for[node]] = relevant.get(stands_for[node], 0) + n
    elif causes or courts:
        rel = store.read("lawyer_experience", {"ids": [r["id"] for r in rows], "causes": causes, "courts": courts})
        relevant = {r["id"]: int(r["relevant"]) for r in rel}
    if causes or courts:
        rows = [r for r in rows if relevant.get(r["id"])]
    hits = []
    for r in rows:
        score = fuzz.WRatio(normalise(q), normalise(f"{r['name']} {r.get('firm') or ''}")) / 100 if q else 1.0
        hits.append(_hit(r, r.get("kind") == "registered", relevant.get(r["id"]) if relevant else None,
                         round(score, 3)))
    if relevant:
        hits.sort(key=lambda h: (-(h["relevant_cases"] or 0), -h["score"], -h["cases"], h["id"]))
        ranked_by = "relevant cases" + (f" (cause {causes[0]})" if causes else "") + \
            (" at the court" if courts else "") + ", then name match"
    else:
        hits.sort(key=lambda h: (-h["score"], -h["cases"], h["id"]))
        ranked_by = "name match, then cases" if q else "cases"
    return Ranked(hits, ranked_by)


def browse(store: GraphStore, skip: int, limit: int) -> list[dict[str, Any]]:
    """Without a filter: `limit` registered lawyers in license order after the first `skip`."""
    ids = [r["id"] for r in store.read("lawyer_browse", {"skip": skip, "limit": limit})]
    rows = {r["id"]: r for r in store.read("lawyer_summaries", {"ids": ids})} if ids else {}
    return [_hit(r, True, None, 1.0) for i in ids if (r := rows.get(i))]
