"""Open data: the public data products with their data dictionaries, streamed as CSV or JSON lines."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from api import open_data
from api.deps import Store
from api.errors import ApiProblem

router = APIRouter(tags=["open data"])
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


class ProductOut(BaseModel):
    name: str
    title: str
    description: str
    domain: str
    license: str
    columns: list[open_data.Column] = Field(description="the data dictionary")
    downloads: dict[str, str] = Field(description="format -> URL")

    model_config = {"json_schema_extra": {"examples": [{
        "name": "lawyers", "title": "Lawyers and their case counts", "description": "…", "domain": "lawyers",
        "license": "Open data", "columns": [{"name": "license_no", "type": "string",
                                              "description": "practice licence number", "personal": False}],
        "downloads": {"csv": "/api/v1/open-data/lawyers/download?format=csv",
                      "jsonl": "/api/v1/open-data/lawyers/download?format=jsonl"},
    }]}}


class Catalogue(BaseModel):
    products: list[ProductOut]


def _products(request: Request) -> dict[str, open_data.Product]:
    try:
        return open_data.load_products(request.app.state.open_data_dir)
    except open_data.ProductsError as exc:
        raise ApiProblem(500, "the open data catalogue is misconfigured", "internal-error") from exc


def _out(p: open_data.Product) -> ProductOut:
    base = f"/api/v1/open-data/{p.name}/download?format="
    return ProductOut(**p.model_dump(exclude={"query"}), downloads={f: base + f for f in MEDIA})


def _product(request: Request, name: str) -> open_data.Product:
    product = _products(request).get(name)
    if product is None:
        raise HTTPException(404, f"no open data product {name!r}; GET /api/v1/open-data lists them")
    return product


@router.get("/open-data", response_model=Catalogue, summary="The public data products and their dictionaries")
def catalogue(request: Request) -> Catalogue:
    return Catalogue(products=[_out(p) for p in _products(request).values()])


@router.get("/open-data/{name}", response_model=ProductOut, summary="One data product and its dictionary")
def product(name: str, request: Request) -> ProductOut:
    return _out(_product(request, name))


@router.get("/open-data/{name}/download", summary="Download a data product, streamed (CSV or JSON lines)",
            response_class=StreamingResponse,
            responses={200: {"content": {
                MEDIA["csv"]: {"example": "id,name,license_no,cases\nlawyer:lic:13101201011234567,张伟,13101201011234567,42\n"},
                MEDIA["jsonl"]: {"example": '{"id": "lawyer:lic:13101201011234567", "name": "张伟", "cases": 42}\n'}},
                "description": "every row, personal columns masked"}})
def download(
    name: str,
    request: Request,
    store: Store,
    format: Annotated[Literal["csv", "jsonl"], Query()] = "csv",  # noqa: A002 - the public parameter name
) -> StreamingResponse:
    item = _product(request, name)
    try:
        mask = open_data.masker_for(item)
    except open_data.ProductsError as exc:
        raise ApiProblem(503, f"the product {name!r} cannot be masked on this server", "internal-error") from exc
    stream = open_data.stream_csv if format == "csv" else open_data.stream_jsonl
    return StreamingResponse(
        stream(store, item, mask), media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{item.name}.{format}"'},
    )
