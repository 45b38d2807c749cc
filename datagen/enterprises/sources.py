"""Chinese register records written in the shapes a regulator receives them (GSXT report JSON and its
UPPER_CASE dumps, Qichacha / Tianyancha / Qixin answers with their envelopes, business-licence OCR results,
spreadsheet exports with Chinese headers in GB18030 / UTF-16 / Excel), with the values as those sources
write them (epoch milliseconds, 年月日, Excel serials, 大写 capital, split capital, open ends, status
wordings, full-width brackets, injected tags), and labels of what each record states.

Written by a generator of its own (its own seeded random stream, fictional enterprises) into a folder of
its own, `cn-registry-sources/`, so that every other file of the demo stays byte-identical and the demo's
graph is unchanged; `riskgraph eval extraction` reads it with truth/enterprises/source_labels.jsonl.
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from datagen.enterprises.vocab import (
    ABNORMAL_REASONS,
    BRAND,
    GIVEN,
    INDUSTRIES,
    LEGAL_FORMS,
    REMOVAL_REASONS,
    ROADS,
    SURNAMES,
)
from extraction.enterprises.codes import make_uscc, org_check_char, regno_check_digit
from extraction.enterprises.divisions import divisions, lineage

FOLDER = "cn-registry-sources"
# Enough of every shape for the extraction evaluation; at a province's scale the unique names the firms
# draw from run short and each new one takes ever more draws (an hour at scale 345).
MAX_RECORDS = 20_000
CHINA = timezone(timedelta(hours=8))
DIGITS = "零壹贰叁肆伍陆柒捌玖"
ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# status wordings as sources write them -> the normalised status
STATUS_WORDS = [("存续（在营、开业、在册）", "active"), ("存续", "active"), ("在业", "active"), ("开业", "active"),
                ("在营（开业）企业", "active"), ("吊销，未注销", "revoked"), ("吊销", "revoked"), ("注销", "cancelled"),
                ("吊销，已注销", "cancelled"), ("迁出", "moved"), ("停业", "suspended"), ("清算", "liquidating")]
ROLES = [("执行董事", "director"), ("执行董事兼总经理", "director"), ("董事长", "director"), ("监事", "supervisor"),
         ("经理", "manager"), ("总经理", "manager"), ("财务负责人", "financial")]
SHAPES = ("gsxt", "gsxt-dump", "gsxt-labels", "qichacha", "tianyancha", "qixin", "qixin-camel", "aliyun-ocr",
          "baidu-ocr", "tencent-ocr", "huawei-ocr", "csv", "tsv", "xlsx")
OCR = ("aliyun-ocr", "baidu-ocr", "tencent-ocr", "huawei-ocr")


@dataclass
class Firm:
    name: str
    code: str
    reg_no: str | None
    rep: str
    founded: date
    capital: float  # in 万
    currency: str
    status: str
    status_norm: str
    authority: str
    address: str
    term_end: date | None  # None: no fixed end
    holders: list[tuple[str, float, float]] = field(default_factory=list)  # name, share, amount in 万
    officers: list[tuple[str, str, str]] = field(default_factory=list)  # name, role words, role code
    changes: list[tuple[str, str, str, date]] = field(default_factory=list)  # item, before, after, date
    abnormal: list[tuple[str, date, date | None]] = field(default_factory=list)
    former: list[tuple[str, date]] = field(default_factory=list)
    branches: list[str] = field(default_factory=list)
    approved: date | None = None


class Sources:
    def __init__(self, out: Path, seed: int, scale: float) -> None:
        self.rng = random.Random(seed * 1009 + 13)
        self.out = out / FOLDER
        self.truth = out / "truth" / "enterprises"
        self.n = max(70, min(int(700 * scale), MAX_RECORDS))
        self.codes: set[str] = set()
        self.names: set[str] = set()
        self.districts = sorted((d for d in divisions().values() if d.level == "district"), key=lambda d: d.code)
        self.labels: list[dict[str, Any]] = []

    # --- the enterprises ---------------------------------------------------------------------------
    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))

    def day(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))

    def firm(self, full: bool = False) -> Firm:
        """An enterprise; `full`: with every optional part (changes, an abnormal entry, a former name, a branch)."""
        rng = self.rng
        district = rng.choice(self.districts)
        line = {d.level: d.name for d in lineage(district.code)}
        city = (line.get("city") or line.get("province") or "").replace("市辖区", "")
        while True:
            body = "MA" + "".join(rng.choice(ORG_CHARS) for _ in range(6))
            code = make_uscc("91" + district.code + body + org_check_char(body))
            word = rng.choice(INDUSTRIES)[0]
            name = f"{city.removesuffix('市')}{''.join(rng.sample(BRAND, 2))}{word}有限公司"
            if code not in self.codes and name not in self.names:
                self.codes.add(code)
                self.names.add(name)
                break
        reg_no = None
        if rng.random() < 0.5:
            first14 = district.code + f"{rng.randint(0, 99_999_999):08d}"
            reg_no = first14 + str(regno_check_digit(first14))
        founded = self.day(date(2008, 1, 1), date(2022, 6, 30))
        status, norm = rng.choice(STATUS_WORDS)
        province = line.get("province", "")
        address = f"{province}{city if city != province else ''}{district.name}{rng.choice(ROADS)}{rng.randint(1, 300)}号"
        rep = self.person()
        firm = Firm(name=name, code=code, reg_no=reg_no, rep=rep, founded=founded,
                    capital=float(rng.choice((10, 30, 50, 100, 200, 500, 1000, 3000, 5000))),
                    currency="USD" if rng.random() < 0.08 else "CNY", status=status, status_norm=norm,
                    authority=f"{district.name}市场监督管理局", address=address,
                    term_end=None if rng.random() < 0.6 else founded + timedelta(days=365 * 30 - 1))
        shares = rng.choice(([1.0], [0.6, 0.4], [0.5, 0.3, 0.2]))
        for i, share in enumerate(shares):
            holder = rep if i == 0 else self.person()
            firm.holders.append((holder, share, round(firm.capital * share, 2)))
        firm.officers.append((rep, *rng.choice(ROLES[:3])))
        firm.officers.append((self.person(), "监事", "supervisor"))
        if rng.random() < 0.4:
            firm.officers.append((self.person(), *rng.choice(ROLES[4:])))
        when = founded
        for _ in range(rng.choice((1, 2)) if full else rng.choice((0, 0, 1, 2, 3))):
            when = self.day(when + timedelta(days=30), when + timedelta(days=700))
            item = rng.choice(("法定代表人变更", "住所变更", "注册资本变更", "经营范围变更"))
            before, after = {"法定代表人变更": (self.person(), rep), "住所变更": (address.replace("号", "0号"), address),
                             "注册资本变更": (f"{firm.capital / 2:g}万元人民币", f"{firm.capital:g}万元人民币"),
                             "经营范围变更": ("日用百货销售", "技术开发")}[item]
            firm.changes.append((item, before, after, when))
        if full or rng.random() < 0.25:
            listed = self.day(founded + timedelta(days=200), date(2023, 6, 30))
            removed = listed + timedelta(days=rng.randint(30, 300)) if rng.random() < 0.6 else None
            firm.abnormal.append((rng.choice(ABNORMAL_REASONS), listed, removed))
        if full or rng.random() < 0.25:
            old = name.replace("有限公司", "") + rng.choice(("贸易", "咨询", "商行")) + "有限公司"
            firm.former.append((old, self.day(founded + timedelta(days=100), date(2023, 6, 30))))
        if full or rng.random() < 0.15:
            firm.branches.append(f"{name}{rng.choice(('第一', '城东', '城西'))}分公司")
        firm.approved = max([founded] + [c[3] for c in firm.changes])
        return firm

    # --- how sources write values ------------------------------------------------------------------
    def epoch(self, d: date) -> int:
        return int(datetime(d.year, d.month, d.day, tzinfo=CHINA).timestamp() * 1000)

    def ymd_cn(self, d: date) -> str:
        return f"{d.year}年{d.month:02d}月{d.day:02d}日" if self.rng.random() < 0.7 else f"{d.year}年{d.month}月{d.day}日"

    def loose(self, d: date) -> str:
        return self.rng.choice((d.isoformat(), f"{d.year}-{d.month}-{d.day}", d.strftime("%Y%m%d"), f"{d.year}/{d.month}/{d.day}",
                                self.ymd_cn(d), f"{d.isoformat()} 00:00:00"))

    def daxie(self, wan: float) -> str:
        """A whole number of 万 in 大写 (壹佰万元整)."""
        n = int(wan)
        units = [(1000, "仟"), (100, "佰"), (10, "拾"), (1, "")]
        out, zero = "", False
        for value, unit in units:
            digit = n // value % 10
            if digit:
                if zero and out:
                    out += "零"
                out += DIGITS[digit] + unit
                zero = False
            else:
                zero = True
        return (out or "零") + "万元整"

    def capital_text(self, f: Firm) -> str:
        cur = "美元" if f.currency == "USD" else self.rng.choice(("人民币", "元人民币", "元"))
        return f"{f.capital:g}万{cur}" if self.rng.random() < 0.8 else f"{f.capital:g} 万{cur}"

    # --- expected values --------------------------------------------------------------------------
    def expected(self, f: Firm, shape: str) -> dict[str, Any]:
        ocr = shape in OCR
        out: dict[str, Any] = {"name": f.name, "code": f.code, "founded": f.founded.isoformat(),
                               "registered_capital": f.capital, "capital_currency": f.currency, "legal_rep": f.rep,
                               "address": f.address, "term_open": f.term_end is None}
        out["reg_no"] = f.reg_no if shape in ("gsxt", "gsxt-dump", "qichacha", "tianyancha", "qixin", "xlsx") else None
        out["status_norm"] = None if ocr else f.status_norm
        out["authority"] = None if ocr or shape in ("csv", "tsv") else f.authority
        nested = shape in ("gsxt", "gsxt-labels", "qichacha", "qixin")
        out["shareholders"] = sorted([n, a] for n, _s, a in f.holders) if nested else None
        out["officers"] = sorted([n, code] for n, _w, code in f.officers) if nested or shape == "tianyancha" else None
        out["changes"] = sorted([d.isoformat(), item] for item, _b, _a, d in f.changes) if nested else None
        out["abnormal"] = (sorted([a.isoformat(), r.isoformat() if r else None] for _x, a, r in f.abnormal)
                           if nested or shape == "tianyancha" else None)
        out["former_names"] = (sorted(n for n, _d in f.former)
                               if shape in ("qichacha", "tianyancha", "qixin", "qixin-camel", "csv") else None)
        out["branches"] = sorted(f.branches) if shape in ("gsxt", "qichacha") else None
        return out

    # --- the shapes -------------------------------------------------------------------------------
    def gsxt(self, f: Firm, upper: bool = False) -> dict[str, Any]:
        rng = self.rng
        rec: dict[str, Any] = {
            "entName": f.name, "uniscId": f.code, "regNo": f.reg_no or "", "name": f.rep,
            "entType_CN": rng.choice(LEGAL_FORMS), "regCap": f.capital, "regCapCur_CN": "美元" if f.currency == "USD" else "人民币",
            "estDate": self.epoch(f.founded), "opFrom": self.epoch(f.founded),
            "opTo": self.epoch(f.term_end) if f.term_end else None, "regOrg_CN": f.authority,
            "apprDate": self.epoch(f.approved or f.founded), "regState_CN": f.status, "dom": f.address,
            "opScope": "技术开发" + ('<span class="dp">5L2P5omA</span>' if rng.random() < 0.3 else "") + "；技术服务"}
        if upper:
            return {k.upper(): v for k, v in rec.items()}
        rec["shareholders"] = [{"invType_CN": "自然人股东", "inv": n, "liSubConAm": a, "liAcConAm": 0} for n, _s, a in f.holders]
        rec["keyPersons"] = [{"name": n, "position_CN": w} for n, w, _c in f.officers]
        rec["alterList"] = [{"altItem_CN": (('<span class="dp">Q2hh</span>' if rng.random() < 0.3 else "") + item),
                             "altBe": b, "altAf": a, "altDate": self.epoch(d)} for item, b, a, d in f.changes]
        rec["abnormalList"] = [{"speCause_CN": r, "abntime": self.epoch(a), "decOrg_CN": f.authority,
                                "remExcpRes_CN": rng.choice(REMOVAL_REASONS) if x else "",
                                "remDate": self.epoch(x) if x else None} for r, a, x in f.abnormal]
        rec["branchList"] = [{"brName": b, "regOrg_CN": f.authority} for b in f.branches]
        return rec

    def gsxt_labels(self, f: Firm) -> dict[str, Any]:
        total = sum(a for _n, _s, a in f.holders)
        return {
            "营业执照信息": {"统一社会信用代码/注册号": f.code, "企业名称": f.name, "法定代表人": f.rep,
                       "注册资本": f"{f.capital:g}万{'美元' if f.currency == 'USD' else '人民币'}",
                       "成立日期": self.ymd_cn(f.founded), "营业期限自": self.ymd_cn(f.founded),
                       "营业期限至": self.ymd_cn(f.term_end) if f.term_end else self.rng.choice(("长期", "永久", "无固定期限")),
                       "登记机关": f.authority, "核准日期": self.ymd_cn(f.approved or f.founded), "登记状态": f.status,
                       "住所": f.address},
            "股东及出资信息": [{"股东类型": "自然人股东", "股东": n, "认缴出资额": f"{a:g}万元",
                         "出资比例": f"{100 * a / total:g}%"} for n, _s, a in f.holders],
            "主要人员信息": [{"姓名": n, "职务": w} for n, w, _c in f.officers],
            "变更信息": [{"变更事项": item, "变更前内容": b, "变更后内容": a, "变更日期": self.ymd_cn(d)}
                     for item, b, a, d in f.changes] or "暂无变更信息",
            "经营异常信息": [{"列入经营异常名录原因": r, "列入日期": self.ymd_cn(a), "作出决定机关（列入）": f.authority,
                        "移出经营异常名录原因": "依法补报" if x else "", "移出日期": self.ymd_cn(x) if x else ""}
                       for r, a, x in f.abnormal] or "暂无经营异常信息",
        }

    def qichacha(self, f: Firm) -> dict[str, Any]:
        rng = self.rng
        rec: dict[str, Any] = {"KeyNo": f"{rng.getrandbits(128):032x}", "Name": f.name, "No": f.reg_no or "",
                               "CreditCode": f.code, "OperName": f.rep, "EconKind": rng.choice(LEGAL_FORMS),
                               "StartDate": self.rng.choice((f.founded.isoformat(), f"{f.founded.isoformat()} 00:00:00")),
                               "TermStart": f.founded.isoformat(),
                               rng.choice(("TermEnd", "TeamEnd")): f.term_end.isoformat() if f.term_end else "",
                               "CheckDate": (f.approved or f.founded).isoformat(), "Status": f.status,
                               "BelongOrg": f.authority, "Address": f.address}
        if rng.random() < 0.5 or f.currency == "USD":
            rec["RegistCapi"] = self.capital_text(f)
        else:
            rec.update(RegisteredCapital=f"{f.capital:g}", RegisteredCapitalUnit=rng.choice(("万", "万元")),
                       RegisteredCapitalCCY=rng.choice(("CNY", "人民币")))
        rec["OriginalName"] = [{"Name": n, "ChangeDate": d.isoformat()} for n, d in f.former]
        rec["Partners"] = [{"StockName": n, "StockType": "自然人股东", "StockPercent": f"{s * 100:.2f}%",
                            "ShouldCapi": f"{a:g}", "ShoudDate": "2045-12-31"} for n, s, a in f.holders]
        rec["Employees"] = [{"Name": n, "Job": w} for n, w, _c in f.officers]
        rec["ChangeRecords"] = [{"ProjectName": item, "BeforeContent": b, "AfterContent": a, "ChangeDate": d.isoformat()}
                                for item, b, a, d in f.changes]
        rec["Exceptions"] = [{"AddReason": r, "AddDate": f"{a.isoformat()} 12:00:00", "RomoveReason": "补报" if x else "",
                              "RemoveDate": f"{x.isoformat()} 12:00:00" if x else "", "DecisionOffice": f.authority}
                             for r, a, x in f.abnormal]
        rec["Branches"] = [{"Name": b, "BelongOrg": f.authority} for b in f.branches]
        return {"Status": "200", "Message": "【有效请求】查询成功", "OrderNumber": f"GEN{rng.randint(0, 10**8):08d}",
                "Result": rec}

    def tianyancha(self, f: Firm) -> dict[str, Any]:
        rng = self.rng
        sep = rng.choice((";", ",", "\t"))
        rec = {"name": f.name, "creditCode": f.code, "regNumber": f.reg_no or "", "legalPersonName": f.rep,
               "companyOrgType": rng.choice(LEGAL_FORMS), "regCapital": self.capital_text(f),
               "estiblishTime": self.epoch(f.founded) // (1000 if rng.random() < 0.2 else 1),
               "fromTime": self.epoch(f.founded), "toTime": self.epoch(f.term_end) if f.term_end else None,
               "approvedTime": self.epoch(f.approved or f.founded), "regStatus": f.status, "regInstitute": f.authority,
               "regLocation": f.address, "historyNames": sep.join(n for n, _d in f.former) + (sep if f.former else ""),
               "staffList": [{"name": n, "typeJoin": w.split("兼")} for n, w, _c in f.officers],
               "abnormalList": [{"putReason": r, "putDate": a.isoformat(), "removeReason": "补报" if x else "",
                                 "removeDate": x.isoformat() if x else ""} for r, a, x in f.abnormal]}
        return {"error_code": 0, "reason": "ok", "result": rec}

    def qixin(self, f: Firm, camel: bool) -> dict[str, Any]:
        rng = self.rng
        if camel:
            rec: dict[str, Any] = {
                "ename": f.name, "creditNo": f.code, "operName": f.rep, "econKind": rng.choice(LEGAL_FORMS),
                "regCapi": self.capital_text(f), "startDate": f.founded.isoformat(), "status": f.status,
                "businessTerm": f"{f.founded.isoformat()} 至 " + (f.term_end.isoformat() if f.term_end else "无固定期限"),
                "belongOrg": f.authority, "address": f.address, "historyNames": [n for n, _d in f.former]}
        else:
            rec = {"name": f.name, "credit_no": f.code, "reg_no": f.reg_no or "", "oper_name": f.rep,
                   "econ_kind": rng.choice(LEGAL_FORMS), "regist_capi": self.capital_text(f),
                   "start_date": self.loose(f.founded), "term_start": f.founded.isoformat(),
                   "term_end": f.term_end.isoformat() if f.term_end else rng.choice(("-", "", "长期")),
                   "check_date": (f.approved or f.founded).isoformat(), "status": f.status, "belong_org": f.authority,
                   "address": f.address, "history_names": [n for n, _d in f.former],
                   "partners": [{"name": n, "stock_type": "自然人股东", "stock_percent": f"{s * 100:g}%",
                                 "should_capi_items": [{"shoud_capi": f"{a:g}", "should_capi_date": f.founded.isoformat()}]}
                                for n, s, a in f.holders],
                   "employees": [{"name": n, "title": w} for n, w, _c in f.officers],
                   "changerecords": [{"change_item": item, "change_date": d.isoformat(), "before_content": b,
                                      "after_content": a} for item, b, a, d in f.changes],
                   "abnormal_items": [{"in_reason": r, "in_date": a.isoformat(), "out_reason": "补报" if x else "",
                                       "out_date": x.isoformat() if x else "", "department": f.authority}
                                      for r, a, x in f.abnormal]}
        return {"status": "200", "message": "操作成功", "data": rec}

    def ocr(self, f: Firm, shape: str) -> dict[str, Any]:
        start = self.ymd_cn(f.founded)
        period = f"{start}至{self.ymd_cn(f.term_end) if f.term_end else '长期'}"
        capital = self.daxie(f.capital) if f.capital == int(f.capital) and self.rng.random() < 0.7 else self.capital_text(f)
        if f.currency == "USD":
            capital = f"{f.capital:g}万美元"
        if shape == "aliyun-ocr":
            inner = {"data": {"creditCode": f.code, "companyName": f.name, "companyType": self.rng.choice(LEGAL_FORMS),
                              "businessAddress": f.address, "legalPerson": f.rep, "businessScope": "技术开发",
                              "registeredCapital": capital, "RegistrationDate": start, "validPeriod": period,
                              "validFromDate": f.founded.strftime("%Y%m%d"),
                              "validToDate": f.term_end.strftime("%Y%m%d") if f.term_end else "29991231"},
                     "figure": []}
            return {"RequestId": f"GEN-{self.rng.getrandbits(32):08x}", "Data": json.dumps(inner, ensure_ascii=False)}
        if shape == "baidu-ocr":
            words = {"社会信用代码": f.code, "单位名称": f.name, "法人": f.rep, "地址": f.address, "注册资本": capital,
                     "成立日期": start, "有效期": self.ymd_cn(f.term_end) if f.term_end else "长期", "有效期起始日期": start,
                     "证件编号": "无"}
            return {"log_id": self.rng.randint(1, 10**12), "words_result_num": len(words),
                    "words_result": {k: {"words": v, "location": {"top": 1, "left": 1, "width": 1, "height": 1}}
                                     for k, v in words.items()}}
        if shape == "tencent-ocr":
            return {"Response": {"RegNum": f.code, "Name": f.name, "Capital": capital, "Person": f.rep, "Address": f.address,
                                 "Business": "技术开发", "Type": "有限责任公司", "Period": period, "SetDate": start,
                                 "RequestId": f"GEN-{self.rng.getrandbits(32):08x}"}}
        return {"result": {"registration_number": f.code, "name": f.name, "type": "有限责任公司", "address": f.address,
                           "legal_representative": f.rep, "registered_capital": capital, "found_date": start,
                           "business_term": period, "business_scope": "技术开发"}}

    def row(self, f: Firm, headers: list[str]) -> list[Any]:
        name = f.name[:2] + "\u3000" + f.name[2:] if self.rng.random() < 0.2 else f.name  # a stray full-width space
        values = {"name": name, "code": f.code, "reg_no": f.reg_no or "", "rep": f.rep,
                  "capital": f"{f.capital:g}" if f.currency == "CNY" else f"{f.capital:g}万美元",
                  "founded": self.loose(f.founded), "status": f.status, "address": f.address,
                  "term": f"{f.founded.isoformat()}至{f.term_end.isoformat() if f.term_end else '长期'}",
                  "former": ";".join(n for n, _d in f.former), "authority": f.authority}
        return [values[h] for h in headers]

    # --- writing ----------------------------------------------------------------------------------
    def label(self, file: str, record_id: str, shape: str, f: Firm) -> None:
        self.labels.append({"kind": "cn-registry", "file": file, "record_id": record_id, "shape": shape,
                            "expected": self.expected(f, shape)})

    def write(self) -> dict[str, int]:
        self.out.mkdir(parents=True, exist_ok=True)
        self.truth.mkdir(parents=True, exist_ok=True)
        by_shape: dict[str, list[Firm]] = {s: [] for s in SHAPES}
        for i in range(self.n):
            by_shape[SHAPES[i] if i < len(SHAPES) else self.rng.choice(SHAPES)].append(self.firm(full=i < len(SHAPES)))
        self._json_lines("gsxt-dump.jsonl", "gsxt-dump", by_shape["gsxt-dump"], lambda f: self.gsxt(f, upper=True))
        self._json_array("gsxt.json", "gsxt", by_shape["gsxt"], self.gsxt)
        self._concatenated("gsxt-labels.json", "gsxt-labels", by_shape["gsxt-labels"], self.gsxt_labels)
        self._json_lines("qichacha.jsonl", "qichacha", by_shape["qichacha"], self.qichacha)
        self._concatenated("tianyancha.json", "tianyancha", by_shape["tianyancha"], self.tianyancha)
        self._json_lines("qixin.jsonl", "qixin", by_shape["qixin"], lambda f: self.qixin(f, camel=False))
        self._json_array("qixin-camel.json", "qixin-camel", by_shape["qixin-camel"], lambda f: self.qixin(f, camel=True))
        for shape in OCR:
            self._json_lines(f"{shape}.jsonl", shape, by_shape[shape], lambda f, s=shape: self.ocr(f, s))
        self._table("export-gb18030.csv", "csv", by_shape["csv"], "gb18030", ",",
                    ["全称", "信用代码", "法人", "注册资本(万元)", "成立日期", "营业期限", "登记状态", "地址", "曾用名"],
                    ["name", "code", "rep", "capital", "founded", "term", "status", "address", "former"])
        self._table("export-utf16.tsv", "tsv", by_shape["tsv"], "utf-16", "\t",
                    ["公司名称", "社会统一信用代码", "法人代表", "注册资金(万元)", "成立时间", "企业状态", "注册地址", "经营期限"],
                    ["name", "code", "rep", "capital", "founded", "status", "address", "term"])
        self._xlsx("export.xlsx", by_shape["xlsx"])
        with (self.truth / "source_labels.jsonl").open("w", encoding="utf-8") as fh:
            for label in self.labels:
                fh.write(json.dumps(label, ensure_ascii=False) + "\n")
        return {s: len(v) for s, v in by_shape.items()}

    def _json_lines(self, file: str, shape: str, firms: list[Firm], make: Any) -> None:
        with (self.out / file).open("w", encoding="utf-8") as fh:
            for n, f in enumerate(firms, start=1):
                fh.write(json.dumps(make(f), ensure_ascii=False) + "\n")
                self.label(file, f"line {n}", shape, f)

    def _json_array(self, file: str, shape: str, firms: list[Firm], make: Any) -> None:
        docs = [make(f) for f in firms]
        (self.out / file).write_text(json.dumps(docs, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        for n, f in enumerate(firms, start=1):
            self.label(file, f"item {n}", shape, f)

    def _concatenated(self, file: str, shape: str, firms: list[Firm], make: Any) -> None:
        """Pretty-printed documents one after another (several saved answers in one file)."""
        line = 1
        with (self.out / file).open("w", encoding="utf-8") as fh:
            for f in firms:
                text = json.dumps(make(f), ensure_ascii=False, indent=4) + "\n"
                fh.write(text)
                self.label(file, f"line {line}" if len(firms) > 1 else "document", shape, f)  # one: a document
                line += text.count("\n")

    def _table(self, file: str, shape: str, firms: list[Firm], encoding: str, delimiter: str, headers: list[str],
               fields: list[str]) -> None:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(["企业信息导出"] + [""] * (len(headers) - 1))
        writer.writerow(headers)
        for n, f in enumerate(firms, start=3):
            writer.writerow(self.row(f, fields))
            self.label(file, f"line {n}", shape, f)
        (self.out / file).write_bytes(buf.getvalue().encode(encoding))  # "utf-16" writes its BOM

    def _xlsx(self, file: str, firms: list[Firm]) -> None:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "企业名单"
        sheet.append(["企业名单（导出）"])
        sheet.append(["单位名称", "统一社会信用代码", "注册号", "负责人", "注册资本（万元）", "成立日期", "核准日期", "登记机关",
                      "登记状态", "住所", "营业期限至"])
        for n, f in enumerate(firms, start=3):
            serial = (f.founded - date(1899, 12, 30)).days
            sheet.append([f.name, f.code, int(f.reg_no) if f.reg_no else None, f.rep,
                          f.capital if f.currency == "CNY" else f"{f.capital:g}万美元",
                          datetime(f.founded.year, f.founded.month, f.founded.day) if n % 2 else serial,
                          (f.approved or f.founded).isoformat(), f.authority, f.status, f.address,
                          f.term_end.isoformat() if f.term_end else "长期"])
            self.label(file, f"sheet 企业名单 row {n}", "xlsx", f)
        buf = io.BytesIO()
        book.save(buf)
        (self.out / file).write_bytes(buf.getvalue())


def write_sources(out: Path, seed: int, scale: float) -> dict[str, int]:
    return Sources(Path(out), seed, scale).write()

