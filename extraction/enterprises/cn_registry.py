"""`cn-registry`: Chinese enterprise registration records in the shapes a regulator receives them:
GSXT (国家企业信用信息公示系统) report JSON, Qichacha / Tianyancha / Qixin open-API answers, business-licence
OCR results, spreadsheet and CSV exports with Chinese headers, and flat records keyed by the register's
field names (企业名称, 统一社会信用代码, 法定代表人, 注册资本 / 实缴资本, 成立日期, 登记机关, 住所, 经营范围, 企业类型,
经营状态, 股东及出资, 主要人员, 联系电话, 电子邮箱) -- or any other, through a user's mapping file.

The file's shape is sniffed by extraction.enterprises.sniff, the record's source by its keys
(extraction.enterprises.shapes and data/shapes/*.yaml). Nested lists become their own facts, each with
the span of its own text: shareholders (SHAREHOLDER_OF with subscribed capital and share), officers with
their roles (OFFICER_OF), change records (Change), abnormal-list entries (AbnormalListing), penalties,
branches (BRANCH_OF), former names (aliases).

Dated facts: a record that says when it was true (an update date, a 核准日期, its change records) dates
what it states. The registered address and the legal representative carry `since` (the change that
set them, else the founding) and `last_seen` (the record's date) on their edges; the value a change
record replaced gets its own edge with `until` (the change's date). Authority, capital, name and legal
form are kept the same way as RegisterFact nodes (HAS_FACT {field, since, until, last_seen}). A record
never writes `until` for a value it does not know to be replaced, so records of one enterprise from
different dates, ingested in any order, leave one current value: the one without `until`, seen last
(cypher/enterprises/enterprise_history.cypher).
"""

from __future__ import annotations

import re
from typing import Any

from core.errors import RecordRejected
from extraction.common.dates import OPEN_END
from extraction.common.facts import Facts
from extraction.enterprises.address import parse_cn_address
from extraction.enterprises.codes import check_org_code, check_reg_no, clean_code
from extraction.enterprises.industry import classify_scope, industry_id, section_name
from extraction.enterprises.items import BadItem, add_item
from extraction.enterprises.normalise import display_name, enterprise_key
from extraction.enterprises.records import (
    EXTRACTOR_VERSION,
    address_node,
    document,
    email_node,
    enterprise_ref,
    person_node,
    phone_node,
    place_in_division,
    render,
    sourced,
    span_of,
)
from extraction.enterprises.shapes import Mapped, Value, detect, map_record, shapes
from extraction.enterprises.sniff import read_records
from extraction.enterprises.values import capital, cn_date, ident_text, role_codes, split_term, status_code
from extraction.enterprises.vocab import classify_words
from graph.records import Extraction, Node, RawRecord, Span, stable_id
from graph.search import terms_for
from graph.source_kind import SourceKind

KIND = "cn-registry"
ITEM_SPLIT = re.compile(r"[;；\n|]+")
SHARE = re.compile(r"(\d+(?:\.\d+)?)\s*%")
AMOUNT_IN_ITEM = re.compile(r"(\d+(?:\.\d+)?\s*(?:亿|万)?\s*(?:元|美元|港元|欧元)?)")
CODE_IN_ITEM = re.compile(r"\b([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})\b")
CORPORATE_WORDS = ("公司", "企业", "合伙", "中心", "集团", "厂", "研究院", "事务所", "社")
APPOINTED = re.compile(r"[(（]\s*委派代表\s*[:：]?\s*([^)）]+)[)）]")
ADDRESS_WORDS = re.compile(r"[省市区县路街道号镇乡村]")
# change kinds (vocab.yaml change_kinds) whose before and after values are dated facts
TRACKED = {"address": "address", "legal_rep": "legal_rep", "authority": "authority", "capital": "capital",
           "name": "name", "legal_form": "legal_form"}
FACT_FIELDS = ("authority", "capital", "name", "legal_form")
LEGACY_SECTION = {"shareholders": "shareholder", "officers": "officer"}


