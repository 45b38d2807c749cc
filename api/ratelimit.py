"""Per-address token buckets for the public endpoints: `per_minute` requests, refilled continuously."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from api.errors import ApiProblem

MAX_TRACKED = 100_000  # addresses kept in memory; full (idle) buckets are dropped first


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, last update)
        self._lock = threading.Lock()

    def hit(self, address: str) -> None:
        """Take one token for `address`; raises a 429 problem with Retry-After when none is left."""
        if self.capacity <= 0:  # 0 disables the limit
            return
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(address, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[address] = (tokens, now)
                retry = max(1, math.ceil((1.0 - tokens) / self.rate))
                raise ApiProblem(
                    429, f"more than {int(self.capacity)} requests per minute from this address; "
                    f"retry in {retry} s", "rate-limited", headers={"Retry-After": str(retry)},
                )
            self._buckets[address] = (tokens - 1.0, now)
            if len(self._buckets) > MAX_TRACKED:
                self._prune(now)

    def _prune(self, now: float) -> None:
        full = [a for a, (t, last) in self._buckets.items() if t + (now - last) * self.rate >= self.capacity]
        for address in full:
            del self._buckets[address]
        # Under a flood of distinct addresses, drop the oldest rather than grow without bound.
        if len(self._buckets) > MAX_TRACKED:
            for address, _ in sorted(self._buckets.items(), key=lambda kv: kv[1][1])[: len(self._buckets) // 2]:
                del self._buckets[address]
