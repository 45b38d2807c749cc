"""Chinese recall notices as the market regulator publishes them: plain text, either in labelled
sections (生产者、召回范围、缺陷情况、维修措施) or as the narrative announcement ("日前，X根据《缺陷汽车
产品召回管理条例》…召回生产日期为…的部分2019款…汽车，共计…辆"). Several notices per file are separated
by rule lines or each starts with its title line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from core.errors import RecordRejected
from extraction.common.dates import YMD_IN_TEXT, find_date
from extraction.common.names import enterprise_id, fold, fold_same_length
from extraction.vehicles.cntext import find_make, find_make_model, read_blocks, sections
from extraction.vehicles.nlp import analyse
from extraction.vehicles.records import Facts, link_suppliers
from graph.records import Document, Extraction, RawRecord, stable_id
from graph.search import terms_for
from graph.source_kind import SourceKind

NAME = "cn-recall-notices"
STARTS = re.compile(r"^\s*(?:召回编号\s*[:：]|[^，,。；;：:\s]{2,40}召回[^，,。；;：:]{0,30}$)")  # number or title line
ID_LABEL = re.compile(r"召回编号\s*[:：]\s*([A-Za-z0-9\-－]+)")
LABELS = {"召回编号": "number", "生产者": "producer", "生产企业": "producer", "召回范围": "scope",
          "缺陷情况": "defect", "缺陷描述": "defect", "维修措施": "remedy", "改正措施": "remedy",
          "实施日期": "start", "召回实施日期": "start", "发布时间": "published", "发布日期": "published"}
YEAR_STYLE = re.compile(r"((?:19|20)\d{2})\s*(?:款|年款|model year)", re.I)
MODEL_AFTER_STYLE = re.compile(r"款\s*([^，,。、；;（(\s]{1,20}?)\s*(?:[（(][A-Za-z0-9\- ]+[)）])?\s*(?:纯电动汽车|电动汽车|汽车|车辆|轿车|系列|SUV)")
TITLE_MODEL = re.compile(r"召回(?:部分|全部)?(?:进口)?\s*([^，,。\s]{1,20}?)\s*(?:纯电动汽车|电动汽车|汽车|车辆|轿车|SUV)")
PRODUCED = re.compile(r"生产日期(?:为|在|自)?\s*" + YMD_IN_TEXT.pattern + r"\s*(?:至|到|—|-|~|～)\s*" + YMD_IN_TEXT.pattern)
UNITS = re.compile(r"共(?:计)?\s*([0-9][0-9,，]*)\s*辆")
FROM_DATE = re.compile(r"自\s*(" + YMD_IN_TEXT.pattern + r")\s*起")
PRODUCER_NARRATIVE = re.compile(r"日前[，,]\s*([^，,。]{4,60}?)(?:根据|按照|依据)")
TITLE_PRODUCER = re.compile(r"^\s*([^，,。\s]{4,60}?(?:公司|集团))\s*(?:召回|扩大召回)")


def read(file_name: str, stream: BinaryIO) -> Iterator[RawRecord]:
    return read_blocks(file_name, stream, STARTS, id_label=ID_LABEL)


def _years(scope: str) -> list[int]:
    years = sorted({int(y) for y in YEAR_STYLE.findall(fold_same_length(scope))})
    if years:
        return years
    m = PRODUCED.search(fold_same_length(scope))
    if m:  # no model years printed: the production years stand for them
        y1, y2 = int(m.group(1)), int(m.group(4))
        if y1 <= y2 <= y1 + 10:
            return list(range(y1, y2 + 1))
    return []


def extract(raw: RawRecord) -> Extraction:
    text: str = raw.payload
    folded = fold_same_length(text)
    sec = sections(text, LABELS)
    title = text.strip().split("\n", 1)[0].strip()
    paragraphs = [p.strip() for p in re.split(r"\n+", text) if p.strip()]
    scope = sec.get("scope", ("", 0, 0))[0] or next((p for p in paragraphs if "生产日期" in p or "款" in p), "")
    if not scope:
        raise RecordRejected("no recall scope (召回范围: models, production dates, quantity)")
    producer = sec.get("producer", ("", 0, 0))[0]
    if not producer:
        m = PRODUCER_NARRATIVE.search(folded) or TITLE_PRODUCER.search(fold_same_length(title))
        producer = m.group(1) if m else ""
    years = _years(scope)
    if not years:
        raise RecordRejected("no model year or production dates in the recall scope")
    found_model = find_make_model(scope) or find_make_model(title)
    if found_model:
        make, model = found_model
    else:
        m = MODEL_AFTER_STYLE.search(fold_same_length(scope)) or TITLE_MODEL.search(fold_same_length(title))
        make = find_make(producer) or find_make(title) or ""
        model = m.group(1) if m else ""
        if not make or not model:
            raise RecordRejected(f"cannot tell the make and model of the recalled vehicles from {scope[:60]!r}")
    when = (find_date(sec["published"][0]) if "published" in sec else None) or (
        find_date(sec["start"][0]) if "start" in sec else None)
    if not when:
        m = FROM_DATE.search(folded)
        when = find_date(m.group(1)) if m else None
    if not when:
        raise RecordRejected("no notice date (发布时间, 实施日期 or 自…起)")
    number = sec.get("number", ("", 0, 0))[0] or "CN-" + stable_id(title, scope)[:12]
    number = fold(number)
    doc = Document(NAME, raw.file, raw.record_id, text, when, "zh", title[:200])
    facts = Facts(doc, "cn_recall_notices")
    scope_at = text.find(scope[:20]) if scope else -1
    vids = [facts.vehicle(make, model, y, lang="zh", span=(scope_at, scope_at + len(scope)) if scope_at >= 0 else None)
            for y in years]
    units = UNITS.search(folded)
    produced = PRODUCED.search(folded)
    rid = facts.node("Recall", f"recall:cn:{number}", {
        "campno": number, "date": when, "lang": "zh",
        "units": int(re.sub(r"[,，]", "", units.group(1))) if units else None,
        "begin_manufacture": find_date(produced.group(0)[:20]) if produced else None,
        "end_manufacture": find_date(produced.group(0).split("至")[-1]) if produced and "至" in produced.group(0) else None,
        "remedy": sec["remedy"][0][:500] if "remedy" in sec else None,
    }, terms=terms_for(title))
    if producer:
        eid = enterprise_id(name=producer)
        facts.node("Enterprise", eid, {"name": fold(producer)}, terms=terms_for(producer))
        facts.rel("FILED", ("Enterprise", eid), ("Recall", rid))
    for vid in vids:
        facts.rel("COVERS", ("Recall", rid), ("VehicleModel", vid))
    if "defect" in sec:
        defect, offset = sec["defect"][0], sec["defect"][1]
    else:
        para = next((p for p in paragraphs if "由于" in p), None) or next(
            (p for p in paragraphs if "隐患" in p and "条例" not in p), title)
        defect, offset = para, max(text.find(para), 0)
    found = analyse(defect, "zh")
    if not found.components:
        found.components = [("UNKNOWN OR OTHER", (0, 0))]
    facts.narrative(("Recall", rid), found, offset=offset, with_components=True)
    link_suppliers(facts, ("Recall", rid), vids, sorted({p.split(":", 1)[0] for p, _ in found.components}),
                   found, offset)
    return facts.extraction()


SOURCE = SourceKind(NAME, "vehicles", "Chinese recall notices (plain text as published by the regulator)",
                    read, extract, after_ingest="documents")
