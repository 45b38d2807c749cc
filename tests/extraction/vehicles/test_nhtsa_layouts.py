"""NHTSA files in their current layouts: the 14-field manufacturer communications file and both MFR_COMMS CSV
headers, the 29-field recall file's advisories, the older complaint layout where one ODI number spans several
rows, and files decoded with one encoding each. Values are fictional, in the documented shapes; the real
samples (../shared/samples) are read in place where present."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from core.errors import RecordRejected
from core.settings import Settings
from core.textio import decoded_lines, sniff_encoding
from extraction.registry import get_kind
from graph.records import Extraction, RawRecord
from graph.store import GraphStore
from reasoning.ingest import ingest


def read(kind: str, data: bytes, name: str = "f.txt") -> list[RawRecord]:
    return list(get_kind(kind).read(name, io.BytesIO(data)))


def extract(kind: str, data: bytes, name: str = "f.txt") -> list[Extraction]:
    return [get_kind(kind).extract(r) for r in read(kind, data, name) if r.error is None]


def node(ex: Extraction, label: str) -> dict[str, Any]:
    return next(n.props for n in ex.nodes if n.label == label)


# --- manufacturer communications ---------------------------------------------------------------------
def tsb14(nid: str = "11012345", **over: str) -> str:
    fields = {"id": nid, "repl": "", "added": "20250310", "doc": "SB-25-07-001", "date": "20250301", "campaign": "",
              "kind": "Service Bulletin/Repair Instructions", "make": "FORD", "model": "F-150", "year": "2022",
              "component": "ELECTRICAL SYSTEM", "system": "", "subsystem": "",
              "summary": "Door chime may not sound. Update the body control module software."}
    fields.update(over)
    return "\t".join(fields.values()) + "\n"


def test_the_fourteen_field_bulletin_file() -> None:
    data = (tsb14() + tsb14("11012399", kind="Warranty Program / Extension", campaign="SA123", year="2021",
                            component="ELECTRICAL SYSTEM,STEERING", system="BODY",
                            summary="Steering assist may be lost; donâ€™t drive far.")).encode()
    first, second = extract("nhtsa-tsbs", data, "TSBS_RECEIVED_2020-2024.txt")
    b = node(first, "Bulletin")
    assert (b["number"], b["date"], b["received"], b["kind"]) == ("SB-25-07-001", "2025-03-01", "2025-03-10",
                                                                 "Service Bulletin/Repair Instructions")
    b2 = node(second, "Bulletin")
    assert (b2["kind"], b2["campaign"]) == ("Warranty Program/Extension", "SA123")
    assert {r.end_id for r in second.rels if r.type == "CONCERNS"} == {"component:electrical system",
                                                                      "component:steering"}
    assert "don’t" in second.document.text  # double-encoded text repaired


def test_bulletin_rows_that_cannot_be_used_say_why() -> None:
    data = (tsb14(year="9999") + tsb14(summary="SUMMARY TO BE PROVIDED", component="SERVICE BRAKES, HYDRAULIC")
            + "\t".join(["x"] * 15) + "\n").encode()
    raws = read("nhtsa-tsbs", data)
    assert "15 tab-separated fields" in (raws[2].error or "")
    with pytest.raises(RecordRejected, match="9999"):
        get_kind("nhtsa-tsbs").extract(raws[0])
    ex = get_kind("nhtsa-tsbs").extract(raws[1])
    # a placeholder summary is no summary; a comma inside a component name does not split it
    assert ex.document.text.endswith("| SERVICE BRAKES, HYDRAULIC\n")
    assert [r.end_id for r in ex.rels if r.type == "CONCERNS"] == ["component:service brakes, hydraulic"]


@pytest.mark.parametrize("header,row", [
    ("TSB/Document ID,Make,Model,Model Year,Concise Summary",
     '11012345,FORD,F-150,"2021,2022","Steering may feel ""notchy"", inspect"'),
    ("Make,Model,Model Year,NHTSA ID Number,TSB/Document ID,Mfr Communication Date,Communication Type,"
     "NHTSA Components,Summary",
     'FORD,F-150,"2021, 2022",11012345,21-2233,20240601,TSB,STEERING,"Steering may feel ""notchy"""'),
])
def test_both_mfr_comms_csv_headers(header: str, row: str) -> None:
    data = ("\ufeff" + header + "\r\n" + row + "\r\n" + header + "\r\n" + row.replace("11012345", "11012346")
            + "\r\n").encode()
    exs = extract("nhtsa-tsbs", data, "MFR_COMMS_RECEIVED_2020-2024.csv")
    assert [n.id for e in exs for n in e.nodes if n.label == "Bulletin"] == ["bulletin:11012345", "bulletin:11012346"]
    assert {n.id for n in exs[0].nodes if n.label == "VehicleModel"} == {"vehicle:ford|f150|2021",
                                                                        "vehicle:ford|f150|2022"}


