"""The watch check the ingest service runs after every ingest and training (reasoning/ingest.py).

Every watched subject's state is read from the graph (one batch of queries per kind), compared with the
state kept with each watch, and every difference becomes an alert; alerts of watches with a webhook are
queued and the delivery worker is started. The caller never fails because of a watch: it catches and
logs what this raises.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from core.settings import Settings
from graph.store import GraphStore
from reasoning.watches import subjects, webhooks
from reasoning.watches.store import Watch, WatchStore


def check(store: GraphStore, settings: Settings, trigger: str) -> dict[str, Any] | None:
    """Alerts for what changed since the last check; None when nobody watches anything."""
    watch_store = WatchStore(settings)
    if not watch_store.exists():
        return None
    watches, _ = watch_store.watches(None)
    if not watches:
        return None
    by_kind: dict[str, list[Watch]] = defaultdict(list)
    for w in watches:
        by_kind[w.kind].append(w)
    alerts: dict[str, int] = defaultdict(int)
    queued = 0
    for kind, group in by_kind.items():
        now = subjects.states(store, settings, kind, sorted({w.subject for w in group}))
        for w in group:
            new = now.get(w.subject)
            if new is None:
                continue  # the subject is not in the graph (any more): nothing to compare
            found = subjects.events(kind, w.subject, w.state, new)
            if not found and new == w.state:
                continue
            ids = watch_store.record(w, found, new, trigger)
            for e in found[: len(ids)]:
                alerts[e.event] += 1
            queued += len(ids) if w.url else 0
    if queued:
        webhooks.kick(settings)
    return {"watches": len(watches), "alerts": sum(alerts.values()), "by_event": dict(alerts),
            "webhooks_queued": queued}
