"""The changes feed: facts added or changed since a cursor, oldest first.

Two streams are merged in (time, fact id) order: source records (Documents, by `ingested_at`, with the
nodes each evidences) and enterprise scorings (by `risk_scored_at`, with the level and score). A cursor
is the (time, fact id) of the last item given, hex-encoded and opaque to clients; it is handed back
even on the last page, so a client polls with it. A feed starts at the beginning, at an issued cursor,
or at an ISO date or time. Any value of the cursor's form (`CURSOR_PATTERN`) is a position in the
(time, fact id) order, so every value the API's schema allows is one it accepts.

What a caller sees follows what the role may read elsewhere: an inspector vehicles and lawyers, a
regulator enterprises and lawyers, admin everything, and a caller without a key the lawyers' records
only, masked like the other public answers (people's names in titles masked, no person or party
facts). Known limit: a record ingested again with other content keeps its first `ingested_at`, so a
correction of a record shows only through the facts it changes (a rescoring, for enterprises).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core.domains import DOMAINS
from extraction.lawyers.masking import mask_text
from extraction.registry import available_kinds, get_kind
from graph.store import GraphStore

ROLE_DOMAINS: dict[str, tuple[str, ...]] = {"public": ("lawyers",), "inspector": ("vehicles", "lawyers"),
                                            "regulator": ("enterprises", "lawyers"), "admin": DOMAINS}
PERSONAL = {"Person", "Party"}  # never shown to a caller without a key
FACTS_PER_ITEM = 20
ISO = r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?"
CURSOR_PATTERN = rf"^(c([0-9a-f]{{2}}){{0,600}}|{ISO})$"
SEPARATOR = "\x1f"


@dataclass(frozen=True)
class Cursor:
    at: str  # time of the last item given ("" at the start)
    fact: str  # its fact id ("" when only a time was given)


def encode(cursor: Cursor) -> str:
    return "c" + (cursor.at + SEPARATOR + cursor.fact).encode()[:600].hex()


def decode(text: str | None) -> Cursor:
    """An issued cursor, an ISO date or date-time (UTC), or nothing (the start); ValueError otherwise."""
    if not text:
        return Cursor("", "")
    if not re.fullmatch(CURSOR_PATTERN, text):
        raise ValueError("not a cursor this API issued, nor an ISO date or time")
    if text[0] != "c":
        return Cursor(text.replace("Z", "+00:00"), "")
    at, _, fact = bytes.fromhex(text[1:]).decode("utf-8", "replace").partition(SEPARATOR)
    return Cursor(at, fact)


def domains_for(role: str, domain: str | None) -> tuple[str, ...]:
    """The domains a role sees (one when asked); PermissionError for a domain the role may not read."""
    visible = ROLE_DOMAINS.get(role, ())
    if domain is None:
        return visible
    if domain not in visible:
        who = "a caller without a key" if role == "public" else f"the role {role!r}"
        raise PermissionError(f"{who} may not read {domain} facts; it sees {', '.join(visible) or 'none'}")
    return (domain,)


def _after(prefix: str, cursor: Cursor) -> str:
    """The id threshold, within the cursor's time, of a stream whose fact ids start with `prefix`."""
    if cursor.fact.startswith(prefix):
        return cursor.fact[len(prefix):]
    return "" if cursor.fact < prefix else "\U0010ffff"


def feed(store: GraphStore, role: str, domain: str | None, cursor: Cursor, limit: int) -> dict[str, Any]:
    domains = domains_for(role, domain)
    kinds = sorted(k for k in available_kinds() if get_kind(k).domain in domains)
    items: list[dict[str, Any]] = []
    if kinds:
        for r in store.read("changes_documents", {"at": cursor.at, "after": _after("Document:", cursor),
                                                  "kinds": kinds, "limit": limit + 1}):
            items.append({"fact_id": f"Document:{r['id']}", "kind": "record", "at": r["at"],
                          "domain": get_kind(r["source_kind"]).domain, "source_kind": r["source_kind"],
                          "date": r.get("date"), "title": r.get("title"), "lang": r.get("lang"), "facts": []})
    if "enterprises" in domains:
        for r in store.read("changes_scored", {"at": cursor.at, "after": _after("Enterprise:", cursor),
                                               "limit": limit + 1}):
            items.append({"fact_id": f"Enterprise:{r['id']}", "kind": "risk_score", "at": r["at"],
                          "domain": "enterprises", "title": f"{r.get('name') or r['id']}: scored {r.get('level')}",
                          "level": r.get("level"), "score": r.get("score"), "model": r.get("model"),
                          "facts": [f"Enterprise:{r['id']}"]})
    items.sort(key=lambda i: (i["at"], i["fact_id"]))
    more = len(items) > limit
    items = items[:limit]
    _with_facts(store, items, public=role == "public")
    last = Cursor(items[-1]["at"], items[-1]["fact_id"]) if items else cursor
    return {"items": items, "limit": limit, "more": more, "next_cursor": encode(last), "domains": list(domains)}


def _with_facts(store: GraphStore, items: list[dict[str, Any]], public: bool) -> None:
    docs = {i["fact_id"].removeprefix("Document:"): i for i in items if i["kind"] == "record"}
    if not docs:
        return
    names: dict[str, list[str]] = {}
    for r in store.read("changes_document_facts", {"ids": sorted(docs)}):
        item = docs[r["id"]]
        if r["label"] in PERSONAL:
            names.setdefault(r["id"], []).append(r.get("name") or "")
            if public:
                continue
        if len(item["facts"]) < FACTS_PER_ITEM:
            item["facts"].append(f"{r['label']}:{r['node']}")
    for doc_id, item in docs.items():
        lang = item.pop("lang", None) or "zh"
        if public and item.get("title"):
            item["title"] = mask_text(item["title"], [n for n in names.get(doc_id, []) if n], lang=lang)
