"""The generator writes register records in the shapes sources write them, in a folder of its own, and
`riskgraph eval extraction` scores every field of them at 0.95 or better."""

from __future__ import annotations

from pathlib import Path

from datagen.enterprises.sources import FOLDER, SHAPES, write_sources
from extraction.enterprises.evaluate_sources import FIELDS, evaluate


def test_every_field_of_every_shape_scores_at_least_095(tmp_path: Path) -> None:
    counts = write_sources(tmp_path, 11, 0.1)
    assert set(counts) == set(SHAPES) and all(counts.values())
    assert {p.parent.name for p in tmp_path.rglob("*") if p.is_file()} == {FOLDER, "enterprises"}
    result = evaluate(tmp_path)
    assert set(result["fields"]) == set(FIELDS) and result["records"] == sum(counts.values())
    low = {f: m for f, m in result["fields"].items() if m["precision"] < 0.95 or m["recall"] < 0.95}
    assert not low, (low, result["misses"])


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    write_sources(tmp_path / "a", 3, 0.1)
    write_sources(tmp_path / "b", 3, 0.1)
    for path in sorted((tmp_path / "a").rglob("*")):
        if path.is_file() and path.suffix != ".xlsx":  # a workbook stamps its creation time
            assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes(), path
