"""Writes extracted records to the graph: batched MERGE on natural keys, provenance on every fact,
a checkpoint per file so an interrupted ingest resumes, and a reject file for records that fail.

Every record's values are cleaned and checked before they reach the engine (graph/values.py,
docs/engine.md): text normalised where it has an obvious clean form, the record rejected with the reason
where it has none. A batch is written in one transaction (the store's `write_batch`: one query on
FalkorDB): after a failure the graph holds none of it and its checkpoint is not saved. When the
engine was lost and its owner brought it back, the batch is retried once; a batch that still fails is
written record by record, and a record the engine refuses (or dies on) is rejected alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.errors import GraphUnavailable, IngestError, RecordRejected
from core.reporting import SizedProgress
from core.settings import Settings
from core.textio import open_counted
from graph.records import Extraction, Node, RawRecord, content_hash
from graph.schema import get_schema
from graph.source_kind import SourceKind
from graph.store import GraphStore
from graph.values import (
    clean_display,
    clean_key,
    clean_text,
    drop_nulls,
    indexed_value_problem,
    key_problem,
)

Progress = Callable[[int], None]
# How long a writer waits for the embedded engine's owner to bring it back before the run ends (the
# supervisor's own start timeout already stretches while a large append-only file replays).
ENGINE_BACK_TIMEOUT = 600.0


class BatchRefused(Exception):
    """The engine refused a batch, or stopped twice while writing it: its records are tried one by one."""

@dataclass
class FileSummary:
    file: str
    read: int = 0
    written: int = 0
    rejected: int = 0
    skipped_unchanged: bool = False
    resumed_at: int = 0


@dataclass
class IngestSummary:
    kind: str
    files: list[FileSummary] = field(default_factory=list)
    nodes_written: int = 0
    relationships_written: int = 0
    reject_file: str = ""
    seconds: float = 0.0
    after_ingest: dict[str, Any] = field(default_factory=dict)

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def written(self) -> int:
        return sum(f.written for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(read=self.read, written=self.written, rejected=self.rejected)
        return out


def expand_paths(kind: SourceKind, paths: Iterable[Path]) -> list[Path]:
    """Files named, and the matching files inside folders named (recursively, sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                name = child.name.lower().removesuffix(".gz")
                if child.is_file() and name.endswith(kind.suffixes):
                    out.append(child)
        elif path.is_file():
            out.append(path)
        else:
            raise IngestError(f"{path}: no such file or folder")
    return out


def file_fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


log = logging.getLogger("riskgraph.loader")
Extract = Callable[[RawRecord], Extraction]


def _extract_one(extract: Extract, raw: RawRecord) -> tuple[RawRecord, Extraction | None, str | None]:
    """Extraction of one record, in this process or a worker; an error becomes a reject reason."""
    if raw.error:
        return raw, None, raw.error
    try:
        return raw, extract(raw), None
    except RecordRejected as exc:
        return raw, None, str(exc)
    except Exception as exc:  # a bug in one extractor must not stop the run; the reject file shows it
        # A library's own message ("[E088] Text of length …") is no reason a person can act on: the log
        # has it with its traceback, the reject file says where to look.
        log.exception("extractor %s failed on %s record %s", getattr(extract, "__module__", "?"), raw.file,
                      raw.record_id)
        return raw, None, (f"the extractor failed on this record ({type(exc).__name__}); this is a bug in "
                           "riskgraph, the log has its details")


def _extract_chunk(extract: Extract, chunk: list[RawRecord]) -> list[tuple[RawRecord, Extraction | None, str | None]]:
    return [_extract_one(extract, raw) for raw in chunk]


def _bounded_map(pool: ProcessPoolExecutor, workers: int, extract: Extract, records: Iterator[RawRecord],
                 ahead: int, chunk: int = 256) -> Iterator[tuple[RawRecord, Extraction | None, str | None]]:
    """Ordered parallel extraction holding about `ahead` records in flight (Executor.map would read the
    whole file into memory first). Ahead by a batch, the workers keep extracting while a batch is written."""
    pending: deque[Future[list[tuple[RawRecord, Extraction | None, str | None]]]] = deque()
    limit = max(2 * workers, -(-ahead // chunk))
    buf: list[RawRecord] = []
    for raw in records:
        buf.append(raw)
        if len(buf) >= chunk:
            pending.append(pool.submit(_extract_chunk, extract, buf))
            buf = []
            while len(pending) >= limit:
                yield from pending.popleft().result()
    if buf:
        pending.append(pool.submit(_extract_chunk, extract, buf))
    while pending:
        yield from pending.popleft().result()


@dataclass
class WritePlan:
    """A batch's writes: (query name, rows, template slots) in order, and the rows they stand for."""

    writes: list[tuple[str, list[dict[str, Any]], dict[str, str]]] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0

    def add(self, name: str, rows: list[dict[str, Any]], **slots: str) -> None:
        if rows:
            self.writes.append((name, rows, slots))


class Loader:
    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._workers = 1  # extraction processes of the running ingest
        self.schema = get_schema()
        self._indexed = {label: tuple(node.indexes) for label, node in self.schema.nodes.items()}

    # --- public ------------------------------------------------------------------------
    def ingest(
        self,
        kind: SourceKind,
        paths: Iterable[Path],
        *,
        force: bool = False,
        progress: Progress | None = None,
        workers: int = 1,
    ) -> IngestSummary:
        started = time.monotonic()
        files = expand_paths(kind, paths)
        self.settings.rejects_dir.mkdir(parents=True, exist_ok=True)
        self.settings.checkpoints_dir.mkdir(parents=True, exist_ok=True)
        summary = IngestSummary(kind=kind.name, reject_file=str(self.settings.rejects_dir / f"{kind.name}.jsonl"))
        pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
        self._workers = workers
        sizes = [_size(path) for path in files]
        before = 0  # bytes of the files already done, for a SizedProgress
        try:
            for path, size in zip(files, sizes, strict=True):
                read = None
                if isinstance(progress, SizedProgress):
                    read = _reading(progress, before, sum(sizes))
                summary.files.append(self._ingest_file(kind, path, summary, force, progress, pool, read))
                before += size
                if read is not None:
                    read(size)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        summary.seconds = round(time.monotonic() - started, 3)
        return summary

    def write_extractions(self, extractions: list[Extraction]) -> tuple[int, int]:
        """Write a batch; returns (nodes, relationships) rows written. Idempotent: MERGE on keys.
        Raises ValueError naming the record for facts outside the schema."""
        for ex in extractions:
            problem = self._problem(self._normalise(ex))
            if problem:
                doc = ex.document
                raise ValueError(f"{doc.source_kind} record {doc.record_id} in {doc.file}: {problem}")
        return self._apply(self._plan(extractions))

    def _plan(self, extractions: list[Extraction]) -> WritePlan:
        """The writes of a batch already checked against the schema (an ingest checks each record as it
        comes): rows grouped per query, in the order they must run (documents, nodes, then edges)."""
        ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
        docs: dict[str, dict[str, Any]] = {}
        nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        terms: dict[str, dict[str, list[str]]] = defaultdict(dict)
        rels: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
        for ex in extractions:
            doc = ex.document
            docs[doc.id] = {
                "id": doc.id, "source_kind": doc.source_kind, "file": doc.file, "record_id": doc.record_id,
                "content_hash": content_hash(doc.text), "date": doc.date, "lang": doc.lang,
                "title": doc.title, "text": doc.text, "ingested_at": ingested_at,
                "extractor": ex.extractor, "extractor_version": ex.extractor_version,
            }
            prov = {"doc_id": doc.id}
            known = {(n.label, n.id) for n in ex.nodes}
            for rel in ex.rels:
                # An edge to a node only referenced by key still needs that node to exist.
                for label, node_id in ((rel.start_label, rel.start_id), (rel.end_label, rel.end_id)):
                    if (label, node_id) not in known:
                        ex.nodes.append(Node(label, node_id))
                        known.add((label, node_id))
            for node in ex.nodes:
                slot = nodes[node.label].setdefault(node.id, {"id": node.id, "props": {}})
                slot["props"].update(drop_nulls(node.props))
                if node.span is not None:
                    mentions[node.label].append({
                        "id": node.id, **prov, "span_start": node.span[0], "span_end": node.span[1],
                        "confidence": node.confidence,
                    })
                if node.terms:
                    terms[node.label].setdefault(node.id, []).extend(node.terms)
            for rel in ex.rels:
                props = drop_nulls(rel.props)
                props.update(prov)
                props["confidence"] = rel.confidence
                if rel.span is not None:
                    props["span_start"], props["span_end"] = rel.span
                rels[(rel.type, rel.start_label, rel.end_label)][rel.fid] = {
                    "start": rel.start_id, "end": rel.end_id, "fid": rel.fid, "props": props,
                }
        plan = WritePlan()
        plan.add("templates/merge_documents", list(docs.values()))
        for label, by_id in nodes.items():
            plan.add("templates/merge_nodes", list(by_id.values()), LABEL=label)
            plan.nodes += len(by_id)
        for label, rows in mentions.items():
            plan.add("templates/merge_mentions", rows, LABEL=label)
        for label, terms_by_id in terms.items():
            plan.add("templates/merge_search_terms", [{"id": k, "terms": sorted(set(v))} for k, v in terms_by_id.items()],
                     LABEL=label)
        for (rel_type, start, end), by_fid in rels.items():
            plan.add("templates/merge_relationships", list(by_fid.values()), TYPE=rel_type, START=start, END=end)
            plan.relationships += len(by_fid)
        return plan

    def _apply(self, plan: WritePlan) -> tuple[int, int]:
        """Run a batch's writes, as one query where the store can; returns (nodes, relationships) rows."""
        size = self.settings.batch_size
        writes = [(name, rows[i : i + size], slots) for name, rows, slots in plan.writes
                  for i in range(0, len(rows), size)]
        write_batch = getattr(self.store, "write_batch", None)
        if write_batch is not None:
            write_batch(writes)
        else:  # a store without batches (test doubles): query by query
            for name, rows, slots in writes:
                self.store.write(name, rows, None, **slots)
        return plan.nodes, plan.relationships

    def _write(self, plan: WritePlan, retry: bool = True) -> tuple[int, int]:
        """Write a plan whole. When the engine was lost and came back (its owner restarts it), the plan
        is written again, once. Raises GraphUnavailable when the engine did not come back, BatchRefused
        when it refused the plan or stopped again."""
        for attempt in (1, 2):
            try:
                return self._apply(plan)
            except GraphUnavailable as exc:
                if not self._engine_back():
                    raise
                if attempt == 2 or not retry:
                    raise BatchRefused(f"the graph engine stopped while writing it ({exc})") from exc
            except Exception as exc:  # the engine's error for this query: the same on a retry
                raise BatchRefused(f"the graph engine refused it: {_engine_message(exc)}") from exc
        raise AssertionError("unreachable")

    def _engine_back(self) -> bool:
        wait = getattr(self.store, "wait_ready", None)
        return bool(wait is not None and wait(ENGINE_BACK_TIMEOUT))

    def _commit_batch(self, batch: list[tuple[Extraction, dict[str, Any]]],
                      plan: WritePlan) -> tuple[int, int, int, list[dict[str, Any]]]:
        """Write a batch: whole, or else record by record. Returns (nodes, relationships, records written,
        reject rows of the records the engine refused)."""
        try:
            n, r = self._write(plan)
            return n, r, len(batch), []
        except BatchRefused as exc:
            if len(batch) == 1:
                return 0, 0, 0, [{**batch[0][1], "reason": str(exc)}]
        nodes = rels = written = 0
        refused: list[dict[str, Any]] = []
        for extraction, where in batch:
            try:
                n, r = self._write(self._plan([extraction]), retry=False)
            except BatchRefused as exc:
                refused.append({**where, "reason": str(exc)})
                continue
            nodes, rels, written = nodes + n, rels + r, written + 1
        return nodes, rels, written, refused

    # --- internals ---------------------------------------------------------------------
    @staticmethod
    def _normalise(extraction: Extraction) -> Extraction:
        """Values in their clean form (graph/values.py), in place: the document's fields one character
        for one (spans into its text stay valid), ids NFC, properties cleaned, NFC and trimmed, search
        terms that cannot be ids dropped."""
        doc = extraction.document
        doc.text = clean_text(doc.text)
        doc.file = clean_text(doc.file)
        doc.record_id = clean_text(doc.record_id)
        doc.title = clean_display(doc.title)
        doc.date = clean_display(doc.date)
        doc.lang = clean_display(doc.lang)
        for node in extraction.nodes:
            node.id = clean_key(node.id)
            node.props = {k: clean_display(v) for k, v in node.props.items()}
            if node.terms:
                terms = (clean_key(clean_display(t)) for t in node.terms)
                node.terms = [t for t in terms if key_problem(t) is None]
        for rel in extraction.rels:
            rel.start_id = clean_key(rel.start_id)
            rel.end_id = clean_key(rel.end_id)
            rel.key = clean_text(rel.key)
            rel.props = {k: clean_display(v) for k, v in rel.props.items()}
        return extraction

    def _problem(self, extraction: Extraction) -> str | None:
        """Why one record's facts cannot be written, so that it alone is rejected and the run goes on."""
        if len(extraction.document.text) > self.settings.max_record_chars:
            return (f"record text of {len(extraction.document.text)} characters exceeds "
                    f"RISKGRAPH_MAX_RECORD_CHARS={self.settings.max_record_chars}")
        keys = [(n.label, n.id) for n in extraction.nodes]
        keys += [(r.start_label, r.start_id) for r in extraction.rels]
        keys += [(r.end_label, r.end_id) for r in extraction.rels]
        keys += [("SearchTerm", t) for n in extraction.nodes for t in n.terms]
        for label, key in keys:
            problem = key_problem(key)
            if problem:
                return f"{label} id {key[:80] if isinstance(key, str) else key!r}: {problem}"
        try:
            for node in extraction.nodes:
                self.schema.check_node_props(node.label, node.props)
            for rel in extraction.rels:
                self.schema.check_endpoints(rel.type, rel.start_label, rel.end_label)
                self.schema.check_rel_props(rel.type, rel.props)
        except ValueError as exc:
            return f"extractor produced facts outside the schema: {exc}"
        for node in extraction.nodes:
            for prop in self._indexed.get(node.label, ()):
                problem = indexed_value_problem(node.props.get(prop))
                if problem:
                    return f"{node.label} {node.id[:80]!r} property {prop}: {problem}"
        return None

    def _checkpoint_path(self, kind: SourceKind, path: Path) -> Path:
        key = hashlib.sha1(f"{kind.name}\x1f{path.resolve()}".encode()).hexdigest()[:20]
        return self.settings.checkpoints_dir / f"{kind.name}-{key}.json"

    def _records(self, kind: SourceKind, path: Path, position: list[Callable[[], int]]) -> Iterator[RawRecord]:
        """The file's records; position[0] becomes how many of its bytes are read so far."""
        try:
            stream, position[0] = open_counted(path)
        except OSError as exc:
            raise IngestError(f"{path}: cannot open ({exc.strerror})") from exc
        with stream:
            try:
                yield from kind.read(path.name, stream)
            except (OSError, EOFError) as exc:  # a truncated gzip ends the file, not the run
                yield RawRecord(path.name, "(end of file)", -1, None, f"file unreadable past this point: {exc}")

    def _ingest_file(self, kind: SourceKind, path: Path, summary: IngestSummary, force: bool,
                     progress: Progress | None, pool: ProcessPoolExecutor | None,
                     read: Callable[[int], None] | None = None) -> FileSummary:
        result = FileSummary(file=str(path))
        checkpoint_file = self._checkpoint_path(kind, path)
        fingerprint = file_fingerprint(path)
        state: dict[str, Any] = {}
        if checkpoint_file.exists() and not force:
            try:
                state = json.loads(checkpoint_file.read_text())
            except ValueError:
                state = {}
            if state.get("fingerprint") != fingerprint:
                state = {}
        if state.get("complete"):
            result.skipped_unchanged = True
            result.read = state.get("done", 0)
            return result
        skip = int(state.get("done", 0))
        result.resumed_at = skip
        batch: list[tuple[Extraction, dict[str, Any]]] = []  # (extraction, where it came from)
        rejects: list[dict[str, Any]] = []
        done = 0
        # One batch is written by a writer thread while the next one is extracted: the engine's work
        # overlaps this process's. Batches are committed in order, and a checkpoint only ever follows
        # its batch's writes, so a crash at any point resumes correctly.
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-writer")
        in_flight: Future[None] | None = None
        counting = threading.Lock()  # result.rejected grows on this thread and on the writer's

        def commit(batch: list[tuple[Extraction, dict[str, Any]]], plan: WritePlan,
                   rejects: list[dict[str, Any]], done: int) -> None:
            n, r, written, refused = self._commit_batch(batch, plan)
            summary.nodes_written += n
            summary.relationships_written += r
            result.written += written
            with counting:
                result.rejected += len(refused)
            self._write_rejects(Path(summary.reject_file), rejects + refused)
            self._save_checkpoint(checkpoint_file, path, fingerprint, done, complete=False)

        def settle() -> None:
            nonlocal in_flight
            finishing, in_flight = in_flight, None
            if finishing is not None:
                finishing.result()

        def flush() -> None:
            nonlocal batch, rejects, in_flight
            # planned on this thread, while the writer still sends the previous batch
            plan = self._plan([extraction for extraction, _ in batch])
            settle()
            in_flight = writer.submit(commit, batch, plan, rejects, done)
            batch, rejects = [], []

        def handle(raw: RawRecord, extraction: Extraction | None, reason: str | None) -> None:
            nonlocal done
            done += 1
            result.read += 1
            if extraction is not None:
                reason = self._problem(self._normalise(extraction))
                if reason:
                    extraction = None
            where = {"source": kind.name, "file": str(path), "record_id": raw.record_id, "line": raw.line}
            if extraction is None:
                with counting:
                    result.rejected += 1
                rejects.append({**where, "reason": reason or "no facts extracted"})
            else:
                batch.append((extraction, where))
            if progress:
                progress(1)
            if read is not None:
                read(position[0]())

        position: list[Callable[[], int]] = [lambda: 0]
        records = self._records(kind, path, position)
        todo = (raw for i, raw in enumerate(records) if i >= skip)
        done = skip
        if pool is None:
            outcomes: Iterable[tuple[RawRecord, Extraction | None, str | None]] = (
                _extract_one(kind.extract, raw) for raw in todo
            )
        else:
            outcomes = _bounded_map(pool, self._workers, kind.extract, todo, self.settings.batch_size)
        try:
            for raw, extraction, reason in outcomes:
                handle(raw, extraction, reason)
                if len(batch) >= self.settings.batch_size:
                    flush()
            flush()
            settle()
        finally:
            # Interrupted: the batch already handed over still completes (its checkpoint saves the work).
            with contextlib.suppress(Exception):
                settle()
            writer.shutdown()
        self._save_checkpoint(checkpoint_file, path, fingerprint, done, complete=True)
        return result

    def _write_rejects(self, reject_file: Path, rejects: list[dict[str, Any]]) -> None:
        if not rejects:
            return
        try:
            with reject_file.open("a", encoding="utf-8") as fh:
                for row in rejects:
                    line = json.dumps(row, ensure_ascii=False)
                    if not line.isascii():
                        try:
                            line.encode("utf-8")
                        except UnicodeEncodeError:  # a lone surrogate (in a record id): escaped
                            line = json.dumps(row)
                    fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise IngestError(
                f"cannot write the reject file {reject_file} ({exc.strerror}); the records before this batch "
                "are saved, free space and rerun the same command to resume"
            ) from exc

    @staticmethod
    def _save_checkpoint(checkpoint: Path, path: Path, fingerprint: str, done: int, complete: bool) -> None:
        tmp = checkpoint.with_suffix(".tmp")
        tmp.write_text(json.dumps({"file": str(path), "fingerprint": fingerprint, "done": done,
                                   "complete": complete, "at": time.time()}))
        os.replace(tmp, checkpoint)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # opening it will say what is wrong


def _reading(progress: SizedProgress, before: int, total: int) -> Callable[[int], None]:
    """read(n): n bytes of the current file read; tells the progress the run's bytes read of all."""
    def read(n: int) -> None:
        progress.read(before + n, total)
    return read


def _engine_message(exc: Exception) -> str:
    """The engine's own words for a refused query, short (the reject file holds one per record)."""
    text = " ".join(str(exc).split())[:300]
    return text if type(exc).__module__.startswith(("redis", "neo4j")) else f"{type(exc).__name__}: {text}"
