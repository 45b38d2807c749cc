"""Append-only audit log: who (key id, role) looked up which enterprise or evidence, one JSON line each."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class AuditLog:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    def path_for(self, when: datetime) -> Path:
        return self.folder / f"audit-{when:%Y-%m-%d}.jsonl"

    def write(self, entry: dict[str, Any]) -> None:
        now = datetime.now(UTC)
        line = json.dumps({"at": now.isoformat(timespec="milliseconds"), **entry}, ensure_ascii=False,
                          default=str) + "\n"
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            # O_APPEND: lines are only ever added, never rewritten; fsync so an accepted look-up is on disk.
            fd = os.open(self.path_for(now), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
