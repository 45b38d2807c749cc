"""The ingest service: the loader for one source kind, then the work its domain declares for after an
ingest (resolution, rescoring). The CLI and the API's jobs both ingest through here, so that extraction
never reaches up into reasoning."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from core.reporting import SILENT, Progress, Reporter
from core.settings import Settings
from extraction.registry import get_kind
from graph.loader import IngestSummary, Loader
from graph.store import GraphStore
from reasoning.registry import after_ingest


def ingest(store: GraphStore, settings: Settings, kind_name: str, paths: Iterable[Path], *, force: bool = False,
           progress: Progress | None = None, workers: int = 1, report: Reporter = SILENT) -> IngestSummary:
    kind = get_kind(kind_name)
    summary = Loader(store, settings).ingest(kind, paths, force=force, progress=progress, workers=workers)
    if kind.after_ingest is not None:
        summary.after_ingest = after_ingest(kind.domain, kind.after_ingest)(store, settings, report)
    return summary
