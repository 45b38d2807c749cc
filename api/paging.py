"""Pagination for every list endpoint, and the size bound for graph endpoints.

A list endpoint takes `page: Paging` (api/deps.py: the PageParams of `page_params`), asks its query
for `page.fetch` rows starting at `page.offset` (one more than the page, so it knows whether more
follow), and returns `Page.build(rows, page)`. Clients page with `offset` or with the opaque `cursor`
of the previous page; `limit` is bounded by settings.max_page_size: a larger one gives that
many, and the answer's `limit` says so (a client that asks for "everything" still gets a valid page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

T = TypeVar("T")
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int

    @property
    def fetch(self) -> int:
        """Rows to ask the query for: one more than the page, to tell whether another page follows."""
        return self.limit + 1


def _invalid(field: str, message: str, value: Any) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", field), "msg": message, "type": "value_error",
                                    "input": value}])


# A cursor is opaque to clients; its exact form is in the schema (CURSOR_PATTERN), so that every value the
# schema allows is one the API accepts.
CURSOR_PATTERN = r"^p[0-9a-z]{1,7}$"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def encode_cursor(offset: int) -> str:
    digits = ""
    while True:
        offset, rest = divmod(offset, 36)
        digits = _DIGITS[rest] + digits
        if not offset:
            return "p" + digits


def decode_cursor(cursor: str) -> int:
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        raise _invalid("cursor", "not a cursor this API issued (take `next_cursor` of the previous page)", cursor)
    return int(cursor[1:], 36)


def page_params(
    request: Request,
    limit: int | None = Query(None, ge=1, description=f"items per page (default {DEFAULT_LIMIT}); a larger "
                              "value than the server's RISKGRAPH_MAX_PAGE_SIZE gives that many (the answer's "
                              "`limit` says)"),
    offset: int = Query(0, ge=0, le=10_000_000, description="items to skip; or use `cursor`"),
    cursor: str | None = Query(None, pattern=CURSOR_PATTERN, description="opaque: the `next_cursor` of the "
                               "previous page; when given, it replaces `offset`"),
) -> PageParams:
    maximum = request.app.state.settings.max_page_size
    limit = min(DEFAULT_LIMIT if limit is None else limit, maximum)
    if cursor is not None:
        offset = decode_cursor(cursor)
    return PageParams(limit=limit, offset=offset)


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="offset of the next page; null on the last page")
    next_cursor: str | None = Field(None, description="cursor of the next page; null on the last page")
    total: int | None = Field(None, description="number of items in all pages, where cheap to know")

    @classmethod
    def build(cls, rows: list[Any], page: PageParams, total: int | None = None) -> Page[Any]:
        more = len(rows) > page.limit
        nxt = page.offset + page.limit if more else None
        return cls(items=rows[: page.limit], limit=page.limit, offset=page.offset, next_offset=nxt,
                   next_cursor=encode_cursor(nxt) if nxt is not None else None, total=total)


@dataclass
class BoundedGraph:
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    truncated: bool
    total_nodes: int


def bound_graph(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], max_nodes: int,
                source: str = "source", target: str = "target") -> BoundedGraph:
    """Keep the first `max_nodes` nodes (callers order them by importance) and the edges between them;
    `truncated` tells the client that the graph was cut."""
    kept = nodes[:max_nodes]
    ids = {n["id"] for n in kept}
    kept_edges = [e for e in edges if e[source] in ids and e[target] in ids]
    return BoundedGraph(kept, kept_edges, truncated=len(nodes) > max_nodes, total_nodes=len(nodes))
