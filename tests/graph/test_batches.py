"""A batch is all or nothing, and a record the engine refuses is rejected alone.

The loader writes a batch as one query (graph/store.py batch_query): the engine runs it as one
transaction, so when any part of it fails, by an error or by the engine dying, the graph holds none of
the batch and the checkpoint stays before it. A batch the engine refuses is written record by record,
and the record it refuses (or dies on) goes to the reject file with the reason; the run goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import graph.loader as loader_module
from core.errors import GraphUnavailable
from core.settings import Settings
from graph.falkordb_store import FalkorDBStore
from graph.loader import Loader
from graph.records import Extraction, RawRecord
from graph.source_kind import SourceKind
from graph.store import Write, open_store
from tests import toy_source
from tests.conftest import make_settings

BATCH = 100
LINES = 500
CRASHING_PART: Write = ("templates/merge_nodes", [{"id": "NAME:a\x01b", "props": {}}], {"LABEL": "Enterprise"})
REFUSED_PART: Write = ("templates/merge_nodes", [{"id": "NAME:nested", "props": {"name": {"a": 1}}}],
                       {"LABEL": "Enterprise"})


def lines(poison: dict[int, str] | None = None) -> str:
    """LINES toy records "Firm i Ltd,Partner i%40 Co"; line numbers in `poison` (1-based) replaced."""
    rows = [f"Firm {i} Ltd,Partner {i % 40} Co" for i in range(1, LINES + 1)]
    for number, text in (poison or {}).items():
        rows[number - 1] = text
    return "\n".join(rows) + "\n"


def _extract(raw: RawRecord) -> Extraction:
    """The toy extractor; a name containing REFUSE gets a property the engine refuses (a map)."""
    ex = toy_source.extract(raw)
    for node in ex.nodes:
        if "REFUSE" in node.props.get("name", ""):
            node.props["name"] = {"nested": "maps are not property values"}
    return ex


KIND = SourceKind("toy", "test", "toy lines; REFUSE in a name makes the engine refuse the record",
                  toy_source.read, _extract)


def ingest(settings: Settings, path: Path, store: Any = None) -> tuple[dict[str, Any], Any]:
    own = store is None
    store = store or open_store(settings)
    store.apply_schema()
    try:
        summary = Loader(store, settings).ingest(KIND, [path])
        return store.counts(), summary
    finally:
        if own:
            store.close()


def reference(tmp: Path, text: str) -> dict[str, Any]:
    path = tmp / "reference" / "in.txt"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return ingest(make_settings(tmp / "reference", batch_size=BATCH), path)[0]


def rejects(settings: Settings) -> list[dict[str, Any]]:
    path = settings.rejects_dir / "toy.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def checkpoint(settings: Settings) -> dict[str, Any]:
    (only,) = settings.checkpoints_dir.glob("*.json")
    return json.loads(only.read_text())


@pytest.fixture
def store(settings: Settings) -> Iterator[FalkorDBStore]:
    s = open_store(settings)
    assert isinstance(s, FalkorDBStore)
    s.apply_schema()
    yield s
    s.close()


def batch_writes(settings: Settings, store: FalkorDBStore, first: int) -> list[Write]:
    """The writes of a batch of 5 toy records (documents, nodes, mentions, terms, relationships)."""
    loader = Loader(store, settings)
    extractions = [loader._normalise(toy_source.extract(RawRecord("f.txt", str(i), i, f"Firm {i},Partner {i}".encode())))
                   for i in range(first, first + 5)]
    plan = loader._plan(extractions)
    return list(plan.writes)


# --- the store: one query per batch ---------------------------------------------------------------
@pytest.mark.parametrize("part", [0, 1, 2, 3, 4])
def test_a_failing_part_leaves_none_of_the_batch(settings: Settings, store: FalkorDBStore, part: int) -> None:
    store.write_batch(batch_writes(settings, store, 1))  # something there before
    before = store.counts()
    writes = batch_writes(settings, store, 100)
    assert len(writes) == 5
    writes.insert(part, REFUSED_PART)  # the (part+1)th query of the batch fails
    with pytest.raises(Exception, match="primitive types"):
        store.write_batch(writes)
    assert store.counts() == before


@pytest.mark.parametrize("part", [1, 5])
def test_the_engine_dying_on_a_part_leaves_none_of_the_batch(settings: Settings, store: FalkorDBStore,
                                                             part: int) -> None:
    store.write_batch(batch_writes(settings, store, 1))
    before = store.counts()
    writes = batch_writes(settings, store, 100)
    writes.insert(part, CRASHING_PART)
    with pytest.raises(GraphUnavailable):
        store.write_batch(writes)
    assert store.wait_ready(60) and store.server.restarts == 1
    assert store.counts() == before  # the parts before the crash were not kept either (replayed file)


# --- the loader: checkpoint, retry, records rejected alone ------------------------------------------
def test_a_batch_lost_for_good_leaves_the_graph_and_checkpoint_before_it(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The third batch's query kills the engine and the engine is not back in time: the run ends, the
    graph holds exactly the first two batches, the checkpoint says 200 records; a rerun completes."""
    expected = reference(tmp_path, lines())
    settings = make_settings(tmp_path / "run", batch_size=BATCH)
    path = tmp_path / "in.txt"
    path.write_text(lines(), encoding="utf-8")
    store = open_store(settings)
    store.apply_schema()
    calls = 0
    real = store.write_batch

    def third_batch_kills_the_engine(writes: list[Write]) -> None:
        nonlocal calls
        calls += 1
        real([*writes, CRASHING_PART] if calls == 3 else writes)

    monkeypatch.setattr(store, "write_batch", third_batch_kills_the_engine)
    monkeypatch.setattr(store, "wait_ready", lambda timeout=None: False)
    try:
        with pytest.raises(GraphUnavailable):
            Loader(store, settings).ingest(KIND, [path])
        assert store.server.wait_ready(60)
        assert store.counts()["nodes"]["Document"] == 2 * BATCH
        state = checkpoint(settings)
        assert state["done"] == 2 * BATCH and not state["complete"]
    finally:
        store.close()
    counts, summary = ingest(settings, path)
    assert summary.files[0].resumed_at == 2 * BATCH
    assert counts == expected


