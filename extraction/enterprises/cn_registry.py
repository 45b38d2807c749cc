"""`cn-registry`: Chinese enterprise registration records (JSON lines or CSV with the register's fields:
企业名称, 统一社会信用代码, 法定代表人, 注册资本 / 实缴资本, 成立日期, 登记机关, 住所, 经营范围, 企业类型,
经营状态, 股东及出资, 主要人员, 联系电话, 电子邮箱)."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from core.errors import RecordRejected
from extraction.common.dates import parse_date
from extraction.common.facts import Facts
from extraction.common.money import parse_amount
from extraction.enterprises.address import parse_cn_address
from extraction.enterprises.industry import classify_scope, industry_id, section_name
from extraction.enterprises.normalise import display_name
from extraction.enterprises.records import (
    EXTRACTOR_VERSION,
    address_node,
    document,
    email_node,
    enterprise_ref,
    payload,
    person_node,
    phone_node,
    place_in_division,
    read_table,
    span_of,
)
from extraction.enterprises.vocab import classify_words, pick
from graph.records import Extraction, Node, RawRecord
from graph.source_kind import SourceKind

KIND = "cn-registry"
ITEM_SPLIT = re.compile(r"[;；\n|]+")
SHARE = re.compile(r"(\d+(?:\.\d+)?)\s*%")
AMOUNT_IN_ITEM = re.compile(r"(\d+(?:\.\d+)?\s*(?:亿|万)?\s*(?:元|美元|港元|欧元)?)")
CODE_IN_ITEM = re.compile(r"\b([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})\b")
CORPORATE_WORDS = ("公司", "企业", "合伙", "中心", "集团", "厂", "研究院", "事务所", "社")


def _items(value: Any, section: str) -> list[dict[str, Any]]:
    """Shareholders / officers as dicts, whether the record holds a list, a JSON string or text such as
    '张三(自然人股东) 60万元 60%;某某有限公司 40%'."""
    if isinstance(value, str) and value.strip().startswith("["):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if isinstance(value, list):
        return [pick(v, section) if isinstance(v, dict) else _from_text(str(v), section) for v in value]
    if isinstance(value, str):
        return [_from_text(part, section) for part in ITEM_SPLIT.split(value) if part.strip()]
    return []


def _from_text(item: str, section: str) -> dict[str, Any]:
    item = display_name(item)  # folded, and no stray spaces inside a Chinese name ("上海　宏盛…")
    name = re.split(r"[(（:：,，\s]", item, maxsplit=1)[0]
    out: dict[str, Any] = {"name": name}
    bracket = re.search(r"[(（]([^)）]+)[)）]", item)
    if section == "officer":
        role = bracket.group(1) if bracket else item[len(name):].strip(" :：,，")
        out["role"] = role or None
        return out
    if bracket:
        out["kind"] = bracket.group(1)
    code = CODE_IN_ITEM.search(item)
    if code:
        out["id_number"] = code.group(1)
    share = SHARE.search(item)
    if share:
        out["share"] = share.group(0)
    rest = SHARE.sub("", item[len(name):])
    rest = CODE_IN_ITEM.sub("", rest)
    rest = re.sub(r"[(（][^)）]*[)）]", "", rest)
    amount = AMOUNT_IN_ITEM.search(rest)
    if amount:
        out["subscribed"] = amount.group(1)
    return out


def _share(value: Any) -> float | None:
    if value in (None, ""):
        return None
    text = str(value).replace("％", "%").strip()
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        return None
    return round(number / 100 if "%" in text or number > 1 else number, 4)


def _is_corporate(item: dict[str, Any]) -> bool:
    kind = str(item.get("kind") or "") + str(item.get("id_kind") or "")
    if "自然人" in kind or "身份证" in kind:
        return False
    if any(w in kind for w in ("法人", "企业", "公司", "营业执照", "合伙")):
        return True
    return str(item.get("name", "")).endswith(CORPORATE_WORDS)


def extract(raw: RawRecord) -> Extraction:
    record = payload(raw)
    f = pick(record, "registry")
    if not f.get("name") and not f.get("code"):
        raise RecordRejected(f"{raw.record_id}: no 企业名称 and no 统一社会信用代码")
    text = "\n".join(f"{k}: {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}"
                     for k, v in record.items() if v not in (None, ""))
    founded = parse_date(f.get("founded"), dayfirst=True)
    doc = document(KIND, raw, text, founded, display_name(str(f.get("name") or f.get("code"))))
    ent, check = enterprise_ref(f.get("name"), f.get("code"), "CN", text)
    issues: list[str] = []
    if check.issue:
        issues.append(f"code {check.issue}")
    facts = Facts(doc, "cn_registry", EXTRACTOR_VERSION)
    facts.add(ent)
    props = ent.props
    reg_amount, currency = parse_amount(f.get("reg_capital"))
    paid_amount, _ = parse_amount(f.get("paid_capital"))
    if f.get("founded") and not founded:
        issues.append(f"成立日期 {f['founded']!r} is not a date")
    props.update(registered=True, founded=founded, authority=f.get("authority"), legal_form=f.get("legal_form"),
                 status=f.get("status"), registered_capital=reg_amount, paid_capital=paid_amount,
                 capital_currency=currency if reg_amount is not None else None,
                 scope=str(f.get("scope") or "")[:1000] or None,
                 approved=parse_date(f.get("approved"), dayfirst=True))
    address = None
    if f.get("address"):
        address = parse_cn_address(str(f["address"]))
        issues.extend(address.issues)
        addr = address_node(address, text, f["address"])
        facts.add(addr)
        facts.rel("REGISTERED_AT", ent, addr, {"since": founded}, span=addr.span)
    division = place_in_division(props, check, address)
    if division is not None:
        facts.rel("IN_DIVISION", ent, Node("Division", f"DIV:{division.code}"))
    sections = classify_scope(str(f.get("scope") or ""))
    if sections:
        props["industry"] = sections[0]
    for i, section in enumerate(sections[:4]):
        ind = Node("Industry", industry_id("GBT4754", section),
                   {"system": "GBT4754", "section": section, "name": section_name("GBT4754", section)})
        facts.add(ind)
        facts.rel("IN_INDUSTRY", ent, ind, {"primary": i == 0})
    contact = None
    for make, value, kind in ((phone_node, f.get("phone"), "HAS_PHONE"), (email_node, f.get("email"), "HAS_EMAIL")):
        node = make(value, text) if value else None
        if node is not None:
            facts.add(node)
            facts.rel(kind, ent, node, {"since": founded}, span=node.span)
            contact = contact or node.id
        elif value:
            issues.append(f"{'联系电话' if kind == 'HAS_PHONE' else '电子邮箱'} {value!r} is not usable")
    people: dict[str, Node] = {}  # by displayed name: within one record a name is one person

    def person(name: Any, id_number: Any = None, phone: Any = None) -> Node | None:
        own = phone_node(phone, text) if phone else None
        node = person_node(name, text, id_number=id_number, contact=own.id if own else contact, scope=ent.id)
        if node is None:
            return None
        if node.props["name"] in people and node.props["key_basis"] != "id_number":
            return people[node.props["name"]]
        if node.props["name"] not in people:
            people[node.props["name"]] = node
            facts.add(node)
        return node

    officers = [item for item in _items(f.get("officers"), "officer") if item.get("name")]
    for item in sorted(officers, key=lambda i: not i.get("id_number")):  # the best-identified first
        off = person(item["name"], item.get("id_number"), item.get("phone"))
        if off is None:
            continue
        role_text = display_name(str(item.get("role") or ""))
        facts.rel("OFFICER_OF", off, ent, {"role": classify_words("officer_roles", role_text) or "other",
                                           "role_text": role_text or None, "since": founded},
                  key=role_text, span=span_of(text, item["name"]))
    if f.get("legal_rep"):
        rep = person(f["legal_rep"], f.get("legal_rep_id"))
        if rep is not None:
            facts.rel("LEGAL_REP_OF", rep, ent, {"since": founded}, span=rep.span)
    for item in _items(f.get("shareholders"), "shareholder"):
        name = item.get("name")
        if not name:
            continue
        amount, cur = parse_amount(item.get("subscribed"))
        paid, _ = parse_amount(item.get("paid"))
        share_props = {"share": _share(item.get("share")), "amount": amount, "paid": paid,
                       "currency": cur if amount is not None else None,
                       "since": parse_date(item.get("date"), dayfirst=True) or founded}
        if _is_corporate(item):
            holder, _check = enterprise_ref(name, item.get("id_number") if _check_like(item) else None, "CN", text)
            facts.add(holder)
        else:
            holder = person(name, item.get("id_number"))
            if holder is None:
                continue
        facts.rel("SHAREHOLDER_OF", holder, ent, share_props, span=span_of(text, name))
    if reg_amount is not None and paid_amount is not None and paid_amount > reg_amount * 1.0001:
        issues.append("实缴资本 exceeds 注册资本")
    props["record_issues"] = issues or None
    return facts.extraction()


def _check_like(item: dict[str, Any]) -> bool:
    number = str(item.get("id_number") or "")
    return len(number.replace(" ", "")) >= 15 and "*" not in number


SOURCE = SourceKind(
    name=KIND,
    domain="enterprises",
    description="Chinese enterprise registration records (JSON lines or CSV, register field names)",
    read=read_table,
    extract=extract,
    suffixes=(".jsonl", ".json", ".ndjson", ".csv", ".tsv"),
    after_ingest="registers",
)
