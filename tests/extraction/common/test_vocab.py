"""The one loader of the data files beside each domain's extractors."""

from __future__ import annotations

from pathlib import Path

import pytest

from extraction.common import vocab as loader
from extraction.common.vocab import load_yaml, read_tsv
from extraction.enterprises.vocab import vocab as enterprise_vocab
from extraction.lawyers.vocab import vocab as lawyer_vocab
from extraction.vehicles.vocab import load as vehicle_data


def test_yaml_files_of_every_domain_are_read_once() -> None:
    assert load_yaml("lawyers", "places") is load_yaml("lawyers", "places")
    assert "zh" in load_yaml("common", "legal_forms.yaml")
    # the domains' own accessors are this loader
    assert lawyer_vocab("places") is load_yaml("lawyers", "places")
    assert enterprise_vocab() is load_yaml("enterprises", "vocab.yaml")
    assert vehicle_data("makes.yaml") is load_yaml("vehicles", "makes.yaml")


def test_tsv_tables_are_rows_by_header() -> None:
    rows = read_tsv("enterprises", "divisions.tsv")
    assert rows is read_tsv("enterprises", "divisions.tsv")
    assert set(rows[0]) >= {"code", "name", "level", "parent"}
    assert {r["section"] for r in read_tsv("enterprises", "sic_sections.tsv")} >= {"A", "C"}


@pytest.fixture
def data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(loader, "EXTRACTION", tmp_path)
    load_yaml.cache_clear()
    read_tsv.cache_clear()
    (tmp_path / "demo" / "data").mkdir(parents=True)
    yield tmp_path / "demo" / "data"
    load_yaml.cache_clear()
    read_tsv.cache_clear()


def test_tsv_comments_blank_lines_and_ragged_rows(data_root: Path) -> None:
    (data_root / "t.tsv").write_text("# a comment\ncode\tname\tnote\n\nA\tAlpha\n# another\nB\tBeta\tx\textra\n",
                                     encoding="utf-8")
    assert read_tsv("demo", "t.tsv") == ({"code": "A", "name": "Alpha", "note": ""},
                                         {"code": "B", "name": "Beta", "note": "x"})


def test_yaml_name_with_or_without_suffix(data_root: Path) -> None:
    (data_root / "words.yaml").write_text("colours: [红, 蓝]\n", encoding="utf-8")
    (data_root / "other.yml").write_text("n: 1\n", encoding="utf-8")
    assert load_yaml("demo", "words") == load_yaml("demo", "words.yaml") == {"colours": ["红", "蓝"]}
    assert load_yaml("demo", "other.yml") == {"n": 1}
