"""Watches, alerts, webhooks and the changes feed (issue 16: "watch and be told").

- `store.py`: the watches, their alerts and the webhook deliveries, in `data/watches.sqlite3`
  (sqlite3 from the standard library, WAL, file mode 600: webhook secrets are in it).
- `subjects.py`: what a watched subject is (an enterprise, a vehicle model, a lawyer, a region), its
  state read from the graph, and the events between two states (risk level change, new change record,
  penalty, abnormal listing, case, complaint surge, recall).
- `check.py`: run after every ingest and training by the ingest service (`reasoning/ingest.py`):
  reads the state of every watched subject, records an alert per event, queues webhook deliveries.
- `webhooks.py`: the delivery worker: signed (HMAC-SHA256 of the body), retried with backoff, each
  attempt logged, in a background thread; an ingest never waits for it.
- `changes.py`: the feed of facts added or changed since a cursor, by domain and role.
"""
