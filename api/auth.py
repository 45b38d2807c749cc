"""Roles: `public` needs no key; inspector, regulator and admin send `Authorization: Bearer <key>`."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.keys import ApiKey, KeyStore

bearer = HTTPBearer(auto_error=False, description="API key from `riskgraph keys create --role …`")


def key_store(request: Request) -> KeyStore:
    return request.app.state.keys


def require_role(*roles: str) -> Callable[..., ApiKey]:
    """Dependency: 401 without a valid key, 403 when the key's role is not one of `roles` (admin passes all)."""

    def check(
        request: Request,
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer),  # noqa: B008
    ) -> ApiKey:
        if credentials is None:
            raise HTTPException(401, "this endpoint needs an API key", headers={"WWW-Authenticate": "Bearer"})
        key = key_store(request).verify(credentials.credentials)
        if key is None:
            raise HTTPException(401, "the API key is unknown or revoked", headers={"WWW-Authenticate": "Bearer"})
        if key.role != "admin" and key.role not in roles:
            raise HTTPException(403, f"the role {key.role!r} may not use this endpoint; it needs {' or '.join(roles)}")
        request.state.api_key = key
        return key

    return check
