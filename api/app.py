"""The FastAPI application: graph store opened once, routers mounted under /api/v1, web page at /."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api.keys import KeyStore
from api.routers import ROUTER_MODULES
from core.settings import PROJECT_ROOT, Settings, get_settings
from graph.store import GraphStore, open_store

WEB_DIR = PROJECT_ROOT / "web" / "dist"


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """`store` lets tests and `riskgraph demo` hand over an open store; otherwise the app opens its own."""
    settings = settings or get_settings()
    owns_store = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store if store is not None else open_store(settings)
        app.state.store.apply_schema()
        try:
            yield
        finally:
            if owns_store:
                app.state.store.close()

    app = FastAPI(
        title="riskgraph",
        version="1",
        description="Defect and risk reasoning over a knowledge graph of public records.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.keys = KeyStore(Path(settings.data_dir) / "keys.json")
    if store is not None:
        app.state.store = store

    @app.get("/healthz", tags=["ops"], summary="The process is up")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"], summary="The graph answers")
    def readyz() -> JSONResponse:
        try:
            app.state.store.read("ping")
        except Exception:  # readiness reports, it never raises
            return JSONResponse({"status": "unavailable", "graph": False}, status_code=503)
        return JSONResponse({"status": "ready", "graph": True})

    for module in ROUTER_MODULES:
        app.include_router(importlib.import_module(module).router, prefix="/api/v1")
    if WEB_DIR.exists():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    return app
