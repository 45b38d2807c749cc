"""Errors as RFC 9457 problem details (application/problem+json) with stable `type` URIs.

Every error a client sees goes through here: HTTPExceptions raised by any router, validation errors
(which name the offending field), and unexpected exceptions, which are logged with the request id and
answered without any internal text.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import GraphUnavailable, RiskgraphError

log = logging.getLogger("riskgraph.api")
MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "/problems/"

# slug -> (title, what it means); the slug is part of the stable `type` URI, never renamed.
PROBLEM_TYPES: dict[str, tuple[str, str]] = {
    "bad-request": ("Bad request", "The request cannot be understood as sent."),
    "unauthorized": ("Authentication required", "A valid API key is needed: `Authorization: Bearer <key>`."),
    "forbidden": ("Forbidden", "The API key's role may not use this endpoint."),
    "not-found": ("Not found", "No such resource."),
    "method-not-allowed": ("Method not allowed", "The resource does not support this HTTP method."),
    "conflict": ("Conflict", "The request conflicts with the current state of the resource."),
    "payload-too-large": ("Payload too large", "The request body exceeds the configured limit."),
    "unsupported-media-type": ("Unsupported media type", "The request body is not in a supported format."),
    "validation-error": ("Invalid request", "One or more parameters are invalid; `errors` names each field."),
    "rate-limited": ("Too many requests", "The per-address rate limit of public endpoints was reached; "
                     "retry after the number of seconds in the Retry-After header."),
    "internal-error": ("Internal error", "The server failed; the request id identifies it in the server log."),
    "graph-unavailable": ("Graph unavailable", "The graph engine cannot be reached; retry later."),
    "model-missing": ("Model not trained", "The model this answer needs is not trained yet; an admin trains it."),
    "http-error": ("HTTP error", "An HTTP error without a more specific type."),
}
_STATUS_SLUG = {
    400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
    409: "conflict", 413: "payload-too-large", 415: "unsupported-media-type", 422: "validation-error",
    429: "rate-limited", 500: "internal-error", 503: "graph-unavailable",
}


def clip(text: str, keep: int = 200) -> str:
    """A caller's value as echoed in a message or a log: whole when short, cut when it runs to kilobytes."""
    return text if len(text) <= keep else f"{text[:keep]}… ({len(text)} characters)"


class FieldError(BaseModel):
    field: str = Field(description="where the bad value is, e.g. `query.limit` or `path.year`")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(description="stable URI of the problem type; GET it for a description")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = Field(None, description="the request path")
    request_id: str | None = Field(None, description="the X-Request-ID of the request, as in the server logs")
    errors: list[FieldError] | None = Field(None, description="validation errors, one per field")

    model_config = {"json_schema_extra": {"examples": [{
        "type": "/problems/not-found", "title": "Not found", "status": 404,
        "detail": "no lawyer 'lawyer:abc'", "instance": "/api/v1/lawyers/lawyer:abc", "request_id": "4f1c…",
    }]}}


class ApiProblem(Exception):
    """Raise for an error with its own problem type (a slug of PROBLEM_TYPES) and optional headers."""

    def __init__(self, status: int, detail: str, slug: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.slug = slug or _STATUS_SLUG.get(status, "http-error")
        self.headers, self.extra = headers or {}, extra


def problem_response(request: Request, status: int, detail: str | None, slug: str | None = None,
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    slug = slug if slug in PROBLEM_TYPES else _STATUS_SLUG.get(status, "http-error")
    body = Problem(
        type=TYPE_PREFIX + slug, title=PROBLEM_TYPES[slug][0], status=status, detail=detail,
        instance=clip(request.url.path), request_id=getattr(request.state, "request_id", None), **extra,
    ).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def _field_name(loc: tuple[Any, ...]) -> str:
    # FastAPI locations look like ("query", "limit") or ("body", "file"); keep them readable.
    return ".".join(str(part) for part in loc) or "request"


def _detail_text(detail: Any) -> str | None:
    if detail is None or isinstance(detail, str):
        return detail
    return str(detail)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return problem_response(request, exc.status_code, _detail_text(exc.detail), headers=exc.headers)


async def _api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
    return problem_response(request, exc.status, exc.detail, exc.slug, exc.headers, **exc.extra)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [FieldError(field=_field_name(tuple(e.get("loc", ()))), message=str(e.get("msg", "invalid")))
              for e in exc.errors()]
    names = ", ".join(e.field for e in errors)
    return problem_response(request, 422, f"invalid value for {names}", "validation-error", errors=errors)


async def _graph_unavailable(request: Request, exc: GraphUnavailable) -> JSONResponse:
    log.error("graph unavailable (request %s): %s", getattr(request.state, "request_id", "-"), exc)
    return problem_response(request, 503, "the graph engine is not reachable; retry later",
                            "graph-unavailable", headers={"Retry-After": "30"})


async def _riskgraph_error(request: Request, exc: RiskgraphError) -> JSONResponse:
    # core.errors: written for users, so the message is the detail
    return problem_response(request, exc.status, str(exc)[:2000], exc.slug)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error (request %s)", getattr(request.state, "request_id", "-"), exc_info=exc)
    return problem_response(request, 500, "the server failed to answer this request", "internal-error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(ApiProblem, _api_problem)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(GraphUnavailable, _graph_unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(RiskgraphError, _riskgraph_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)

    @app.get("/problems/{slug}", tags=["ops"], summary="What a problem type means",
             responses={404: {"model": Problem}})
    def problem_type(slug: str) -> dict[str, str]:
        if slug not in PROBLEM_TYPES:
            raise HTTPException(404, f"no problem type {slug!r}")
        title, description = PROBLEM_TYPES[slug]
        return {"type": TYPE_PREFIX + slug, "title": title, "description": description}


# Added to every versioned route's OpenAPI entry so clients see the error shape.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": PROBLEM_TYPES[slug][1]}
    for status, slug in ((401, "unauthorized"), (403, "forbidden"), (404, "not-found"),
                         (422, "validation-error"), (429, "rate-limited"), (503, "graph-unavailable"))
}
