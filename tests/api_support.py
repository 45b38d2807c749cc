"""Helpers for the API platform tests: an app on a test store, keys per role, a list-backed fake store."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI

from api.app import create_app
from api.keys import KeyStore
from core.settings import Settings
from graph.store import GraphStore

ROLES = ("inspector", "regulator", "admin")


def make_app(settings: Settings, store: GraphStore, **overrides: Any) -> FastAPI:
    for name, value in overrides.items():
        setattr(settings, name, value)
    return create_app(settings, store)


def make_keys(settings: Settings) -> dict[str, str]:
    """A token per role, plus one revoked inspector token under 'revoked'."""
    keys = KeyStore(settings.data_dir / "keys.json")
    tokens = {role: keys.create(role, f"test {role}")[1] for role in ROLES}
    revoked, tokens["revoked"] = keys.create("inspector", "revoked")
    keys.revoke(revoked.id)
    return tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def fill_path(template: str) -> str:
    """A concrete path for a route template; '1' fits both int and str parameters."""
    return re.sub(r"\{[^}]+\}", "1", template)


class ListStore:
    """A store whose named queries page through fixed rows ($skip/$limit), for open-data streaming."""

    engine = "fake"

    def __init__(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        self.rows = rows
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def apply_schema(self) -> int:
        return 0

    def read(self, name: str, params: dict[str, Any] | None = None, **slots: str) -> list[dict[str, Any]]:
        params = params or {}
        self.calls.append((name, params))
        if name == "ping":
            return [{"ok": 1}]
        skip, limit = int(params.get("skip", 0)), int(params.get("limit", 10**9))
        return self.rows[name][skip : skip + limit]

    def counts(self) -> dict[str, dict[str, int]]:
        return {"nodes": {}, "relationships": {}}

    def close(self) -> None:
        pass
