"""NHTSA owner complaints flat file (FLAT_CMPL: TAB-separated, no header, 48/49/51 fields and the
older shorter layouts): one complaint x component per row, narrative analysed for symptoms,
conditions and consequences. The rows of one ODI number are one complaint (nhtsa_complaints.gather):
every row keeps its vehicle, component and own failure date (on its CONCERNS link). The complaints API's JSON answers (PascalCase and camelCase shapes,
extraction/vehicles/nhtsa_api.py) are read into the same rows."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache
from typing import BinaryIO

from core.errors import RecordRejected
from extraction.common.numerals import whole_number
from extraction.vehicles import nhtsa_api
from extraction.vehicles.nlp import Findings, analyse
from extraction.vehicles.records import (
    UNKNOWN_YEAR,
    Facts,
    FlatLayout,
    flag,
    nhtsa_date,
    read_flat,
)
from extraction.vehicles.vocab import component_path
from graph.records import Document, Extraction, RawRecord
from graph.source_kind import SourceKind

NAME = "nhtsa-complaints"
LAYOUT = FlatLayout(
    names=("CMPLID", "ODINO", "MFR_NAME", "MAKETXT", "MODELTXT", "YEARTXT", "CRASH", "FAILDATE", "FIRE",
           "INJURED", "DEATHS", "COMPDESC", "CITY", "STATE", "VIN", "DATEA", "LDATE", "MILES", "OCCURENCES",
           "CDESCR", "CMPL_TYPE", "POLICE_RPT_YN", "PURCH_DT", "ORIG_OWNER_YN", "ANTI_BRAKES_YN",
           "CRUISE_CONT_YN", "NUM_CYLS", "DRIVE_TRAIN", "FUEL_SYS", "FUEL_TYPE", "TRANS_TYPE", "VEH_SPEED",
           "DOT", "TIRE_SIZE", "LOC_OF_TIRE", "TIRE_FAIL_TYPE", "ORIG_EQUIP_YN", "MANUF_DT", "SEAT_TYPE",
           "RESTRAINT_TYPE", "DEALER_NAME", "DEALER_TEL", "DEALER_CITY", "DEALER_STATE", "DEALER_ZIP",
           "PROD_TYPE", "REPAIRED_YN", "MEDICAL_ATTN", "VEHICLES_TOWED_YN", "STATE_OF_INCIDENT",
           "VEHICLE_OPERATOR"),
    counts=frozenset({20, 46, 47, 48, 49, 51}),
)
PRODUCT_TYPES = {"T": "tires", "E": "equipment", "C": "child restraint"}


WINDOW = 5000  # rows within which the rows of one ODI number are gathered (older files scatter them)


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    records, stream = nhtsa_api.read_if_json(NAME, file_name, stream)
    if records is not None:
        return records
    return gather(read_flat(LAYOUT, file_name, stream, ("ODINO", "COMPDESC")))


def gather(rows: Iterator[RawRecord], window: int = WINDOW) -> Iterator[RawRecord]:
    """The rows of one complaint as one record. The older file writes a complaint that names several
    components (or products) as several rows with one ODI number, not always next to each other: rows are
    gathered while they come within `window` rows of the complaint's first one. A gathered record keeps
    its first row's id, line and fields and lists every row under "ROWS"; a lone row is passed on as read.
    Memory stays bounded (the open complaints of the last `window` rows)."""
    pending: OrderedDict[str, tuple[int, list[RawRecord]]] = OrderedDict()  # ODINO -> (first row, rows)
    for i, raw in enumerate(rows):
        odino = (raw.payload.get("ODINO") if raw.error is None else None) or f"\x00row {i}"  # kept in file order
        if odino in pending:
            pending[odino][1].append(raw)
        else:
            pending[odino] = (i, [raw])
        while pending and i - next(iter(pending.values()))[0] >= window:
            yield _one(pending.popitem(last=False)[1][1])
    for _, group in pending.values():
        yield _one(group)


def _one(group: list[RawRecord]) -> RawRecord:
    if len(group) == 1:
        return group[0]
    first = group[0]
    return RawRecord(first.file, first.record_id, first.line,
                     {**first.payload, "ROWS": [r.payload for r in group], "LINES": [r.line for r in group]})


@lru_cache(maxsize=8)
def _analyse(narrative: str) -> Findings:
    # a complaint naming several components is several rows with one narrative, one after the other
    return analyse(narrative, "en")


def _row_problem(f: dict[str, str]) -> str | None:
    product = f.get("PROD_TYPE", "").upper()
    if product in PRODUCT_TYPES:
        return f"product type {product} ({PRODUCT_TYPES[product]}) is not a vehicle"
    if f.get("YEARTXT") == UNKNOWN_YEAR:
        return "model year 9999 (unknown or not applicable)"
    if not component_path(f.get("COMPDESC", "")):
        return "no component description (COMPDESC)"
    return None


def extract(raw: RawRecord) -> Extraction:
    f = raw.payload
    if not f.get("ODINO"):
        raise RecordRejected("no ODI number (ODINO)")
    rows = f.get("ROWS") or [f]
    problems = [_row_problem(r) for r in rows]
    usable = [r for r, p in zip(rows, problems, strict=True) if p is None]
    if not usable:
        reasons = list(dict.fromkeys(p for p in problems if p))
        raise RecordRejected("; ".join(reasons) + (f" (all {len(rows)} rows)" if len(rows) > 1 else ""))
    f = usable[0]
    received = nhtsa_date(f.get("LDATE")) or nhtsa_date(f.get("DATEA"))
    if not received:
        raise RecordRejected(f"no valid received date (LDATE {f.get('LDATE')!r})")
    # one header line per row (vehicle | component), then each distinct narrative once
    lines = [f"{r['MAKETXT']} {r['MODELTXT']} {r['YEARTXT']} | {component_path(r.get('COMPDESC', ''))}\n"
             for r in usable]
    header = "".join(lines)
    narratives = list(dict.fromkeys(r.get("CDESCR", "") for r in usable if r.get("CDESCR")))
    narrative = "\n".join(narratives)
    text = header + narrative
    doc = Document(NAME, raw.file, raw.record_id, text, received, "en", f"Complaint {f['ODINO']}")
    facts = Facts(doc, "nhtsa_complaints")
    found = _analyse(narrative)
    consequences = {c for c, _ in found.consequences}
    crash = _any(flag(r.get("CRASH")) for r in usable)
    fire = _any(flag(r.get("FIRE")) for r in usable)
    injured = _max(whole_number(r.get("INJURED")) for r in usable)
    deaths = _max(whole_number(r.get("DEATHS")) for r in usable)
    consequences |= {name for name, on in (("crash", crash), ("fire", fire), ("injury", (injured or 0) > 0),
                                           ("death", (deaths or 0) > 0)) if on}
    fail_dates = [d for d in (nhtsa_date(r.get("FAILDATE")) for r in usable) if d]
    cid = facts.node("Complaint", f"complaint:nhtsa:{f['ODINO']}", {
        "source": "nhtsa", "number": f["ODINO"], "date": received,
        "fail_date": min(fail_dates) if fail_dates else None,  # the first failure the complaint reports
        "crash": crash, "fire": fire, "injured": injured, "deaths": deaths,
        "mileage": next((m for m in (whole_number(r.get("MILES")) for r in usable) if m is not None), None),
        "speed": next((v for v in (whole_number(r.get("VEH_SPEED")) for r in usable) if v is not None), None),
        "lang": "en", "conditions": sorted({c for c, _ in found.conditions}), "consequences": sorted(consequences),
    })
    paths = [component_path(r.get("COMPDESC", "")) or "" for r in usable]
    repeated = {p for p in paths if paths.count(p) > 1}
    at = 0
    for r, line, path in zip(usable, lines, paths, strict=True):
        vehicle_end = at + len(r["MAKETXT"]) + len(r["MODELTXT"]) + len(r["YEARTXT"]) + 2
        vid = facts.vehicle(r["MAKETXT"], r["MODELTXT"], r["YEARTXT"], manufacturer=r.get("MFR_NAME"),
                            span=(at, vehicle_end))
        facts.rel("ABOUT", ("Complaint", cid), ("VehicleModel", vid))
        start = at + line.index("| ") + 2
        comp = facts.component(path, (start, start + len(path)))
        fail = nhtsa_date(r.get("FAILDATE"))
        # each row's own failure date; one component named twice with two dates keeps both
        facts.rel("CONCERNS", ("Complaint", cid), ("Component", comp), {"fail_date": fail},
                  span=(start, start + len(path)), key=f"{comp}|{fail}" if path in repeated else comp)
        at += len(line)
    facts.narrative(("Complaint", cid), found, offset=len(header))
    return facts.extraction()


def _any(values: Iterator[bool | None]) -> bool | None:
    seen = list(values)
    return True if any(seen) else False if any(v is False for v in seen) else None


def _max(values: Iterator[int | None]) -> int | None:
    seen = [v for v in values if v is not None]
    return max(seen) if seen else None


SOURCE = SourceKind(NAME, "vehicles",
                    "NHTSA owner complaints: flat file (FLAT_CMPL, tab-separated) or complaints API JSON", read, extract,
                    after_ingest="complaints")
