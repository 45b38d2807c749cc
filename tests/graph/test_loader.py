"""The loader: checkpoints and resume, reject file, gzip and folders, unchanged files skipped."""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from core.errors import IngestError
from graph.loader import IngestSummary, Loader
from graph.records import Extraction, RawRecord
from graph.store import GraphStore
from tests import toy_source
from tests.toy_source import SOURCE


def _write(path: Path, n: int, bad_every: int = 0) -> Path:
    lines = []
    for i in range(n):
        lines.append(f"bad row {i}" if bad_every and i % bad_every == 0 else f"firm {i},partner {i % 5}")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_interrupted_ingest_resumes_to_the_same_counts(falkor_store: GraphStore, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    settings = falkor_store.settings  # batch size 50
    path = _write(tmp_path / "in.txt", 230, bad_every=10)
    monkeypatch.setattr(toy_source, "INTERRUPT_AT", "121")
    with pytest.raises(KeyboardInterrupt):
        Loader(falkor_store, settings).ingest(SOURCE, [path])
    partial = falkor_store.counts()["nodes"]["Document"]
    assert 0 < partial < 207
    monkeypatch.setattr(toy_source, "INTERRUPT_AT", None)
    resumed = Loader(falkor_store, settings).ingest(SOURCE, [path])
    assert resumed.files[0].resumed_at > 0
    assert falkor_store.counts()["nodes"]["Document"] == 207  # 230 rows less 23 bad ones

    # The same file ingested uninterrupted into a fresh graph gives the same counts.
    interrupted_counts = falkor_store.counts()
    falkor_store.clear()
    for cp in settings.checkpoints_dir.glob("*.json"):
        cp.unlink()
    Loader(falkor_store, settings).ingest(SOURCE, [path])
    assert falkor_store.counts() == interrupted_counts


def test_rejects_name_record_and_reason(falkor_store: GraphStore, tmp_path: Path) -> None:
    path = _write(tmp_path / "in.txt", 30, bad_every=10)
    summary = Loader(falkor_store, falkor_store.settings).ingest(SOURCE, [path])
    assert (summary.read, summary.written, summary.rejected) == (30, 27, 3)
    rejects = [json.loads(line) for line in Path(summary.reject_file).read_text().splitlines()]
    assert [r["line"] for r in rejects] == [1, 11, 21]
    assert all(r["source"] == "toy" and "expected 'name,partner'" in r["reason"] for r in rejects)


def test_unchanged_file_is_skipped_and_changed_file_reread(falkor_store: GraphStore, tmp_path: Path) -> None:
    path = _write(tmp_path / "in.txt", 10)
    loader = Loader(falkor_store, falkor_store.settings)
    loader.ingest(SOURCE, [path])
    again = loader.ingest(SOURCE, [path])
    assert again.files[0].skipped_unchanged and again.written == 0
    _write(path, 12)
    changed = loader.ingest(SOURCE, [path])
    assert not changed.files[0].skipped_unchanged and changed.written == 12
    assert falkor_store.counts()["nodes"]["Document"] == 12


def test_gzip_and_folders(falkor_store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    (folder / "sub").mkdir(parents=True)
    _write(folder / "a.txt", 5)
    (folder / "sub" / "b.txt.gz").write_bytes(gzip.compress(b"x1,y1\nx2,y2\n"))
    (folder / "ignored.bin").write_bytes(b"\x00\x01")
    summary = Loader(falkor_store, falkor_store.settings).ingest(SOURCE, [folder])
    assert summary.written == 7 and len(summary.files) == 2


def test_truncated_gzip_keeps_what_was_read(falkor_store: GraphStore, tmp_path: Path) -> None:
    data = gzip.compress(("".join(f"f{i},p{i}\n" for i in range(2000))).encode())
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    summary = Loader(falkor_store, falkor_store.settings).ingest(SOURCE, [path])
    assert summary.written > 0 and summary.rejected == 1
    reason = json.loads(Path(summary.reject_file).read_text().splitlines()[-1])["reason"]
    assert "unreadable" in reason


def test_missing_path_is_a_clear_error(falkor_store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        Loader(falkor_store, falkor_store.settings).ingest(SOURCE, [tmp_path / "nope.txt"])


def test_parallel_extraction_matches_serial(falkor_store: GraphStore, tmp_path: Path) -> None:
    path = _write(tmp_path / "in.txt", 600, bad_every=7)
    summary = Loader(falkor_store, falkor_store.settings).ingest(SOURCE, [path], workers=2)
    serial_counts = falkor_store.counts()
    assert summary.written == 600 - 86
    falkor_store.clear()
    for cp in falkor_store.settings.checkpoints_dir.glob("*.json"):
        cp.unlink()
    Loader(falkor_store, falkor_store.settings).ingest(SOURCE, [path], workers=1)
    assert falkor_store.counts() == serial_counts


def _ingest_spoiled(store: GraphStore, tmp_path: Path, n: int, record_id: str,
                    spoil: Callable[[Extraction], None]) -> IngestSummary:
    """Ingest n toy records with a buggy extractor that spoils the extraction of one record."""
    def extract(raw: RawRecord) -> Extraction:
        ex = SOURCE.extract(raw)
        if raw.record_id == record_id:
            spoil(ex)
        return ex

    path = _write(tmp_path / "in.txt", n)
    return Loader(store, store.settings).ingest(dataclasses.replace(SOURCE, extract=extract), [path])


def test_facts_outside_the_schema_reject_only_that_record(falkor_store: GraphStore, tmp_path: Path) -> None:
    # one record carries an undeclared property
    summary = _ingest_spoiled(falkor_store, tmp_path, 6, "3",
                              lambda ex: ex.nodes[0].props.update(not_in_schema="x"))
    assert (summary.written, summary.rejected) == (5, 1)
    reject = json.loads(Path(summary.reject_file).read_text())
    assert reject["record_id"] == "3" and "not_in_schema" in reject["reason"]


@pytest.mark.parametrize(("bad_id", "reason"), [
    ("NAME:trailing space ", "whitespace"), (" NAME:leading", "whitespace"), ("NAME:tab\t", "whitespace"),
    ("NAME:" + "长" * 1400, "4096 bytes"),
])
def test_ids_the_engine_cannot_key_reject_only_that_record(falkor_store: GraphStore, tmp_path: Path,
                                                           bad_id: str, reason: str) -> None:
    # FalkorDB 4.16 crashes on a unique key that starts or ends with whitespace and stops enforcing
    # uniqueness past 4096 bytes: such an id must never reach the engine, and the run must go on.
    summary = _ingest_spoiled(falkor_store, tmp_path, 5, "2", lambda ex: setattr(ex.rels[0], "end_id", bad_id))
    assert (summary.written, summary.rejected) == (4, 1)
    reject = json.loads(Path(summary.reject_file).read_text())
    assert reject["record_id"] == "2" and reason in reject["reason"]
    assert falkor_store.read("ping") is not None  # the engine is still up
    assert falkor_store.counts()["nodes"]["Document"] == 4


@pytest.mark.parametrize("library_error", [ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000"),
                                           KeyError("internal_field_7")])
def test_a_library_error_is_no_reject_reason(falkor_store: GraphStore, tmp_path: Path, library_error: Exception,
                                             caplog: pytest.LogCaptureFixture) -> None:
    def spoil(ex: Extraction) -> None:
        raise library_error

    summary = _ingest_spoiled(falkor_store, tmp_path, 4, "2", spoil)
    reject = json.loads(Path(summary.reject_file).read_text().splitlines()[-1])
    assert reject["record_id"] == "2" and summary.rejected == 1
    assert reject["reason"].startswith("the extractor failed on this record") and "log" in reject["reason"]
    assert str(library_error.args[0]) not in reject["reason"]
    assert str(library_error.args[0]) in caplog.text  # the log has it, for whoever fixes the bug


class _Sized:
    """A SizedProgress that records what it is told."""

    def __init__(self) -> None:
        self.records = 0
        self.reads: list[tuple[int, int]] = []

    def __call__(self, n: int = 1) -> None:
        self.records += n

    def read(self, done: int, total: int) -> None:
        self.reads.append((done, total))


def test_progress_is_told_the_bytes_read_of_all_files(falkor_store: GraphStore, tmp_path: Path) -> None:
    plain = _write(tmp_path / "a.txt", 3000)
    packed = tmp_path / "b.txt.gz"
    packed.write_bytes(gzip.compress("".join(f"f{i},p{i}\n" for i in range(3000)).encode()))
    total = plain.stat().st_size + packed.stat().st_size
    sized = _Sized()
    Loader(falkor_store, falkor_store.settings).ingest(SOURCE, [plain, packed], progress=sized)
    done = [d for d, _ in sized.reads]
    assert sized.records == 6000
    assert {t for _, t in sized.reads} == {total}
    assert done == sorted(done) and done[-1] == total  # grows with the reading and ends at the whole
    assert any(0 < d < plain.stat().st_size for d in done)  # told during the first file, not only after it
    assert any(plain.stat().st_size < d < total for d in done)  # and during the compressed one


def test_a_skipped_file_counts_as_read(falkor_store: GraphStore, tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", 10)
    loader = Loader(falkor_store, falkor_store.settings)
    loader.ingest(SOURCE, [path])
    sized = _Sized()
    loader.ingest(SOURCE, [path], progress=sized)
    assert sized.reads[-1] == (path.stat().st_size, path.stat().st_size)
