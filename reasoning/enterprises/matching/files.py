"""Screening files for `riskgraph match`: a CSV (any of the register encodings) or an .xlsx sheet with a
header row naming some of id, name, code, address, phone, legal_representative, officers (separated by
";"), jurisdiction, kind (Chinese headers too: 企业名称, 统一社会信用代码, 住所, 联系电话, 法定代表人, 主要人员);
results as one row per query and candidate (a query without candidates keeps one row), CSV or .xlsx."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from core.errors import BadRequest
from core.textio import read_text_file

HEADERS = {
    "id": "id", "query_id": "id", "编号": "id", "name": "name", "企业名称": "name", "名称": "name", "code": "code",
    "统一社会信用代码": "code", "company_number": "code", "address": "address", "住所": "address", "地址": "address",
    "phone": "phone", "联系电话": "phone", "电话": "phone", "legal_representative": "legal_representative",
    "法定代表人": "legal_representative", "officers": "officers", "主要人员": "officers",
    "jurisdiction": "jurisdiction", "kind": "kind",
}
OUT_COLUMNS = ["query_id", "query_name", "rank", "candidate_id", "kind", "candidate_name", "candidate_code", "score",
               "match", "features", "risk_level", "risk_reasons"]
MAX_ROWS = 200_000


def _query(row: dict[str, Any]) -> dict[str, Any]:
    q: dict[str, Any] = {}
    for header, value in row.items():
        field = HEADERS.get(str(header or "").strip().lower()) or HEADERS.get(str(header or "").strip())
        if field and value not in (None, ""):
            q[field] = str(value).strip()
    if "officers" in q:
        q["officers"] = [o.strip() for o in q["officers"].replace("；", ";").split(";") if o.strip()]
    if q.get("jurisdiction"):
        q["jurisdiction"] = q["jurisdiction"].upper().replace("GB", "UK")
    return q


def _rows_xlsx(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    return [dict(zip(header, r, strict=False)) for r in rows if any(v not in (None, "") for v in r)]


def read_queries(path: Path) -> dict[str, dict[str, Any]]:
    """Queries by id (the id column, else the row number)."""
    path = Path(path)
    if not path.is_file():
        raise BadRequest(f"no file {path}")
    if path.suffix.lower() == ".xlsx":
        rows = _rows_xlsx(path)
    elif path.suffix.lower() in (".csv", ".tsv", ".txt"):
        with path.open("rb") as stream:
            text, _ = read_text_file(stream)
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter="\t" if path.suffix == ".tsv" else ","))
    else:
        raise BadRequest(f"{path.name}: a screening file is .csv or .xlsx")
    if len(rows) > MAX_ROWS:
        raise BadRequest(f"{path.name} has {len(rows):,} rows; at most {MAX_ROWS:,} are screened at once")
    out: dict[str, dict[str, Any]] = {}
    for n, row in enumerate(rows, start=2):
        q = _query(row)
        key = str(q.pop("id", "") or f"row {n}")
        if q.get("name") or q.get("code"):
            out[key] = q
    if not out:
        raise BadRequest(f"{path.name}: no row with a name or a code (headers: {', '.join(sorted(set(HEADERS)))})")
    return out


def result_rows(queries: dict[str, dict[str, Any]], answer: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for key, result in answer["responses"].items():
        name = queries[key].get("name") or queries[key].get("code")
        if not result["results"]:
            rows.append([key, name, None, None, result["kind"], None, None, None, False, None, None, None])
        for rank, c in enumerate(result["results"], start=1):
            features = "; ".join(f"{f['feature']} {f['level']} {f['weight']:+.1f}" for f in c["features"])
            risk = c.get("risk") or {}
            reasons = " | ".join(r.get("text", "") for r in risk.get("reasons") or [])
            rows.append([key, name, rank, c["id"], c["kind"], c["name"], c["code"], c["score"], c["match"], features,
                         risk.get("level"), reasons or None])
    return rows


def write_results(path: Path, rows: list[list[Any]]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("matches")
        sheet.append(OUT_COLUMNS)
        for row in rows:
            sheet.append([json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for v in row])
        book.save(path)
        return
    if path.suffix.lower() != ".csv":
        raise BadRequest(f"{path.name}: results are written as .csv or .xlsx")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(OUT_COLUMNS)
        writer.writerows(rows)
