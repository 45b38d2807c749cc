"""The load generator's figures: a refused or failing answer is an error, never a fast answer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.loadgen import run
from bench.queries import met


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the http.server hook's name)
        status = 503 if self.path.startswith("/down") else 200
        body = b"{}"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_non_2xx_answers_are_errors_and_fail_the_target(server: str) -> None:
    row = run([f"{server}/up", f"{server}/down"], seconds=5, concurrency=2, max_requests=40, token=None)
    assert row["requests"] == 40
    assert row["statuses"] == {200: 20, 503: 20}
    assert row["errors"] == 20 and row["ok"] == 20
    assert met("defect ranking", row).startswith("NO (20 errors")


def test_all_2xx_is_judged_on_p99(server: str) -> None:
    row = run([f"{server}/up"], seconds=5, concurrency=2, max_requests=30, token=None)
    assert row["errors"] == 0 and row["ok"] == 30
    assert met("defect ranking", row) == ("yes" if row["p99_ms"] < 50 else "NO")
    assert met("healthz (ceiling)", row) == ""
