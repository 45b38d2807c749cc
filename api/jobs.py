"""Background jobs for the admin endpoints: ingest of an uploaded file and model training.

Jobs run one at a time (an ingest and a training run over the same graph must not interleave): on a
single worker thread, and under an flock across the processes of `serve --workers`. They run the same
code as the CLI: graph.loader.Loader with the registered source kind, and the registered model's
train(). Each job's state is kept in data_dir/jobs/<id>.json, so that a restarted server still answers
for finished jobs.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.errors import ApiProblem
from core.errors import RiskgraphError
from core.settings import Settings
from graph.store import GraphStore

log = logging.getLogger("riskgraph.jobs")
JOB_ID = re.compile(r"[0-9a-f]{16}")
REJECT_EXAMPLES = 20  # rejected records listed in a job's summary; the reject file has them all


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Job:
    id: str
    kind: str  # "ingest" | "train"
    target: str  # source kind or model name
    status: str = "queued"  # queued | running | succeeded | failed | cancelled
    created: str = field(default_factory=_now)
    started: str | None = None
    finished: str | None = None
    progress: int = 0  # records read (ingest) or steps done (train)
    read_bytes: int | None = None  # ingest: bytes of the uploaded files read so far, of total_bytes
    total_bytes: int | None = None
    files: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None
    rejects: dict[str, Any] | None = None
    error: str | None = None
    pid: int | None = None  # the server process that runs it (`serve --workers` runs several)


class _Advance:
    """A job's progress (core.reporting's SizedProgress): records or steps, and bytes read of an upload;
    where an admin's cancel takes effect."""

    def __init__(self, manager: JobManager, job: Job) -> None:
        self.manager, self.job = manager, job

    def __call__(self, n: int = 1) -> None:
        with self.manager._lock:
            self.job.progress += n
            if self.job.id in self.manager._cancelled:
                raise JobCancelled(f"cancelled by an admin after {self.job.progress} records or steps")

    def read(self, done: int, total: int) -> None:
        self.job.read_bytes, self.job.total_bytes = done, total


def _alive(pid: int | None) -> bool:
    if pid is None or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reject_summary(reject_file: Path, files: list[str]) -> dict[str, Any]:
    """The rejects of this job's files only (the reject file is shared by every run of the kind)."""
    wanted = set(files)
    reasons: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    if reject_file.exists():
        with reject_file.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                if row.get("file") not in wanted:
                    continue
                reasons[str(row.get("reason", ""))[:200]] += 1
                if len(examples) < REJECT_EXAMPLES:
                    examples.append({k: row.get(k) for k in ("record_id", "line", "reason")})
    return {"count": sum(reasons.values()), "by_reason": dict(reasons.most_common(20)),
            "examples": examples, "reject_file": str(reject_file)}


def unpack_upload(path: Path, limit: int, max_ratio: float, chunk: int = 1 << 20) -> Path:
    """A gzipped upload decompressed beside it, in bounded memory; refused (the files removed) when it
    unpacks to more than `limit` bytes or more than `max_ratio` times its size (a decompression bomb:
    a few kilobytes of gzip that would keep a job busy or fill the disk). A plain file is returned as is."""
    with path.open("rb") as raw:
        if raw.read(2) != b"\x1f\x8b":
            return path
    packed = path.stat().st_size
    target = path.with_name(path.name.removesuffix(".gz").removesuffix(".GZ") or "upload")
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    written = 0
    try:
        with path.open("rb") as src, target.open("wb") as out:
            while True:
                data = unpacker.unconsumed_tail or src.read(chunk)
                if unpacker.eof:  # a member ended: another may follow (concatenated gzip)
                    rest = unpacker.unused_data + data
                    if not rest:
                        break
                    unpacker, data = zlib.decompressobj(16 + zlib.MAX_WBITS), rest
                elif not data:
                    raise ApiProblem(400, "the gzip file is truncated (it ends inside its data)")
                piece = unpacker.decompress(data, chunk)
                written += len(piece)
                if written > limit:
                    raise ApiProblem(413, f"the file unpacks to more than RISKGRAPH_MAX_UNPACKED_BYTES={limit} "
                                          "bytes", "payload-too-large")
                if written > (1 << 26) and written > max_ratio * packed:
                    raise ApiProblem(413, f"the file unpacks to more than {max_ratio:g} times its size "
                                          "(RISKGRAPH_MAX_UNPACK_RATIO): send it uncompressed", "payload-too-large")
                out.write(piece)
    except zlib.error as exc:
        target.unlink(missing_ok=True)
        raise ApiProblem(400, f"the file is not valid gzip ({exc})") from None
    except ApiProblem:
        target.unlink(missing_ok=True)
        raise
    finally:
        path.unlink(missing_ok=True)
    return target


def _public_error(exc: Exception) -> str:
    """Errors written for users (core.errors) are shown; anything else only by kind, the log has it."""
    if isinstance(exc, RiskgraphError):
        return str(exc)[:2000]
    return f"{type(exc).__name__}; the server log has the details (search for the job id)"


class JobCancelled(Exception):
    """Raised inside a job's work when an admin cancelled it."""


