"""Watch and be told: watches on an enterprise, a vehicle model, a lawyer or a region; the alerts they
raise (with the as-of date and the evidence) and their webhook deliveries; the feed of facts changed
since a cursor. The work is in reasoning/watches/ (store, subjects, check, webhooks, changes).

Any key owns its watches and sees only its own; a subject is watched only by a role that may read it
(enterprises and regions: regulator; vehicle models: inspector; lawyers: both; admin: all).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.auth import Credentials, identify, require_role
from api.deps import AppSettings, Paging, Store
from api.errors import Problem, clip
from api.keys import ApiKey
from api.paging import Page
from core.domains import DOMAINS
from core.settings import Settings
from reasoning.watches import changes as change_feed
from reasoning.watches import subjects, webhooks
from reasoning.watches.store import WatchStore

router = APIRouter(tags=["watches"])
Owner = Annotated[ApiKey, Depends(require_role("inspector", "regulator"))]
Kind = Literal["enterprise", "vehicle", "lawyer", "region"]
WatchId = Annotated[str, Path(min_length=1, max_length=64, description="w_<hex>, from POST /watches")]
URL_PATTERN = r"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?([/?#][^\s]*)?$"
AlertId = Annotated[str, Path(min_length=1, max_length=64, description="a_<hex>, from GET /alerts")]


# --- models ------------------------------------------------------------------------------------
class WatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"kind": "enterprise", "subject": "CN:91310105MA146U7T9W", "url": "https://hooks.example.org/riskgraph"},
        {"kind": "vehicle", "subject": "vehicle:ford|f-150|2019"}, {"kind": "region", "subject": "310105"}]})
    kind: Kind
    subject: str = Field(min_length=1, max_length=300, description="enterprise id, vehicle model id "
                         "(vehicle:make|model|year), lawyer id, or division code (GB/T 2260 or GB-<area>)")
    label: str | None = Field(None, max_length=200, description="your name for it (default: the subject's name)")
    url: str | None = Field(None, max_length=2000, pattern=URL_PATTERN,
                            description="webhook (http or https, no user name or password): alerts are POSTed here, signed")
    secret: str | None = Field(None, min_length=16, max_length=200, description="HMAC key of the signature; "
                               "made and shown once when a url comes without one")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
            raise ValueError("must be an http(s) URL with a host and no user name or password")
        return value


class Watch(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "w_0a1b2c3d4e5f6a7b", "kind": "enterprise", "subject": "CN:91310105MA146U7T9W",
        "label": "上海某某商务咨询有限公司", "url": "https://hooks.example.org/riskgraph", "has_secret": True,
        "created_at": "2026-01-05T09:00:00+00:00", "checked_at": "2026-01-05T10:00:04+00:00", "secret": None}]})
    id: str
    kind: Kind
    subject: str
    label: str | None = None
    url: str | None = None
    has_secret: bool = False
    created_at: str
    checked_at: str | None = Field(None, description="last time the subject was compared (after ingests, trainings)")
    secret: str | None = Field(None, description="only in the answer that made it: keep it to check signatures")


class Alert(BaseModel):
    id: str
    watch_id: str
    kind: Kind
    subject: str
    label: str | None = None
    event: str = Field(description="risk_level, change, penalty, abnormal_listing, case, complaint_surge, recall "
                                   "(or more: the rest of a large batch, counted)")
    title: str
    as_of: str | None = Field(None, description="date of the event in the data (record date, scoring date …)")
    detected_at: str = Field(description="when the check after an ingest or training found it (UTC)")
    trigger: str | None = Field(None, description="the ingest or training after which it was found")
    detail: dict[str, Any] = {}
    evidence: list[str] = Field([], description="fact ids for GET /api/v1/evidence/{fact_id}")
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "a_5f0c2b9d1e7a4c3b", "watch_id": "w_0a1b2c3d4e5f6a7b", "kind": "enterprise",
        "subject": "CN:91310105MA146U7T9W", "label": "上海某某商务咨询有限公司", "event": "penalty",
        "title": "penalty 市监处罚〔2024〕12号 for 虚假登记, fine 5", "as_of": "2024-05-02",
        "detected_at": "2026-01-05T10:00:04+00:00", "trigger": "ingest cn-penalties",
        "detail": {"fact_id": "Penalty:PEN:…"}, "evidence": ["Penalty:PEN:…"]}]})


class Attempt(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "alert_id": "a_5f0c2b9d1e7a4c3b", "watch_id": "w_0a1b2c3d4e5f6a7b", "attempt": 1,
        "at": "2026-01-05T10:00:05+00:00", "url": "https://hooks.example.org/riskgraph", "status_code": 500,
        "ok": False, "error": "HTTP 500", "duration_ms": 41, "next_attempt_at": "2026-01-05T10:00:07+00:00"}]})
    alert_id: str
    watch_id: str
    attempt: int
    at: str
    url: str | None = None
    status_code: int | None = Field(None, description="the webhook's HTTP status; none when it did not answer")
    ok: bool
    error: str | None = None
    duration_ms: int | None = None
    next_attempt_at: str | None = Field(None, description="when it is tried again; none when delivered or given up")


class Delivery(BaseModel):
    status: str = Field(description="pending, delivered, failed (every attempt used) or cancelled")
    attempts: int
    last_error: str | None = None


class AlertDetail(Alert):
    delivery: Delivery | None = Field(None, description="none when the watch has no webhook")
    attempts: list[Attempt] = []


class Change(BaseModel):
    fact_id: str
    kind: str = Field(description="record (a source record ingested) or risk_score (an enterprise scored)")
    at: str = Field(description="when it entered the graph (ingested_at / scored_at, UTC)")
    domain: str
    source_kind: str | None = None
    date: str | None = Field(None, description="the record's own date")
    title: str | None = None
    level: str | None = None
    score: float | None = None
    model: str | None = None
    facts: list[str] = Field([], description="fact ids it added or changed (nodes a record evidences)")


class Changes(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "items": [{"fact_id": "Document:doc:cn-penalties:3f2a…", "kind": "record", "at": "2026-01-05T10:00:01+00:00",
                   "domain": "enterprises", "source_kind": "cn-penalties", "date": "2025-03-01",
                   "title": "市监处罚〔2025〕12号", "facts": ["Enterprise:CN:91310105MA146U7T9W", "Penalty:PEN:…"]}],
        "limit": 50, "more": False, "next_cursor": "eyJ0IjogIjIwMjYtMDEtMDVUMTA6MDA6MDErMDA6MDAiLCAiZiI6ICLigKYifQ",
        "domains": ["enterprises", "lawyers"]}]})
    items: list[Change]
    limit: int
    more: bool = Field(description="true when more changes follow now; poll again with next_cursor either way")
    next_cursor: str = Field(description="opaque; pass as `since` for what follows")
    domains: list[str] = Field(description="the domains this caller sees")


# --- helpers -----------------------------------------------------------------------------------
def _store(settings: Settings) -> WatchStore:
    return WatchStore(settings)


def _mine(watch_store: WatchStore, watch_id: str, key: ApiKey) -> Any:
    watch = watch_store.get(watch_id, owner=key.id)
    if watch is None:
        raise HTTPException(404, f"no watch {clip(watch_id, 80)!r} of this key")
    return watch


# --- watches ------------------------------------------------------------------------------------
@router.post("/watches", response_model=Watch, status_code=201,
             responses={200: {"model": Watch, "description": "this key already watches the subject (url updated)"},
                        403: {"model": Problem, "description": "the key's role may not read this kind of subject"},
                        404: {"model": Problem, "description": "no such subject in the graph"},
                        409: {"model": Problem, "description": "the key holds as many watches as it may"}},
             summary="Watch an enterprise, a vehicle model, a lawyer or a region (alerts, optional webhook)")
def create_watch(body: WatchIn, key: Owner, store: Store, settings: AppSettings, response: Response) -> Watch:
    allowed = subjects.ROLES[body.kind]
    if key.role != "admin" and key.role not in allowed:
        raise HTTPException(403, f"the role {key.role!r} may not watch a {body.kind}; it needs {' or '.join(allowed)}")
    found = subjects.resolve(store, settings, body.kind, body.subject)
    if found is None:
        raise HTTPException(404, f"no {body.kind} {clip(body.subject, 80)!r} in the graph")
    subject, name = found
    secret = body.secret or (("whsec_" + secrets.token_urlsafe(24)) if body.url else None)
    state = subjects.state(store, settings, body.kind, subject)
    try:
        watch, created = _store(settings).create(key.id, body.kind, subject, body.label or name, body.url,
                                                 secret if body.url else None, state, settings.watches_per_key)
    except OverflowError as exc:
        raise HTTPException(409, str(exc)) from exc
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"/api/v1/watches/{watch.id}"
    shown = secret if body.url and not body.secret else None
    return Watch(**watch.public(), secret=shown)


@router.get("/watches", response_model=Page[Watch], summary="This key's watches")
def list_watches(key: Owner, page: Paging, settings: AppSettings) -> Page[Watch]:
    watch_store = _store(settings)
    if not watch_store.exists():
        return Page[Watch].build([], page, 0)
    found, total = watch_store.watches(key.id, page.offset, page.fetch)
    return Page[Watch].build([Watch(**w.public()) for w in found], page, total)


@router.get("/watches/{watch_id}", response_model=Watch, summary="One of this key's watches")
def get_watch(watch_id: WatchId, key: Owner, settings: AppSettings) -> Watch:
    return Watch(**_mine(_store(settings), watch_id, key).public())


@router.delete("/watches/{watch_id}", response_model=Watch,
               summary="Stop watching; answers the watch that was (its alerts stay, pending deliveries are cancelled)")
def delete_watch(watch_id: WatchId, key: Owner, settings: AppSettings) -> Watch:
    watch_store = _store(settings)
    watch = _mine(watch_store, watch_id, key) if watch_store.exists() else None
    if watch is None or not watch_store.delete(watch_id, key.id):
        raise HTTPException(404, f"no watch {clip(watch_id, 80)!r} of this key")
    return Watch(**watch.public())


@router.get("/watches/{watch_id}/deliveries", response_model=Page[Attempt],
            summary="Every webhook delivery attempt of a watch, newest first")
def watch_deliveries(watch_id: WatchId, key: Owner, page: Paging, settings: AppSettings) -> Page[Attempt]:
    watch_store = _store(settings)
    _mine(watch_store, watch_id, key)
    webhooks.kick(settings)
    found, total = watch_store.attempts(watch_id, page.offset, page.fetch)
    return Page[Attempt].build([Attempt(**a) for a in found], page, total)


# --- alerts ---------------------------------------------------------------------------------------
@router.get("/alerts", response_model=Page[Alert], summary="This key's alerts, newest first")
def list_alerts(key: Owner, page: Paging, settings: AppSettings,
                watch: Annotated[str | None, Query(max_length=64, description="only this watch's alerts")] = None,
                ) -> Page[Alert]:
    watch_store = _store(settings)
    if not watch_store.exists():
        return Page[Alert].build([], page, 0)
    webhooks.kick(settings)  # deliveries another process left pending go on from here
    found, total = watch_store.alerts(key.id, watch, page.offset, page.fetch)
    return Page[Alert].build([Alert(**a) for a in found], page, total)


@router.get("/alerts/{alert_id}", response_model=AlertDetail, summary="One alert with its webhook delivery log")
def get_alert(alert_id: AlertId, key: Owner, settings: AppSettings) -> AlertDetail:
    watch_store = _store(settings)
    found = watch_store.alert(alert_id, owner=key.id) if watch_store.exists() else None
    if found is None:
        raise HTTPException(404, f"no alert {clip(alert_id, 80)!r} of this key")
    return AlertDetail(**found)


# --- changes ----------------------------------------------------------------------------------------
@router.get("/changes", response_model=Changes,
            responses={403: {"model": Problem, "description": "the caller's role may not read the domain asked for"},
                       422: {"model": Problem, "description": "`since` is neither of the cursor's form nor an ISO "
                                                              "date or time"}},
            summary="Facts added or changed since a cursor, oldest first (by domain; what the role may read)")
async def changes(
    request: Request,
    credentials: Credentials,
    store: Store,
    settings: AppSettings,
    since: Annotated[str | None, Query(pattern=change_feed.CURSOR_PATTERN, description="opaque: the `next_cursor` "
                                       "of an earlier answer; or an ISO date / date-time (UTC); none: from the start")
                     ] = None,
    domain: Annotated[str | None, Query(pattern="^(" + "|".join(DOMAINS) + ")$", description="one domain")] = None,
    limit: Annotated[int, Query(ge=1, description="items per answer; a larger value than the server's "
                                "RISKGRAPH_MAX_PAGE_SIZE gives that many (the answer's `limit` says)")] = 50,
) -> Changes:
    key = identify(request, credentials)
    limit = min(limit, settings.max_page_size)
    try:
        cursor = change_feed.decode(since)
    except ValueError as exc:
        raise RequestValidationError([{"loc": ("query", "since"), "msg": str(exc), "type": "value_error",
                                       "input": clip(since or "", 80)}]) from exc
    role = key.role if key is not None else "public"
    try:
        found = await run_in_threadpool(change_feed.feed, store, role, domain, cursor, limit)
    except PermissionError as exc:
        raise HTTPException(403, str(exc)) from exc
    return Changes(**found)
