"""NHTSA manufacturer communications / technical service bulletins, in every layout NHTSA has published:

- the current flat file TSBS_RECEIVED_<years>.txt: TAB-separated, no header, 14 fields (NHTSA ID, replacement
  bulletin number, date added, TSB/document id, communication date, campaign or software version,
  communication type, make, model, model year, NHTSA component, manufacturer system and subsystem, summary);
- the legacy FLAT_TSBS file: 10 fields (11 with a PDF name), a different order;
- the MFR_COMMS_RECEIVED CSV view: the short header "TSB/Document ID,Make,Model,Model Year,Concise Summary"
  (its first column holds the NHTSA ID; Model Year is a comma-separated list; the header repeats inside the
  file) and a richer header naming the dates, type and components.

The layout of a flat line is told by its field count, a CSV by its header row. One row is one communication x
vehicle x component; rows of one NHTSA ID make one Bulletin node."""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from core.errors import RecordRejected
from core.textio import decoded_lines, sniff_encoding, undecodable
from extraction.vehicles.nlp import analyse
from extraction.vehicles.records import UNKNOWN_YEAR, Facts, link_suppliers, nhtsa_date
from extraction.vehicles.vocab import component_path, components
from graph.records import Document, Extraction, RawRecord
from graph.source_kind import SourceKind

NAME = "nhtsa-tsbs"
LEGACY = ("BULNO", "BULREP", "ID", "BULDTE", "COMPNAME", "MAKE", "MODEL", "YEAR", "DATEA", "SUMMARY", "PDF")
CURRENT = ("ID", "BULREP", "DATEA", "BULNO", "BULDTE", "CAMPAIGN", "KIND", "MAKE", "MODEL", "YEAR", "COMPNAME",
           "MFR_SYSTEM", "MFR_SUBSYSTEM", "SUMMARY")
LAYOUTS = {10: LEGACY, 11: LEGACY, 14: CURRENT}
# CSV header names (both MFR_COMMS variants) -> field names
CSV_FIELDS = {"TSB/Document ID": "BULNO", "NHTSA ID Number": "ID", "Mfr Communication Date": "BULDTE",
              "NHTSA Components": "COMPNAME", "Make": "MAKE", "Model": "MODEL", "Model Year": "YEAR",
              "Summary": "SUMMARY", "Concise Summary": "SUMMARY", "Communication Type": "KIND",
              "Date Added to File": "DATEA", "Mfr Internal Campaign ID/Software Version": "CAMPAIGN"}
SHORT_HEADER = ["TSB/Document ID", "Make", "Model", "Model Year", "Concise Summary"]
PLACEHOLDER = re.compile(r"^\s*(?:SUMMARY\s+TO\s+BE\s+PROVIDED|NO\s+SUMMARY|TO\s+BE\s+PROVIDED(?:\s+ON\s+A\s+FUTURE\s+DATE)?"
                         r"|N/?A|NONE)\s*\.?\s*$", re.I)
MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u20ac\u2018-\u201e\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e]")


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    head = stream.peek(4096)[:4096]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        head = head.removeprefix(bom)
    first = head.replace(b"\x00", b"").split(b"\n", 1)[0].decode("utf-8", errors="replace")
    if "Make" in first and ("Model Year" in first or "TSB/Document ID" in first or "NHTSA ID Number" in first):
        yield from _read_csv(file_name, stream)
    else:
        yield from _read_flat(file_name, stream)


