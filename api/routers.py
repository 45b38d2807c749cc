"""The routers the app mounts under /api/v1: the platform's own, then one per domain (core.domains)."""

import importlib.util

from core.domains import DOMAINS

ROUTER_MODULES: list[str] = [
    "api.routes.core",
    "api.routes.admin",
    "api.routes.open_data",
    "api.routes.watches",
    *(f"api.routes.{d}" for d in DOMAINS if importlib.util.find_spec(f"api.routes.{d}") is not None),
]
