"""The register reader sniffs a file's shape and encoding once, never rejects line by line a file it
simply misread, and says in one error what a file it cannot read is and what is accepted."""

from __future__ import annotations

import codecs
import io
import json

import pytest

from extraction.enterprises.sniff import Sourced, read_records, sniff_encoding
from tests.extraction.enterprises.shapes_support import FIXTURES, read


def _read(data: bytes, name: str = "f.json") -> list:
    return list(read_records(name, io.BytesIO(data)))


@pytest.mark.parametrize(("fixture", "encoding"), [
    ("export-gb18030.csv", "gb18030"), ("export-bom.csv", "utf-8-sig"), ("export-utf16.tsv", "utf-16"),
    ("export-utf16-nobom.tsv", "utf-16-le"), ("gsxt-dump.jsonl", "utf-8"), ("bad/one-bad-line.csv", "utf-8"),
])
def test_the_encoding_is_found_once_for_the_whole_file(fixture: str, encoding: str) -> None:
    assert sniff_encoding((FIXTURES / fixture).read_bytes()[:65536]) == encoding


def test_a_line_that_does_not_decode_is_rejected_alone_not_stored_as_mojibake() -> None:
    records = read("bad/one-bad-line.csv")
    assert [(r.record_id, r.error is None) for r in records] == [("line 2", True), ("line 3", False), ("line 4", True)]
    assert "not valid UTF-8" in records[1].error
    gb = "企业名称,统一社会信用代码\r\n上海示例甲有限公司,91310115MA1K00015K\r\n".encode("gb18030") + b"\xff\xff,x\r\n"
    out = _read(gb, "g.csv")
    assert out[0].payload.record["企业名称"] == "上海示例甲有限公司" and "not valid GB18030" in out[1].error


@pytest.mark.parametrize(("fixture", "ids"), [
    ("gsxt-report.json", ["document"]),  # one pretty-printed document
    ("qixin-detail.json", ["line 1"]),  # one document on one line
    ("tianyancha-answers.json", ["item 1", "item 2"]),  # an array of answers
    ("qichacha-answers.jsonl", ["line 1 item 1", "line 1 item 2", "line 2"]),  # JSON lines, one a page of records
    ("gsxt-dump.jsonl", ["line 1", "line 2"]),
    ("export.xlsx", ["sheet 企业名单 row 4", "sheet 企业名单 row 5"]),  # the header under a title row; a notes sheet
    ("export-gb18030.csv", ["line 4", "line 5", "line 6"]),  # title and export-date rows above the header
])
def test_records_of_each_file_shape(fixture: str, ids: list[str]) -> None:
    assert [r.record_id for r in read(fixture)] == ids


def test_pretty_printed_documents_one_after_another_are_documents_not_broken_lines() -> None:
    docs = [{"entName": f"示例{i}有限公司", "uniscId": "91310115MA1K00015K"} for i in range(3)]
    text = "\n".join(json.dumps(d, ensure_ascii=False, indent=2) for d in docs).encode()
    out = _read(text)
    assert [r.error for r in out] == [None] * 3 and [r.line for r in out] == [1, 5, 9]


def test_json_lines_with_a_broken_line_keep_the_others() -> None:
    lines = ['{"企业名称": "截断的记录", "统一社会信用代码": "91', '{"企业名称": "甲有限公司"}', '{"企业名称": "乙有限公司"}']
    out = _read("\n".join(lines).encode(), "f.jsonl")
    assert [r.error is None for r in out] == [False, True, True] and "line 1 is not valid JSON" in out[0].error
    out = _read("\n".join(lines[1:] + lines[:1]).encode(), "f.jsonl")
    assert [r.error is None for r in out] == [True, True, False]


@pytest.mark.parametrize(("data", "said"), [
    (b'{\n  "a": [1, 2,\n', "starts as JSON but is not valid JSON"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "an Excel 97-2003 .xls workbook"),
    (b"%PDF-1.7\n", "a PDF document"),
    (b"<html><body>x</body></html>", "an HTML or XML page"),
    (b"PK\x03\x04" + b"\x00" * 100, "a ZIP archive that is not an Excel workbook"),
    ("名称甲\n名称乙\n".encode(), "without a header row of known column names"),
])
def test_a_file_it_cannot_read_is_one_clear_error(data: bytes, said: str) -> None:
    [only] = _read(data)
    assert only.payload is None and said in only.error and "accepted" in only.error


def test_an_answer_without_data_is_one_reject_naming_its_status() -> None:
    [qcc] = _read(json.dumps({"Status": "201", "Message": "查询无结果"}, ensure_ascii=False).encode())
    [tyc] = _read(json.dumps({"error_code": 300006, "reason": "余额不足", "result": None}, ensure_ascii=False).encode())
    assert "status '201'" in qcc.error and "查询无结果" in qcc.error
    assert "status 300006" in tyc.error and "余额不足" in tyc.error


def test_envelopes_are_taken_off_and_name_their_source() -> None:
    qcc = read("qichacha-detail.json")[0].payload
    ocr = read("ocr-aliyun.json")[0].payload  # Data: a JSON string, decoded
    assert isinstance(qcc, Sourced) and qcc.shape == "qichacha" and "KeyNo" in qcc.record
    assert ocr.shape == "aliyun-ocr" and ocr.record["companyName"] == "杭州示例茶业有限公司"


def test_a_utf16_file_without_bom_is_not_garbage() -> None:
    rows = [["公司名称", "社会统一信用代码"], ["成都示例茶馆有限公司", "91510107MA9F7W2X5E"]]
    text = "\r\n".join("\t".join(r) for r in rows) + "\r\n"
    for encoding, bom in (("utf-16-le", b""), ("utf-16-be", b""), ("utf-16-le", codecs.BOM_UTF16_LE)):
        [rec] = _read(bom + text.encode(encoding), "f.tsv")
        assert rec.payload.record == {"公司名称": "成都示例茶馆有限公司", "社会统一信用代码": "91510107MA9F7W2X5E"}