def _from_text(item: str, section: str) -> dict[str, Any]:
    """One shareholder or officer written as text: '张三(自然人股东) 60万元 60%', '李四(监事)'."""
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


def _check_like(item: dict[str, Any]) -> bool:
    number = str(item.get("id_number") or "")
    return len(number.replace(" ", "")) >= 15 and "*" not in number


def _joined(value: Any) -> Any:
    """A list of words as one value (Tianyancha's typeJoin ["执行董事", "总经理"] -> 执行董事、总经理)."""
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "、".join(str(v) for v in value if str(v).strip()) or None
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def extract(raw: RawRecord) -> Extraction:
    record, hint, mapping = sourced(raw)
    shape = mapping if mapping is not None else detect(record, hint)[0]
    if shape is None:
        keys = ", ".join(str(k) for k in list(record)[:8])
        raise RecordRejected(f"{raw.record_id}: its keys ({keys}) are none of a known source's "
                             f"({', '.join(s.name for s in shapes())}); give a mapping file with --mapping")
    text, spans = render(record)
    return _Record(raw, map_record(record, shape), text, spans).build()


class _Record:
    """One register record's facts, built up."""

    def __init__(self, raw: RawRecord, mapped: Mapped, text: str, spans: dict[tuple[Any, ...], Span]) -> None:
        self.raw, self.m, self.text, self.spans = raw, mapped, text, spans
        self.issues: list[str] = []
        self.people: dict[str, Node] = {}  # by displayed name: within one record a name is one person
        self.contact: str | None = None
        self.name_events: list[tuple[str | None, str]] = []  # (until, former name)

    def span(self, v: Value | None, start: int = 0) -> Span | None:
        if v is None:
            return None
        if v.where is not None and v.where in self.spans:
            return self.spans[v.where]
        return span_of(self.text, v.value, start) if isinstance(v.value, str | int) else None

    def rows(self, section: str) -> list[tuple[dict[str, Any], Span | None]]:
        """The entries of a list: mapped items, or a cell writing them as text ('张三(自然人股东) 60%;…')."""
        out = []
        for row in self.m.items.get(section, []):
            first = next((row[k] for k in ("name", "item", "reason", "number") if k in row), None)
            out.append(({k: _joined(v.value) for k, v in row.items()}, self.span(first)))
        cell = self.m.texts.get(section)
        if cell is not None and isinstance(cell.value, str):
            start = self.spans.get(cell.where, (0, 0))[0] if cell.where else 0
            parts = [p for p in ITEM_SPLIT.split(cell.value) if p.strip()]
            legacy = LEGACY_SECTION.get(section)
            for part in parts:
                item = _from_text(part, legacy) if legacy else {"name": display_name(part)}
                out.append((item, span_of(self.text, item.get("name"), start)))
        return out

    def person(self, facts: Facts, ent: Node, name: Any, id_number: Any = None, phone: Any = None) -> Node | None:
        own = phone_node(phone, self.text) if phone else None
        node = person_node(name, self.text, id_number=id_number, contact=own.id if own else self.contact,
                           scope=ent.id)
        if node is None:
            return None
        shown = node.props["name"]
        if shown in self.people and node.props["key_basis"] != "id_number":
            return self.people[shown]
        if shown not in self.people:
            self.people[shown] = node
            facts.add(node)
        return node

    # --- identity ------------------------------------------------------------------------------------
    def identifiers(self) -> tuple[str | None, str | None]:
        """(credit code, 15-digit registration number): a 统一社会信用代码/注册号 value told apart by shape."""
        codes: list[str] = []
        regs: list[str] = []
        for field, label in (("code", "统一社会信用代码"), ("code_or_reg_no", "统一社会信用代码/注册号"),
                             ("reg_no", "注册号")):
            value, why = ident_text(self.m.get(field))
            if why:
                self.issues.append(f"{label} {why}")
            if value is None:
                continue
            cleaned = clean_code(value)
            if field == "reg_no" or len(cleaned) == 15 and (cleaned.isdigit() or field == "code_or_reg_no"):
                regs.append(value)
            elif field == "code" or len(cleaned) == 18:
                codes.append(value)
            else:
                self.issues.append(f"{label} {value!r} is neither a credit code (18 characters) nor a registration "
                                   f"number (15 digits)")
        return (codes[0] if codes else None), (regs[0] if regs else None)

    # --- the record ----------------------------------------------------------------------------------
    def build(self) -> Extraction:
        m, raw, text = self.m, self.raw, self.text
        code, reg_no = self.identifiers()
        name = _text(m.get("name"))
        if not name and not code:
            raise RecordRejected(f"{raw.record_id}: no 企业名称 and no 统一社会信用代码")
        founded = cn_date(m.get("founded"))
        if m.get("founded") is not None and not founded:
            self.issues.append(f"成立日期 {m.get('founded')!r} is not a date")
        doc = document(KIND, raw, text, founded, display_name(str(name or code)))
        ent, check = enterprise_ref(name, code, "CN", text)
        ent.span = self.span(m.fields.get("name")) or self.span(m.fields.get("code")) or ent.span
        if check.issue and code:
            self.issues.append(f"code {check.issue}")
        facts = Facts(doc, "cn_registry", EXTRACTOR_VERSION)
        facts.add(ent)
        props = ent.props
        reg_v = m.fields.get("reg_capital")
        reg_amount, currency = capital(m.get("reg_capital"), m.get("reg_capital_currency"), reg_v.unit if reg_v else None)
        paid_v = m.fields.get("paid_capital")
        paid_amount, _ = capital(m.get("paid_capital"), m.get("paid_capital_currency") or m.get("reg_capital_currency"),
                                 paid_v.unit if paid_v else None)
        if m.get("reg_capital") is not None and reg_amount is None:
            self.issues.append(f"注册资本 {m.get('reg_capital')!r} is not an amount")
        term_start, term_end, term_open = self.term()
        approved = cn_date(m.get("approved"))
        status = _text(m.get("status"))
        props.update(registered=True, founded=founded, authority=_text(m.get("authority")),
                     legal_form=_text(m.get("legal_form")), status=status, status_norm=status_code(status),
                     registered_capital=reg_amount, paid_capital=paid_amount,
                     capital_currency=currency if reg_amount is not None else None,
                     scope=str(m.get("scope") or "")[:1000] or None, approved=approved,
                     term_start=term_start, term_end=term_end, term_open=term_open,
                     dissolved=cn_date(m.get("dissolved")), english_name=_text(m.get("english_name")),
                     source_shape=m.shape)
        if reg_no:
            reg = check_reg_no(reg_no)
            props.update(reg_no=reg.code, reg_no_valid=reg.valid, reg_no_issue=reg.issue or None)
            if reg.issue and reg.code.isdigit():
                self.issues.append(f"注册号 {reg.issue}")
        if org := _text(m.get("org_code")):
            org_check = check_org_code(org)
            props["org_code"] = org_check.code
            if not org_check.valid:
                self.issues.append(f"组织机构代码 {org_check.issue}")
        changes = self.lists(facts, ent)
        as_of = self.as_of(approved, changes)
        props["as_of"] = as_of
        address = None
        addr_v = m.fields.get("address")
        if addr_v is not None and _text(addr_v.value):
            address = parse_cn_address(str(addr_v.value))
            self.issues.extend(address.issues)
            addr = address_node(address, text, addr_v.value)
            addr.span = self.span(addr_v) or addr.span
            facts.add(addr)
            facts.rel("REGISTERED_AT", ent, addr, {"since": self.since("address", changes, founded, as_of),
                                                   "last_seen": as_of}, span=addr.span)
        division = place_in_division(props, check, address)
        if division is not None:
            facts.rel("IN_DIVISION", ent, Node("Division", f"DIV:{division.code}"))
        sections = classify_scope(str(m.get("scope") or ""))
        if sections:
            props["industry"] = sections[0]
        for i, section in enumerate(sections[:4]):
            ind = Node("Industry", industry_id("GBT4754", section),
                       {"system": "GBT4754", "section": section, "name": section_name("GBT4754", section)})
            facts.add(ind)
            facts.rel("IN_INDUSTRY", ent, ind, {"primary": i == 0})
        for make, field, kind in ((phone_node, "phone", "HAS_PHONE"), (email_node, "email", "HAS_EMAIL")):
            value = _text(m.get(field))
            node = make(value, text) if value else None
            if node is not None:
                node.span = self.span(m.fields.get(field)) or node.span
                facts.add(node)
                facts.rel(kind, ent, node, {"since": founded}, span=node.span)
                self.contact = self.contact or node.id
            elif value:
                self.issues.append(f"{'联系电话' if kind == 'HAS_PHONE' else '电子邮箱'} {value!r} is not usable")
        self.officers(facts, ent, founded)
        self.legal_rep(facts, ent, founded, changes, as_of)
        self.shareholders(facts, ent, founded, as_of)
        self.branches(facts, ent)
        self.former_names(ent, changes)
        self.history(facts, ent, founded, changes, as_of, address, reg_amount, currency)
        if reg_amount is not None and paid_amount is not None and paid_amount > reg_amount * 1.0001:
            self.issues.append("实缴资本 exceeds 注册资本")
        props["record_issues"] = self.issues or None
        return facts.extraction()

    def term(self) -> tuple[str | None, str | None, bool | None]:
        m = self.m
        start, end, is_open = split_term(m.get("term")) if m.get("term") is not None else (None, None, False)
        start = cn_date(m.get("term_start")) or start
        if m.get("term_end") is not None:
            found = cn_date(m.get("term_end"), open_end=True)
            if found == OPEN_END:
                end, is_open = None, True
            elif found:
                end, is_open = found, False
        elif "term_end" in m.empty and start:  # 营业期限至 written empty or "-": no fixed end
            is_open = True
        return start, end, (True if is_open else False if end else None)

    def as_of(self, approved: str | None, changes: list[dict[str, Any]]) -> str | None:
        """The date the record was true on: its update date, else its latest approval or change."""
        dates = [d for d in (cn_date(self.m.get("as_of")), approved, *(c["date"] for c in changes)) if d]
        return max(dates) if dates else None

    # --- lists ---------------------------------------------------------------------------------------
    def lists(self, facts: Facts, ent: Node) -> list[dict[str, Any]]:
        """Changes, abnormal-list entries and penalties; returns the dated changes."""
        out = []
        for section, label in (("changes", "变更信息"), ("abnormal", "经营异常信息"), ("penalties", "行政处罚信息")):
            for i, (fields, span) in enumerate(self.rows(section), start=1):
                try:
                    node = add_item(facts, section, ent, fields, span)
                except BadItem as exc:
                    self.issues.append(f"{label} {i}: {exc}")
                    continue
                if section == "changes":
                    out.append(node.props)
        return out

    def officers(self, facts: Facts, ent: Node, founded: str | None) -> None:
        officers = [(item, span) for item, span in self.rows("officers") if item.get("name")]
        for item, span in sorted(officers, key=lambda x: not x[0].get("id_number")):  # best identified first
            off = self.person(facts, ent, item["name"], item.get("id_number"), item.get("phone"))
            if off is None:
                continue
            role_text = display_name(str(item.get("role") or ""))
            roles = role_codes(role_text)
            facts.rel("OFFICER_OF", off, ent, {"role": classify_words("officer_roles", role_text) or "other",
                                               "roles": roles or None, "role_text": role_text or None,
                                               "since": founded},
                      key=role_text, span=span or span_of(self.text, item["name"]))

    def legal_rep(self, facts: Facts, ent: Node, founded: str | None, changes: list[dict[str, Any]],
                  as_of: str | None) -> None:
        name = _text(self.m.get("legal_rep"))
        if not name:
            return
        appointed = APPOINTED.search(name)
        if appointed:  # a partnership's 执行事务合伙人 that is a company, with its appointed representative
            name = appointed.group(1).strip()
        rep = self.person(facts, ent, name, self.m.get("legal_rep_id"))
        if rep is not None:
            span = self.span(self.m.fields.get("legal_rep")) or rep.span
            facts.rel("LEGAL_REP_OF", rep, ent, {"since": self.since("legal_rep", changes, founded, as_of),
                                                 "last_seen": as_of}, span=span)

    def shareholders(self, facts: Facts, ent: Node, founded: str | None, as_of: str | None) -> None:
        units = {k: v.unit for row in self.m.items.get("shareholders", []) for k, v in row.items() if v.unit}
        # A holder listed twice (two subscriptions, two rounds) holds the sum: one relationship per holder.
        held: dict[tuple[str, str], tuple[Node, dict[str, Any], Span | None]] = {}
        for item, span in self.rows("shareholders"):
            name = item.get("name")
            if not name:
                continue
            amount, cur = capital(item.get("subscribed"), None, units.get("subscribed"))
            paid, _ = capital(item.get("paid"), None, units.get("paid"))
            subscribed_on = cn_date(item.get("date"))
            if subscribed_on and as_of and subscribed_on > as_of:  # a deadline to pay in (认缴期限), not a start
                subscribed_on = None
            share_props = {"share": _share(item.get("share")), "amount": amount, "paid": paid,
                           "currency": cur if amount is not None else None, "since": subscribed_on or founded}
            if _is_corporate(item):
                holder, _check = enterprise_ref(name, item.get("id_number") if _check_like(item) else None, "CN",
                                                self.text)
                holder.span = span or holder.span
                facts.add(holder)
            else:
                found = self.person(facts, ent, name, item.get("id_number"))
                if found is None:
                    continue
                holder = found
            key = (holder.label, holder.id)
            if key in held:
                _, earlier, _ = held[key]
                for prop in ("share", "amount", "paid"):
                    if share_props[prop] is not None or earlier[prop] is not None:
                        earlier[prop] = round((earlier[prop] or 0) + (share_props[prop] or 0), 6)
                if share_props["since"] and (not earlier["since"] or share_props["since"] < earlier["since"]):
                    earlier["since"] = share_props["since"]
                earlier["currency"] = earlier["currency"] or share_props["currency"]
                continue
            held[key] = (holder, share_props, span or span_of(self.text, name))
        for holder, share_props, span in held.values():
            facts.rel("SHAREHOLDER_OF", holder, ent, share_props, span=span)

    def branches(self, facts: Facts, ent: Node) -> None:
        for item, span in self.rows("branches"):
            name = _text(item.get("name"))
            ids = [clean_code(str(item[k])) for k in ("code", "code_or_reg_no", "reg_no") if item.get(k)]
            code = next((c for c in ids if len(c) == 18), None)
            if not name and not code:
                continue
            branch, _ = enterprise_ref(name, code, "CN", self.text)
            if branch.id == ent.id:
                continue
            branch.span = span or branch.span
            reg = next((c for c in ids if len(c) == 15), None)
            if reg:
                branch.props["reg_no"] = reg
            if item.get("authority"):
                branch.props["authority"] = _text(item["authority"])
            facts.add(branch)
            facts.rel("BRANCH_OF", branch, ent, {}, span=branch.span)

    def former_names(self, ent: Node, changes: list[dict[str, Any]]) -> None:
        current = enterprise_key(ent.props.get("name") or "")
        aliases: list[str] = []
        for item, _span in self.rows("former_names"):
            alias = display_name(str(item.get("name") or ""))
            if alias and enterprise_key(alias) != current and alias not in aliases:
                aliases.append(alias)
                self.name_events.append((cn_date(item.get("date")), alias))
        for change in changes:
            if change["kind"] == "name" and change.get("before"):
                alias = display_name(change["before"])
                if alias and enterprise_key(alias) != current and alias not in aliases:
                    aliases.append(alias)
        if aliases:
            ent.props["aliases"] = aliases
            ent.terms = list(dict.fromkeys(ent.terms + [t for a in aliases for t in terms_for(a)]))

    # --- dated facts ---------------------------------------------------------------------------------
    @staticmethod
    def events(field: str, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted((c for c in changes if TRACKED.get(c["kind"]) == field), key=lambda c: c["date"])

    def since(self, field: str, changes: list[dict[str, Any]], founded: str | None,
              as_of: str | None = None) -> str | None:
        """Since when the record's value holds: the latest change of that field (or rename), else the
        founding -- when the record lists its changes, or is not dated at all (a dated snapshot without
        its change history cannot tell when a value began)."""
        dates = [c["date"] for c in self.events(field, changes)]
        if field == "name":
            dates += [d for d, _alias in self.name_events if d]
        if dates:
            return max(dates)
        return founded if (self.m.items.get("changes") or "changes" in self.m.texts or not as_of) else None

    def history(self, facts: Facts, ent: Node, founded: str | None, changes: list[dict[str, Any]],
                as_of: str | None, address: Any, reg_amount: float | None, currency: str | None) -> None:
        """The values the record's change records say were replaced (with their until), and the
        register facts of a dated record (RegisterFact nodes)."""
        for field in ("address", "legal_rep"):
            prev = founded
            for change in self.events(field, changes):
                before = (change.get("before") or "").strip()
                span = span_of(self.text, before) if before else None
                if field == "address" and before and ADDRESS_WORDS.search(before) and len(before) >= 6:
                    old = parse_cn_address(before)
                    if address is None or old.id != address.id:
                        node = address_node(old, self.text, before)
                        facts.add(node)
                        facts.rel("REGISTERED_AT", ent, node, {"since": prev, "until": change["date"]}, span=span)
                elif field == "legal_rep" and before and len(before) <= 40:
                    old_rep = self.person(facts, ent, APPOINTED.sub("", before).strip())
                    rep_now = _text(self.m.get("legal_rep"))
                    if old_rep is not None and old_rep.props["name"] != (rep_now or ""):
                        facts.rel("LEGAL_REP_OF", old_rep, ent, {"since": prev, "until": change["date"]}, span=span)
                prev = change["date"]
        current = {"authority": _text(self.m.get("authority")), "legal_form": _text(self.m.get("legal_form")),
                   "name": ent.props.get("name"),
                   "capital": (reg_amount, currency) if reg_amount is not None else None}
        for field in FACT_FIELDS:
            events = self.events(field, changes)
            dated_names = [e for e in self.name_events if e[0]] if field == "name" else []
            if not (as_of or events or dated_names):
                continue
            prev = founded
            for change in events:
                self.fact(facts, ent, field, change.get("before"), {"since": prev, "until": change["date"]})
                prev = change["date"]
            for until, alias in dated_names:
                self.fact(facts, ent, field, alias, {"until": until})
            if current[field] is not None:
                self.fact(facts, ent, field, current[field],
                          {"since": self.since(field, changes, founded, as_of), "last_seen": as_of})

    def fact(self, facts: Facts, ent: Node, field: str, value: Any, props: dict[str, Any]) -> None:
        if value in (None, ""):
            return
        if field == "capital":
            if isinstance(value, tuple):
                amount, cur = value
            else:
                amount, cur = capital(value)
            if amount is None:
                return
            shown, key = f"{amount:g}万{cur}", f"{amount:g}|{cur}"
            node_props: dict[str, Any] = {"field": field, "value": shown, "amount": amount, "currency": cur}
        else:
            shown = display_name(str(value))
            key = enterprise_key(shown) if field == "name" else shown
            node_props = {"field": field, "value": shown}
        node = Node("RegisterFact", f"RF:{stable_id(ent.id, field, key)}", node_props)
        facts.add(node)
        facts.rel("HAS_FACT", ent, node, {"field": field, **props},
                  span=span_of(self.text, value) if isinstance(value, str) else None)


SOURCE = SourceKind(
    name=KIND,
    domain="enterprises",
    description="Chinese enterprise register records: GSXT report JSON, Qichacha / Tianyancha / Qixin answers, "
                "licence OCR results, CSV / TSV / Excel exports with Chinese headers (or a --mapping file)",
    read=read_records,
    extract=extract,
    suffixes=(".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".txt", ".xlsx"),
    after_ingest="registers",
)
