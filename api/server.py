"""The HTTP protocol the API is served with: uvicorn's, with Nagle's algorithm off on every connection.

With `serve --workers N`, uvicorn binds the listening socket itself without naming TCP as its protocol,
and asyncio then leaves Nagle's algorithm on for the accepted connections: every keep-alive answer
waited for the client's delayed ACK (about 40 ms, /healthz included). Setting TCP_NODELAY here holds for
one process or several."""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
