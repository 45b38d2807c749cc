"""Open data products: declared by the domains as api/open_data/<domain>.yaml, served as CSV or JSON lines.

A file holds one product or a `products:` list. A product names a Cypher file that takes $skip and
$limit and returns the declared columns; a column marked `personal: true` is masked with the lawyer
domain's masking (extraction/lawyers/masking.py) before it leaves the server, and only declared columns are
ever written, whatever else the query returns.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from graph.store import GraphStore

log = logging.getLogger("riskgraph.open_data")
PRODUCTS_DIR = Path(__file__).resolve().parent / "open_data"
PAGE = 1000  # rows per query while streaming
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Column(BaseModel):
    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    type: Literal["string", "integer", "number", "boolean", "date", "list"] = "string"
    description: str
    personal: Literal[False, "name", "text"] = Field(
        False, description="masked on the way out: `name` (a natural person: 张某, J. S.) or `text` "
        "(identity numbers, phones, accounts and addresses inside free text)")


class Product(BaseModel):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    description: str
    query: str = Field(description="cypher file name taking $skip and $limit")
    columns: list[Column] = Field(min_length=1)
    domain: str = ""
    license: str = "Open data; cite the publishing regulator"


class ProductsError(ValueError):
    """A product file that cannot be served; the message names the file and the field."""


def _products_in(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "products" in data:
        data = data["products"]
    items = data if isinstance(data, list) else [data]
    return [{"domain": path.stem, **item} if isinstance(item, dict) else item for item in items]


@lru_cache(maxsize=4)
def load_products(folder: Path = PRODUCTS_DIR) -> dict[str, Product]:
    products: dict[str, Product] = {}
    for path in sorted(folder.glob("*.yaml")):
        for item in _products_in(path):
            try:
                product = Product.model_validate(item)
            except ValidationError as exc:
                raise ProductsError(f"{path}: {exc}") from exc
            if product.name in products:
                raise ProductsError(f"{path}: open data product {product.name!r} is declared twice")
            products[product.name] = product
    return products


Mask = Callable[[Any, "Column"], Any]


def masker_for(product: Product) -> Mask | None:
    """The masking of the product's personal columns; refuses (fail closed) where none is installed."""
    if not any(c.personal for c in product.columns):
        return None
    try:
        from extraction.lawyers import masking
    except ImportError as exc:
        raise ProductsError(f"open data product {product.name!r} has personal columns but no masking "
                            "is installed (extraction/lawyers/masking.py)") from exc

    def mask(value: Any, column: Column) -> Any:
        text = str(value)
        lang = "zh" if masking.CJK.search(text) else "en"
        if column.personal == "name":
            return masking.mask_person_name(text, lang)
        return masking.mask_text(text, lang=lang)

    return mask


def _cell(value: Any, column: Column, mask: Mask | None) -> Any:
    if value is None or not column.personal or mask is None:
        return value
    return [None if v is None else mask(v, column) for v in value] if isinstance(value, list) \
        else mask(value, column)


def rows(store: GraphStore, product: Product, mask: Mask | None, page: int = PAGE) -> Iterator[dict[str, Any]]:
    """Every row of the product, masked, declared columns only, read page by page."""
    skip = 0
    while True:
        batch = store.read(product.query, {"skip": skip, "limit": page})
        for row in batch:
            yield {c.name: _cell(row.get(c.name), c, mask) for c in product.columns}
        if len(batch) < page:
            return
        skip += page


def _csv_text(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join("" if v is None else str(v) for v in value)
    # Spreadsheet programs run cells starting with these as formulas; a quote keeps them text.
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def stream_csv(store: GraphStore, product: Product, mask: Mask | None) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([c.name for c in product.columns])
    for n, row in enumerate(rows(store, product, mask), 1):
        writer.writerow([_csv_text(row[c.name]) for c in product.columns])
        if n % 200 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def stream_jsonl(store: GraphStore, product: Product, mask: Mask | None) -> Iterator[str]:
    lines: list[str] = []
    for row in rows(store, product, mask):
        lines.append(json.dumps(row, ensure_ascii=False, default=str))
        if len(lines) >= 200:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"
