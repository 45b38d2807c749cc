"""A lawyer register (and a judgment file) is decoded as a whole file, in the one encoding found for it: UTF-16 exports (with
or without a BOM) give the same lawyers as UTF-8 and GB18030 ones, and a line that encoding cannot read
is rejected with the reason instead of stored as mojibake."""

from __future__ import annotations

import codecs
import io
import json

import pytest

from extraction.lawyers import register as lawyer_register
from extraction.lawyers.judgment_records import read_json_records

TABLE = ("姓名,执业证号,执业机构,执业状态\n"
         "王小明,11101200910000011,北京明理律师事务所,正常执业\n"
         "李晓红,31101201810000022,上海（浦东）衡平律师事务所,正常执业\n"
         "赵刚,44031201510000033,深圳南山律师事务所,正常执业\n")
NAMES = ["王小明", "李晓红", "赵刚"]


def _names(data: bytes) -> list[str]:
    raws = list(lawyer_register.read("lawyers.csv", io.BytesIO(data)))
    assert [r.error for r in raws] == [None] * 3
    return [r.payload["row"]["name"] for r in raws]


@pytest.mark.parametrize("data", [
    TABLE.encode("utf-8"),
    codecs.BOM_UTF8 + TABLE.encode("utf-8"),
    TABLE.encode("gb18030"),
    codecs.BOM_UTF16_LE + TABLE.encode("utf-16-le"),
    TABLE.encode("utf-16-le"),  # no BOM
    TABLE.replace("\n", "\r\n").encode("utf-16-be"),  # big-endian, Windows line ends, no BOM
], ids=["utf8", "utf8-bom", "gb18030", "utf16le-bom", "utf16le", "utf16be-crlf"])
def test_every_encoding_gives_the_same_lawyers(data: bytes) -> None:
    assert _names(data) == NAMES


@pytest.mark.parametrize("encoding, bad", [("utf-8", b"\xff\xfe\xfd"), ("gb18030", b"\xff\xff")])
def test_an_undecodable_line_is_rejected_alone(encoding: str, bad: bytes) -> None:
    lines = TABLE.encode(encoding).split(b"\n")
    lines[2] = lines[2].replace("李晓红".encode(encoding), bad)
    raws = list(lawyer_register.read("lawyers.csv", io.BytesIO(b"\n".join(lines))))
    good = [r.payload["row"]["name"] for r in raws if r.error is None]
    rejected = [r for r in raws if r.error is not None]
    assert good == ["王小明", "赵刚"]
    assert len(rejected) == 1 and rejected[0].line == 3 and "cannot be decoded" in rejected[0].error


JUDGMENTS = [{"id": "j1", "text": "原告周某某与被告吴某某民间借贷纠纷一案"},
             {"id": "j2", "text": "上诉人郑某某因买卖合同纠纷一案"},
             {"id": "j3", "text": "申请人孙某某与被申请人钱某某"}]


@pytest.mark.parametrize("name, encoding", [("j.json", "utf-16"), ("j.json", "gb18030"),
                                            ("j.jsonl", "utf-16-le"), ("j.jsonl", "gb18030")])
def test_judgment_files_in_any_encoding_read_the_same(name: str, encoding: str) -> None:
    if name.endswith(".jsonl"):
        data = "\n".join(json.dumps(j, ensure_ascii=False) for j in JUDGMENTS).encode(encoding)
    else:
        data = json.dumps(JUDGMENTS, ensure_ascii=False).encode(encoding)
    raws = list(read_json_records(name, io.BytesIO(data)))
    assert [r.payload for r in raws] == JUDGMENTS


@pytest.mark.parametrize("name", ["j.json", "j.jsonl"])
def test_a_judgment_with_bytes_its_file_cannot_read_is_rejected_alone(name: str) -> None:
    if name.endswith(".jsonl"):
        data = "\n".join(json.dumps(j, ensure_ascii=False) for j in JUDGMENTS).encode("utf-8")
    else:
        data = json.dumps(JUDGMENTS, ensure_ascii=False).encode("utf-8")
    data = data.replace("郑某某".encode(), b"\xff\xfe\xfd")
    raws = list(read_json_records(name, io.BytesIO(data)))
    assert [r.payload["id"] for r in raws if r.error is None] == ["j1", "j3"]
    assert [("decoded" in r.error or "readable" in r.error) for r in raws if r.error] == [True]
