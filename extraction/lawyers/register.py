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
from extraction.common.dates import parse_date
from extraction.common.facts import Facts
from extraction.common.names import fold
from extraction.lawyers.ids import (
    firm_id,
    firm_key,
    firm_parts,
    head_office_id,
    is_chinese,
    lawyer_at_firm_id,
    license_id,
    person_key,
    search_terms,
)
from extraction.lawyers.table import read_table, row_text
from extraction.lawyers.vocab import vocab
from graph.records import Document, Extraction, RawRecord, stable_id
from graph.source_kind import SourceKind

NAME = "lawyer-register"
VERSION = "1"


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    yield from read_table(file_name, stream)


def add_firm(facts: Facts, name: str, props: dict[str, Any] | None = None) -> None:
    """The firm node (and its head office when it is a branch)."""
    fid = firm_id(name)
    core, branch, kind = firm_parts(name) if is_chinese(name) else ("", "", "")
    facts.node("LawFirm", fid, {"name": name, "name_norm": firm_key(name), "branch": branch,
                                "jurisdiction": "CN" if is_chinese(name) else "US", **(props or {})},
               terms=search_terms(name))
    head = head_office_id(name)
    if head:
        facts.node("LawFirm", head, {"name_seen": core + kind, "name_norm": head.removeprefix("firm:"),
                                     "jurisdiction": "CN"})
        facts.rel("BRANCH_OF", ("LawFirm", fid), ("LawFirm", head))


def _need(row: dict[str, Any], *fields: str) -> None:
    missing = [f for f in fields if not row.get(f)]
    if missing:
        raise RecordRejected(f"missing {', '.join(missing)}")


def _status(value: str | None) -> str | None:
    return vocab("register_columns")["status"].get((value or "").strip().lower(), value) if value else None


def _lawyer_row(row: dict[str, Any], facts: Facts, spans: dict[str, tuple[int, int]]) -> None:
    _need(row, "name", "license_no", "firm")
    lic = license_id(row["license_no"])
    name, firm = row["name"], row["firm"]
    categories = vocab("register_columns")["categories"]
    until = parse_date(row.get("until"))
    props = {"name": name, "name_norm": person_key(name),
             "license_no": fold(row["license_no"], spaces="drop", case="upper"), "kind": "registered",
             "gender": row.get("gender"), "status": _status(row.get("status")),
             "practice_start": parse_date(row.get("practice_start")),
             "title": categories.get(row.get("category", ""), row.get("category")), "jurisdiction": "CN",
             "disclosure": "legal"}
    if not until:  # the current firm only; a past stint must not overwrite it
        props.update(firm_name=firm, city=row.get("city"))
    facts.node("Lawyer", lic, props, span=spans.get("name"), terms=search_terms(f"{name} {firm}"))
    add_firm(facts, firm, {"city": row.get("city")} if row.get("city") else None)
    since = parse_date(row.get("since")) or parse_date(row.get("practice_start"))
    facts.rel("MEMBER_OF", ("Lawyer", lic), ("LawFirm", firm_id(firm)),
              {"since": since, "until": until, "source": "register"}, key=since or "", span=spans.get("firm"))
    alias = lawyer_at_firm_id(name, firm)
    facts.node("Lawyer", alias, {"name": name, "name_norm": person_key(name), "kind": "appearance",
                                 "firm_name": firm, "jurisdiction": "CN"})
    facts.rel("SAME_AS", ("Lawyer", alias), ("Lawyer", lic), span=spans.get("license_no"))


def _firm_row(row: dict[str, Any], facts: Facts) -> None:
    _need(row, "firm")
    add_firm(facts, row["firm"], {
        "city": row.get("city"), "license_no": row.get("firm_license"), "founded": parse_date(row.get("founded")),
        "status": _status(row.get("status")), "address_area": row.get("address"),
    })


def _service_row(row: dict[str, Any], facts: Facts) -> None:
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
    facts.node("ServiceRecord", sid, {"activity": row["activity"], "date": when, "hours": hours,
                                      "reviewed": reviewed, "disclosure": "voluntary"})
    facts.rel("SERVED", ("Lawyer", lic), ("ServiceRecord", sid))


def extract(raw: RawRecord) -> Extraction:
    if not isinstance(raw.payload, dict):
        raise RecordRejected("not a register row")
    table, row = raw.payload["table"], raw.payload["row"]
    text, spans = row_text(row)
    doc = Document(NAME, raw.file, raw.record_id, text, date=parse_date(row.get("since") or row.get("date")),
                   lang="zh" if is_chinese(text) else "en", title=f"{table}: {row.get('name') or row.get('firm', '')}")
    facts = Facts(doc, "lawyer_register", VERSION)
    try:
        if table == "lawyers":
            _lawyer_row(row, facts, spans)
        elif table == "firms":
            _firm_row(row, facts)
        elif table == "service":
            _service_row(row, facts)
        else:
            raise RecordRejected(f"a {table} table belongs to the lawyer-sanctions kind")
    except ValueError as exc:  # a name that normalises to nothing
        raise RecordRejected(str(exc)) from exc
    return facts.extraction()


SOURCE = SourceKind(
    name=NAME, domain="lawyers", description="Lawyer and law firm registers, lawyers' social service (CSV)",
    read=read, extract=extract, suffixes=(".csv", ".tsv", ".txt"),
)
