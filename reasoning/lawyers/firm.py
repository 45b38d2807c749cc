"""A law firm's record: the firm, its head office or branches, its members (each counted as the
registered lawyer they stand for, the register's membership preferred) and its cases by year."""

from __future__ import annotations

from typing import Any

from extraction.lawyers.ids import firm_id
from graph.store import GraphStore


def firm_key_id(key: str) -> str | None:
    """The firm id a key names: a firm id (firm:…) as it is, a firm name in any variant by its id;
    None for a name that makes no firm id."""
    if key.startswith("firm:"):
        return key
    try:
        return firm_id(key)
    except ValueError:
        return None


def members(store: GraphStore, fid: str, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` membership rows, one per lawyer (id, name, title, since, until, source)."""
    out: dict[str, dict[str, Any]] = {}
    for m in store.read("firm_members", {"id": fid, "limit": limit}):
        lid = m["canonical"][0] if len(m["canonical"]) == 1 else m["id"]
        current = out.get(lid)
        if current is None or (m.get("source") == "register" and current["source"] != "register"):
            out[lid] = {"id": lid, "name": m["name"], "title": m.get("title"), "since": m.get("since"),
                        "until": m.get("until"), "source": m.get("source") or "judgment"}
    return list(out.values())


def firm_record(store: GraphStore, key: str, limit: int) -> dict[str, Any] | None:
    """The firm a key names with at most `limit` members; None when there is no such firm."""
    fid = firm_key_id(key)
    rows = store.read("firm_record", {"id": fid}) if fid else []
    if not rows or rows[0].get("firm") is None:
        return None
    row, firm = rows[0], rows[0]["firm"]
    listed = members(store, firm["id"], limit)
    by_year = [{"key": str(r["year"]), "cases": r["cases"]} for r in store.read("firm_cases", {"id": firm["id"]})
               if r.get("year") is not None]
    branches = [{"id": i, "name": n} for i, n in zip(row["branch_ids"], row["branch_names"], strict=False) if i]
    return {"id": firm["id"], "name": firm.get("name") or firm.get("name_seen") or firm["id"], "city": firm.get("city"),
            "branch": firm.get("branch") or None,
            "head_office": {"id": row["head_id"], "name": row["head_name"]} if row.get("head_id") else None,
            "branches": branches, "license_no": firm.get("license_no"), "founded": firm.get("founded"),
            "status": firm.get("status"), "members": listed, "cases_by_year": by_year}
