"""The facts of a register's lists, one builder each whether the entry comes alone (a row of a change,
penalty or abnormal-list file) or nested in a company record (an answer's ChangeRecords[], a report's
经营异常信息): a change, an abnormal-list entry, a penalty. Nested entries get their own fact with the
span of their own text; the same entry read from either place is the same node."""

from __future__ import annotations

import re
from typing import Any

from extraction.common.facts import Facts
from extraction.common.money import parse_amount
from extraction.enterprises.industry import classify_scope
from extraction.enterprises.normalise import display_name
from extraction.enterprises.shapes import ITEM_FIELDS, Keys, Shape, _read, map_record, norm_key, shapes
from extraction.enterprises.values import cn_date
from extraction.enterprises.vocab import classify_words, pick
from graph.records import Node, Span, stable_id

FINE_IN_TEXT = re.compile(r"罚款(?:人民币)?\s*([\d.,]+\s*(?:万|亿)?元)")


class BadItem(ValueError):
    """An entry that cannot be used, with the reason (a whole record when it came alone)."""


def item_date(f: dict[str, Any], key: str, label: str) -> str:
    """The date an entry cannot do without; a missing one and an unreadable one are told apart."""
    value = f.get(key)
    if value is None or not str(value).strip():
        raise BadItem(f"{label} is missing")
    when = cn_date(value)
    if not when:
        raise BadItem(f"{label} {value!r} is not a date")
    return when


def change_node(ent: Node, f: dict[str, Any], span: Span | None) -> Node:
    if not f.get("item"):
        raise BadItem("no 变更事项")
    when = item_date(f, "date", "变更日期")
    item = display_name(str(f["item"]))
    before, after = str(f.get("before") or "")[:2000], str(f.get("after") or "")[:2000]
    kind = classify_words("change_kinds", item) or "other"
    props: dict[str, Any] = {"date": when, "kind": kind, "item": item, "before": before or None,
                             "after": after or None}
    if kind == "capital":
        props["capital_before"], _ = parse_amount(before)
        props["capital_after"], _ = parse_amount(after)
    elif kind == "scope":
        props["industry_before"] = next(iter(classify_scope(before)), None)
        props["industry_after"] = next(iter(classify_scope(after)), None)
    return Node("Change", f"CHG:{stable_id(ent.id, when, item, before, after)}", props, span=span)


def abnormal_node(ent: Node, f: dict[str, Any], span: Span | None) -> Node:
    listed = item_date(f, "date", "列入日期")
    removed = cn_date(f.get("removal_date"))
    if f.get("removal_date") and not removed:
        raise BadItem(f"移出日期 {f.get('removal_date')!r} is not a date")
    if removed and removed < listed:
        raise BadItem(f"移出日期 {removed} is before 列入日期 {listed}")
    reason = display_name(str(f.get("reason") or "")) or None
    return Node("AbnormalListing", f"ABN:{stable_id(ent.id, listed, reason)}",
                {"listed_on": listed, "reason": reason, "authority": f.get("authority"), "removed_on": removed,
                 "removal_reason": f.get("removal_reason"), "removal_authority": f.get("removal_authority")},
                span=span)


def penalty_node(ent: Node, f: dict[str, Any], span: Span | None) -> Node:
    when = item_date(f, "date", "penalty decision date")
    content = display_name(str(f.get("content") or ""))
    fine, _ = parse_amount(f.get("fine")) if f.get("fine") else (None, None)
    if fine is None:
        m = FINE_IN_TEXT.search(content)
        fine = parse_amount(m.group(1))[0] if m else None
    number = display_name(str(f.get("number") or ""))
    return Node("Penalty", f"PEN:{stable_id(number or ent.id, when, content)}",
                {"number": number or None, "date": when, "offence": f.get("offence"), "content": content or None,
                 "fine": fine, "authority": f.get("authority")}, span=span)


BUILDERS = {"changes": (change_node, "HAS_CHANGE"), "abnormal": (abnormal_node, "LISTED_ABNORMAL"),
            "penalties": (penalty_node, "PENALISED")}


def add_item(facts: Facts, section: str, ent: Node, f: dict[str, Any], span: Span | None) -> Node:
    """The entry's node and its link to the enterprise; BadItem when it cannot be used."""
    build, rel = BUILDERS[section]
    node = build(ent, f, span)
    facts.add(node)
    date = node.props.get("date") or node.props.get("listed_on")
    facts.rel(rel, ent, node, {"date": date}, span=span)
    return node


# --- entries that come alone -----------------------------------------------------------------------
SECTION_OF = {"changes": "changes", "abnormal": "abnormal", "penalties": "penalties"}
NAME_CODE = {"name": ("企业名称", "当事人名称", "行政相对人名称", "名称", "entName", "Name", "name", "companyName",
                      "ename", "CompanyName"),
             "code": ("统一社会信用代码", "信用代码", "uniscId", "CreditCode", "creditCode", "credit_no", "creditNo")}


def standalone(record: dict[str, Any], section: str, mapping: Shape | None) -> tuple[dict[str, Any], str | None]:
    """The entry's fields (and the enterprise's 企业名称 / 统一社会信用代码) of a record that is one entry:
    by the column names of fields.yaml, else by the item keys of the shape whose keys it has most of
    (a GSXT `altItem_CN` row, a Qichacha `AddReason` item …), else by the user's mapping."""
    keys = Keys()
    if mapping is not None:
        mapped = map_record(record, mapping)
        out = {k: v.value for k, v in mapped.fields.items() if k in ("name", "code")}
        item = mapping.items.get(section)
        if item is not None:
            for name, fm in item.properties.items():
                v = _read([(record, ())], fm, keys)
                if v is not None:
                    out[name] = v.value
        return out, mapping.name
    f = pick(record, section)
    wanted = set(ITEM_FIELDS[section])
    best: tuple[int, dict[str, Any], str | None] = (sum(1 for k in f if k in wanted), f, "table")
    present = {norm_key(k) for k in record}
    for shape in shapes():
        item = shape.items.get(section)
        if item is None or not (item.item_keys() & present):
            continue
        got: dict[str, Any] = {}
        for name, fm in item.properties.items():
            v = _read([(record, ())], fm, keys)
            if v is not None:
                got[name] = v.value
        if len(got) > best[0]:
            best = (len(got), got, shape.name)
    out = dict(best[1])
    index = {norm_key(k): k for k in record}
    for field, names in NAME_CODE.items():
        if not out.get(field):
            key = next((index[norm_key(n)] for n in names if norm_key(n) in index and record[index[norm_key(n)]]), None)
            if key is not None:
                out[field] = record[key]
    return out, best[2]