def test_a_csv_with_an_unknown_header_is_refused_once_with_what_is_accepted() -> None:
    (raw,) = read("nhtsa-tsbs", b"Make,Model,Model Year,Notes\r\nFORD,F-150,2021,x\r\n", "x.csv")
    assert raw.error and "accepted are the MFR_COMMS headers" in raw.error


# --- recalls: advisories ------------------------------------------------------------------------------
def recall29(campno: str, dnd: str, park: str, n: int = 29) -> bytes:
    row = [""] * n
    vals = {0: "7", 1: campno, 2: "TOYOTA", 3: "CAMRY", 4: "2020", 6: "FUEL/PROPULSION SYSTEM", 7: "EXAMPLE CORP",
            10: "V", 11: "900", 15: "20230801", 19: "A FUEL LINE MAY LEAK.", 21: "DEALERS WILL REPLACE THE LINE."}
    for i, v in vals.items():
        row[i] = v
    if n == 29:
        row[27], row[28] = dnd, park
    return ("\t".join(row) + "\r\n").encode()


@pytest.mark.parametrize("dnd,park,expected", [("Yes", "No", {"do_not_drive": True, "park_outside": False}),
                                               ("N", "Y", {"do_not_drive": False, "park_outside": True}),
                                               ("", "", {})])
def test_recall_advisories_of_the_current_file(dnd: str, park: str, expected: dict[str, bool]) -> None:
    (ex,) = extract("nhtsa-recalls", recall29("23V100000", dnd, park))
    r = node(ex, "Recall")
    assert {k: r[k] for k in ("do_not_drive", "park_outside") if k in r} == expected


def test_an_older_recall_layout_says_nothing_about_advisories() -> None:
    (ex,) = extract("nhtsa-recalls", recall29("23V100000", "", "", n=24))
    assert "do_not_drive" not in node(ex, "Recall")


# --- complaints: one ODI number over several rows -------------------------------------------------------
def complaint(odino: str, comp: str, fail: str, n: int = 48, make: str = "FORD", model: str = "TAURUS") -> bytes:
    row = [""] * n
    vals = {0: "1", 1: odino, 2: "Example Motor Co", 3: make, 4: model, 5: "1998", 6: "N", 7: fail, 8: "N", 9: "0",
            10: "0", 11: comp, 15: "19990105", 16: "19990105", 19: "THE CRUISE CONTROL AND THE HORN FAILED.", 45: "V"}
    for i, v in vals.items():
        row[i] = v
    return ("\t".join(row) + "\r\n").encode()


@pytest.mark.parametrize("order", ["adjacent", "scattered"])
def test_one_complaint_over_several_rows_keeps_every_row(order: str) -> None:
    mine = [complaint("958000", "VEHICLE SPEED CONTROL", "19980301"), complaint("958000", "COMMUNICATIONS:HORN",
                                                                                "19980715"),
            complaint("958000", "VEHICLE SPEED CONTROL", "19981120")]
    other = [complaint(str(959000 + i), "STEERING", "19980101", model="ESCORT") for i in range(3)]
    rows = mine + other if order == "adjacent" else [mine[0], other[0], mine[1], other[1], other[2], mine[2]]
    exs = extract("nhtsa-complaints", b"".join(rows))
    assert len(exs) == 4
    ex = next(e for e in exs if e.document.record_id.startswith("958000"))
    c = node(ex, "Complaint")
    assert c["fail_date"] == "1998-03-01"  # the first failure the complaint reports
    concerns = sorted((r.end_id, r.props["fail_date"]) for r in ex.rels if r.type == "CONCERNS")
    assert concerns == [("component:communications:horn", "1998-07-15"),
                        ("component:vehicle speed control", "1998-03-01"),
                        ("component:vehicle speed control", "1998-11-20")]
    assert len({r.key for r in ex.rels if r.type == "CONCERNS"}) == 3
    for r in ex.rels:
        if r.span:
            assert ex.document.text[r.span[0]:r.span[1]] in ("VEHICLE SPEED CONTROL", "COMMUNICATIONS:HORN", "")


