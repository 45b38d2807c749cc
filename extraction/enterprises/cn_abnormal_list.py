"""`cn-abnormal-list`: the abnormal-operation list (列入 / 移出经营异常名录, reason, date, authority), one entry
per record, in any shape the register kinds read (a CSV export, GSXT `speCause_CN` rows, Qichacha
`AddReason` / Tianyancha `putReason` / Qixin `in_reason` items carrying the enterprise's name or code)."""

from __future__ import annotations

from extraction.enterprises.entries import EntryKind, enterprise_label
from extraction.enterprises.items import abnormal_node

KIND = "cn-abnormal-list"
ENTRY = EntryKind(KIND, "abnormal", abnormal_node, span_field="reason", relationship="LISTED_ABNORMAL",
                  date_prop="listed_on", title=lambda ent, _: f"{enterprise_label(ent)} 列入经营异常名录",
                  required_date="列入日期")
extract = ENTRY.extract
SOURCE = ENTRY.source("Chinese abnormal-operation list entries and removals: CSV / TSV / Excel / JSON")
