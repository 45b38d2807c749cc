"""A real Neo4j 5.26 Community DBMS on a loopback Bolt port, for development and tests.

The Java launcher (``Neo4jLocal.java``, built with Maven into ``target/``) embeds Neo4j through
DatabaseManagementServiceBuilder and prints ``READY bolt://127.0.0.1:PORT`` when it accepts queries.
It stops when its stdin closes (so it dies with its parent) or on SIGTERM, shutting Neo4j down cleanly.
Logs go to ``DATA_DIR/logs`` (debug.log, neo4j.log, launcher.log for JVM output).

    with start(tmp_path / "neo4j") as db:   # port 0 picks a free port
        driver = GraphDatabase.driver(db.url, auth=(db.user, db.password))
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

__all__ = [
    "LocalNeo4j", "Neo4jLocalError", "build", "java_available", "start", "ROOT", "USER", "PASSWORD",
    "QUICK_START_FLAGS",
]

ROOT = Path(__file__).resolve().parent
USER = "neo4j"
PASSWORD = "riskgraph-dev"
_MARKER = ROOT / "target" / "neo4j-local-1.jar"
# What Neo4j's own start script passes; without them the page cache and transaction logs run in
# slower fallback modes and debug.log fills with warnings.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
]

# For a short-lived server (the tests'): the JIT's quick tier only. Neo4j plans and compiles every new query
# text in Java, and a cold JVM spends most of a small test run warming up its optimising tier (a cold
# differential ingest took 103 s with it, 55 s without; warm, 30 s against 35 s).
QUICK_START_FLAGS = ["-XX:TieredStopAtLevel=1"]


class Neo4jLocalError(RuntimeError):
    pass


def java_available() -> str | None:
    """None when java and mvn are on PATH, else why not (a pytest skip reason)."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    return f"{' and '.join(missing)} not on PATH (needed for the local Neo4j)" if missing else None


def build(quiet: bool = True) -> Path:
    """Runs ``mvn package`` when target/ is missing or older than pom.xml or the Java source. One build at a
    time: processes starting servers together (test workers) wait for the first one's build."""
    (ROOT / "target").mkdir(exist_ok=True)
    with open(ROOT / "target" / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build(quiet)


def _build(quiet: bool) -> Path:
    sources = [ROOT / "pom.xml", *ROOT.glob("src/**/*.java")]
    built = _MARKER.exists() and (ROOT / "target" / "lib").is_dir()
    if built and _MARKER.stat().st_mtime >= max(p.stat().st_mtime for p in sources):
        return ROOT / "target"
    if reason := java_available():
        raise Neo4jLocalError(reason)
    cmd = ["mvn", "-B", *(["-q"] if quiet else []), "-f", str(ROOT / "pom.xml"), "package"]
    proc = subprocess.run(cmd, capture_output=quiet, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout or "").splitlines()[-30:])
        raise Neo4jLocalError(f"{' '.join(cmd)} failed (exit {proc.returncode})\n{tail}")
    return ROOT / "target"


class LocalNeo4j:
    """One running launcher JVM; use start() to make one, stop() or ``with`` to end it."""

    user = USER

    def __init__(self, proc: subprocess.Popen[str], url: str, data_dir: Path, password: str | None) -> None:
        self.proc = proc
        self.url = url
        self.data_dir = data_dir
        self.password = password or ""

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def env(self) -> dict[str, str]:
        """The settings that point riskgraph at this DBMS."""
        return {
            "RISKGRAPH_GRAPH_URL": self.url,
            "RISKGRAPH_NEO4J_USER": self.user,
            "RISKGRAPH_NEO4J_PASSWORD": self.password,
        }

    def stop(self, timeout: float = 60.0) -> int:
        """Closes stdin (the launcher shuts Neo4j down), then SIGTERM, then SIGKILL after timeout."""
        if self.proc.poll() is None:
            try:
                if self.proc.stdin:
                    self.proc.stdin.close()
                self.proc.wait(timeout / 2)
            except (subprocess.TimeoutExpired, OSError):
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout / 2)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        return self.proc.returncode

    def __enter__(self) -> LocalNeo4j:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start(
    data_dir: Path,
    port: int = 0,
    heap: str | None = "512m",
    pagecache: str | None = "256m",
    password: str | None = PASSWORD,
    timeout: float = 180.0,
    jvm_options: Sequence[str] = (),
) -> LocalNeo4j:
    """Builds if needed, starts Neo4j with its home in data_dir and waits for Bolt.

    password None disables auth (any credentials are accepted); otherwise user neo4j gets it on first start.
    jvm_options go to the JVM after JVM_FLAGS (e.g. QUICK_START_FLAGS for a short-lived test server).
    """
    build()
    data_dir = Path(data_dir).resolve()
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    launcher_log = data_dir / "logs" / "launcher.log"
    target = ROOT / "target"
    cmd = [
        "java",
        *JVM_FLAGS,
        *([f"-Xmx{heap}"] if heap else []),
        *jvm_options,
        "-cp",
        f"{target / 'classes'}{os.pathsep}{target / 'lib' / '*'}",
        "riskgraph.Neo4jLocal",
        str(data_dir),
        str(port),
        *(["--pagecache", pagecache] if pagecache else []),
        *(["--password", password] if password else ["--no-auth"]),
    ]
    with open(launcher_log, "ab") as err:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True, start_new_session=True
        )  # Ctrl-C reaches Python, which stops it cleanly
    lines: list[str] = []

    def read_stdout() -> None:  # drains stdout until the JVM exits, then closes the pipe
        assert proc.stdout is not None
        with proc.stdout:
            for line in proc.stdout:
                lines.append(line)

    threading.Thread(target=read_stdout, daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = next((ln for ln in lines if ln.startswith("READY ")), None)
        if ready:
            return LocalNeo4j(proc, ready.split()[1], data_dir, password)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    why = f"exited with {proc.returncode}" if proc.poll() is not None else f"not ready after {timeout:.0f}s"
    LocalNeo4j(proc, "", data_dir, password).stop(timeout=10)
    raise Neo4jLocalError(
        f"local Neo4j in {data_dir} {why}\n--- {launcher_log} ---\n{_tail(launcher_log)}"
        f"\n--- debug.log ---\n{_tail(data_dir / 'logs' / 'debug.log')}"
    )
