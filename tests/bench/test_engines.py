"""Engine selection and the side-by-side table of `bench.run_all --engines` (no engine is started here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import run_all
from bench.engines import Engine, Session, comparison_rows, comparison_table, parse_engines, session


def test_engines_are_parsed_in_order_without_repeats() -> None:
    assert parse_engines("neo4j, FalkorDB,neo4j") == ["neo4j", "falkordb"]
    assert parse_engines(None) == []
    for bad in ("", "mysql", "falkordb,neo5"):
        with pytest.raises(ValueError, match="falkordb, neo4j"):
            parse_engines(bad)


def test_an_unknown_engine_is_refused_on_the_command_line() -> None:
    with pytest.raises(SystemExit) as exc:
        run_all.main(["--engines", "falkordb,mysql", "--only", "ingest"])
    assert exc.value.code == 2


def test_falkordb_by_name_is_embedded_even_when_a_bolt_url_is_set(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RISKGRAPH_GRAPH_URL", "bolt://127.0.0.1:7687")
    with session(Engine("falkordb"), tmp_path) as sess:
        assert sess.env["RISKGRAPH_GRAPH_URL"] == f"falkordb://{tmp_path / 'graph'}"
        assert sess.env["RISKGRAPH_DATA_DIR"] == str(tmp_path / "data")
    # without an engine named, the caller's Bolt server is used as before
    with session(None, tmp_path) as sess:
        assert sess.env["RISKGRAPH_GRAPH_URL"] == "bolt://127.0.0.1:7687"
    # neo4j by name with a Bolt URL set: that server, no local JVM started, its memory not measured
    with session(Engine("neo4j"), tmp_path) as sess:
        assert sess.env["RISKGRAPH_GRAPH_URL"] == "bolt://127.0.0.1:7687"
        assert sess.jvm_pid is None and sess.engine_pids(1) == []
        assert sess.info["heap"] is None


def test_the_engine_processes_measured() -> None:
    assert Session("neo4j", Path("."), {}, jvm_pid=4242).engine_pids(1) == [4242]
    assert Session("falkordb", Path("."), {}).engine_pids(2**22 + 7) == []  # no such process: no children


def _engine(rows_per_s: float, p99: float | None, heap: str | None) -> dict:
    queries = {"defect ranking": {"p50_ms": 3.25, "p99_ms": p99, "rps": 300.0, "errors": 0}} if p99 else {}
    return {
        "engine": {"engine": "x", "heap": heap, "pagecache": "1g" if heap else None},
        "ingest": {"runs": [{"kind": "nhtsa-complaints", "target_size": 50_000, "documents": 50_001,
                             "rows_per_s": rows_per_s, "docs_per_s": 1000.0, "seconds": 50.0,
                             "python_peak_mb": 210.5, "engine_peak_mb": 1234.0}]},
        "queries": {"rows": queries, "engine_peak_mb": 900.0},
        "scoring": {"skipped": "no graph"},
    }


def test_side_by_side_rows_put_each_engine_in_its_column() -> None:
    rows = comparison_rows({"falkordb": _engine(12_345.0, 20.5, None), "neo4j": _engine(4_000.0, None, "2g")})
    by_label = {r[0]: r[1:] for r in rows}
    assert by_label["ingest nhtsa-complaints 50,000: rows/s"] == ["12,345.0", "4,000.0"]
    assert by_label["ingest nhtsa-complaints 50,000: engine peak RSS"] == ["1,234.0 MB", "1,234.0 MB"]
    # measured on one engine only: the other's cell says so instead of vanishing or shifting
    assert by_label["defect ranking: p50"] == ["3.25 ms", "—"]
    assert by_label["defect ranking: p99"] == ["20.5 ms", "—"]
    assert by_label["configured JVM heap (-Xms = -Xmx)"] == ["—", "2g"]
    assert by_label["configured page cache"] == ["—", "1g"]
    # not measured anywhere: no row at all
    assert not any(label.startswith(("lawyer record", "train ")) for label in by_label)
    assert all(len(r) == 3 for r in rows)


def test_side_by_side_table_has_one_column_per_engine_in_the_order_asked() -> None:
    text = comparison_table({"neo4j": _engine(1.0, 9.0, "1g"), "falkordb": _engine(2.0, 8.0, None)}, "T")
    header = next(line for line in text.splitlines() if line.startswith("| figure"))
    assert [c.strip() for c in header.strip("|").split("|")] == ["figure", "neo4j", "falkordb"]
    assert comparison_table({"neo4j": {}}, "empty").endswith("(no figure measured on any engine)\n")
