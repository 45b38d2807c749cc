"""Request context: an X-Request-ID on every request and response, one access-log line per request,
an audit line for audited routes, and a problem-details 500 (never a traceback) for unhandled errors."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import clip, problem_response

access_log = logging.getLogger("riskgraph.access")
error_log = logging.getLogger("riskgraph.api")
# A caller's request id is kept only when it is short and plain (it goes into logs and headers).
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_ALWAYS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
# The web page runs only its own scripts and talks only to this server (Swagger UI at /docs has an
# inline script of its own and is left out).
_PAGE_CSP = (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
             b"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _CLIENT_ID.match(incoming) else uuid.uuid4().hex
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = {"code": 500, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["started"] = message["status"], True
                extra = [(b"x-request-id", request_id.encode()), *_ALWAYS]
                if not scope["path"].startswith(("/docs", "/api/", "/openapi")):
                    extra.append(_PAGE_CSP)
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            error_log.exception("unhandled error (request %s)", request_id)
            if status["started"]:
                raise  # the response is half sent; the server closes the connection
            response = problem_response(Request(scope), 500, "the server failed to answer this request",
                                        "internal-error")
            await response(scope, receive, send_with_id)
        finally:
            self._log(scope, state, request_id, status["code"], started)

    @staticmethod
    def _log(scope: Scope, state: dict[str, Any], request_id: str, code: int, started: float) -> None:
        key = state.get("api_key")
        client = scope.get("client")
        millis = round((time.perf_counter() - started) * 1000, 1)
        access_log.info(
            "%s %s %s %d %.1fms key=%s rid=%s", client[0] if client else "-", scope["method"], clip(scope["path"]),
            code, millis, key.id if key else "-", request_id,
        )
        audit = state.get("audit")
        app = scope.get("app")
        if audit is not None and app is not None:
            # a caller's values are kept short: a 60 KB id must not become a 60 KB audit line
            app.state.audit.write({
                "request_id": request_id, "key_id": key.id if key else None, "role": key.role if key else None,
                "method": scope["method"], "path": clip(scope["path"]), **_clipped(audit), "status": code,
            })


def _clipped(value: Any) -> Any:
    if isinstance(value, str):
        return clip(value)
    if isinstance(value, dict):
        return {clip(str(k)): _clipped(v) for k, v in value.items()}
    return value


class ApiMethods:
    """Methods on /api/v1 as HTTP says: a path that exists answers another method with 405 and the
    methods it has in `Allow` (OPTIONS with 204 and the same header); a path that does not exist is a 404
    whatever the method. (Without this, the web page mounted at / answers for every unmatched path.)"""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app, self.prefix = app, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix + "/"):
            await self.app(scope, receive, send)
            return
        allowed = _methods_for(scope["app"], scope["path"])
        method = scope["method"]
        if allowed and (method in allowed or (method == "HEAD" and "GET" in allowed)):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if not allowed:
            response = problem_response(request, 404, "no such endpoint; /docs lists them")
        elif method == "OPTIONS":
            response = Response(status_code=204, headers={"Allow": ", ".join([*allowed, "OPTIONS"])})
        else:
            response = problem_response(request, 405, f"{method} is not allowed here; allowed: "
                                        f"{', '.join(allowed)}", headers={"Allow": ", ".join(allowed)})
        await response(scope, receive, send)


def _methods_for(app: Any, path: str) -> list[str]:
    """The methods of the API routes whose template matches `path` (app.state.api_methods, set by the app)."""
    methods: set[str] = set()
    for regex, route_methods in getattr(app.state, "api_methods", ()):
        if regex.match(path):
            methods |= route_methods
    return sorted(methods - {"HEAD"})