class _LogReporter:
    """Notes of a job's work go to the server log."""

    def note(self, message: str) -> None:
        log.info("%s", message)


_LOG = _LogReporter()


class JobManager:
    def __init__(self, settings: Settings, store_of: Callable[[], GraphStore]) -> None:
        self.settings = settings
        self.store_of = store_of
        self.folder = settings.data_dir / "jobs"
        self.uploads = settings.data_dir / "uploads"
        self._jobs: dict[str, Job] = {}
        self._cancelled: set[str] = set()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="riskgraph-job")
        self._close_interrupted()

    def _close_interrupted(self) -> None:
        """Jobs a stopped server left queued or running will not finish: say so in their record."""
        for path in sorted(self.folder.glob("*.json")) if self.folder.exists() else []:
            try:
                job = Job(**json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, TypeError):
                continue
            if job.status in ("queued", "running") and not _alive(job.pid):
                job.status, job.finished = "failed", _now()
                job.error = ("the server stopped before this job finished; submit it again (the graph keeps what "
                             "was written, and merging the same records again changes nothing)")
                self._save(job)

    # --- queries -----------------------------------------------------------------
    def get(self, job_id: str) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                return Job(**asdict(job))
        if not JOB_ID.fullmatch(job_id):  # ids are ours; anything else never reaches the file system
            return None
        path = self.folder / f"{job_id}.json"
        return Job(**json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None

    def recent(self, offset: int, limit: int) -> list[Job]:
        """Jobs newest first (this server's and earlier servers' from their files)."""
        with self._lock:
            live = {j.id: Job(**asdict(j)) for j in self._jobs.values()}
        stored = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True) \
            if self.folder.exists() else []
        # This server's jobs in submission order (newest first), then older servers' by file time.
        ids = list(dict.fromkeys([*reversed(live), *(p.stem for p in stored)]))
        return [job for i in ids[offset : offset + limit] if (job := live.get(i) or self.get(i)) is not None]

    # --- submissions --------------------------------------------------------------
    def new_upload_dir(self) -> Path:
        path = self.uploads / secrets.token_hex(8)
        path.mkdir(parents=True)
        return path

    def cancel(self, job_id: str) -> Job | None:
        """Stop a job of this server: a queued one never starts, a running one stops at its next record
        or step (what it already wrote stays in the graph; the checkpoint says how far it got)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            if job.status in ("queued", "running"):
                self._cancelled.add(job_id)
                if job.status == "queued":
                    job.status, job.finished, job.error = "cancelled", _now(), "cancelled before it started"
        self._save(job)
        return job

    def submit_ingest(self, source_kind: str, files: list[Path]) -> Job:
        job = self._new_job("ingest", source_kind, files=[str(p) for p in files])
        self._pool.submit(self._run, job, lambda: self._ingest(job, files))
        return job

    def submit_train(self, model: str) -> Job:
        job = self._new_job("train", model)
        self._pool.submit(self._run, job, lambda: self._train(job))
        return job

    def _new_job(self, kind: str, target: str, files: list[str] | None = None) -> Job:
        job = Job(id=secrets.token_hex(8), kind=kind, target=target, files=files or [], pid=os.getpid())
        with self._lock:
            self._jobs[job.id] = job
        self._save(job)
        return job

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    # --- work ---------------------------------------------------------------------
    def _advance(self, job: Job) -> _Advance:
        return _Advance(self, job)

    def _ingest(self, job: Job, files: list[Path]) -> dict[str, Any]:
        from reasoning.ingest import ingest

        summary = ingest(self.store_of(), self.settings, job.target, files, progress=self._advance(job), report=_LOG)
        job.rejects = reject_summary(Path(summary.reject_file), [str(p) for p in files])
        # The records are in the graph now (with their text); a failed upload is kept for a look.
        for folder in {p.parent for p in files if p.parent.parent == self.uploads}:
            shutil.rmtree(folder, ignore_errors=True)
        return summary.as_dict()

    def _train(self, job: Job) -> dict[str, Any]:
        from reasoning.ingest import train  # the training, then the watch check

        return train(self.store_of(), self.settings, job.target, self._advance(job), _LOG)

    def _run(self, job: Job, work: Callable[[], dict[str, Any]]) -> None:
        with self._exclusive():
            self._run_alone(job, work)

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One job at a time across all server processes of this data folder (an flock)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / ".run.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _run_alone(self, job: Job, work: Callable[[], dict[str, Any]]) -> None:
        with self._lock:
            if job.status == "cancelled":
                return
            job.status, job.started = "running", _now()
        self._save(job)
        try:
            result = work()
        except JobCancelled as exc:
            with self._lock:
                job.status, job.error = "cancelled", str(exc)
        except Exception as exc:  # the job records the failure; the server goes on
            log.exception("job %s (%s %s) failed", job.id, job.kind, job.target)
            with self._lock:
                job.status, job.error = "failed", _public_error(exc)
        else:
            with self._lock:
                job.status, job.result = "succeeded", result
        with self._lock:
            job.finished = _now()
        self._save(job)

    def _save(self, job: Job) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            text = json.dumps(asdict(job), ensure_ascii=False, default=str)
        tmp = self.folder / f"{job.id}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.folder / f"{job.id}.json")
