"""Watches, alerts and webhook deliveries in one sqlite3 file of the data folder.

Tables: `watches` (owner = API key id, kind, subject, webhook url and secret, the subject's last state),
`alerts` (one per event, in detection order), `outbox` (one row per alert to deliver: status, attempts
made, when the next is due, which worker holds it) and `attempts` (every delivery attempt: time, HTTP
status or error, duration). Each call opens its own connection, so any thread or process may use it;
writes are short transactions (WAL).
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.settings import Settings

FILE = "watches.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, label TEXT,
  url TEXT, secret TEXT, created_at TEXT NOT NULL, checked_at TEXT, state TEXT,
  UNIQUE (owner, kind, subject));
CREATE TABLE IF NOT EXISTS alerts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, watch_id TEXT NOT NULL, owner TEXT NOT NULL,
  kind TEXT NOT NULL, subject TEXT NOT NULL, label TEXT, event TEXT NOT NULL, title TEXT NOT NULL, as_of TEXT,
  detected_at TEXT NOT NULL, trigger TEXT, detail TEXT, evidence TEXT);
CREATE INDEX IF NOT EXISTS alerts_by_owner ON alerts (owner, seq);
CREATE INDEX IF NOT EXISTS alerts_by_watch ON alerts (watch_id, seq);
CREATE TABLE IF NOT EXISTS outbox (
  alert_id TEXT PRIMARY KEY, watch_id TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  next_at REAL NOT NULL, claimed_until REAL NOT NULL DEFAULT 0, last_error TEXT);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_at);
CREATE TABLE IF NOT EXISTS attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL, watch_id TEXT NOT NULL, attempt INTEGER NOT NULL,
  at TEXT NOT NULL, url TEXT, status_code INTEGER, ok INTEGER NOT NULL, error TEXT, duration_ms INTEGER,
  next_attempt_at TEXT);
CREATE INDEX IF NOT EXISTS attempts_by_alert ON attempts (alert_id, seq);
CREATE INDEX IF NOT EXISTS attempts_by_watch ON attempts (watch_id, seq);
"""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Watch:
    id: str
    owner: str
    kind: str
    subject: str
    label: str | None
    url: str | None
    secret: str | None
    created_at: str
    checked_at: str | None = None
    state: dict[str, Any] = field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        """What the API shows: never the secret."""
        return {"id": self.id, "kind": self.kind, "subject": self.subject, "label": self.label, "url": self.url,
                "has_secret": bool(self.secret), "created_at": self.created_at, "checked_at": self.checked_at}


@dataclass
class Event:
    """Something that happened to a watched subject, before it is an alert."""

    event: str  # risk_level | change | penalty | abnormal_listing | case | complaint_surge | recall
    title: str
    as_of: str | None
    evidence: list[str] = field(default_factory=list)  # fact ids for GET /api/v1/evidence
    detail: dict[str, Any] = field(default_factory=dict)


def _watch(row: sqlite3.Row) -> Watch:
    return Watch(row["id"], row["owner"], row["kind"], row["subject"], row["label"], row["url"], row["secret"],
                 row["created_at"], row["checked_at"], json.loads(row["state"]) if row["state"] else {})


def _alert(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": row["id"], "watch_id": row["watch_id"], "kind": row["kind"], "subject": row["subject"],
            "label": row["label"], "event": row["event"], "title": row["title"], "as_of": row["as_of"],
            "detected_at": row["detected_at"], "trigger": row["trigger"],
            "detail": json.loads(row["detail"]) if row["detail"] else {},
            "evidence": json.loads(row["evidence"]) if row["evidence"] else []}


def _attempt(row: sqlite3.Row) -> dict[str, Any]:
    return {"alert_id": row["alert_id"], "watch_id": row["watch_id"], "attempt": row["attempt"], "at": row["at"],
            "url": row["url"], "status_code": row["status_code"], "ok": bool(row["ok"]), "error": row["error"],
            "duration_ms": row["duration_ms"], "next_attempt_at": row["next_attempt_at"]}


