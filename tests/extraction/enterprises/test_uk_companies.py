"""Companies House Basic Company Data as users hold it: with or without the header row, header names
with stray spaces or another case, the Dormant Company placeholder SIC, rows with undecodable bytes."""

from __future__ import annotations

import codecs
import csv
import io

import pytest

from extraction.enterprises import uk_companies

COLUMNS = uk_companies._layout()["columns"]


def _row(name: str, number: str, **fields: str) -> list[str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update({"CompanyName": name, "CompanyNumber": number, "RegAddress.AddressLine1": "4 Mill Lane",
                "RegAddress.PostCode": "ZZ9 9ZZ", "IncorporationDate": "03/04/2011",
                "SICCode.SicText_1": "62012 - Business and domestic software development"})
    row.update({k.replace("__", "."): v for k, v in fields.items()})
    return [row[c] for c in COLUMNS]


def _file(rows: list[list[str]], header: list[str] | None, quoting: int = csv.QUOTE_ALL,
          encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=quoting)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding)


def _read(data: bytes) -> list:
    return list(uk_companies.SOURCE.read("BasicCompanyData-part1.csv", io.BytesIO(data)))


@pytest.mark.parametrize("quoting, encoding", [(csv.QUOTE_ALL, "utf-8"), (csv.QUOTE_MINIMAL, "utf-8-sig")])
def test_a_headerless_file_keeps_its_first_company(quoting: int, encoding: str) -> None:
    rows = [_row("FIRST ORCHARD LIMITED", "01234567"), _row("SECOND HARBOUR LTD", "SC654321")]
    raws = _read(_file(rows, None, quoting, encoding))
    assert [r.error for r in raws] == [None, None]
    names = [uk_companies.extract(r).nodes[0].props["name"] for r in raws]
    assert names == ["FIRST ORCHARD LIMITED", "SECOND HARBOUR LTD"]


@pytest.mark.parametrize("header", [
    [(" " + c if i % 4 == 1 else c) for i, c in enumerate(COLUMNS)],  # as published: some leading spaces
    [c.upper() for c in COLUMNS],                                    # re-exported with another case
])
def test_a_header_row_is_recognised_by_its_names(header: list[str]) -> None:
    raws = _read(_file([_row("ONLY CHILD LTD", "07654321")], header))
    assert len(raws) == 1 and raws[0].error is None


def test_a_headerless_row_of_another_width_is_named_with_the_layout() -> None:
    raws = _read(_file([_row("FIRST ORCHARD LIMITED", "01234567")[:20]], None))
    assert raws[0].error is not None
    assert "20 fields" in raws[0].error and "layout has 55" in raws[0].error and "no header row" in raws[0].error


@pytest.mark.parametrize("fields", [
    {"SICCode__SicText_1": "99999 - Dormant Company"},
    {"SICCode__SicText_1": "None Supplied", "SICCode__SicText_2": "99999 - Dormant Company",
     "Accounts__AccountCategory": "DORMANT"},
    {"SICCode__SicText_1": "None Supplied", "Accounts__AccountCategory": "dormant"},
])
def test_a_dormant_company_is_dormant_not_an_extraterritorial_body(fields: dict[str, str]) -> None:
    raw = _read(_file([_row("SLEEPING ASSETS LIMITED", "09876543", **fields)], None))[0]
    ex = uk_companies.extract(raw)
    company = ex.nodes[0]
    assert company.props["dormant"] is True
    assert company.props.get("industry") != "U"
    assert not [n for n in ex.nodes if n.label == "Industry" and n.props.get("section") == "U"]


def test_a_trading_company_keeps_its_section_and_is_not_dormant() -> None:
    raw = _read(_file([_row("BUSY BEES LTD", "08888888")], COLUMNS))[0]
    company = uk_companies.extract(raw).nodes[0]
    assert company.props["industry"] == "J" and company.props.get("dormant") is None


def test_a_row_with_undecodable_bytes_is_rejected_alone() -> None:
    rows = [_row(f"COMPANY {i} LIMITED", f"{i:08d}") for i in range(1, 800)] + [_row("MARKER LTD", "SC000001")]
    data = _file(rows, COLUMNS).replace(b"MARKER", b"M\xe4RKER")  # latin-1 byte in a UTF-8 file, past its head
    raws = _read(data)
    assert len(raws) == 800 and sum(r.error is None for r in raws) == 799
    bad = raws[-1]
    assert "CompanyName" in bad.error and "not utf-8" in bad.error


@pytest.mark.parametrize("tail", [b"\x00", b"A"])
def test_a_utf16_file_cut_mid_character_reads_its_rows_and_does_not_raise(tail: bytes) -> None:
    text = _file([_row("HALF WRITTEN LIMITED", "01122334")], COLUMNS).decode("utf-8")
    raws = _read(codecs.BOM_UTF16_LE + text.encode("utf-16-le") + tail)
    assert raws[0].error is None and uk_companies.extract(raws[0]).nodes[0].props["name"] == "HALF WRITTEN LIMITED"
