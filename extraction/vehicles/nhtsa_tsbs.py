"""NHTSA manufacturer communications / technical service bulletins: the legacy TAB-separated flat
file (FLAT_TSBS / TSBS_RECEIVED, 10 fields, no header) or the newer MFR_COMMS CSV with a header row,
told apart by the first line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from core.errors import RecordRejected
from core.textio import decode
from extraction.vehicles.nlp import analyse
from extraction.vehicles.records import (
    UNKNOWN_YEAR,
    Facts,
    FlatLayout,
    link_suppliers,
    nhtsa_date,
    read_flat,
)
from extraction.vehicles.vocab import component_path
from graph.records import Document, Extraction, RawRecord
from graph.source_kind import SourceKind

NAME = "nhtsa-tsbs"
LAYOUT = FlatLayout(names=("BULNO", "BULREP", "ID", "BULDTE", "COMPNAME", "MAKE", "MODEL", "YEAR", "DATEA",
                           "SUMMARY", "PDF"), counts=frozenset({10, 11}))
# MFR_COMMS header names -> legacy field names
CSV_FIELDS = {"TSB/Document ID": "BULNO", "NHTSA ID Number": "ID", "Mfr Communication Date": "BULDTE",
              "NHTSA Components": "COMPNAME", "Make": "MAKE", "Model": "MODEL", "Model Year": "YEAR",
              "Summary": "SUMMARY", "Communication Type": "KIND"}


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    head = decode(stream.peek(4096)[:4096].split(b"\n", 1)[0])[0]
    if "NHTSA ID Number" in head or "TSB/Document ID" in head:
        yield from _read_csv(file_name, stream)
    else:
        yield from read_flat(LAYOUT, file_name, stream, ("ID", "BULNO", "MAKE", "MODEL", "YEAR"))


def _read_csv(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.DictReader(text)
    missing = [h for h in ("Make", "Model", "Model Year", "Summary") if h not in (reader.fieldnames or [])]
    for n, row in enumerate(reader, start=2):
        if missing:
            yield RawRecord(file_name, f"line {n}", n, None, f"header lacks the columns {missing}")
            return
        if None in row:
            yield RawRecord(file_name, f"line {n}", n, None, f"line {n} has more fields than the header")
            continue
        payload = {CSV_FIELDS.get(k, k): (v or "").strip() for k, v in row.items()}
        rid = ":".join(payload.get(k, "") for k in ("ID", "BULNO", "MAKE", "MODEL", "YEAR"))
        yield RawRecord(file_name, rid, reader.line_num, payload)


def extract(raw: RawRecord) -> Extraction:
    f = raw.payload
    number = f.get("ID") or f.get("BULNO")
    if not number:
        raise RecordRejected("no NHTSA id or bulletin number")
    if f.get("YEAR") == UNKNOWN_YEAR:
        raise RecordRejected("model year 9999 (unknown or not applicable)")
    when = nhtsa_date(f.get("BULDTE")) or nhtsa_date(f.get("DATEA"))
    if not when:
        raise RecordRejected(f"no valid bulletin date (BULDTE {f.get('BULDTE')!r})")
    summary = f.get("SUMMARY", "")
    path = component_path(f.get("COMPNAME", ""))
    header = f"{f['MAKE']} {f['MODEL']} {f['YEAR']} | {path or ''}\n"
    doc = Document(NAME, raw.file, raw.record_id, header + summary, when, "en", f"Bulletin {f.get('BULNO') or number}")
    facts = Facts(doc, "nhtsa_tsbs")
    vid = facts.vehicle(f["MAKE"], f["MODEL"], f["YEAR"],
                        span=(0, len(f["MAKE"]) + len(f["MODEL"]) + len(f["YEAR"]) + 2))
    bid = facts.node("Bulletin", f"bulletin:{number}", {"number": f.get("BULNO") or number, "date": when,
                                                        "kind": f.get("KIND") or "TSB"})
    facts.rel("COVERS", ("Bulletin", bid), ("VehicleModel", vid))
    found = analyse(summary, "en")
    if path:
        start = header.index("| ") + 2
        comp = facts.component(path, (start, start + len(path)))
        facts.rel("CONCERNS", ("Bulletin", bid), ("Component", comp), span=(start, start + len(path)), key=comp)
        systems = [path.split(":", 1)[0]]
        facts.narrative(("Bulletin", bid), found, offset=len(header))
    else:
        facts.narrative(("Bulletin", bid), found, offset=len(header), with_components=True)
        systems = sorted({p.split(":", 1)[0] for p, _ in found.components})
    link_suppliers(facts, None, [vid], systems, found, len(header))
    return facts.extraction()


SOURCE = SourceKind(NAME, "vehicles", "NHTSA technical service bulletins / manufacturer communications",
                    read, extract, after_ingest="documents")
