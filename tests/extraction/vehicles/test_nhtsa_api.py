"""NHTSA API JSON answers read as the nhtsa-complaints and nhtsa-recalls kinds (extraction/vehicles/nhtsa_api.py
and data/nhtsa_api.yaml): the older PascalCase and the current camelCase shapes, each container the reader
sniffs, the value converters, and the real sample answers in ../shared/samples/nhtsa-api. The fixtures under
nhtsa_api/ are fictional; each rule meets at least two differently written inputs."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from core.errors import RecordRejected
from extraction.registry import get_kind
from extraction.vehicles import nhtsa_api
from graph.records import Extraction, RawRecord

FIXTURES = Path(__file__).resolve().parent / "nhtsa_api"


def read(kind: str, name: str, data: bytes | None = None) -> list[RawRecord]:
    data = (FIXTURES / name).read_bytes() if data is None else data
    return list(get_kind(kind).read(name, io.BytesIO(data)))


def extracted(kind: str, name: str) -> dict[str, Extraction | str]:
    """record id -> its extraction, or the reason it was rejected."""
    out: dict[str, Extraction | str] = {}
    for raw in read(kind, name):
        if raw.error:
            out[raw.record_id] = raw.error
            continue
        try:
            out[raw.record_id] = get_kind(kind).extract(raw)
        except RecordRejected as exc:
            out[raw.record_id] = str(exc)
    return out


def nodes(ex: Extraction, label: str) -> list[dict]:
    return [n.props for n in ex.nodes if n.label == label]


def ends(ex: Extraction, rel_type: str) -> list[str]:
    return [r.end_id for r in ex.rels if r.type == rel_type]


# --- containers ---------------------------------------------------------------------------------------
def test_json_lines_with_blank_broken_and_unknown_lines() -> None:
    raws = read("nhtsa-complaints", "complaints_pascal.jsonl")
    assert [r.record_id for r in raws if not r.error][:2] == ["900001:HYUNDAI:ELANTRA:2009:STEERING",
                                                             "900002:KIA:SEDONA EX:2008:AIR BAGS:FRONTAL"]
    errors = {r.line: r.error for r in raws if r.error}
    assert "not JSON" in errors[5] and "no NHTSA API nhtsa-complaints shape" in errors[6]
    assert all(r.line in (1, 3, 4) for r in raws if not r.error)  # line numbers count the blank line


@pytest.mark.parametrize("name,envelope", [("complaints_camel.json", "results"), ("recalls_pascal.json", "Results")])
def test_enveloped_pretty_and_one_line_documents(name: str, envelope: str) -> None:
    kind = "nhtsa-complaints" if "complaint" in name else "nhtsa-recalls"
    pretty = read(kind, name)
    one_line = read(kind, name, json.dumps(json.loads((FIXTURES / name).read_text())).encode())
    assert pretty and not any(r.error for r in pretty)
    assert [r.payload for r in pretty] == [r.payload for r in one_line]
    assert envelope in json.loads((FIXTURES / name).read_text())


def test_arrays_with_and_without_bom_and_a_single_record() -> None:
    array = read("nhtsa-complaints", "complaints_camel_array.json")  # starts with a UTF-8 BOM
    assert [r.payload["ODINO"] for r in array] == ["11900006", "11900007"]
    pretty = read("nhtsa-recalls", "recalls_camel.json")
    assert [r.payload["CAMPNO"] for r in pretty][:3] == ["18V001000", "18V001000", "18V002"]
    record = json.loads((FIXTURES / "recalls_camel.json").read_text())[1]
    single = read("nhtsa-recalls", "one.json", json.dumps(record, indent=2).encode())
    assert [r.payload["COMPNAME"] for r in single] == ["FUEL SYSTEM, GASOLINE", "ENGINE"]


def test_envelope_per_line_and_bare_record_per_line() -> None:
    raws = read("nhtsa-recalls", "recalls_current.jsonl")
    assert [r.payload["CAMPNO"] for r in raws] == ["17V456000", "17V457000"]
    assert raws[0].record_id.startswith("17V456000:KIA:SORENTO:2014")


def test_flat_files_still_go_to_the_tab_separated_reader() -> None:
    row = ["1", "11223344", "Kia", "KIA", "SOUL", "2015", "N", "20170101", "N", "0", "0", "ENGINE"] + [""] * 37
    row[16] = "20170110"
    (raw,) = read("nhtsa-complaints", "f.txt", ("\t".join(row) + "\r\n").encode())
    assert raw.error is None and raw.payload["ODINO"] == "11223344" and "ROWS" not in raw.payload
    assert not nhtsa_api.sniff(io.BytesIO(b"1\t2\t3"))[0] and nhtsa_api.sniff(io.BytesIO(b"\n  [1]"))[0]


def test_a_record_of_the_other_kind_is_named_as_such() -> None:
    complaint = (FIXTURES / "complaints_pascal.jsonl").read_text().splitlines()[0].encode()
    (raw,) = read("nhtsa-recalls", "x.jsonl", complaint)
    assert raw.error == "a nhtsa-complaints record, not nhtsa-recalls"
    recall = json.dumps(json.loads((FIXTURES / "recalls_camel.json").read_text())[0]).encode()
    (raw,) = read("nhtsa-complaints", "y.json", recall)
    assert raw.error == "a nhtsa-recalls record, not nhtsa-complaints"
    assert nhtsa_api.json_kind(io.BytesIO(recall)) == "nhtsa-recalls"
    assert nhtsa_api.json_kind((FIXTURES / "complaints_camel.json").open("rb")) == "nhtsa-complaints"


# --- values -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value,order,iso", [
    ("/Date(1262322000000-0500)/", "mdy", "2010-01-01"),   # midnight at -0500 is 05:00 UTC
    ("/Date(1278302400000-0400)/", "mdy", "2010-07-05"),
    ("/Date(1278302400000)/", "mdy", "2010-07-05"),        # no offset: UTC
    ("12/02/2016", "mdy", "2016-12-02"),                   # complaints API: month first
    ("03/08/2017", "dmy", "2017-08-03"),                   # recalls API: day first
    ("25/01/2017", "mdy", "2017-01-25"),                   # impossible month first: the other way
    ("2017-01-25T00:00:00", "mdy", "2017-01-25"),
    ("2018-01-05T00:00:00Z", "dmy", "2018-01-05"),
    ("not a date", "mdy", ""), (None, "dmy", ""),
])
def test_dates(value: str | None, order: str, iso: str) -> None:
    assert nhtsa_api.to_date(value, order) == iso


@pytest.mark.parametrize("value,flag", [("Yes", "Y"), ("No", "N"), (True, "Y"), (False, "N"), ("Y", "Y"),
                                        ("false", "N"), ("", ""), (None, "")])
def test_flags(value: object, flag: str) -> None:
    assert nhtsa_api.to_flag(value) == flag


@pytest.mark.parametrize("value,vin", [("KMHDU46D19U", "KMHDU46D19U"), ("5npe34af*gh", "5NPE34AF"),
                                       ("KNDJT 2A2-3B7", "KNDJT2A23B7"), (None, "")])
def test_short_and_masked_vins(value: str | None, vin: str) -> None:
    assert nhtsa_api.to_vin(value) == vin


def test_converted_fields_in_both_complaint_shapes() -> None:
    pascal = read("nhtsa-complaints", "complaints_pascal.jsonl")[0].payload
    camel = read("nhtsa-complaints", "complaints_camel.json")[0].payload
    assert (pascal["CRASH"], pascal["FIRE"], pascal["INJURED"], pascal["PROD_TYPE"]) == ("Y", "N", "2", "V")
    assert (camel["CRASH"], camel["FIRE"], camel["INJURED"], camel["PROD_TYPE"]) == ("N", "Y", "0", "V")
    assert (pascal["LDATE"], pascal["FAILDATE"], pascal["VIN"]) == ("2010-01-01", "2009-12-25", "KMHDU46D19U")
    assert (camel["LDATE"], camel["FAILDATE"], camel["VIN"]) == ("2016-12-02", "2016-11-30", "5NPE34AF")


# --- complaints ---------------------------------------------------------------------------------------
def test_components_joined_by_bar_comma_or_listed_are_one_complaint_with_rows() -> None:
    pascal = read("nhtsa-complaints", "complaints_pascal.jsonl")[0].payload
    assert [r["COMPDESC"] for r in pascal["ROWS"]] == ["STEERING", "SERVICE BRAKES, HYDRAULIC:FOUNDATION COMPONENTS"]
    camel = read("nhtsa-complaints", "complaints_camel.json")
    assert [r["COMPDESC"] for r in camel[1].payload["ROWS"]] == ["SERVICE BRAKES, HYDRAULIC", "VISIBILITY/WIPER"]
    bars = read("nhtsa-complaints", "complaints_camel_array.json")[0].payload
    assert [r["COMPDESC"] for r in bars["ROWS"]] == ["SEAT BELTS", "STRUCTURE"]


def test_products_are_vehicles_of_one_complaint() -> None:
    ex = extracted("nhtsa-complaints", "complaints_camel.json")["11900004:HYUNDAI:SONATA:2016:ENGINE"]
    assert isinstance(ex, Extraction)
    assert sorted(set(ends(ex, "ABOUT"))) == ["vehicle:hyundai|sonata|2015", "vehicle:hyundai|sonata|2016"]
    assert sorted(set(ends(ex, "CONCERNS"))) == ["component:electrical system", "component:engine"]
    (complaint,) = nodes(ex, "Complaint")
    assert complaint["fire"] is True and complaint["date"] == "2016-12-02" and complaint["fail_date"] == "2016-11-30"
    assert {"stall", "fire"} <= {e.removeprefix("symptom:") for e in ends(ex, "REPORTS")}


def test_complaints_extract_in_both_shapes_and_non_vehicles_are_rejected() -> None:
    pascal = extracted("nhtsa-complaints", "complaints_pascal.jsonl")
    ex = pascal["900001:HYUNDAI:ELANTRA:2009:STEERING"]
    assert isinstance(ex, Extraction) and nodes(ex, "Complaint")[0]["injured"] == 2
    assert nodes(ex, "Complaint")[0]["crash"] is True and ex.document.date == "2010-01-01"
    sedona = pascal["900002:KIA:SEDONA EX:2008:AIR BAGS:FRONTAL"]
    assert isinstance(sedona, Extraction) and nodes(sedona, "Complaint")[0]["fail_date"] is None  # 1901-01-01
    assert "not a vehicle" in pascal["900003:KIA:SEDONA:2008:AIR BAGS"]
    array = extracted("nhtsa-complaints", "complaints_camel_array.json")
    assert "not a vehicle" in array["11900007:MICHELIN:X:2016:TIRES"]
    soul = array["11900006:KIA:SOUL:2015:SEAT BELTS"]
    assert isinstance(soul, Extraction) and nodes(soul, "Complaint")[0]["crash"] is True


# --- recalls ------------------------------------------------------------------------------------------
def test_recalls_in_three_shapes_with_investigations_and_advisories() -> None:
    pascal = extracted("nhtsa-recalls", "recalls_pascal.json")
    ex = pascal["10V123000:HYUNDAI:ELANTRA:2009:STEERING:COLUMN"]
    assert isinstance(ex, Extraction) and nodes(ex, "Recall")[0]["date"] == "2010-04-09"
    assert ends(ex, "INFLUENCED") == ["recall:10V123000"]  # "PE09001 | PE09001": one investigation
    assert [n["action"] for n in nodes(ex, "Investigation")] == ["PE09001"]
    assert not nodes(pascal["10V123000:HYUNDAI:ELANTRA:2010:STEERING:COLUMN"], "Investigation")
    assert len(pascal) == 3  # two components of the 2009 row, one of the 2010 row
    current = extracted("nhtsa-recalls", "recalls_current.jsonl")
    wiring = current["17V456000:KIA:SORENTO:2014:ELECTRICAL SYSTEM:WIRING"]
    recall = nodes(wiring, "Recall")[0]
    assert recall["date"] == "2017-08-03" and recall["park_outside"] is True and recall["do_not_drive"] is False
    assert [n["action"] for n in nodes(wiring, "Investigation")] == ["EA16002"]
    inflator = nodes(current["17V457000:KIA:RIO CINCO:2013:AIR BAGS"], "Recall")[0]
    assert inflator["do_not_drive"] is True and inflator["date"] == "2017-08-25"
    camel = extracted("nhtsa-recalls", "recalls_camel.json")
    tucson = [k for k in camel if k.startswith("18V001000:HYUNDAI:TUCSON")]
    assert len(tucson) == 2  # one row per product
    assert [n["action"] for n in nodes(camel[tucson[0]], "Investigation")] == ["RQ17003"]
    short = camel["18V002:KIA:SPORTAGE:2016:ENGINE"]
    assert nodes(short, "Recall")[0]["campno"] == "18V002000"
    assert "campaign number" in camel["bad number:KIA:SOUL:2016:ENGINE"]


# --- the real answers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind,name,least", [
    ("nhtsa-recalls", "hyundai_recalls.jsonl.gz", 390), ("nhtsa-recalls", "kia_recalls.jsonl.gz", 190),
    ("nhtsa-complaints", "kia_complaints.jsonl.gz", 10_900),
])
def test_real_api_answers_extract(samples: Path, kind: str, name: str, least: int) -> None:
    """Every real record is read (no unknown shape) and extracted; recall rows naming an investigation link it."""
    source = get_kind(kind)
    extracted_n = investigations = 0
    with gzip.open(samples / "nhtsa-api" / name, "rb") as fh:
        for raw in source.read(name, fh):
            assert raw.error is None, raw.error
            ex = source.extract(raw)  # no real record is rejected
            extracted_n += 1
            assert ex.document.date and "1999" < ex.document.date < "2018"
            assert [n for n in ex.nodes if n.label == "VehicleModel"]
            investigations += bool(ends(ex, "INFLUENCED"))
    assert extracted_n >= least
    if kind == "nhtsa-recalls":
        assert investigations >= 20
