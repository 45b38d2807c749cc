"""`riskgraph eval matching` on a small generated set: the planted pairs are scored and the threshold
chart is printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datagen.enterprises.generate import generate
from reasoning.enterprises.matching.evaluate import THRESHOLDS, evaluate


class Notes:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def note(self, message: str) -> None:
        self.lines.append(message)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("matching-eval")
    generate(out, 0.05, 11)
    return out


def test_the_generator_plants_every_variant(data: Path) -> None:
    pairs = [json.loads(x) for x in (data / "truth" / "enterprises" / "match_pairs.jsonl").read_text().splitlines()]
    variants = {p["variant"] for p in pairs}
    assert {"typo", "full_width", "old_name", "branch", "pinyin", "person_name_only", "unregistered"} <= variants
    assert all(p["match"] is None for p in pairs if p["variant"] in ("unregistered", "person_name_only"))
    assert len({p["query_id"] for p in pairs}) == len(pairs)


def test_eval_matching_prints_the_chart(data: Path) -> None:
    notes = Notes()
    result = evaluate(None, data, notes)  # type: ignore[arg-type]
    assert list(result["chart"]) == [f"{t:.2f}" for t in THRESHOLDS]
    header = next(i for i, line in enumerate(notes.lines) if line.split()[:3] == ["threshold", "precision", "recall"])
    rows = notes.lines[header + 1: header + 1 + len(THRESHOLDS)]
    assert [r.split()[0] for r in rows] == [f"{t:.2f}" for t in THRESHOLDS]
    at = result["at_threshold"]
    assert at["precision"] >= 0.8 and at["recall"] >= 0.8, at
    recalls = [row["recall"] for row in result["chart"].values()]
    assert recalls == sorted(recalls, reverse=True)  # a higher threshold never finds more
    assert result["person_name_only_matched"] == 0 < result["person_name_only_queries"]
    assert any("person queries with the name alone" in line for line in notes.lines)
