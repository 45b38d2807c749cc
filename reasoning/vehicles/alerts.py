"""Early warning: a surge detector over the monthly complaint series of each (model, component) pair.

The last three months are compared with the rate of the twelve months before them: a pair is flagged
when it has at least MIN_RECENT complaints in the window and so many would be unlikely (Poisson tail
below P_MAX) at the earlier rate, with a floor on that rate so one old complaint does not make every
new one a surge.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from scipy.stats import poisson

WINDOW_DAYS, BASE_DAYS = 91, 365
MIN_RECENT = 3
P_MAX = 0.01
RATE_FLOOR = 0.5  # complaints expected in a window when the year before had none


def surge(dates: list[str], as_of: str) -> dict[str, Any] | None:
    """A surge record for complaint dates (ISO) of one pair as of `as_of`, or None."""
    end = date.fromisoformat(as_of)
    w0 = (end - timedelta(days=WINDOW_DAYS)).isoformat()
    b0 = (end - timedelta(days=WINDOW_DAYS + BASE_DAYS)).isoformat()
    return surge_of_counts(sum(w0 <= d < as_of for d in dates), sum(b0 <= d < w0 for d in dates), as_of)


def surge_of_counts(recent: int, before: int, as_of: str, window_start: str | None = None) -> dict[str, Any] | None:
    """The same from the complaints counted in the window (`recent`, from `window_start`: the scoring
    path's windows start on month boundaries) and in the base year before it."""
    if recent < MIN_RECENT:
        return None
    expected = max(RATE_FLOOR, before * WINDOW_DAYS / BASE_DAYS)
    p = float(poisson.sf(recent - 1, expected))
    if p >= P_MAX:
        return None
    w0 = window_start or (date.fromisoformat(as_of) - timedelta(days=WINDOW_DAYS)).isoformat()
    return {"recent": recent, "expected": round(expected, 2), "ratio": round(recent / expected, 2),
            "p_value": p, "window_start": w0, "as_of": as_of}
