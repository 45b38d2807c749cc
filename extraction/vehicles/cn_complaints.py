"""Chinese owner complaints as published by complaint platforms: plain text records with labelled
fields (投诉编号、投诉品牌、投诉车系、投诉车型 with the model year, 问题描述, 投诉时间); each record begins
at its 投诉编号 line or after a rule line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from core.errors import RecordRejected
from extraction.common.dates import find_date
from extraction.vehicles.cntext import find_make, find_make_model, read_blocks, sections
from extraction.vehicles.nlp import analyse
from extraction.vehicles.records import Facts
from extraction.vehicles.vocab import normalise_make, parse_year
from graph.records import Document, Extraction, RawRecord
from graph.source_kind import SourceKind

NAME = "cn-complaints"
STARTS = re.compile(r"^\s*投诉编号\s*[:：]")
ID_LABEL = re.compile(r"投诉编号\s*[:：]\s*([A-Za-z0-9\-_]+)")
LABELS = {"投诉编号": "number", "投诉品牌": "brand", "品牌": "brand", "投诉车系": "series", "车系": "series",
          "投诉车型": "model", "车型": "model", "年款": "year", "典型问题": "typical", "问题描述": "text",
          "投诉内容": "text", "投诉时间": "date", "投诉日期": "date", "投诉状态": "status"}


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    return read_blocks(file_name, stream, STARTS, id_label=ID_LABEL)


def extract(raw: RawRecord) -> Extraction:
    text: str = raw.payload
    sec = sections(text, LABELS)
    number = sec.get("number", ("", 0, 0))[0]
    if not number:
        raise RecordRejected("no complaint number (投诉编号)")
    brand, series = sec.get("brand", ("", 0, 0)), sec.get("series", ("", 0, 0))
    if not series[0]:
        raise RecordRejected("no vehicle series (投诉车系)")
    year = parse_year(sec.get("year", ("",))[0] + " " + sec.get("model", ("",))[0])
    if year is None:
        raise RecordRejected(f"no model year in 投诉车型 {sec.get('model', ('(missing)',))[0][:40]!r}")
    when = find_date(sec.get("date", ("",))[0])
    if not when:
        raise RecordRejected(f"no valid complaint date (投诉时间 {sec.get('date', ('(missing)',))[0][:20]!r})")
    hit = find_make_model(series[0])
    make = (hit[0] if hit else None) or find_make(brand[0]) or normalise_make(brand[0])
    if not make:
        raise RecordRejected("no vehicle brand (投诉品牌)")
    model = hit[1] if hit else series[0]
    body = sec.get("text", ("", 0, 0))
    typical = sec.get("typical", ("", 0, 0))
    doc = Document(NAME, raw.file, number, text, when, "zh", f"投诉 {number}")
    facts = Facts(doc, "cn_complaints")
    vid = facts.vehicle(make, model, year, lang="zh", span=(series[1], series[2]))
    narrative = body[0] or typical[0]
    if not narrative:
        raise RecordRejected("no problem description (问题描述)")
    offset = body[1] if body[0] else typical[1]
    found = analyse(narrative, "zh")
    cid = facts.node("Complaint", f"complaint:cn:{number}", {
        "source": "cn", "number": number, "date": when, "lang": "zh",
        "crash": any(c == "crash" for c, _ in found.consequences),
        "fire": any(c == "fire" for c, _ in found.consequences),
        "conditions": sorted({c for c, _ in found.conditions}),
        "consequences": sorted({c for c, _ in found.consequences}),
    })
    facts.rel("ABOUT", ("Complaint", cid), ("VehicleModel", vid))
    if not found.components and typical[0]:
        extra = analyse(typical[0], "zh")
        found.components, offset_c = extra.components, typical[1]
        for path, (s, e) in found.components:
            comp = facts.component(path, (s + offset_c, e + offset_c))
            facts.rel("CONCERNS", ("Complaint", cid), ("Component", comp), span=(s + offset_c, e + offset_c), key=comp)
    if not found.components:
        comp = facts.component("UNKNOWN OR OTHER")
        facts.rel("CONCERNS", ("Complaint", cid), ("Component", comp), key=comp)
    facts.narrative(("Complaint", cid), found, offset=offset, with_components=True)
    return facts.extraction()


SOURCE = SourceKind(NAME, "vehicles", "Chinese owner complaints (plain text with brand, series, model year)",
                    read, extract, after_ingest="complaints")
