"""Public lawyer look-up (no key): search, the lawyer's credit record, firms, cases and the masked
text of a judgment.

Every item of a record says its disclosure kind as the bar association's platform does: `legal`
(courts and the justice bureau), `industry` (bar association) or `voluntary` (declared by the lawyer,
shown only once reviewed). Party names are stored masked at extraction; nothing here unmasks them.
The work is done in reasoning/lawyers/; these routes check what is asked, call it and shape the answer.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import AppSettings, Paging, Store
from api.errors import Problem
from api.paging import Page
from reasoning.lawyers import case as lawyer_cases
from reasoning.lawyers import search as lawyer_search
from reasoning.lawyers.firm import firm_record as find_firm
from reasoning.lawyers.profile import load_profile

router = APIRouter(tags=["lawyers"])
Disclosure = Literal["legal", "industry", "voluntary"]
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
    kind: str = Field(description="person | enterprise | official (a trustee who is also counsel of record)")
    role: str | None = Field(None, description="role at the court that decided the case (上诉人, appellant, appellee …)")
    role_detail: str | None = Field(None, description="the role at trial where printed (原审被告; plaintiff in "
                                                      "Plaintiff-Appellant)")
    side: str | None = None
    outcome: str | None = None
    enterprise_id: str | None = None


class CaseCounsel(BaseModel):
    lawyer_id: str
    name: str
    firm: str | None = None
    title: str | None = None
    side: str | None = Field(None, description="side argued for at the court that decided the case")
    role: str | None = Field(None, description="the party's role there (appellant, 被上诉人 …)")
    trial_role: str | None = Field(None, description="the party's role at trial where printed (plaintiff, 原审被告 …)")
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
@router.get("/lawyers", response_model=LawyerSearch, summary="Find a lawyer (public)",
            description="Search by name (tolerant of variants and typos), firm or city; with a cause (案由) or a "
                        "court, lawyers are ranked by their cases there, with the counts shown.")
def search_lawyers(
    page: Paging,
    store: Store,
    q: Annotated[str | None, Query(max_length=100, description="lawyer name, possibly with the firm")] = None,
    firm: Annotated[str | None, Query(max_length=100, description="law firm name (any variant)")] = None,
    city: Annotated[str | None, Query(max_length=30)] = None,
    cause: Annotated[str | None, Query(max_length=50, description="case cause, e.g. 民间借贷纠纷")] = None,
    court: Annotated[str | None, Query(max_length=60, description="court name")] = None,
) -> LawyerSearch:
    query = lawyer_search.LawyerQuery(q=q, firm=firm, city=city, cause=cause, court=court)
    if not query.given:
        listed = [LawyerHit(**h) for h in lawyer_search.browse(store, page.offset, page.fetch)]
        built = Page[LawyerHit].build(listed, page)
        return LawyerSearch(**built.model_dump(), ranked_by=lawyer_search.BROWSE_ORDER)
    try:
        found = lawyer_search.search(store, query)
    except lawyer_search.NoNameToSearch as exc:
        raise HTTPException(422, str(exc)) from exc
    hits = [LawyerHit(**h) for h in found.hits]
    built = Page[LawyerHit].build(hits[page.offset : page.offset + page.fetch], page, total=len(hits))
    return LawyerSearch(**built.model_dump(), ranked_by=found.ranked_by)


# --- records ---------------------------------------------------------------------------------
def _judgment_url(case_id: str) -> str:
    return f"/api/v1/cases/{case_id}/judgment"


@router.get("/lawyers/{lawyer_id}", response_model=LawyerRecord, summary="A lawyer's credit record (public)")
def lawyer_record(lawyer_id: IdParam, page: Paging, store: Store, settings: AppSettings) -> LawyerRecord:
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
    store: Store,
    limit: Annotated[int, Query(ge=1, le=500, description="members listed at most")] = 100,
) -> FirmRecord:
    """`firm_key` is a firm id (firm:…) or a firm name in any variant."""
    found = find_firm(store, firm_key, limit)
    if found is None:
        raise HTTPException(404, f"no law firm {firm_key!r}; find firms with GET /api/v1/lawyers?firm=name")
    return FirmRecord(**found)


CASE_KEY = ("a case id (case:…), a Chinese case number like （2019）沪0101民初1234号 or a US docket number "
            "like No. 25741")
CASE_RESPONSES: dict[int | str, dict] = {
    404: {"model": Problem, "description": "no case under that key"},
    409: {"model": Problem, "description": "a US docket number several courts use: ask by one of the case ids named"}}


def _case_id(key: str, store: Store) -> str:
    ids = lawyer_cases.case_ids(store, key)
    if not ids:
        raise HTTPException(404, f"no case {key!r}: give {CASE_KEY}")
    if len(ids) > 1:
        raise HTTPException(409, f"{len(ids)} cases print docket number {key!r}: {', '.join(ids)}; ask by case id")
    return ids[0]


@router.get("/cases/{case_key}/judgment", response_model=JudgmentText, responses=CASE_RESPONSES,
            summary="The masked text of a case's source judgment (public)")
def case_judgment(case_key: IdParam, store: Store) -> JudgmentText:
    """`case_key` is a case id (case:…), a Chinese case number or a US docket number."""
    found = lawyer_cases.judgment(store, _case_id(case_key, store))
    if found is None:
        raise HTTPException(404, f"no judgment text for case {case_key!r}")
    return JudgmentText(**found)


@router.get("/cases/{case_key}", response_model=CaseRecord, responses=CASE_RESPONSES,
            summary="A case: court, parties, counsel, outcome (public)")
def case_record(case_key: IdParam, store: Store) -> CaseRecord:
    found = lawyer_cases.case_record(store, _case_id(case_key, store))
    if found is None:
        raise HTTPException(404, f"no case {case_key!r}")
    parties = [CaseParty(**{k: p.get(k) for k in CaseParty.model_fields}) for p in found["parties"]]
    return CaseRecord(**found | {"parties": parties}, judgment_url=_judgment_url(found["id"]))
