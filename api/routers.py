"""The routers the app mounts under /api/v1; each domain adds its module here."""

ROUTER_MODULES: list[str] = [
    "api.routes.core",
    "api.routes.admin",
    "api.routes.open_data",
    "api.routes.lawyers",
    "api.routes.enterprises",
    "api.routes.vehicles",
]
