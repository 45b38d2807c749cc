"""Open data: catalogue with data dictionaries, CSV and JSON-lines downloads streamed page by page,
personal columns masked, undeclared columns never written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import open_data
from tests.api_support import ListStore, make_app

PRODUCT = """
products:
  - name: parties
    title: Parties per case
    description: One row per party of a published judgment.
    query: lawyer_open_parties
    columns:
      - {name: case_number, type: string, description: case number as the court wrote it}
      - {name: party, type: string, description: party name (natural persons masked), personal: name}
      - {name: summary, type: string, description: facts with contacts masked, personal: text}
      - {name: claims, type: integer, description: number of claims}
  - name: firms
    title: Law firms
    description: Firms and their lawyer counts.
    query: lawyer_open_firms
    columns:
      - {name: firm, type: string, description: firm name}
"""


def _rows(n: int) -> list[dict]:
    return [{"case_number": f"（2020）沪0101民初{i}号", "party": "张三丰" if i % 2 else "John Smith",
             "summary": "原告电话13812345678，身份证号110101199003071234" if i % 2 else "=HYPERLINK(\"x\")",
             "claims": i, "secret_internal": "must not leak"} for i in range(n)]


@pytest.fixture
def client(settings, tmp_path: Path):
    folder = tmp_path / "open_data"
    folder.mkdir()
    (folder / "lawyers.yaml").write_text(PRODUCT, encoding="utf-8")
    store = ListStore({"lawyer_open_parties": _rows(2345), "lawyer_open_firms": [{"firm": "金杜"}]})
    app = make_app(settings, store)
    app.state.open_data_dir = folder
    with TestClient(app) as c:
        c.store = store  # type: ignore[attr-defined]
        yield c


def test_catalogue_lists_products_with_their_dictionary(client: TestClient) -> None:
    products = {p["name"]: p for p in client.get("/api/v1/open-data").json()["products"]}
    assert set(products) == {"parties", "firms"}
    parties = products["parties"]
    assert parties["domain"] == "lawyers"
    assert [c["name"] for c in parties["columns"]] == ["case_number", "party", "summary", "claims"]
    assert parties["columns"][1]["personal"] == "name"
    assert "query" not in parties  # the query name is internal
    assert parties["downloads"]["csv"] == "/api/v1/open-data/parties/download?format=csv"
    assert client.get("/api/v1/open-data/parties").json()["title"] == "Parties per case"
    r = client.get("/api/v1/open-data/nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")


def test_csv_download_is_streamed_masked_and_complete(client: TestClient) -> None:
    with client.stream("GET", "/api/v1/open-data/parties/download?format=csv") as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert 'filename="parties.csv"' in r.headers["content-disposition"]
        chunks = list(r.iter_text())
    assert len(chunks) > 1  # written as it is read, not built whole
    table = list(csv.reader(io.StringIO("".join(chunks))))
    assert table[0] == ["case_number", "party", "summary", "claims"]
    assert len(table) == 1 + 2345
    text = "".join(chunks)
    assert "张三丰" not in text and "John Smith" not in text and "13812345678" not in text
    assert "110101199003071234" not in text and "must not leak" not in text
    assert table[2][1] == "张某" and table[1][1] == "J. S."
    assert table[1][2].startswith("'=")  # a formula is kept as text for spreadsheets
    # Read page by page with $skip/$limit.
    skips = [p["skip"] for name, p in client.store.calls if name == "lawyer_open_parties"]  # type: ignore[attr-defined]
    assert skips == [0, 1000, 2000]


def test_jsonl_download(client: TestClient) -> None:
    r = client.get("/api/v1/open-data/parties/download?format=jsonl")
    assert r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == 2345 and set(rows[0]) == {"case_number", "party", "summary", "claims"}
    assert rows[1]["party"] == "张某" and rows[1]["claims"] == 1
    assert "13812345678" not in r.text
    assert client.get("/api/v1/open-data/parties/download?format=xml").status_code == 422


def test_a_bad_product_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("name: x\ntitle: t\ndescription: d\nquery: q\ncolumns: []\n")
    with pytest.raises(open_data.ProductsError, match="broken.yaml"):
        open_data.load_products(tmp_path)


def test_every_declared_product_is_valid_and_its_query_exists() -> None:
    from graph.queries import all_query_names

    products = open_data.load_products()
    names = set(all_query_names())
    for product in products.values():
        assert product.query in names, f"{product.name}: no cypher/{product.query}.cypher"