class WatchStore:
    def __init__(self, settings: Settings) -> None:
        self.path = Path(settings.data_dir) / FILE
        self._ready = False

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))  # secrets inside: owner only
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            if not self._ready:
                con.execute("PRAGMA journal_mode=WAL")
                con.executescript(SCHEMA)
                self._ready = True
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

    def exists(self) -> bool:
        return self.path.exists()

    # --- watches ------------------------------------------------------------------------------
    def create(self, owner: str, kind: str, subject: str, label: str | None, url: str | None, secret: str | None,
               state: dict[str, Any], limit: int) -> tuple[Watch, bool]:
        """(the watch, created); an owner's second watch of one subject is the first one (url updated)."""
        with self._db() as con:
            row = con.execute("SELECT * FROM watches WHERE owner=? AND kind=? AND subject=?",
                              (owner, kind, subject)).fetchone()
            if row is not None:
                if url is not None:
                    con.execute("UPDATE watches SET url=?, secret=? WHERE id=?", (url, secret, row["id"]))
                    row = con.execute("SELECT * FROM watches WHERE id=?", (row["id"],)).fetchone()
                return _watch(row), False
            count = con.execute("SELECT count(*) FROM watches WHERE owner=?", (owner,)).fetchone()[0]
            if count >= limit:
                raise OverflowError(f"this key already holds {count} watches (at most {limit}); delete some first")
            watch = Watch("w_" + secrets.token_hex(8), owner, kind, subject, label, url, secret, now_iso(), now_iso(),
                          state)
            con.execute("INSERT INTO watches (id, owner, kind, subject, label, url, secret, created_at, checked_at, "
                        "state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (watch.id, owner, kind, subject, label, url, secret, watch.created_at, watch.checked_at,
                         json.dumps(state, ensure_ascii=False)))
            return watch, True

    def get(self, watch_id: str, owner: str | None = None) -> Watch | None:
        with self._db() as con:
            row = con.execute("SELECT * FROM watches WHERE id=?", (watch_id,)).fetchone()
        if row is None or (owner is not None and row["owner"] != owner):
            return None
        return _watch(row)

    def watches(self, owner: str | None, offset: int = 0, limit: int = 10**9) -> tuple[list[Watch], int]:
        where, args = ("WHERE owner=?", [owner]) if owner is not None else ("", [])
        with self._db() as con:
            total = con.execute(f"SELECT count(*) FROM watches {where}", args).fetchone()[0]
            rows = con.execute(f"SELECT * FROM watches {where} ORDER BY created_at, id LIMIT ? OFFSET ?",
                               [*args, limit, offset]).fetchall()
        return [_watch(r) for r in rows], int(total)

    def delete(self, watch_id: str, owner: str) -> bool:
        """Removes the watch and cancels its pending deliveries; its alerts stay readable."""
        with self._db() as con:
            gone = con.execute("DELETE FROM watches WHERE id=? AND owner=?", (watch_id, owner)).rowcount
            if gone:
                con.execute("UPDATE outbox SET status='cancelled' WHERE watch_id=? AND status='pending'", (watch_id,))
        return bool(gone)

    def record(self, watch: Watch, events: list[Event], state: dict[str, Any], trigger: str) -> list[str]:
        """Alerts for the events, the watch's new state, and a delivery per alert when it has a webhook
        (one transaction). Returns the alert ids."""
        ids = []
        detected = now_iso()
        with self._db() as con:
            if con.execute("SELECT 1 FROM watches WHERE id=?", (watch.id,)).fetchone() is None:
                return []  # deleted meanwhile
            for e in events:
                alert_id = "a_" + secrets.token_hex(8)
                con.execute("INSERT INTO alerts (id, watch_id, owner, kind, subject, label, event, title, as_of, "
                            "detected_at, trigger, detail, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (alert_id, watch.id, watch.owner, watch.kind, watch.subject, watch.label, e.event, e.title,
                             e.as_of, detected, trigger, json.dumps(e.detail, ensure_ascii=False, default=str),
                             json.dumps(e.evidence)))
                if watch.url:
                    con.execute("INSERT INTO outbox (alert_id, watch_id, status, next_at) VALUES (?, ?, 'pending', ?)",
                                (alert_id, watch.id, time.time()))
                ids.append(alert_id)
            con.execute("UPDATE watches SET state=?, checked_at=? WHERE id=?",
                        (json.dumps(state, ensure_ascii=False, default=str), detected, watch.id))
        return ids

    # --- alerts -------------------------------------------------------------------------------
    def alerts(self, owner: str, watch_id: str | None, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        """The owner's alerts, newest first."""
        where, args = "WHERE owner=?", [owner]
        if watch_id is not None:
            where, args = where + " AND watch_id=?", [*args, watch_id]
        with self._db() as con:
            total = con.execute(f"SELECT count(*) FROM alerts {where}", args).fetchone()[0]
            rows = con.execute(f"SELECT * FROM alerts {where} ORDER BY seq DESC LIMIT ? OFFSET ?",
                               [*args, limit, offset]).fetchall()
        return [_alert(r) for r in rows], int(total)

    def alert(self, alert_id: str, owner: str | None = None) -> dict[str, Any] | None:
        with self._db() as con:
            row = con.execute("SELECT * FROM alerts WHERE id=?", (alert_id,)).fetchone()
            if row is None or (owner is not None and row["owner"] != owner):
                return None
            out = _alert(row)
            box = con.execute("SELECT * FROM outbox WHERE alert_id=?", (alert_id,)).fetchone()
            tries = con.execute("SELECT * FROM attempts WHERE alert_id=? ORDER BY seq", (alert_id,)).fetchall()
        out["delivery"] = None if box is None else {"status": box["status"], "attempts": box["attempts"],
                                                    "last_error": box["last_error"]}
        out["attempts"] = [_attempt(t) for t in tries]
        return out

    def attempts(self, watch_id: str, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        with self._db() as con:
            total = con.execute("SELECT count(*) FROM attempts WHERE watch_id=?", (watch_id,)).fetchone()[0]
            rows = con.execute("SELECT * FROM attempts WHERE watch_id=? ORDER BY seq DESC LIMIT ? OFFSET ?",
                               (watch_id, limit, offset)).fetchall()
        return [_attempt(r) for r in rows], int(total)

    # --- the delivery queue -------------------------------------------------------------------------
    def claim(self, worker_seconds: float) -> tuple[dict[str, Any], Watch] | None:
        """The next due delivery, held for this worker for `worker_seconds`, with its alert and watch."""
        now = time.time()
        with self._db() as con:
            row = con.execute("SELECT * FROM outbox WHERE status='pending' AND next_at<=? AND claimed_until<? "
                              "ORDER BY next_at LIMIT 1", (now, now)).fetchone()
            if row is None:
                return None
            con.execute("UPDATE outbox SET claimed_until=? WHERE alert_id=?", (now + worker_seconds, row["alert_id"]))
            watch = con.execute("SELECT * FROM watches WHERE id=?", (row["watch_id"],)).fetchone()
            alert = con.execute("SELECT * FROM alerts WHERE id=?", (row["alert_id"],)).fetchone()
            if watch is None or alert is None or not watch["url"]:
                con.execute("UPDATE outbox SET status='cancelled' WHERE alert_id=?", (row["alert_id"],))
                return None
            return {**_alert(alert), "attempts_made": row["attempts"]}, _watch(watch)

    def next_due(self) -> float | None:
        """When the earliest pending delivery is due (epoch seconds), or None when none is pending."""
        with self._db() as con:
            row = con.execute("SELECT min(max(next_at, claimed_until)) FROM outbox WHERE status='pending'").fetchone()
        return None if row[0] is None else float(row[0])

    def attempted(self, alert_id: str, watch_id: str, attempt: int, url: str, status_code: int | None,
                  error: str | None, duration_ms: int, retry_at: float | None) -> None:
        """Log one attempt and move the delivery on: delivered, due again at `retry_at`, or failed."""
        ok = error is None
        with self._db() as con:
            con.execute("INSERT INTO attempts (alert_id, watch_id, attempt, at, url, status_code, ok, error, duration_ms, "
                        "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (alert_id, watch_id, attempt, now_iso(), url, status_code, int(ok), error, duration_ms,
                         datetime.fromtimestamp(retry_at, UTC).isoformat(timespec="seconds") if retry_at else None))
            status = "delivered" if ok else ("pending" if retry_at is not None else "failed")
            con.execute("UPDATE outbox SET status=?, attempts=?, next_at=?, claimed_until=0, last_error=? "
                        "WHERE alert_id=?", (status, attempt, retry_at or time.time(), error, alert_id))
