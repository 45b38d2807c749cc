"""Delivery of alerts to webhooks, in a background thread of the process that recorded them.

The body is the alert as JSON (`GET /api/v1/alerts/{id}` without its delivery log). Headers:
`X-Riskgraph-Signature: sha256=<hex HMAC-SHA256 of the body with the watch's secret>`,
`X-Riskgraph-Event`, `X-Riskgraph-Alert` (the alert id, for the receiver to drop a repeat) and
`X-Riskgraph-Attempt`. A 2xx answer delivers; anything else (another status, a refused connection, a
timeout; redirects are not followed) is retried after `webhook_backoff_seconds`, doubled each time, up
to `webhook_attempts` attempts, then the delivery is marked failed. Every attempt is logged in the
watch store (GET /api/v1/alerts/{id}, /watches/{id}/deliveries).

The queue is the store's outbox table, so a delivery outlives the process: the worker exits when
nothing is pending, and any process that records an alert or serves the watch endpoints starts one
again (`kick`); several workers never send one delivery at once (a claim holds it).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from typing import Any

import httpx

from core.settings import Settings
from reasoning.watches.store import Watch, WatchStore

log = logging.getLogger("riskgraph.webhooks")
SIGNATURE_HEADER = "X-Riskgraph-Signature"
USER_AGENT = "riskgraph-webhooks/1"
_workers: dict[str, Worker] = {}
_lock = threading.Lock()


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: how a receiver checks that the body came from here, unchanged."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def body_of(alert: dict[str, Any]) -> bytes:
    fields = ("id", "watch_id", "kind", "subject", "label", "event", "title", "as_of", "detected_at", "trigger",
              "detail", "evidence")
    return json.dumps({k: alert.get(k) for k in fields}, ensure_ascii=False, sort_keys=True).encode()


class Worker(threading.Thread):
    def __init__(self, settings: Settings) -> None:
        super().__init__(name="riskgraph-webhooks", daemon=True)
        self.settings = settings
        self.store = WatchStore(settings)
        self.wake = threading.Event()

    def run(self) -> None:
        try:
            while True:
                job = self.store.claim(self.settings.webhook_timeout_seconds + 30)
                if job is not None:
                    self.deliver(*job)
                    continue
                due = self.store.next_due()
                if due is None:
                    with _lock:  # nothing pending: stop (a later kick starts a new worker)
                        if self.store.next_due() is None:
                            _workers.pop(str(self.store.path), None)
                            return
                    continue
                self.wake.wait(timeout=min(5.0, max(0.05, due - time.time())))
                self.wake.clear()
        except Exception:  # the worker must not die silently with deliveries pending
            log.exception("webhook worker stopped")
            with _lock:
                _workers.pop(str(self.store.path), None)

    def deliver(self, alert: dict[str, Any], watch: Watch) -> None:
        attempt = int(alert.pop("attempts_made")) + 1
        body = body_of(alert)
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                   "X-Riskgraph-Event": alert["event"], "X-Riskgraph-Alert": alert["id"],
                   "X-Riskgraph-Attempt": str(attempt)}
        if watch.secret:
            headers[SIGNATURE_HEADER] = sign(watch.secret, body)
        started = time.monotonic()
        status, error = None, None
        try:
            r = httpx.post(str(watch.url), content=body, headers=headers,
                           timeout=self.settings.webhook_timeout_seconds, follow_redirects=False)
            status = r.status_code
            if not 200 <= r.status_code < 300:
                error = f"HTTP {r.status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {str(exc)[:200]}"
        duration = int((time.monotonic() - started) * 1000)
        retry_at = None
        if error is not None and attempt < self.settings.webhook_attempts:
            retry_at = time.time() + self.settings.webhook_backoff_seconds * 2 ** (attempt - 1)
        self.store.attempted(alert["id"], watch.id, attempt, str(watch.url), status, error, duration, retry_at)
        if error is not None:
            log.warning("webhook %s for alert %s, attempt %d: %s%s", watch.url, alert["id"], attempt, error,
                        "" if retry_at else " (giving up)")


def kick(settings: Settings) -> None:
    """Make sure a worker of this process delivers what is pending (started if none runs)."""
    store = WatchStore(settings)
    if not store.exists():
        return
    with _lock:
        worker = _workers.get(str(store.path))
        if worker is not None and worker.is_alive():
            worker.wake.set()
            return
        if store.next_due() is None:
            return
        worker = _workers[str(store.path)] = Worker(settings)
        worker.start()


def drain(settings: Settings, timeout: float) -> bool:
    """Wait up to `timeout` seconds for this process's worker to finish (tests; a CLI at exit)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            worker = _workers.get(str(WatchStore(settings).path))
        if worker is None or not worker.is_alive():
            return True
        worker.join(timeout=min(0.2, max(0.0, deadline - time.monotonic())))
    return False