def test_rows_of_one_complaint_about_two_products_link_both() -> None:
    rows = complaint("958100", "STEERING", "19980301") + complaint("958100", "STEERING", "19980301", model="ESCORT")
    (ex,) = extract("nhtsa-complaints", rows)
    assert {r.end_id for r in ex.rels if r.type == "ABOUT"} == {"vehicle:ford|taurus|1998", "vehicle:ford|escort|1998"}


def test_the_older_layout_ingests_as_one_complaint(falkor_store: GraphStore, settings: Settings,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "FLAT_CMPL.txt"
    path.write_bytes(complaint("958200", "STEERING", "19980301") + complaint("958201", "SEATS", "19980301")
                     + complaint("958200", "AIR BAGS", "19980402"))
    summary = ingest(falkor_store, settings, "nhtsa-complaints", [path])
    assert (summary.read, summary.written, summary.rejected) == (2, 2, 0)
    assert falkor_store.counts()["nodes"]["Complaint"] == 2


def test_each_new_layout_ingests(falkor_store: GraphStore, settings: Settings, tmp_path: Path) -> None:
    files = {"nhtsa-tsbs": ("TSBS_RECEIVED_2020-2024.txt", (tsb14() + tsb14("11012399")).encode()),
             "nhtsa-recalls": ("FLAT_RCL_POST_2010.txt", recall29("23V100000", "Yes", "No"))}
    for kind, (name, data) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        summary = ingest(falkor_store, settings, kind, [path])
        assert summary.written == summary.read > 0 and summary.rejected == 0, kind
    counts = falkor_store.counts()["nodes"]
    assert counts["Bulletin"] == 2 and counts["Recall"] == 1


def test_real_older_complaints_rows_of_one_odi_number_are_one_complaint(samples: Path) -> None:
    name = "complaints_dannguyen_2014.tsv"
    source = get_kind("nhtsa-complaints")
    rows = (samples / "nhtsa" / name).read_bytes().count(b"\n")
    records = row_count = kept = dated = kept_dates = 0
    with (samples / "nhtsa" / name).open("rb") as fh:
        for raw in source.read(name, fh):
            records += 1
            try:
                ex = source.extract(raw)
            except RecordRejected:
                continue
            group = raw.payload.get("ROWS") or [raw.payload]
            row_count += len(group)
            dated += sum(1 for r in group if r.get("FAILDATE"))
            kept += sum(1 for r in ex.rels if r.type == "CONCERNS")
            kept_dates += sum(1 for r in ex.rels if r.type == "CONCERNS" and "fail_date" in r.props)
    assert records < rows  # rows sharing an ODI number were gathered
    assert (kept, kept_dates) == (row_count, dated)  # every row keeps its component and its own failure date


# --- decoding -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-16", "utf-16-le"])
def test_a_flat_file_is_decoded_with_one_encoding(encoding: str) -> None:
    text = "1\tCAFÉ CRÈME\tx\n2\tNAÏVE\ty\n"
    lines = list(decoded_lines(io.BytesIO(text.encode(encoding))))
    assert [t for _, t, _ in lines] == ["1\tCAFÉ CRÈME\tx", "2\tNAÏVE\ty"]


def test_a_row_the_file_encoding_cannot_read_is_rejected_with_the_reason() -> None:
    good = complaint("958300", "STEERING", "19980301").decode().replace("TAURUS", "TAURUS É")
    data = good.encode() * 3 + complaint("958301", "SEATS", "19980301").replace(b"TAURUS", b"TAURUS \xc9")
    raws = read("nhtsa-complaints", data)
    assert [r.error is None for r in raws] == [True, False]  # the three good rows are one complaint
    assert "cannot be decoded as utf-8" in (raws[1].error or "")


@pytest.mark.parametrize("head,expected", [(b"abc\n", None), ("é\n".encode(), "utf-8"), ("é\n".encode("cp1252"), "cp1252"),
                                           (b"\xef\xbb\xbfabc", "utf-8-sig"), ("ab\n".encode("utf-16-le"), "utf-16-le")])
def test_the_encoding_of_a_file_is_judged_once(head: bytes, expected: str | None) -> None:
    assert sniff_encoding(head, "cp1252") == expected
