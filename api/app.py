"""The FastAPI application: graph store opened once, routers mounted under /api/v1 behind the access
policy, problem-details errors, request ids, access and audit logs, web page at /."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.routing import compile_path

from api import errors, open_data
from api.audit import AuditLog
from api.auth import API_PREFIX, access_for, enforce_access, route_access
from api.jobs import JobManager
from api.keys import KeyStore
from api.middleware import ApiMethods, RequestContext
from api.ratelimit import RateLimiter
from api.readiness import models_status
from api.routers import ROUTER_MODULES
from core.settings import PROJECT_ROOT, Settings, get_settings
from graph.store import GraphStore, open_store

WEB_DIR = PROJECT_ROOT / "web" / "dist"
READY_RETRY_AFTER = 5  # seconds: an engine restart replays its file in about a second for small graphs
log = logging.getLogger("riskgraph.api")


@dataclass(frozen=True)
class RouteInfo:
    path: str  # full path template, e.g. /api/v1/lawyers/{id}
    methods: frozenset[str]
    route: APIRoute


def api_routes(app: FastAPI) -> list[RouteInfo]:
    """Every FastAPI route with its full path (included routers are nested in recent FastAPI versions)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI copies included routes into app.routes with their full path
        pairs = [(r.path, r) for r in app.routes if isinstance(r, APIRoute)]
    else:
        pairs = [(rc.path, rc.original_route) for rc in iter_route_contexts(app.routes)
                 if isinstance(rc.original_route, APIRoute)]
    return [RouteInfo(path, frozenset(route.methods or ()), route) for path, route in pairs]


def _warn_unnamed(app: FastAPI) -> None:
    for info in api_routes(app):
        if info.path.startswith(API_PREFIX + "/") and access_for(info.path.removeprefix(API_PREFIX)) is None:
            log.warning("route %s is not named in api.auth.ACCESS; only admin may call it", info.path)


def _finish_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    """Say in each operation who may call it, and file problems under application/problem+json
    (FastAPI files every response model under application/json)."""
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if content.get("application/json", {}).get("schema") == ref:
                    content.pop("application/json")
                    content[errors.MEDIA_TYPE] = {"schema": ref}
            if not path.startswith(API_PREFIX + "/"):
                continue
            access = route_access(path)
            if access.public:
                who = "public (no key; anonymous calls are rate-limited per address)"
                operation.pop("security", None)
            else:
                who = " or ".join(access.roles) + " (API key as bearer token; admin may call every endpoint)"
                operation["security"] = [{"HTTPBearer": []}]
            audit = " Calls are recorded in the audit log." if access.audit else ""
            operation["description"] = (operation.get("description", "") + f"\n\n**Access:** {who}.{audit}").strip()
    return schema


def _configure_logging() -> None:
    """The access and audit loggers write to stderr at INFO unless the host application set them up."""
    logger = logging.getLogger("riskgraph")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """`store` lets tests and `riskgraph demo` hand over an open store; otherwise the app opens its own."""
    settings = settings or get_settings()
    owns_store = store is None
    _configure_logging()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if owns_store:
            app.state.store = open_store(settings)
        app.state.store.apply_schema()
        try:
            yield
        finally:
            app.state.jobs.shutdown()
            if owns_store:
                app.state.store.close()

    app = FastAPI(
        docs_url=None,  # served below from the vendored Swagger UI, no CDN
        title="riskgraph",
        version="1",
        description="Defect and risk reasoning over a knowledge graph of public records. Errors are RFC 9457 "
                    "problem details (`application/problem+json`); GET a problem's `type` for its meaning.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.keys = KeyStore(Path(settings.data_dir) / "keys.json")
    app.state.rate_limiter = RateLimiter(settings.public_rate_limit_per_minute)
    app.state.audit = AuditLog(Path(settings.data_dir) / "audit")
    app.state.jobs = JobManager(settings, lambda: app.state.store)
    app.state.open_data_dir = open_data.PRODUCTS_DIR
    if store is not None:
        app.state.store = store
    errors.install(app)
    app.add_middleware(ApiMethods, prefix=API_PREFIX)
    app.add_middleware(RequestContext)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        local = (WEB_DIR / "vendor" / "swagger-ui-bundle.js").exists()
        assets = {"swagger_js_url": "/vendor/swagger-ui-bundle.js", "swagger_css_url": "/vendor/swagger-ui.css",
                  "swagger_favicon_url": "data:,"} if local else {}
        return get_swagger_ui_html(openapi_url="/openapi.json", title="riskgraph API", **assets)

    @app.get("/healthz", tags=["ops"], summary="The process is up (liveness; /readyz says whether it can answer)")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"], summary="The graph answers and the trained models are loaded",
             responses={503: {"description": "not ready; the body says what is missing, `engine` what the "
                                             "embedded engine is doing (restarting after it stopped …)"}})
    def readyz() -> JSONResponse:
        store = app.state.store
        body: dict[str, Any] = {"graph": True, "models": models_status(settings)}
        try:
            store.read("ping")
        except Exception:  # readiness reports, it never raises
            body["graph"] = False
        engine_status = getattr(store, "engine_status", None)
        if engine_status is not None:
            body["engine"] = engine_status()
            # a restarted engine answers a moment before its supervisor has finished the restart: ready
            # only once both say so, so that the body never reads "graph: true" beside "restarting"
            body["graph"] = body["graph"] and body["engine"]["state"] != "restarting"
        missing = [name for name, m in body["models"].items() if not m["loaded"]]
        ready = body["graph"] and not missing
        body["status"] = "ready" if ready else "unavailable"
        if missing:
            body["missing_models"] = missing
        # the graph comes back by itself (its owner restarts the engine): say when to ask again
        headers = {} if body["graph"] else {"Retry-After": str(READY_RETRY_AFTER)}
        return JSONResponse(body, status_code=200 if ready else 503, headers=headers)

    for module in ROUTER_MODULES:
        app.include_router(importlib.import_module(module).router, prefix=API_PREFIX,
                           dependencies=[Depends(enforce_access)], responses=errors.PROBLEM_RESPONSES)
    _warn_unnamed(app)
    app.state.api_methods = [(compile_path(info.path)[0], info.methods) for info in api_routes(app)]
    build_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _finish_openapi(build_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    if WEB_DIR.exists():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    else:
        @app.get("/", include_in_schema=False)
        def no_web() -> HTMLResponse:
            return HTMLResponse("<h1>riskgraph</h1><p>The web page is not built: run <code>make web</code>. "
                                "API documentation: <a href='/docs'>/docs</a></p>")
    return app
