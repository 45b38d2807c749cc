"""The riskiest (vehicle model, component) pairs of the stored ranking, optionally only those with a
recent complaint."""

from __future__ import annotations

import datetime as dt
from typing import Any


def pairs_since(scores: list[dict[str, Any]], since: dt.date | None) -> list[dict[str, Any]]:
    """The scored pairs (riskiest first, as stored) with a complaint on or after `since`; all without it."""
    if not since:
        return scores
    cut = since.isoformat()
    return [r for r in scores if (r["last_complaint"] or "") >= cut]
