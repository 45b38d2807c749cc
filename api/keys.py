"""API keys: random secrets handed out once, stored only as hashes, revocable."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from core.errors import Conflict, NotFound

ROLES = ("inspector", "regulator", "admin")
_lock = threading.Lock()


@dataclass
class ApiKey:
    id: str
    name: str
    role: str
    hash: str
    created: str
    revoked: str | None = None


def _hash(secret: str) -> str:
    # Secrets are 256-bit random values, so a plain SHA-256 is not brute-forceable.
    return hashlib.sha256(secret.encode()).hexdigest()


class KeyStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        # Parsed file, reused while the file is unchanged: every request checks a key, and a revocation
        # (which rewrites the file) takes effect on the next request.
        self._cache: tuple[tuple[int, int], list[ApiKey]] | None = None

    def _load(self) -> list[ApiKey]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return []
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._cache is None or self._cache[0] != stamp:
            self._cache = (stamp, [ApiKey(**row) for row in json.loads(self.path.read_text())])
        return [replace(k) for k in self._cache[1]]

    def _save(self, keys: list[ApiKey]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps([asdict(k) for k in keys], indent=1))
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def create(self, role: str, name: str = "") -> tuple[ApiKey, str]:
        """Returns the key record and the token, which is shown once and never stored."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        key = ApiKey(id=key_id, name=name or role, role=role, hash=_hash(secret),
                     created=datetime.now(UTC).isoformat(timespec="seconds"))
        with _lock:
            keys = self._load()
            keys.append(key)
            self._save(keys)
        return key, f"rg_{key_id}_{secret}"

    def revoke(self, key_id: str) -> ApiKey:
        with _lock:
            keys = self._load()
            for key in keys:
                if key.id == key_id:
                    if key.revoked is not None:
                        raise Conflict(f"API key {key_id!r} was already revoked at {key.revoked}")
                    key.revoked = datetime.now(UTC).isoformat(timespec="seconds")
                    self._save(keys)
                    return key
        raise NotFound(f"no API key with id {key_id!r}; `riskgraph keys list` shows them")

    def list(self) -> list[ApiKey]:
        return self._load()

    def verify(self, token: str) -> ApiKey | None:
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != "rg":
            return None
        for key in self._load():
            if key.id == parts[1] and key.revoked is None and hmac.compare_digest(key.hash, _hash(parts[2])):
                return key
        return None