def test_a_record_the_engine_refuses_is_rejected_alone(tmp_path: Path) -> None:
    poison = {250: "Firm REFUSE Ltd,Partner 7 Co"}
    expected = reference(tmp_path, lines({250: "rejected line without a partner"}))
    settings = make_settings(tmp_path / "run", batch_size=BATCH)
    path = tmp_path / "in.txt"
    path.write_text(lines(poison), encoding="utf-8")
    counts, summary = ingest(settings, path)
    assert counts == expected
    assert summary.files[0].written == LINES - 1 and summary.files[0].rejected == 1
    (row,) = rejects(settings)
    assert row["line"] == 250 and row["record_id"] == "250"
    assert row["reason"].startswith("the graph engine refused it: Property values can only be of primitive types")
    assert checkpoint(settings)["complete"]


def test_a_record_the_engine_dies_on_is_rejected_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A value the checks do not know kills the engine (simulated: the checks of before, which let U+0001
    through): the batch is retried once after the restart, then written record by record; the record the
    engine dies on is rejected, every other one written."""
    def checks_of_before(key: Any) -> str | None:
        return None if isinstance(key, str) and key and key == key.strip() else "bad id"

    monkeypatch.setattr(loader_module, "key_problem", checks_of_before)
    expected = reference(tmp_path, lines({250: "rejected line without a partner"}))
    settings = make_settings(tmp_path / "run", batch_size=BATCH)
    path = tmp_path / "in.txt"
    path.write_text(lines({250: "Firm \x01 Ltd,Partner 7 Co"}), encoding="utf-8")
    store = open_store(settings)
    try:
        counts, summary = ingest(settings, path, store)
        assert store.server.restarts == 3  # the batch, its retry, the record alone
    finally:
        store.close()
    assert counts == expected
    (row,) = rejects(settings)
    assert row["line"] == 250 and row["reason"].startswith("the graph engine stopped while writing it")
    assert summary.files[0].written == LINES - 1


# --- issue 18, before and after --------------------------------------------------------------------
def test_u0001_in_an_enterprise_name_is_rejected_naming_it_and_the_file_goes_on(tmp_path: Path) -> None:
    """Before: the engine crashed (segfault in its unique-constraint check) at this record, on every rerun,
    and the batch left nodes without their relationships. After: the record is rejected with the reason
    naming the character, the rest of the file is ingested, the engine never stops."""
    expected = reference(tmp_path, lines({250: "rejected line without a partner"}))
    settings = make_settings(tmp_path / "run", batch_size=BATCH)
    path = tmp_path / "in.txt"
    path.write_text(lines({250: "Acme\x01Trading Ltd,Partner 7 Co"}), encoding="utf-8")
    store = open_store(settings)
    try:
        counts, summary = ingest(settings, path, store)
        assert store.server.restarts == 0
    finally:
        store.close()
    assert counts == expected
    (row,) = rejects(settings)
    assert row["line"] == 250
    assert "control character U+0001" in row["reason"] and "NAME:Acme\\x01Trading Ltd" in row["reason"]
    assert checkpoint(settings)["complete"]


def test_text_with_controls_and_surrogates_is_cleaned_not_fatal(tmp_path: Path) -> None:
    """Before: a lone surrogate in a record's text could not be sent (UnicodeEncodeError ended the run),
    a NUL was dropped (moving every span after it). After: both become U+FFFD, one for one."""
    settings = make_settings(tmp_path, batch_size=BATCH)
    store = open_store(settings)
    store.apply_schema()
    try:
        loader = Loader(store, settings)
        ex = toy_source.extract(RawRecord("f.txt", "1", 1, b"Acme Ltd,Beta Co"))
        ex.document.text = "Acme Ltd,\x00Beta\ud800 Co"
        ex.nodes[0].props["name"] = " Acme\x7f Ltd\u2028 "
        loader.write_extractions([ex])
        (doc,) = store._run("MATCH (d:Document) RETURN d.text AS text", {}, read_only=True)
        assert doc["text"] == "Acme Ltd,\ufffdBeta\ufffd Co"
        names = {r["name"] for r in store._run("MATCH (n:Enterprise) RETURN n.name AS name", {}, read_only=True)}
        assert "Acme\ufffd Ltd" in names
    finally:
        store.close()
