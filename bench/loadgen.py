"""A small HTTP load generator for loopback benchmarks, run as its own process so that it does not share
the server's interpreter: `python -m bench.loadgen URL... --seconds S --concurrency C --max-requests N`.

Keep-alive connections, one per worker thread, each cycling through the URLs; bounded by time and by
count. Prints one JSON object: requests, errors (failed connections and every answer that is not 2xx, so
that a fast 503 is never mistaken for a fast answer), the count per status, requests/s, and the
p50/p90/p99/max latency in ms of the 2xx answers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from urllib.parse import urlsplit


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    i = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[i]


def run(urls: list[str], seconds: float, concurrency: int, max_requests: int, token: str | None) -> dict:
    parts = [urlsplit(u) for u in urls]
    host, port = parts[0].hostname or "127.0.0.1", parts[0].port or 80
    paths = [p.path + (f"?{p.query}" if p.query else "") for p in parts]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    lock = threading.Lock()
    budget = [max_requests]
    deadline = time.monotonic() + seconds

    def worker(offset: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(host, port, timeout=30)
        i = offset
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    statuses[resp.status] = statuses.get(resp.status, 0) + 1
                    if 200 <= resp.status < 300:
                        latencies.append(elapsed)
                    else:
                        errors += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    lat = sorted(latencies)
    return {"requests": len(lat) + errors, "ok": len(lat), "errors": errors, "statuses": statuses,
            "seconds": round(wall, 2),
            "rps": round(len(lat) / wall, 1) if wall else 0.0, "concurrency": concurrency,
            "p50_ms": round(percentile(lat, 0.50), 2), "p90_ms": round(percentile(lat, 0.90), 2),
            "p99_ms": round(percentile(lat, 0.99), 2), "max_ms": round(lat[-1], 2) if lat else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--token")
    args = parser.parse_args()
    print(json.dumps(run(args.urls, args.seconds, args.concurrency, args.max_requests, args.token)))


if __name__ == "__main__":
    main()
