"""One set of cases for every engine: schema, idempotent upsert, provenance, named queries, readers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from graph.loader import Loader
from graph.search import terms_for
from graph.store import GraphStore
from tests.toy_source import SOURCE

LINES = "acme,beta\nbeta,gamma co\n\n\"hostile\\\" }) MATCH (n) DETACH DELETE n //,acme\nbad line without partner\n"


def _ingest(store: GraphStore, settings, tmp_path: Path, force: bool = False):  # noqa: ANN001, ANN202
    path = tmp_path / "toy.txt"
    path.write_text(LINES, encoding="utf-8")
    return Loader(store, settings).ingest(SOURCE, [path], force=force)


def test_schema_applies_twice(store: GraphStore) -> None:
    # The fixture applied it once already; re-applying on every start must be harmless.
    assert isinstance(store.apply_schema(), int)
    assert store.counts() == {"nodes": {}, "relationships": {}}


def test_idempotent_upsert(store: GraphStore, tmp_path: Path) -> None:
    settings = store.settings
    first = _ingest(store, settings, tmp_path)
    assert (first.read, first.written, first.rejected) == (4, 3, 1)
    counts = store.counts()
    assert counts["nodes"]["Document"] == 3
    assert counts["nodes"]["Enterprise"] == 4  # acme, beta, gamma co, the hostile name: stored as data
    again = _ingest(store, settings, tmp_path, force=True)
    assert again.written == 3
    assert store.counts() == counts


def test_hostile_string_is_data(store: GraphStore, tmp_path: Path) -> None:
    _ingest(store, store.settings, tmp_path)
    rows = store.read("templates/node_provenance", {"id": 'NAME:"hostile\\" }) MATCH (n) DETACH DELETE n //',
                                                     "limit": 5}, LABEL="Enterprise")
    assert rows and rows[0]["text"].startswith('"hostile')
    assert store.counts()["nodes"]["Document"] == 3


@pytest.mark.parametrize("value", [
    'ends in a backslash \\', 'quote " and \\" and \'', "line\nbreak\ttab\r", "全角ＡＢＣ（有限公司）😀",
    "$rows}) MATCH (n) DETACH DELETE n //", "`backtick`", "",
])
def test_awkward_strings_round_trip(store: GraphStore, value: str) -> None:
    # Ids stay clean (the loader rejects unkeyable ones, tests/graph/test_loader.py); any value is data.
    store.write("templates/merge_nodes", [{"id": "awkward", "props": {"name": value, "aliases": [value, "x"]}}],
                LABEL="Enterprise")
    rows = store.read("enterprise_by_ids", {"ids": ["awkward"]})
    assert [(r["name"], r["aliases"]) for r in rows] == [(value, [value, "x"])]
    assert store.read("enterprise_by_ids", {"ids": [value]}) == []  # matching on an awkward value is safe


def test_parameters_are_cleaned(store: GraphStore) -> None:
    # NUL bytes cannot be stored by either engine and NaN has no Cypher literal: both are cleaned.
    store.write("templates/merge_nodes", [{"id": "nul\x00id", "props": {"name": "a\x00b", "risk_score": float("nan"),
                                                                         "registered": True}}], LABEL="Enterprise")
    rows = store.read("enterprise_by_ids", {"ids": ["nulid"]})
    assert [(r["id"], r["name"], r["score"]) for r in rows] == [("nulid", "ab", None)]


def test_provenance_round_trip(store: GraphStore, tmp_path: Path) -> None:
    _ingest(store, store.settings, tmp_path)
    rows = store.read("templates/node_provenance", {"id": "NAME:beta", "limit": 10}, LABEL="Enterprise")
    assert len(rows) == 2  # named in two records
    for row in rows:
        assert row["extractor"] == "toy" and row["extractor_version"] == "1"
        assert row["text"][row["span_start"] : row["span_end"]] == "beta"
        assert row["source_kind"] == "toy" and row["file"] == "toy.txt"


def test_relationship_provenance(store: GraphStore, tmp_path: Path) -> None:
    from graph.records import Rel

    _ingest(store, store.settings, tmp_path)
    fid = Rel("SAME_AS", "Enterprise", "NAME:beta", "Enterprise", "NAME:gamma co").fid
    rows = store.read("templates/relationship_provenance", {"fid": fid, "limit": 5}, TYPE="SAME_AS")
    assert len(rows) == 1
    assert rows[0]["text"][rows[0]["span_start"] : rows[0]["span_end"]] == "beta,gamma co"
    assert rows[0]["confidence"] == 0.5 and rows[0]["record_id"] == "2"
    assert (rows[0]["extractor"], rows[0]["extractor_version"]) == ("toy", "1")  # from its document
    # what is the same for a whole document is stored once, on the document, not on each fact
    stored = store._run("MATCH ()-[r:SAME_AS {fid: $fid}]->() RETURN keys(r) AS keys", {"fid": fid},  # type: ignore[attr-defined]
                        True)
    assert "extractor" not in stored[0]["keys"] and "extractor_version" not in stored[0]["keys"]


def test_search_terms(store: GraphStore, tmp_path: Path) -> None:
    _ingest(store, store.settings, tmp_path)
    terms = terms_for("Gamma Co.")  # the legal form "co" is a stop term: neither indexed nor searched
    assert terms == ["gamma"]
    rows = store.read("templates/search_by_terms", {"terms": terms, "min_hits": len(terms), "skip": 0,
                                                    "limit": 5}, LABEL="Enterprise")
    assert [r["id"] for r in rows] == ["NAME:gamma co"]
    assert store.read("templates/search_by_terms", {"terms": ["co"], "min_hits": 1, "skip": 0, "limit": 5},
                      LABEL="Enterprise") == []


def test_unknown_label_never_reaches_cypher(store: GraphStore) -> None:
    with pytest.raises(ValueError, match="unknown node label"):
        store.read("templates/search_by_terms", {}, LABEL="Enterprise) DETACH DELETE (x")


def test_concurrent_readers(store: GraphStore, tmp_path: Path) -> None:
    _ingest(store, store.settings, tmp_path)
    expected = store.counts()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: store.counts(), range(32)))
    assert all(r == expected for r in results)


def test_reads_ahead_and_writes_behind_from_a_second_thread(store: GraphStore) -> None:
    """Reading the next page while the current one is processed and writing one batch while the next is
    prepared (the enterprise snapshot and scoring) give what plain reads and writes give; a refused write
    raises when the writer is closed, after the batches before it are stored."""
    from graph.store import WriteBehind, read_ahead

    ids = [f"E{i:03d}" for i in range(30)]
    with WriteBehind(store) as writer:
        for start in range(0, 30, 7):
            writer.write("templates/merge_nodes", [{"id": i, "props": {"name": f"n{i}"}} for i in ids[start:start + 7]],
                         LABEL="Enterprise")
    pages = [("enterprise_by_ids", {"ids": ids[start:start + 4]}) for start in range(0, 30, 4)]
    plain = [store.read(name, params) for name, params in pages]
    for in_flight in (1, 2, 3):  # the replies come in the order asked, however many the engine answers at once
        assert list(read_ahead(store, pages, in_flight)) == plain
    assert [r["id"] for rows in plain for r in rows] == ids
    with pytest.raises(Exception), WriteBehind(store) as writer:  # noqa: B017, PT011 - each engine's own error
        writer.write("templates/merge_nodes", [{"id": "E900", "props": {"name": "kept"}}], LABEL="Enterprise")
        writer.write("templates/merge_nodes", [{"id": "E901", "props": {"name": {"a map": "refused"}}}],
                     LABEL="Enterprise")
    assert [r["name"] for r in store.read("enterprise_by_ids", {"ids": ["E900", "E901"]})] == ["kept"]
