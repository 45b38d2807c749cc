"""Request and response bodies of `POST /api/v1/match` (screening a list; yente's match API is the model)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

MAX_QUERIES = 100
# At least one non-blank character: a blank name is no name, and the schema says so (so every value the
# schema allows is one the API accepts).
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300, pattern=r"\S")]
QueryKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:\-]{1,64}$")]


class MatchQuery(BaseModel):
    """A partial record: what a list gives about an enterprise (or a person)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"anyOf": [
        {"required": [f], "properties": {f: {"type": "string"}}} for f in ("name", "code")]})
    name: Text | None = Field(None, description="enterprise name in any variant (or a person's name)")
    code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40, pattern=r"\S")] | None = Field(
        None, description="unified social credit code or UK company number, as written")
    address: Text | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None
    legal_representative: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    officers: list[Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]] = Field(
        default_factory=list, max_length=20)
    jurisdiction: Literal["CN", "UK"] | None = None
    kind: Literal["enterprise", "person"] | None = Field(
        None, description="what the query describes; by default a Chinese 2-4 character name without a code is a person")

    @model_validator(mode="after")
    def _something_to_match(self) -> MatchQuery:
        if not (self.name or self.code):
            raise ValueError("a query needs a name or a code")
        return self


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "queries": {"q1": {"name": "上海宏盛科技有限公司", "code": "91310104MA1FL2XXXX", "jurisdiction": "CN"},
                    "q2": {"name": "Northgate Riverside Consulting Limited", "address": "12 City Road, London EC1V 2NX"}},
        "threshold": 0.7, "limit": 5}]})
    queries: dict[QueryKey, MatchQuery] = Field(min_length=1, max_length=MAX_QUERIES,
                                                description=f"named queries, at most {MAX_QUERIES}",
                                                json_schema_extra={"additionalProperties": False})
    threshold: float = Field(0.7, ge=0.01, le=1.0, description="lowest match probability returned")
    limit: int = Field(5, ge=1, le=50, description="candidates returned per query")


class Feature(BaseModel):
    feature: str = Field(description="code, name, address, phone, people, jurisdiction, region, prior, person_rule, branch")
    level: str
    weight: float = Field(description="match weight in bits: log2(m / u) (the prior: log2 odds)")
    agrees: bool
    detail: str = ""


class CandidateRisk(BaseModel):
    level: Literal["red", "yellow", "green"]
    score: float | None = None
    reasons: list[dict[str, Any]] = Field(default_factory=list, description="as in /enterprises/{id}/risk")


class Candidate(BaseModel):
    id: str
    kind: Literal["enterprise", "person"]
    name: str | None = None
    code: str | None = None
    score: float = Field(ge=0, le=1, description="calibrated match probability")
    match: bool = Field(description="score >= threshold")
    weight: float = Field(description="total match weight in bits")
    features: list[Feature] = Field(description="what decided it, strongest first")
    risk: CandidateRisk | None = Field(None, description="the enterprise's risk level and reasons (null until scored)")
    enterprises: list[str] | None = Field(None, description="for a person: the enterprises they represent or serve")


class QueryResult(BaseModel):
    kind: Literal["enterprise", "person"]
    code_valid: bool | None = Field(None, description="whether the query's code passes its check")
    code_issue: str | None = None
    candidates: int = Field(description="candidates compared")
    total: int = Field(description="candidates at or above the threshold")
    results: list[Candidate]


class MatchResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "responses": {"q1": {
            "kind": "enterprise", "code_valid": True, "code_issue": None, "candidates": 3, "total": 1,
            "results": [{
                "id": "CN:91310104MA1FL2XXXX", "kind": "enterprise", "name": "上海宏盛科技有限公司",
                "code": "91310104MA1FL2XXXX", "score": 0.9987, "match": True, "weight": 19.4,
                "features": [{"feature": "code", "level": "exact", "weight": 12.1, "agrees": True, "detail": ""},
                             {"feature": "name", "level": "core_exact", "weight": 8.3, "agrees": True, "detail": ""}],
                "risk": {"level": "yellow", "score": 0.41, "reasons": []}, "enterprises": None}]}},
        "threshold": 0.7, "limit": 5,
        "model": {"name": "enterprise-matching", "version": 1, "estimated": ["u"], "register": "a1b2c3"}}]})
    responses: dict[str, QueryResult]
    threshold: float
    limit: int
    model: dict[str, Any] = Field(description="the matching model file version and what was estimated")
