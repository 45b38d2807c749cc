"""Roles and who may call what.

`public` needs no key; inspector, regulator and admin send `Authorization: Bearer <key>`. Admin may use
every endpoint. One access policy (ACCESS below, path prefix -> roles) is enforced by the app on every
route under /api/v1, so a domain router that forgets its `require_role` is still guarded; routers may
also declare `require_role(...)` themselves (both checks then apply). A route the policy does not name
is admin-only (fail closed), and the tests require every route to be named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.keys import ApiKey, KeyStore

bearer = HTTPBearer(auto_error=False, description="API key from `riskgraph keys create --role …`")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]  # the bearer token, if sent
PUBLIC = "public"


@dataclass(frozen=True)
class Access:
    roles: tuple[str, ...]  # ("public",) or some of inspector / regulator / admin
    audit: bool = False  # regulators' and inspectors' look-ups of enterprises and evidence are audited

    @property
    def public(self) -> bool:
        return PUBLIC in self.roles


# Longest matching prefix wins; paths are relative to /api/v1 and matched on whole segments.
ACCESS: dict[str, Access] = {
    # citizens: lawyer look-up, aggregate statistics, open data
    "/lawyers": Access((PUBLIC,)),
    "/firms": Access((PUBLIC,)),
    "/cases": Access((PUBLIC,)),
    "/stats": Access((PUBLIC,)),
    "/open-data": Access((PUBLIC,)),
    # quality inspectors
    "/vehicles": Access(("inspector",)),
    "/defects": Access(("inspector",)),
    # market regulators
    "/enterprises": Access(("regulator",), audit=True),
    "/clusters": Access(("regulator",), audit=True),
    "/regions": Access(("regulator",), audit=True),
    "/watchlist": Access(("regulator",), audit=True),
    "/match": Access(("regulator",), audit=True),
    # both
    "/evidence": Access(("inspector", "regulator"), audit=True),
    # any key: its own watches and alerts (each subject only for a role that may read it); the changes
    # feed for everyone, filtered by what the caller's role may read (public: lawyers, masked)
    "/watches": Access(("inspector", "regulator"), audit=True),
    "/alerts": Access(("inspector", "regulator"), audit=True),
    "/changes": Access((PUBLIC,)),
    # operations
    "/ingest": Access(("admin",)),
    "/train": Access(("admin",)),
    "/jobs": Access(("admin",)),
}
FAIL_CLOSED = Access(("admin",))


def access_for(path: str) -> Access | None:
    """The policy entry for a route path (relative to /api/v1), or None when none names it."""
    best: str | None = None
    for prefix in ACCESS:
        if (path == prefix or path.startswith(prefix + "/")) and (best is None or len(prefix) > len(best)):
            best = prefix
    return ACCESS[best] if best is not None else None


def key_store(request: Request) -> KeyStore:
    return request.app.state.keys


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


def identify(request: Request, credentials: HTTPAuthorizationCredentials | None) -> ApiKey | None:
    """The caller's key (None when none was sent); 401 for a key that is sent but unknown or revoked."""
    if credentials is None:
        return None
    known = getattr(request.state, "api_key", None)
    if known is not None and getattr(request.state, "api_token", None) == credentials.credentials:
        return known  # already checked for this request (the policy and the router both ask)
    key = key_store(request).verify(credentials.credentials)
    if key is None:
        raise _unauthorized("the API key is unknown or revoked")
    request.state.api_key, request.state.api_token = key, credentials.credentials
    return key


def check_roles(key: ApiKey | None, roles: tuple[str, ...]) -> None:
    if PUBLIC in roles:
        return
    if key is None:
        raise _unauthorized("this endpoint needs an API key")
    if key.role != "admin" and key.role not in roles:
        raise HTTPException(403, f"the role {key.role!r} may not use this endpoint; it needs {' or '.join(roles)}")


def require_role(*roles: str) -> Callable[..., ApiKey]:
    """Dependency for a router: 401 without a valid key, 403 when the key's role is not one of `roles`."""

    def check(
        request: Request,
        credentials: Credentials,
    ) -> ApiKey:
        key = identify(request, credentials)
        check_roles(key, roles)
        assert key is not None  # check_roles refused a missing key
        return key

    return check


API_PREFIX = "/api/v1"


def route_access(route_path: str) -> Access:
    return access_for(route_path.removeprefix(API_PREFIX) or "/") or FAIL_CLOSED


def enforce_access(
    request: Request,
    credentials: Credentials,
) -> ApiKey | None:
    """Added by the app to every /api/v1 route: the policy's roles, the public rate limit, audit marking."""
    route = request.scope.get("route")
    # Recent FastAPI versions put the router's own route (path without /api/v1) in the scope.
    template = getattr(route, "path", None) or request.url.path.removeprefix(API_PREFIX)
    template = template if template.startswith(API_PREFIX + "/") else API_PREFIX + template
    access = route_access(template)
    key = identify(request, credentials)
    check_roles(key, access.roles)
    if access.public and key is None:
        # Callers with a key are accountable and not throttled; anonymous ones are, per address.
        request.app.state.rate_limiter.hit(request.client.host if request.client else "unknown")
    if access.audit:
        request.state.audit = {"route": template,
                               "params": dict(request.path_params), "query": dict(request.query_params)}
    return key
