"""`cn-penalties`: administrative penalty decisions (行政处罚决定书文号, 违法行为类型, 处罚内容, 决定日期...), one
per record, in any shape the register kinds read (a CSV export, GSXT `penDecNo` rows, answer items)."""

from __future__ import annotations

from extraction.enterprises.entries import EntryKind, enterprise_label
from extraction.enterprises.items import penalty_node

KIND = "cn-penalties"
ENTRY = EntryKind(KIND, "penalties", penalty_node, span_field="number", relationship="PENALISED",
                  date_prop="date", title=lambda ent, pen: pen.props["number"] or f"{enterprise_label(ent)} penalty",
                  required_date="penalty decision date")
extract = ENTRY.extract
SOURCE = ENTRY.source("Chinese administrative penalty decisions on enterprises: CSV / TSV / Excel / JSON")
