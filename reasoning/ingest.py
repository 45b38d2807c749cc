"""The ingest service: the loader for one source kind, then the work its domain declares for after an
ingest (resolution, rescoring), then the watch check (alerts for what changed, webhooks queued). The CLI
and the API's jobs both ingest and train through here, so that extraction never reaches up into
reasoning. A failing watch check is logged and never fails the ingest or the training."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.reporting import SILENT, Progress, Reporter
from core.settings import Settings
from extraction.registry import get_kind
from graph.loader import IngestSummary, Loader
from graph.store import GraphStore
from reasoning.registry import after_ingest, get_model

log = logging.getLogger("riskgraph.ingest")


def ingest(store: GraphStore, settings: Settings, kind_name: str, paths: Iterable[Path], *, force: bool = False,
           progress: Progress | None = None, workers: int = 1, report: Reporter = SILENT) -> IngestSummary:
    kind = get_kind(kind_name)
    summary = Loader(store, settings).ingest(kind, paths, force=force, progress=progress, workers=workers)
    if kind.after_ingest is not None:
        summary.after_ingest = after_ingest(kind.domain, kind.after_ingest)(store, settings, report)
    watched = watch_check(store, settings, f"ingest {kind_name}", report)
    if watched is not None:
        summary.after_ingest = {**(summary.after_ingest or {}), "watches": watched}
    return summary


def train(store: GraphStore, settings: Settings, name: str, progress: Progress | None = None,
          report: Reporter = SILENT) -> dict[str, Any]:
    """Train a model (reasoning.registry), then the watch check: levels it moved become alerts."""
    result = get_model(name).train(store, settings, progress, report)
    watched = watch_check(store, settings, f"train {name}", report)
    if watched is not None and isinstance(result, dict):
        result["watches"] = watched
    return result


def watch_check(store: GraphStore, settings: Settings, trigger: str, report: Reporter = SILENT) -> dict[str, Any] | None:
    """The watch check after `trigger`; None when nobody watches; never raises."""
    try:
        from reasoning.watches.check import check

        found = check(store, settings, trigger)
    except Exception as exc:  # a watch must never fail an ingest or a training
        log.exception("watch check after %s failed; the %s itself succeeded", trigger, trigger.split()[0])
        return {"error": f"the watch check failed ({type(exc).__name__}); see the server log"}
    if found and found["alerts"]:
        report.note(f"watches: {found['alerts']} alert(s) for {found['watches']} watch(es)"
                    + (f", {found['webhooks_queued']} webhook deliveries queued" if found["webhooks_queued"] else ""))
    return found
