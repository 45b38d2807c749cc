"""NHTSA defect investigations flat file (FLAT_INV: TAB-separated, no header, 11 fields, 10 before
the summary was added): the expert verdicts. An investigation that led to a recall (CAMPNO) is a
confirmed defect; one closed without a recall is a negative verdict; one without a close date is open."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from core.errors import RecordRejected
from extraction.vehicles.nhtsa_recalls import campaign_number
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

NAME = "nhtsa-investigations"
LAYOUT = FlatLayout(
    names=("ACTION", "MAKE", "MODEL", "YEAR", "COMPNAME", "MFR_NAME", "ODATE", "CDATE", "CAMPNO", "SUBJECT",
           "SUMMARY"),
    counts=frozenset({10, 11}),
)
ACTION = re.compile(r"^([A-Z]{1,3})(\d{5,6})$")


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    return read_flat(LAYOUT, file_name, stream, ("ACTION", "MAKE", "MODEL", "YEAR", "COMPNAME"))


def verdict(closed: str | None, campno: str | None) -> str:
    if campno:
        return "confirmed"
    return "not_confirmed" if closed else "open"


def extract(raw: RawRecord) -> Extraction:
    f = raw.payload
    action = re.sub(r"\s+", "", f.get("ACTION", "")).upper()
    m = ACTION.match(action)
    if not m:
        raise RecordRejected(f"action number {f.get('ACTION')!r} is not of the form PE14016")
    if f.get("YEAR") == UNKNOWN_YEAR:
        raise RecordRejected("model year 9999 (unknown or not applicable)")
    opened = nhtsa_date(f.get("ODATE"))
    if not opened:
        raise RecordRejected(f"no valid open date (ODATE {f.get('ODATE')!r})")
    closed = nhtsa_date(f.get("CDATE"))
    raw_camp = f.get("CAMPNO", "")
    campno = campaign_number(raw_camp) if raw_camp else None
    if raw_camp and not campno:
        raise RecordRejected(f"campaign number {raw_camp!r} is not of the form 14V817000")
    path = component_path(f.get("COMPNAME", "")) or "UNKNOWN OR OTHER"
    header = f"{f['MAKE']} {f['MODEL']} {f['YEAR']} | {path}\n"
    body = "\n".join(x for x in (f.get("SUBJECT"), f.get("SUMMARY")) if x)
    doc = Document(NAME, raw.file, raw.record_id, header + body, opened, "en", f"Investigation {action}")
    facts = Facts(doc, "nhtsa_investigations")
    vid = facts.vehicle(f["MAKE"], f["MODEL"], f["YEAR"], manufacturer=f.get("MFR_NAME"),
                        span=(0, len(f["MAKE"]) + len(f["MODEL"]) + len(f["YEAR"]) + 2))
    iid = facts.node("Investigation", f"investigation:{action}", {
        "action": action, "kind": m.group(1), "opened": opened, "closed": closed, "campno": campno,
        "subject": f.get("SUBJECT"), "verdict": verdict(closed, campno),
    }, terms=[action.lower()])
    facts.rel("COVERS", ("Investigation", iid), ("VehicleModel", vid))
    start = header.index("| ") + 2
    comp = facts.component(path, (start, start + len(path)))
    facts.rel("CONCERNS", ("Investigation", iid), ("Component", comp), span=(start, start + len(path)), key=comp)
    if campno:
        facts.node("Recall", f"recall:{campno}", {"campno": campno})
        facts.rel("INFLUENCED", ("Investigation", iid), ("Recall", f"recall:{campno}"), {"date": closed or opened})
    found = analyse(body, "en")
    facts.narrative(("Investigation", iid), found, offset=len(header))
    link_suppliers(facts, ("Investigation", iid) if campno else None, [vid], [path.split(":", 1)[0]], found,
                   len(header))
    return facts.extraction()


SOURCE = SourceKind(NAME, "vehicles", "NHTSA defect investigations flat file (FLAT_INV, tab-separated)",
                    read, extract, after_ingest="documents")
