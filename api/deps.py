"""Shared request dependencies: the graph store and settings the app was started with."""

from __future__ import annotations

from fastapi import Request

from core.settings import Settings
from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings
