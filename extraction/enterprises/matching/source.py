"""Where the register's records come from: the graph (named queries) or the register files themselves
(extractions, for the generator's truth and `riskgraph eval matching`), both in one row shape, that of
`cypher/enterprises/enterprise_match_records.cypher`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.textio import open_binary
from extraction.enterprises.matching.fields import Rec, enterprise_record, query_record
from extraction.enterprises.matching.names import NameCollector, RegisterNames
from extraction.enterprises.matching.register import Compared, Register, estimate, sample_ids
from graph.records import Extraction
from graph.store import GraphStore, read_ahead

CHUNK = 2000
NAME_PAGE = 10_000  # registered names per query
REGISTER_KINDS = ("cn-registry", "uk-companies")
ADDRESS_FIELDS = ("building", "country", "postcode", "city", "district", "road", "number", "text")


def records_from_store(store: GraphStore, ids: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), CHUNK):
        rows.extend(store.read("enterprise_match_records", {"ids": ids[start:start + CHUNK]}))
    return rows


def mention_record(row: dict[str, Any]) -> Rec:
    """A name-only enterprise as the query a screening would make of it (a name and nothing else)."""
    name = row.get("name") or ""
    rec = query_record({"name": name}, kind="enterprise") if name else Rec(
        id=None, kind="enterprise", names=[], keys=[row.get("name_norm") or row["id"].removeprefix("NAME:")])
    if not rec.name_forms:
        rec = Rec(id=None, kind="enterprise", names=[], keys=[row.get("name_norm") or row["id"].removeprefix("NAME:")])
    rec.id = row["id"]
    return rec


def registered_ids(store: GraphStore) -> list[str]:
    """Every registered enterprise's id, in code point order (the order of both engines' string ids)."""
    return sorted(r["id"] for r in store.read("enterprise_registered_ids"))


def registered_name_pages(store: GraphStore, page: int = NAME_PAGE) -> Iterator[list[dict[str, Any]]]:
    """The registered enterprises' names in id order, a page of ids at a time."""
    ids = registered_ids(store)
    yield from read_ahead(store, (("enterprise_registered_names", {"ids": ids[start:start + page]})
                                  for start in range(0, len(ids), page)))


def compared_with_kept(names: RegisterNames, mentions: list[Rec]) -> Compared:
    """The mentions compared with a register of the names kept for them: every mention's candidates are
    among those, so it ranks them as the whole register would."""
    return Compared.of(Register.of(names.candidates, people=[], stop=names.stop), mentions)


def estimate_from_store(store: GraphStore, page: int = NAME_PAGE) -> tuple[dict[str, Any], RegisterNames, Compared]:
    """(parameters, the register's names gathered against the name-only enterprises, those enterprises
    compared with the names kept for them) read from the graph a page at a time."""
    mentions = [mention_record(r) for r in store.read("enterprise_name_only")]
    collector = NameCollector(mentions)
    for rows in registered_name_pages(store, page):
        collector.add(enterprise_record(r) for r in rows)
    names = collector.finish()
    sample = [enterprise_record(r) for r in records_from_store(store, sample_ids(names.ids))]
    compared = compared_with_kept(names, mentions)
    return estimate(names, sample, compared), names, compared


def row_of_extraction(ex: Extraction) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """A register extraction as (the enterprise's row, the name-only enterprises it mentions)."""
    ent = ex.nodes[0]
    by_id = {n.id: n for n in ex.nodes}
    mentions = [{"id": n.id, "name": n.props.get("name"), "name_norm": n.props.get("name_norm")}
                for n in ex.nodes if n.label == "Enterprise" and n.id.startswith("NAME:")]
    if ent.label != "Enterprise" or not ent.props.get("registered"):
        return None, mentions
    addresses, phones, people = [], [], []
    for rel in ex.rels:
        if rel.start_id == ent.id and rel.type == "REGISTERED_AT" and rel.end_id in by_id:
            props = by_id[rel.end_id].props
            addresses.append({"id": rel.end_id, **{k: props.get(k) for k in ADDRESS_FIELDS}})
        elif rel.start_id == ent.id and rel.type == "HAS_PHONE" and rel.end_id in by_id:
            phones.append(by_id[rel.end_id].props.get("number"))
        elif rel.end_id == ent.id and rel.type in ("LEGAL_REP_OF", "OFFICER_OF") and rel.start_id in by_id:
            people.append({"id": rel.start_id, "name": by_id[rel.start_id].props.get("name"), "role": rel.type})
    p = ent.props
    row = {"id": ent.id, "name": p.get("name"), "name_norm": p.get("name_norm"), "aliases": p.get("aliases"),
           "code": p.get("code"), "code_valid": p.get("code_valid"), "division": p.get("division"),
           "addresses": addresses, "phones": phones, "people": people}
    return row, mentions


def extractions_of_files(data_dir: Path, kinds: tuple[str, ...] = REGISTER_KINDS) -> Iterator[Extraction]:
    """Every usable register record of the generated (or real) files under data_dir/<kind>/."""
    from extraction.registry import get_kind

    for kind_name in kinds:
        kind = get_kind(kind_name)
        for path in sorted((Path(data_dir) / kind_name).glob("*")):
            if not path.is_file():
                continue
            with open_binary(path) as stream:
                for raw in kind.read(path.name, stream):
                    if raw.error is not None:
                        continue
                    try:
                        yield kind.extract(raw)
                    except Exception:  # noqa: BLE001 - a rejected record is the loader's business here
                        continue


def rows_of_files(data_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(registered enterprises' rows, name-only mentions' rows) of the register files, de-duplicated by id
    (the last record of an id wins, as in the graph)."""
    rows: dict[str, dict[str, Any]] = {}
    mentions: dict[str, dict[str, Any]] = {}
    for ex in extractions_of_files(data_dir):
        row, found = row_of_extraction(ex)
        if row is not None:
            rows[row["id"]] = row
        for m in found:
            mentions.setdefault(m["id"], m)
    return [rows[k] for k in sorted(rows)], [mentions[k] for k in sorted(mentions)]


def estimate_from_rows(rows: list[dict[str, Any]], mentions: list[dict[str, Any]]) -> tuple[dict[str, Any], list[Rec]]:
    """(parameters, full register records) from rows in the graph's shape (files, tests)."""
    records = [enterprise_record(r) for r in rows]
    by_id = {r.id: r for r in records}
    sample = [by_id[i] for i in sample_ids(list(by_id))]
    queries = [mention_record(m) for m in mentions]
    collector = NameCollector(queries)
    collector.add(records)
    names = collector.finish()
    return estimate(names, sample, compared_with_kept(names, queries)), records
