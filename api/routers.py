"""The routers the app mounts under /api/v1; each domain adds its module here."""

ROUTER_MODULES: list[str] = [
    "api.routes_core",
    "api.routes_admin",
    "api.routes_open_data",
    "api.routes_lawyers",
    "api.routes_enterprises",
    "api.routes_vehicles",
]
