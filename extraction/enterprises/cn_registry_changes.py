"""`cn-registry-changes`: registered changes (变更事项, 变更前内容, 变更后内容, 变更日期), one per record, in
any shape the register kinds read (a CSV export, GSXT `altItem_CN` rows, an answer's change items)."""

from __future__ import annotations

from extraction.enterprises.entries import EntryKind, enterprise_label
from extraction.enterprises.items import change_node

KIND = "cn-registry-changes"
ENTRY = EntryKind(KIND, "changes", change_node, span_field="item", relationship="HAS_CHANGE", date_prop="date",
                  title=lambda ent, change: f"{enterprise_label(ent)} {change.props['item']}")
extract = ENTRY.extract
SOURCE = ENTRY.source("Chinese register change records (变更事项, 变更前/后内容, 变更日期): CSV / TSV / Excel / JSON")
