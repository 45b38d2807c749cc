"""Source kind `lawyer-register`: the justice bureau's lawyer register (one row per lawyer and firm
stint: name, license number, firm, since/until, status), the firm register, and lawyers' social
service declarations (voluntary disclosure, shown once reviewed). The table is told by its header.

A registered lawyer is `lawyer:lic:<license>`; for each firm stint the register also writes the
name-at-firm node judgments produce and links it to the licensed lawyer (SAME_AS): that is how a
judgment's "张三，某某律师事务所律师" is resolved, by name and firm, never by name alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from core.errors import RecordRejected
from extraction.lawyers.ids import (
    firm_id,
    firm_key,
    firm_parts,
    fold,
    head_office_id,
    is_chinese,
    lawyer_at_firm_id,
    license_id,
    person_key,
    search_terms,
)
from extraction.lawyers.table import parse_date, read_table, row_text
from extraction.lawyers.vocab import vocab
from graph.records import Document, Extraction, Node, RawRecord, Rel, stable_id
from graph.source_kind import SourceKind

NAME = "lawyer-register"
VERSION = "1"


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    yield from read_table(file_name, stream)


def firm_nodes(name: str, props: dict[str, Any] | None = None) -> tuple[list[Node], list[Rel]]:
    """The firm node (and its head office when it is a branch)."""
    fid = firm_id(name)
    core, branch, kind = firm_parts(name) if is_chinese(name) else ("", "", "")
    nodes = [Node("LawFirm", fid, {"name": name, "name_norm": firm_key(name), "branch": branch,
                                   "jurisdiction": "CN" if is_chinese(name) else "US", **(props or {})},
                  terms=search_terms(name))]
    rels = []
    head = head_office_id(name)
    if head:
        nodes.append(Node("LawFirm", head, {"name_seen": core + kind, "name_norm": head.removeprefix("firm:"),
                                            "jurisdiction": "CN"}))
        rels.append(Rel("BRANCH_OF", "LawFirm", fid, "LawFirm", head))
    return nodes, rels


def _need(row: dict[str, Any], *fields: str) -> None:
    missing = [f for f in fields if not row.get(f)]
    if missing:
        raise RecordRejected(f"missing {', '.join(missing)}")


def _status(value: str | None) -> str | None:
    return vocab("register_columns")["status"].get((value or "").strip().lower(), value) if value else None


def _lawyer_row(row: dict[str, Any], ex: Extraction, spans: dict[str, tuple[int, int]]) -> None:
    _need(row, "name", "license_no", "firm")
    lic = license_id(row["license_no"])
    name, firm = row["name"], row["firm"]
    categories = vocab("register_columns")["categories"]
    until = parse_date(row.get("until"))
    props = {"name": name, "name_norm": person_key(name), "license_no": fold(row["license_no"]).upper(),
             "kind": "registered", "gender": row.get("gender"), "status": _status(row.get("status")),
             "practice_start": parse_date(row.get("practice_start")),
             "title": categories.get(row.get("category", ""), row.get("category")), "jurisdiction": "CN",
             "disclosure": "legal"}
    if not until:  # the current firm only; a past stint must not overwrite it
        props.update(firm_name=firm, city=row.get("city"))
    ex.nodes.append(Node("Lawyer", lic, props, span=spans.get("name"), terms=search_terms(f"{name} {firm}")))
    nodes, rels = firm_nodes(firm, {"city": row.get("city")} if row.get("city") else None)
    ex.nodes += nodes
    ex.rels += rels
    since = parse_date(row.get("since")) or parse_date(row.get("practice_start"))
    ex.rels.append(Rel("MEMBER_OF", "Lawyer", lic, "LawFirm", firm_id(firm),
                       {"since": since, "until": until, "source": "register"}, key=since or "",
                       span=spans.get("firm")))
    alias = lawyer_at_firm_id(name, firm)
    ex.nodes.append(Node("Lawyer", alias, {"name": name, "name_norm": person_key(name), "kind": "appearance",
                                           "firm_name": firm, "jurisdiction": "CN"}))
    ex.rels.append(Rel("SAME_AS", "Lawyer", alias, "Lawyer", lic, span=spans.get("license_no")))


def _firm_row(row: dict[str, Any], ex: Extraction) -> None:
    _need(row, "firm")
    nodes, rels = firm_nodes(row["firm"], {
        "city": row.get("city"), "license_no": row.get("firm_license"), "founded": parse_date(row.get("founded")),
        "status": _status(row.get("status")), "address_area": row.get("address"),
    })
    ex.nodes += nodes
    ex.rels += rels


def _service_row(row: dict[str, Any], ex: Extraction) -> None:
    _need(row, "license_no", "activity")
    lic = license_id(row["license_no"])
    when = parse_date(row.get("date"))
    try:
        hours = float(row["hours"]) if row.get("hours") else None
    except ValueError as exc:
        raise RecordRejected(f"hours {row['hours']!r} is not a number") from exc
    reviewed = str(row.get("reviewed", "")).strip().lower() in {str(v).lower() for v in
                                                                vocab("register_columns")["reviewed_yes"]}
    sid = "service:" + stable_id(lic, when, row["activity"])
    ex.nodes.append(Node("ServiceRecord", sid, {"activity": row["activity"], "date": when, "hours": hours,
                                                "reviewed": reviewed, "disclosure": "voluntary"}))
    ex.rels.append(Rel("SERVED", "Lawyer", lic, "ServiceRecord", sid))


def extract(raw: RawRecord) -> Extraction:
    if not isinstance(raw.payload, dict):
        raise RecordRejected("not a register row")
    table, row = raw.payload["table"], raw.payload["row"]
    text, spans = row_text(row)
    doc = Document(NAME, raw.file, raw.record_id, text, date=parse_date(row.get("since") or row.get("date")),
                   lang="zh" if is_chinese(text) else "en", title=f"{table}: {row.get('name') or row.get('firm', '')}")
    ex = Extraction(document=doc, extractor="lawyer_register", extractor_version=VERSION)
    try:
        if table == "lawyers":
            _lawyer_row(row, ex, spans)
        elif table == "firms":
            _firm_row(row, ex)
        elif table == "service":
            _service_row(row, ex)
        else:
            raise RecordRejected(f"a {table} table belongs to the lawyer-sanctions kind")
    except ValueError as exc:  # a name that normalises to nothing
        raise RecordRejected(str(exc)) from exc
    return ex


SOURCE = SourceKind(
    name=NAME, domain="lawyers", description="Lawyer and law firm registers, lawyers' social service (CSV)",
    read=read, extract=extract, suffixes=(".csv", ".tsv", ".txt"),
)
