"""NHTSA owner complaints flat file (FLAT_CMPL: TAB-separated, no header, 48/49/51 fields and the
older shorter layouts): one complaint x component per row, narrative analysed for symptoms,
conditions and consequences. The complaints API's JSON answers (PascalCase and camelCase shapes,
extraction/vehicles/nhtsa_api.py) are read into the same rows."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import BinaryIO

from core.errors import RecordRejected
from extraction.vehicles import nhtsa_api
from extraction.vehicles.nlp import Findings, analyse
from extraction.vehicles.records import (
    UNKNOWN_YEAR,
    Facts,
    FlatLayout,
    flag,
    nhtsa_date,
    read_flat,
    to_int,
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


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    records, stream = nhtsa_api.read_if_json(NAME, file_name, stream)
    return records if records is not None else read_flat(LAYOUT, file_name, stream, ("ODINO", "COMPDESC"))


@lru_cache(maxsize=8)
def _analyse(narrative: str) -> Findings:
    # a complaint naming several components is several rows with one narrative, one after the other
    return analyse(narrative, "en")


def extract(raw: RawRecord) -> Extraction:
    f = raw.payload
    if not f.get("ODINO"):
        raise RecordRejected("no ODI number (ODINO)")
    product = f.get("PROD_TYPE", "").upper()
    if product in PRODUCT_TYPES:
        raise RecordRejected(f"product type {product} ({PRODUCT_TYPES[product]}) is not a vehicle")
    if f.get("YEARTXT") == UNKNOWN_YEAR:
        raise RecordRejected("model year 9999 (unknown or not applicable)")
    path = component_path(f.get("COMPDESC", ""))
    if not path:
        raise RecordRejected("no component description (COMPDESC)")
    received = nhtsa_date(f.get("LDATE")) or nhtsa_date(f.get("DATEA"))
    if not received:
        raise RecordRejected(f"no valid received date (LDATE {f.get('LDATE')!r})")
    header = f"{f['MAKETXT']} {f['MODELTXT']} {f['YEARTXT']} | {path}\n"
    narrative = f.get("CDESCR", "")
    text = header + narrative
    doc = Document(NAME, raw.file, raw.record_id, text, received, "en", f"Complaint {f['ODINO']}")
    facts = Facts(doc, "nhtsa_complaints")
    vid = facts.vehicle(f["MAKETXT"], f["MODELTXT"], f["YEARTXT"], manufacturer=f.get("MFR_NAME"),
                        span=(0, len(f["MAKETXT"]) + len(f["MODELTXT"]) + len(f["YEARTXT"]) + 2))
    found = _analyse(narrative)
    consequences = {c for c, _ in found.consequences}
    crash, fire = flag(f.get("CRASH")), flag(f.get("FIRE"))
    injured, deaths = to_int(f.get("INJURED")), to_int(f.get("DEATHS"))
    consequences |= {name for name, on in (("crash", crash), ("fire", fire), ("injury", (injured or 0) > 0),
                                           ("death", (deaths or 0) > 0)) if on}
    cid = facts.node("Complaint", f"complaint:nhtsa:{f['ODINO']}", {
        "source": "nhtsa", "number": f["ODINO"], "date": received, "fail_date": nhtsa_date(f.get("FAILDATE")),
        "crash": crash, "fire": fire, "injured": injured, "deaths": deaths, "mileage": to_int(f.get("MILES")),
        "speed": to_int(f.get("VEH_SPEED")), "lang": "en",
        "conditions": sorted({c for c, _ in found.conditions}), "consequences": sorted(consequences),
    })
    facts.rel("ABOUT", ("Complaint", cid), ("VehicleModel", vid))
    start = header.index("| ") + 2
    comp = facts.component(path, (start, start + len(path)))
    facts.rel("CONCERNS", ("Complaint", cid), ("Component", comp), span=(start, start + len(path)), key=comp)
    facts.narrative(("Complaint", cid), found, offset=len(header))
    return facts.extraction()


SOURCE = SourceKind(NAME, "vehicles",
                    "NHTSA owner complaints: flat file (FLAT_CMPL, tab-separated) or complaints API JSON", read, extract,
                    after_ingest="complaints")
