"""The contract of a model plug-in: a module `reasoning/<domain>/<module>.py` named in its domain's
MODELS exposes these four functions (structural typing: the module is the implementation)."""

from __future__ import annotations

from typing import Any, Protocol

from core.reporting import Progress, Reporter
from core.settings import Settings
from graph.store import GraphStore


class Model(Protocol):
    def train(self, store: GraphStore, settings: Settings, progress: Progress | None = None,
              report: Reporter = ...) -> dict[str, Any]:
        """Fit on the graph, store a versioned model file, score what it covers; returns the figures."""

    def evaluate(self, store: GraphStore, settings: Settings, report: Reporter = ...) -> dict[str, Any]:
        """The time-ordered evaluation table, without storing anything."""

    def score(self, store: GraphStore, settings: Settings, args: list[str],
              report: Reporter = ...) -> dict[str, Any]:
        """`riskgraph score <target> ARGS…`: one subject scored and explained."""

    def status(self, settings: Settings) -> dict[str, Any]:
        """For /readyz: at least `loaded: bool`, and the version and dates when loaded."""


# An after-ingest task: (store, settings, reporter) -> figures for the ingest summary.
class AfterIngest(Protocol):
    def __call__(self, store: GraphStore, settings: Settings, report: Reporter) -> dict[str, Any]: ...
