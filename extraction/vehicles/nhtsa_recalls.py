"""NHTSA recall campaigns flat file (FLAT_RCL: TAB-separated, no header, 24/27/29 fields): one
campaign x make x model x year x component per row. The current 29-field file's DO_NOT_DRIVE and
PARK_OUTSIDE advisories (Yes / No) are kept on the Recall (do_not_drive, park_outside). The recalls API's JSON answers
(extraction/vehicles/nhtsa_api.py) are read into the same rows; their investigation number (ACTION,
the API's NHTSAActionNumber) links the recall to the investigation that led to it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from core.errors import RecordRejected
from extraction.common.names import enterprise_id, fold
from extraction.common.numerals import whole_number
from extraction.vehicles import nhtsa_api
from extraction.vehicles.nlp import analyse
from extraction.vehicles.records import (
    UNKNOWN_YEAR,
    Facts,
    FlatLayout,
    flag,
    link_suppliers,
    nhtsa_date,
    read_flat,
)
from extraction.vehicles.vocab import component_path
from graph.records import Document, Extraction, RawRecord
from graph.search import terms_for
from graph.source_kind import SourceKind

NAME = "nhtsa-recalls"
LAYOUT = FlatLayout(
    names=("RECORD_ID", "CAMPNO", "MAKETXT", "MODELTXT", "YEARTXT", "MFGCAMPNO", "COMPNAME", "MFGNAME", "BGMAN",
           "ENDMAN", "RCLTYPECD", "POTAFF", "ODATE", "INFLUENCED_BY", "MFGTXT", "RCDATE", "DATEA", "RPNO", "FMVSS",
           "DESC_DEFECT", "CONEQUENCE_DEFECT", "CORRECTIVE_ACTION", "NOTES", "RCL_CMPT_ID", "MFR_COMP_NAME",
           "MFR_COMP_DESC", "MFR_COMP_PTNO", "DO_NOT_DRIVE", "PARK_OUTSIDE"),
    counts=frozenset({24, 25, 26, 27, 28, 29}),
)
CAMPNO = re.compile(r"^[0-9]{2}[VEICTX][0-9]{2}[0-9A-Z][0-9]{3}$")
NOT_VEHICLE = {"E": "equipment", "T": "tires", "C": "child restraint"}
ACTION = re.compile(r"\b(PE|EA|RQ|DP|AQ|RP|IR|TQ)\s?-?(\d{5,6})\b")


def campaign_number(value: str) -> str | None:
    """14V-817 / 14v817000 -> 14V817000; None when it is not a campaign number."""
    v = re.sub(r"[\s\-]", "", fold(value).upper())
    if re.fullmatch(r"[0-9]{2}[VEICTX][0-9]{3}", v):
        v += "000"
    return v if CAMPNO.match(v) else None


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    records, stream = nhtsa_api.read_if_json(NAME, file_name, stream)
    if records is not None:
        return records
    return read_flat(LAYOUT, file_name, stream, ("CAMPNO", "MAKETXT", "MODELTXT", "YEARTXT", "COMPNAME"))


def extract(raw: RawRecord) -> Extraction:
    f = raw.payload
    campno = campaign_number(f.get("CAMPNO", ""))
    if not campno:
        raise RecordRejected(f"campaign number {f.get('CAMPNO')!r} is not of the form 14V817000")
    kind = f.get("RCLTYPECD", "").upper()
    if kind in NOT_VEHICLE:
        raise RecordRejected(f"recall type {kind} ({NOT_VEHICLE[kind]}) is not a vehicle recall")
    if f.get("YEARTXT") == UNKNOWN_YEAR:
        raise RecordRejected("model year 9999 (unknown or not applicable)")
    path = component_path(f.get("COMPNAME", "")) or "UNKNOWN OR OTHER"
    when = nhtsa_date(f.get("RCDATE")) or nhtsa_date(f.get("DATEA")) or nhtsa_date(f.get("ODATE"))
    if not when:
        raise RecordRejected(f"no valid report date (RCDATE {f.get('RCDATE')!r})")
    header = f"{f['MAKETXT']} {f['MODELTXT']} {f['YEARTXT']} | {path}\n"
    body = "\n".join(x for x in (f.get("DESC_DEFECT"), f.get("CONEQUENCE_DEFECT"), f.get("CORRECTIVE_ACTION"),
                                 f.get("NOTES")) if x)
    doc = Document(NAME, raw.file, raw.record_id, header + body, when, "en", f"Recall {campno}")
    facts = Facts(doc, "nhtsa_recalls")
    vid = facts.vehicle(f["MAKETXT"], f["MODELTXT"], f["YEARTXT"], manufacturer=f.get("MFGTXT") or f.get("MFGNAME"),
                        span=(0, len(f["MAKETXT"]) + len(f["MODELTXT"]) + len(f["YEARTXT"]) + 2))
    rid = facts.node("Recall", f"recall:{campno}", {
        "campno": campno, "date": when, "units": whole_number(f.get("POTAFF")), "influenced_by": f.get("INFLUENCED_BY"),
        "begin_manufacture": nhtsa_date(f.get("BGMAN")), "end_manufacture": nhtsa_date(f.get("ENDMAN")),
        "remedy": (f.get("CORRECTIVE_ACTION") or "")[:500], "lang": "en",
        # the advisories of the current file (29 fields); older layouts do not say, and say nothing here
        **{k.lower(): v for k in ("DO_NOT_DRIVE", "PARK_OUTSIDE") if (v := flag(f.get(k))) is not None},
    }, terms=[campno.lower()])
    facts.rel("COVERS", ("Recall", rid), ("VehicleModel", vid))
    start = header.index("| ") + 2
    comp = facts.component(path, (start, start + len(path)))
    facts.rel("CONCERNS", ("Recall", rid), ("Component", comp), span=(start, start + len(path)), key=comp)
    if f.get("MFGNAME"):
        filer = enterprise_id(name=f["MFGNAME"])
        facts.node("Enterprise", filer, {"name": fold(f["MFGNAME"])}, terms=terms_for(f["MFGNAME"]))
        facts.rel("FILED", ("Enterprise", filer), ("Recall", rid))
    for kind, number in dict.fromkeys(ACTION.findall((f.get("ACTION") or "").upper())):
        action = kind + number
        iid = facts.node("Investigation", f"investigation:{action}", {"action": action, "kind": kind},
                         terms=[action.lower()])
        facts.rel("INFLUENCED", ("Investigation", iid), ("Recall", rid))
    found = analyse(body, "en")
    facts.narrative(("Recall", rid), found, offset=len(header))
    link_suppliers(facts, ("Recall", rid), [vid], [path.split(":", 1)[0]], found, len(header))
    return facts.extraction()


SOURCE = SourceKind(NAME, "vehicles",
                    "NHTSA recall campaigns: flat file (FLAT_RCL, tab-separated) or recalls API JSON", read, extract,
                    after_ingest="documents")