def _read_flat(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    for n, text, error in decoded_lines(stream):
        if error is not None:
            yield RawRecord(file_name, f"line {n}", n, None, error)
            continue
        assert text is not None
        if not text.strip():
            continue
        fields = text.replace("\x00", "").split("\t")
        names = LAYOUTS.get(len(fields))
        if names is None:
            yield RawRecord(file_name, f"line {n}", n, None,
                            f"line {n} has {len(fields)} tab-separated fields; the bulletin files have 14 "
                            f"(TSBS_RECEIVED) or 10/11 (legacy FLAT_TSBS)")
            continue
        payload = {name: fields[i].strip() if i < len(fields) else "" for i, name in enumerate(names)}
        payload["LAYOUT"] = "14" if names is CURRENT else "10"
        keys = ("ID", "BULNO", "MAKE", "MODEL", "YEAR") + (("COMPNAME",) if names is CURRENT else ())
        rid = ":".join(payload.get(k, "") for k in keys) if payload.get("ID") or payload.get("BULNO") else f"line {n}"
        yield RawRecord(file_name, rid, n, payload)


def _read_csv(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    enc = sniff_encoding(stream.peek(1 << 20)[: 1 << 20], "cp1252") or "utf-8"  # type: ignore[attr-defined]
    enc = "utf-8-sig" if enc in ("utf-8", "utf-8-sig") else enc
    text = io.TextIOWrapper(stream, encoding=enc, errors="replace" if enc.startswith("utf-16") else "surrogateescape",
                            newline="")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # summaries can be very long
    reader = csv.reader(text)
    header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
    missing = [h for h in ("Make", "Model", "Model Year") if h not in header]
    if missing or not ({"Summary", "Concise Summary"} & set(header)):
        yield RawRecord(file_name, "line 1", 1, None,
                        f"CSV header {header[:6]} lacks {missing or ['Summary']}; accepted are the MFR_COMMS headers "
                        f"({','.join(SHORT_HEADER)} or the richer one with NHTSA ID Number)")
        return
    short = header == SHORT_HEADER
    for row in reader:
        n = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if [c.strip().lstrip("\ufeff") for c in row] == header:
            continue  # the header repeated inside the file
        if len(row) != len(header):
            yield RawRecord(file_name, f"line {n}", n, None,
                            f"line {n} has {len(row)} fields; the header has {len(header)}")
            continue
        bad = undecodable("".join(row), enc)
        if bad:
            yield RawRecord(file_name, f"line {n}", n, None, bad)
            continue
        payload: dict[str, Any] = {CSV_FIELDS.get(k, k): (v or "").strip() for k, v in zip(header, row, strict=True)}
        if short:  # the first column is the NHTSA ID despite its label
            payload["ID"] = payload.pop("BULNO", "")
        payload["LAYOUT"] = "csv-short" if short else "csv"
        rid = ":".join(payload.get(k, "") for k in ("ID", "BULNO", "MAKE", "MODEL", "YEAR", "COMPNAME"))
        yield RawRecord(file_name, rid, n, payload)


def repair(text: str) -> str:
    """Summaries double-encoded upstream ("don€™t" written as UTF-8 read as cp1252: "donâ€™t") repaired."""
    if not MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def kind_of(value: str) -> str:
    """Communication type with the spacing around "/" normalised ("Warranty Program / Extension")."""
    return re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", value or "").strip())


def component_paths(value: str) -> list[str]:
    """NHTSA components of a cell: one path, or several comma-joined when every piece is a known component
    ("ELECTRICAL SYSTEM,STEERING"); "SERVICE BRAKES, HYDRAULIC" is one."""
    path = component_path(value)
    if not path:
        return []
    if "," in path:
        pieces = [component_path(p) for p in path.split(",")]
        known = components()
        if all(p and p in known for p in pieces):
            return list(dict.fromkeys(p for p in pieces if p))
    return [path]


def years_of(value: str) -> list[str]:
    """Model years of a cell: one year, or the MFR_COMMS CSV's comma-separated list."""
    return [y.strip() for y in re.split(r"[,;\s]+", value or "") if y.strip()]


def extract(raw: RawRecord) -> Extraction:
    f = raw.payload
    number = f.get("ID") or f.get("BULNO")
    if not number:
        raise RecordRejected("no NHTSA id or bulletin number")
    years = [y for y in years_of(f.get("YEAR", "")) if y != UNKNOWN_YEAR]
    if not years:
        raise RecordRejected("model year 9999 (unknown or not applicable)" if UNKNOWN_YEAR in f.get("YEAR", "")
                             else f"no model year ({f.get('YEAR')!r})")
    when = nhtsa_date(f.get("BULDTE")) or nhtsa_date(f.get("DATEA"))
    if not when and not f.get("LAYOUT", "").startswith("csv-short"):
        raise RecordRejected(f"no valid bulletin date (BULDTE {f.get('BULDTE')!r})")
    summary = repair(f.get("SUMMARY", ""))
    if PLACEHOLDER.match(summary):
        summary = ""
    paths = component_paths(f.get("COMPNAME", ""))
    vehicle = f"{f['MAKE']} {f['MODEL']} {', '.join(years)}"
    header = f"{vehicle} | {', '.join(paths)}\n"
    kind = kind_of(f.get("KIND", "")) or "TSB"
    doc = Document(NAME, raw.file, raw.record_id, header + summary, when, "en", f"Bulletin {f.get('BULNO') or number}")
    facts = Facts(doc, "nhtsa_tsbs")
    vids = [facts.vehicle(f["MAKE"], f["MODEL"], y, span=(0, len(vehicle))) for y in years]
    if f.get("LAYOUT") == "csv-short":  # a cross-check view: it names no date, type or document id
        props: dict[str, Any] = {}
    else:
        props = {"number": f.get("BULNO") or number, "date": when, "kind": kind, "document": f.get("BULNO"),
                 "campaign": f.get("CAMPAIGN"), "received": nhtsa_date(f.get("DATEA"))}
    bid = facts.node("Bulletin", f"bulletin:{number}", {k: v for k, v in props.items() if v})
    for vid in vids:
        facts.rel("COVERS", ("Bulletin", bid), ("VehicleModel", vid))
    found = analyse(summary, "en")
    if paths:
        start = header.index("| ") + 2
        for path in paths:
            at = header.index(path, start)
            comp = facts.component(path, (at, at + len(path)))
            facts.rel("CONCERNS", ("Bulletin", bid), ("Component", comp), span=(at, at + len(path)), key=comp)
        systems = sorted({p.split(":", 1)[0] for p in paths})
        facts.narrative(("Bulletin", bid), found, offset=len(header))
    else:
        facts.narrative(("Bulletin", bid), found, offset=len(header), with_components=True)
        systems = sorted({p.split(":", 1)[0] for p, _ in found.components})
    link_suppliers(facts, None, vids, systems, found, len(header))
    return facts.extraction()


SOURCE = SourceKind(NAME, "vehicles",
                    "NHTSA manufacturer communications / technical service bulletins (TSBS_RECEIVED 14 fields, "
                    "legacy FLAT_TSBS 10/11 fields, MFR_COMMS CSV)", read, extract, after_ingest="documents")
