"""Public lawyer look-up (no key): search, the lawyer's credit record, firms, cases and the masked
text of a judgment.

Every item of a record says its disclosure kind as the bar association's platform does: `legal`
(courts and the justice bureau), `industry` (bar association) or `voluntary` (declared by the lawyer,
shown only once reviewed). Party names are stored masked at extraction; nothing here unmasks them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from api.deps import get_settings_dep, get_store
from api.paging import Page, PageParams, page_params
from core.settings import Settings
from extraction.lawyers.caseno import normalise_case_number
from extraction.lawyers.ids import firm_id, search_terms
from graph.search import min_hits, normalise, terms_for
from graph.store import GraphStore
from reasoning.lawyers.profile import load_profile

router = APIRouter(tags=["lawyers"])
Disclosure = Literal["legal", "industry", "voluntary"]
POOL = 100  # candidates reranked per search
IdParam = Annotated[str, Path(min_length=3, max_length=300)]


# --- response models -------------------------------------------------------------------------
class LawyerHit(BaseModel):
    id: str
    name: str
    firm: str | None = None
    city: str | None = None
    title: str | None = None
    license_no: str | None = None
    status: str | None = None
    registered: bool = Field(description="found in the lawyer register (else known from judgments only)")
    cases: int = Field(description="cases found in published judgments")
    relevant_cases: int | None = Field(None, description="of those, cases with the cause / at the court asked")
    score: float = Field(description="name match, 0..1")


class LawyerSearch(Page[LawyerHit]):
    ranked_by: str
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "items": [{"id": "lawyer:lic:13101201011234567", "name": "张伟", "firm": "上海市某某律师事务所",
                   "city": "上海", "title": "律师", "license_no": "13101201011234567", "status": "practising",
                   "registered": True, "cases": 42, "relevant_cases": 17, "score": 1.0}],
        "limit": 20, "offset": 0, "next_offset": None, "next_cursor": None, "total": 1,
        "ranked_by": "relevant cases (cause 民间借贷纠纷), then name match"}]})


class CountRow(BaseModel):
    key: str
    cases: int


class OutcomeRow(BaseModel):
    side: str = Field(description="claimant | respondent | third_party | other")
    cases: int
    decided: int = Field(description="cases with a known outcome")
    counts: dict[str, int]
    rates: dict[str, float] | None = Field(None, description="shares of decided cases; null under the minimum")
    rate_note: str | None = None


class BasicInfo(BaseModel):
    name: str
    gender: str | None = None
    title: str | None = None
    license_no: str | None = None
    status: str | None = None
    registered: bool
    disclosure: Disclosure = "legal"
    source: str


class FirmStint(BaseModel):
    firm_id: str
    firm: str
    since: str | None = None
    until: str | None = None
    first_case: str | None = None
    last_case: str | None = None
    source: str
    disclosure: Disclosure = "legal"


class PracticeInfo(BaseModel):
    firm: str | None = None
    city: str | None = None
    practice_start: str | None = None
    firms: list[FirmStint]
    disclosure: Disclosure = "legal"


class RewardPunishment(BaseModel):
    type: Literal["award", "sanction"]
    kind: str | None = None
    date: str | None = None
    authority: str | None = None
    decision: str | None = None
    disclosure: Disclosure


class CaseItem(BaseModel):
    case_id: str
    case_number: str | None = None
    court: str | None = None
    cause: str | None = None
    date: str | None = None
    case_type: str | None = None
    side: str | None = None
    role: str | None = None
    party: str | None = Field(None, description="the party represented (natural persons masked)")
    outcome: str | None = None
    judgment_url: str = Field(description="the masked text of the source judgment")
    disclosure: Disclosure = "legal"


class BusinessInfo(BaseModel):
    cases: int
    first_seen: str | None = None
    last_seen: str | None = None
    by_year: list[CountRow]
    by_court: list[CountRow]
    by_case_type: list[CountRow]
    by_cause: list[CountRow]
    outcomes: list[OutcomeRow]
    min_cases_for_rate: int
    items: Page[CaseItem]
    disclosure: Disclosure = "legal"


class ServiceItem(BaseModel):
    activity: str
    date: str | None = None
    hours: float | None = None
    reviewed: bool = True
    disclosure: Disclosure = "voluntary"


class LawyerRecord(BaseModel):
    id: str
    resolved_from: str | None = Field(None, description="the id asked for, when it named this lawyer at a firm")
    basic: BasicInfo
    practice: PracticeInfo
    rewards_punishments: list[RewardPunishment]
    business: BusinessInfo
    social_service: list[ServiceItem]
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "lawyer:lic:13101201011234567", "resolved_from": None,
        "basic": {"name": "张伟", "gender": "男", "title": "律师", "license_no": "13101201011234567",
                  "status": "practising", "registered": True, "disclosure": "legal", "source": "lawyer register"},
        "practice": {"firm": "上海市某某律师事务所", "city": "上海", "practice_start": "2010-07-01", "disclosure": "legal",
                     "firms": [{"firm_id": "firm:某某|律师事务所", "firm": "上海市某某律师事务所", "since": "2010-07-01",
                                "until": None, "first_case": "2016-03-02", "last_case": "2023-11-20",
                                "source": "register", "disclosure": "legal"}]},
        "rewards_punishments": [{"type": "award", "kind": "优秀律师", "date": "2021-12-20", "authority": "上海市律师协会",
                                 "decision": "年度考核优秀。", "disclosure": "industry"}],
        "business": {"cases": 6, "first_seen": "2016-03-02", "last_seen": "2023-11-20",
                     "by_year": [{"key": "2023", "cases": 2}], "by_court": [{"key": "上海市黄浦区人民法院", "cases": 4}],
                     "by_case_type": [{"key": "民事一审", "cases": 5}], "by_cause": [{"key": "民间借贷纠纷", "cases": 3}],
                     "outcomes": [{"side": "claimant", "cases": 6, "decided": 6, "counts": {"won": 4, "lost": 2},
                                   "rates": {"won": 0.667, "lost": 0.333}, "rate_note": None}],
                     "min_cases_for_rate": 5, "disclosure": "legal",
                     "items": {"items": [{"case_id": "case:cn:（2023）沪0101民初1234号",
                                          "case_number": "（2023）沪0101民初1234号", "court": "上海市黄浦区人民法院",
                                          "cause": "民间借贷纠纷", "date": "2023-11-20", "case_type": "民事一审",
                                          "side": "claimant", "role": "原告", "party": "王某", "outcome": "won",
                                          "judgment_url": "/api/v1/cases/case:cn:（2023）沪0101民初1234号/judgment",
                                          "disclosure": "legal"}],
                               "limit": 50, "offset": 0, "next_offset": None, "next_cursor": None, "total": 6}},
        "social_service": [{"activity": "社区法律咨询", "date": "2022-05-15", "hours": 4.0, "reviewed": True,
                            "disclosure": "voluntary"}]}]})


class FirmMember(BaseModel):
    id: str = Field(description="the registered lawyer's id where known")
    name: str
    title: str | None = None
    since: str | None = None
    until: str | None = None
    source: str


class FirmRecord(BaseModel):
    id: str
    name: str
    city: str | None = None
    branch: str | None = Field(None, description="city of a branch office (分所)")
    head_office: dict[str, str] | None = None
    branches: list[dict[str, str]]
    license_no: str | None = None
    founded: str | None = None
    status: str | None = None
    members: list[FirmMember]
    cases_by_year: list[CountRow]
    disclosure: Disclosure = "legal"
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "firm:某某|律师事务所", "name": "上海市某某律师事务所", "city": "上海", "branch": None, "head_office": None,
        "branches": [{"id": "firm:某某|律师事务所|杭州", "name": "上海某某（杭州）律师事务所"}], "license_no": None,
        "founded": "2005-03-10", "status": "practising", "disclosure": "legal",
        "members": [{"id": "lawyer:lic:13101201011234567", "name": "张伟", "title": "律师", "since": "2010-07-01",
                     "until": None, "source": "register"}], "cases_by_year": [{"key": "2023", "cases": 12}]}]})


class CaseParty(BaseModel):
    name: str = Field(description="natural persons masked (surname + 某, initials)")
    kind: str
    role: str | None = None
    role_detail: str | None = None
    side: str | None = None
    outcome: str | None = None
    enterprise_id: str | None = None


class CaseCounsel(BaseModel):
    lawyer_id: str
    name: str
    firm: str | None = None
    title: str | None = None
    side: str | None = None
    party: str | None = None


class CaseRecord(BaseModel):
    id: str
    case_number: str | None = None
    court: str | None = None
    court_level: str | None = None
    cause: str | None = None
    date: str | None = None
    case_type: str | None = None
    stage: str | None = None
    outcome: str | None = Field(None, description="for the claimant side")
    parties: list[CaseParty]
    counsel: list[CaseCounsel]
    judges: list[dict[str, str | None]]
    judgment_url: str
    disclosure: Disclosure = "legal"
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "case:cn:（2019）沪0101民初1234号", "case_number": "（2019）沪0101民初1234号", "court": "上海市黄浦区人民法院",
        "court_level": "basic", "cause": "民间借贷纠纷", "date": "2019-08-20", "case_type": "民事一审", "stage": "first",
        "outcome": "won", "disclosure": "legal",
        "parties": [{"name": "王某", "kind": "person", "role": "原告", "role_detail": None, "side": "claimant",
                     "outcome": "won", "enterprise_id": None}],
        "counsel": [{"lawyer_id": "lawyer:lic:13101201011234567", "name": "张伟", "firm": "上海市某某律师事务所",
                     "title": "律师", "side": "claimant", "party": "王某"}],
        "judges": [{"name": "李明", "role": "审判员"}],
        "judgment_url": "/api/v1/cases/case:cn:（2019）沪0101民初1234号/judgment"}]})


class JudgmentText(BaseModel):
    case_id: str
    doc_id: str
    title: str | None = None
    date: str | None = None
    lang: str | None = None
    text: str = Field(description="the judgment as published here: natural persons, identity numbers, phones, "
                                  "accounts and detailed addresses masked")
    disclosure: Disclosure = "legal"
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "case_id": "case:cn:（2019）沪0101民初1234号", "doc_id": "doc:cn-judgments:1f0c…", "title": "上海市黄浦区人民法院民事判决书",
        "date": "2019-08-20", "lang": "zh", "disclosure": "legal",
        "text": "上海市黄浦区人民法院\n民事判决书\n（2019）沪0101民初1234号\n原告：王某，女，汉族，住上海市黄浦区×××。…"}]})


# --- search ----------------------------------------------------------------------------------
def _term_ids(store: GraphStore, label: str, text: str, limit: int) -> list[str]:
    terms = search_terms(text) if label in ("Lawyer", "LawFirm") else terms_for(text)
    if not terms:
        return []
    rows = store.read("templates/search_by_terms", {"terms": terms, "min_hits": min_hits(terms), "skip": 0,
                                                    "limit": limit}, LABEL=label)
    return [r["id"] for r in rows]


def _best_named(store: GraphStore, query: str, label: str, text: str, limit: int) -> list[str]:
    """Courts or firms found by search terms, kept only when their name matches what was typed best
    ("黄浦区人民法院" shares 人民, 法院 with every court: only the 黄浦 one is meant)."""
    ids = _term_ids(store, label, text, 30)
    if not ids:
        return []
    want = normalise(text)
    scored = sorted(((fuzz.WRatio(want, normalise(r["name"] or "")), r["id"]) for r in store.read(query, {"ids": ids})),
                    reverse=True)
    best = scored[0][0] if scored else 0
    return [i for score, i in scored if score >= max(best - 3, 75)][:limit]


def _causes(cause: str | None) -> list[str]:
    if not cause:
        return []
    cause = cause.strip()
    return [cause] if cause.endswith(("纠纷", "争议", "罪")) else [cause, cause + "纠纷"]


def _canonical(store: GraphStore, ids: list[str]) -> dict[str, str]:
    """Each candidate node -> the registered lawyer it stands for (itself when unresolved)."""
    rows = {r["id"]: r for r in store.read("lawyer_canonical", {"ids": ids})} if ids else {}
    return {i: (row["canonical"][0] if len(row["canonical"]) == 1 else i) for i in ids if (row := rows.get(i))}


def _candidates(store: GraphStore, q: str | None, firm: str | None, city: str | None, causes: list[str],
                courts: list[str]) -> tuple[list[str], dict[str, int] | None]:
    """Candidate lawyer nodes, and their relevant case counts when the candidates came from them."""
    if q:
        return _term_ids(store, "Lawyer", q, POOL), None
    if firm:
        firms = _best_named(store, "firm_names", "LawFirm", firm, 5)
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


@router.get("/lawyers", response_model=LawyerSearch, summary="Find a lawyer (public)",
            description="Search by name (tolerant of variants and typos), firm or city; with a cause (案由) or a "
                        "court, lawyers are ranked by their cases there, with the counts shown.")
def search_lawyers(
    q: str | None = Query(None, max_length=100, description="lawyer name, possibly with the firm"),
    firm: str | None = Query(None, max_length=100, description="law firm name (any variant)"),
    city: str | None = Query(None, max_length=30),
    cause: str | None = Query(None, max_length=50, description="case cause, e.g. 民间借贷纠纷"),
    court: str | None = Query(None, max_length=60, description="court name"),
    page: PageParams = Depends(page_params),  # noqa: B008
    store: GraphStore = Depends(get_store),  # noqa: B008
) -> LawyerSearch:
    if not any(v and v.strip() for v in (q, firm, city, cause, court)):
        return _browse(store, page)
    if q is not None and q.strip() and not search_terms(q):
        raise HTTPException(422, "q has no name to search for (only punctuation, or words every firm carries "
                                 "such as 律师, 事务所)")
    causes = _causes(cause)
    courts = _best_named(store, "lawyer_court_names", "Court", court, 3) if court else []
    if court and not courts:
        return LawyerSearch(items=[], limit=page.limit, offset=page.offset, total=0, ranked_by="no such court")
    found, counted = _candidates(store, q, firm, city, causes, courts)
    canonical = _canonical(store, found)
    ids = list(dict.fromkeys(canonical.values()))
    rows = store.read("lawyer_summaries", {"ids": ids}) if ids else []
    if firm and q:
        want = normalise(firm)
        rows = [r for r in rows if r.get("firm") and fuzz.partial_ratio(want, normalise(r["firm"])) >= 80]
    if city:
        rows = [r for r in rows if (r.get("city") or "") == city.strip() or city.strip() in (r.get("firm") or "")]
    relevant: dict[str, int] = {}
    if counted is not None:  # candidates came with their counts: add up a lawyer's nodes (one per firm)
        for node, n in counted.items():
            if node in canonical:
                relevant[canonical[node]] = relevant.get(canonical[node], 0) + n
    elif causes or courts:
        rel = store.read("lawyer_experience", {"ids": [r["id"] for r in rows], "causes": causes, "courts": courts})
        relevant = {r["id"]: int(r["relevant"]) for r in rel}
    if causes or courts:
        rows = [r for r in rows if relevant.get(r["id"])]
    hits = []
    for r in rows:
        score = fuzz.WRatio(normalise(q), normalise(f"{r['name']} {r.get('firm') or ''}")) / 100 if q else 1.0
        hits.append(LawyerHit(id=r["id"], name=r["name"], firm=r.get("firm"), city=r.get("city"), title=r.get("title"),
                              license_no=r.get("license_no"), status=r.get("status"),
                              registered=r.get("kind") == "registered", cases=int(r["cases"]),
                              relevant_cases=relevant.get(r["id"]) if relevant else None, score=round(score, 3)))
    if relevant:
        hits.sort(key=lambda h: (-(h.relevant_cases or 0), -h.score, -h.cases, h.id))
        ranked_by = "relevant cases" + (f" (cause {causes[0]})" if causes else "") + \
            (" at the court" if courts else "") + ", then name match"
    else:
        hits.sort(key=lambda h: (-h.score, -h.cases, h.id))
        ranked_by = "name match, then cases" if q else "cases"
    window = hits[page.offset : page.offset + page.fetch]
    built = Page[LawyerHit].build(window, page, total=len(hits))
    return LawyerSearch(**built.model_dump(), ranked_by=ranked_by)


def _browse(store: GraphStore, page: PageParams) -> LawyerSearch:
    """Without a filter: registered lawyers in license order, a page at a time."""
    ids = [r["id"] for r in store.read("lawyer_browse", {"skip": page.offset, "limit": page.fetch})]
    rows = {r["id"]: r for r in store.read("lawyer_summaries", {"ids": ids})} if ids else {}
    hits = [LawyerHit(id=i, name=r["name"], firm=r.get("firm"), city=r.get("city"), title=r.get("title"),
                      license_no=r.get("license_no"), status=r.get("status"), registered=True,
                      cases=int(r["cases"]), score=1.0) for i in ids if (r := rows.get(i))]
    built = Page[LawyerHit].build(hits, page)
    return LawyerSearch(**built.model_dump(), ranked_by="license number (no filter given)")


# --- records ---------------------------------------------------------------------------------
def _judgment_url(case_id: str) -> str:
    return f"/api/v1/cases/{case_id}/judgment"


@router.get("/lawyers/{lawyer_id}", response_model=LawyerRecord, summary="A lawyer's credit record (public)")
def lawyer_record(
    lawyer_id: IdParam,
    page: PageParams = Depends(page_params),  # noqa: B008
    store: GraphStore = Depends(get_store),  # noqa: B008
    settings: Settings = Depends(get_settings_dep),  # noqa: B008
) -> LawyerRecord:
    profile = load_profile(store, settings, lawyer_id)
    if profile is None:
        raise HTTPException(404, f"no lawyer {lawyer_id!r}; find ids with GET /api/v1/lawyers?q=name")
    lw = profile.lawyer
    registered = lw.get("kind") == "registered"
    cases = [CaseItem(case_id=c["case_id"], case_number=c.get("case_number"), court=c.get("court"),
                      cause=c.get("cause"), date=c.get("date"), case_type=c.get("case_type_name") or c.get("case_type"),
                      side=c.get("side"), role=c.get("role"), party=c.get("party"), outcome=c.get("outcome"),
                      judgment_url=_judgment_url(c["case_id"]))
             for c in profile.cases[page.offset : page.offset + page.fetch]]
    stats = profile.stats
    business = BusinessInfo(
        cases=stats["cases"], first_seen=stats["first_seen"], last_seen=stats["last_seen"],
        by_year=stats["by_year"], by_court=stats["by_court"], by_case_type=stats["by_case_type"],
        by_cause=stats["by_cause"], outcomes=stats["outcomes"], min_cases_for_rate=stats["min_cases_for_rate"],
        items=Page[CaseItem].build(cases, page, total=len(profile.cases)),
    )
    return LawyerRecord(
        id=lw["id"], resolved_from=lawyer_id if profile.resolved_to else None,
        basic=BasicInfo(name=lw.get("name") or "", gender=lw.get("gender"), title=lw.get("title"),
                        license_no=lw.get("license_no"), status=lw.get("status"), registered=registered,
                        source="lawyer register" if registered else "published judgments"),
        practice=PracticeInfo(firm=lw.get("firm_name"), city=lw.get("city"), practice_start=lw.get("practice_start"),
                              firms=[FirmStint(**f) for f in profile.firms]),
        rewards_punishments=[RewardPunishment(type="award" if r["label"] == "Award" else "sanction", kind=r.get("kind"),
                                              date=r.get("date"), authority=r.get("authority"),
                                              decision=r.get("decision"), disclosure=r.get("disclosure") or "industry")
                             for r in profile.rewards_punishments],
        business=business,
        social_service=[ServiceItem(activity=s["activity"], date=s.get("date"), hours=s.get("hours"))
                        for s in profile.service],
    )


@router.get("/firms/{firm_key}", response_model=FirmRecord, summary="A law firm (public)")
def firm_record(
    firm_key: IdParam,
    limit: int = Query(100, ge=1, le=500, description="members listed at most"),
    store: GraphStore = Depends(get_store),  # noqa: B008
) -> FirmRecord:
    """`firm_key` is a firm id (firm:…) or a firm name in any variant."""
    fid = firm_key if firm_key.startswith("firm:") else _firm_id_or_none(firm_key)
    rows = store.read("firm_record", {"id": fid}) if fid else []
    if not rows or rows[0].get("firm") is None:
        raise HTTPException(404, f"no law firm {firm_key!r}; find firms with GET /api/v1/lawyers?firm=name")
    row, firm = rows[0], rows[0]["firm"]
    members: dict[str, FirmMember] = {}
    for m in store.read("firm_members", {"id": firm["id"], "limit": limit}):
        lid = m["canonical"][0] if len(m["canonical"]) == 1 else m["id"]
        current = members.get(lid)
        if current is None or (m.get("source") == "register" and current.source != "register"):
            members[lid] = FirmMember(id=lid, name=m["name"], title=m.get("title"), since=m.get("since"),
                                      until=m.get("until"), source=m.get("source") or "judgment")
    by_year = [CountRow(key=str(r["year"]), cases=r["cases"]) for r in store.read("firm_cases", {"id": firm["id"]})
               if r.get("year") is not None]
    branches = [{"id": i, "name": n} for i, n in zip(row["branch_ids"], row["branch_names"], strict=False) if i]
    return FirmRecord(id=firm["id"], name=firm.get("name") or firm.get("name_seen") or firm["id"], city=firm.get("city"),
                      branch=firm.get("branch") or None,
                      head_office={"id": row["head_id"], "name": row["head_name"]} if row.get("head_id") else None,
                      branches=branches, license_no=firm.get("license_no"), founded=firm.get("founded"),
                      status=firm.get("status"), members=list(members.values()), cases_by_year=by_year)


def _firm_id_or_none(name: str) -> str | None:
    try:
        return firm_id(name)
    except ValueError:
        return None


def _case_id(key: str) -> str:
    if key.startswith("case:"):
        return key
    number = normalise_case_number(key)
    if number is None:
        raise HTTPException(404, f"{key!r} is neither a case id (case:…) nor a case number like （2019）沪0101民初1234号")
    return "case:cn:" + number


@router.get("/cases/{case_key}/judgment", response_model=JudgmentText,
            summary="The masked text of a case's source judgment (public)")
def case_judgment(case_key: IdParam, store: GraphStore = Depends(get_store)) -> JudgmentText:  # noqa: B008
    cid = _case_id(case_key)
    rows = store.read("case_judgment", {"id": cid})
    if not rows:
        raise HTTPException(404, f"no judgment text for case {case_key!r}")
    r = rows[0]
    return JudgmentText(case_id=cid, doc_id=r["doc_id"], title=r.get("title"), date=r.get("date"),
                        lang=r.get("lang"), text=r.get("text") or "")


@router.get("/cases/{case_key}", response_model=CaseRecord, summary="A case: court, parties, counsel, outcome (public)")
def case_record(case_key: IdParam, store: GraphStore = Depends(get_store)) -> CaseRecord:  # noqa: B008
    cid = _case_id(case_key)
    rows = store.read("case_record", {"id": cid})
    if not rows or rows[0].get("case") is None:
        raise HTTPException(404, f"no case {case_key!r}")
    case = rows[0]["case"]
    parties = store.read("case_parties", {"id": cid})
    names = {p["id"]: p["name"] for p in parties}
    counsel = [CaseCounsel(lawyer_id=c["canonical"][0] if len(c["canonical"]) == 1 else c["id"], name=c["name"],
                           firm=c.get("firm"), title=c.get("title"), side=c.get("side"), party=names.get(c["party_id"]))
               for c in store.read("case_counsel", {"id": cid})]
    return CaseRecord(
        id=cid, case_number=case.get("case_number"), court=rows[0].get("court"), court_level=rows[0].get("court_level"),
        cause=case.get("cause"), date=case.get("date"), case_type=case.get("case_type_name") or case.get("case_type"),
        stage=case.get("stage"), outcome=case.get("outcome"),
        parties=[CaseParty(**{k: p.get(k) for k in CaseParty.model_fields}) for p in parties],
        counsel=counsel, judges=[{"name": j["name"], "role": j.get("role")} for j in store.read("case_judges", {"id": cid})],
        judgment_url=_judgment_url(cid),
    )

