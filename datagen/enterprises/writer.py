"""Writers of the Chinese register files, with the quirks real exports have, and of the ground truth."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datagen.enterprises.vocab import ABNORMAL_REASONS, OFFENCES, REMOVAL_REASONS, SHELL_INDUSTRIES
from extraction.enterprises.codes import USCC_ALPHABET
from extraction.enterprises.divisions import divisions, lineage, short

if TYPE_CHECKING:
    from datagen.enterprises.generate import World

REGISTRY_COLUMNS = ["企业名称", "统一社会信用代码", "法定代表人", "注册资本", "实缴资本", "成立日期", "登记机关", "住所",
                    "经营范围", "企业类型", "经营状态", "股东及出资", "主要人员", "联系电话", "电子邮箱"]
CHANGE_COLUMNS = ["企业名称", "统一社会信用代码", "变更事项", "变更前内容", "变更后内容", "变更日期"]
ABNORMAL_COLUMNS = ["企业名称", "统一社会信用代码", "列入经营异常名录原因", "列入日期", "作出决定机关(列入)",
                    "移出经营异常名录原因", "移出日期", "作出决定机关(移出)"]
FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
LABEL_EVERY = 9  # one registry record in so many goes to the labelled extraction set


@dataclass
class Person:
    name: str
    masked_id: str | None
    phone: str


@dataclass
class Ent:
    code: str
    name: str
    founded: date
    division: str
    address: str
    phone: str
    email: str
    legal_rep: Person
    officers: list[tuple[Person, str]]
    holders: list[tuple[Person, float]]
    capital: float
    paid: float | None
    scope: str
    industry: str
    legal_form: str
    status: str
    kind: str
    ring: str = ""
    corporate_holders: list[tuple[Ent, float]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"CN:{self.code}"


@lru_cache
def region_prefixes() -> list[str]:
    names = {short(d.name) for d in divisions().values() if d.level != "district" and not d.name.endswith("市辖区")}
    return sorted(names, key=len, reverse=True)


class CNWriter:
    def __init__(self, out: Path, world: World, truth_dir: Path) -> None:
        self.w = world
        self.out = out
        self.truth_dir = truth_dir
        self.counts: dict[str, int] = {"cn_enterprises": 0, "changes": 0, "penalties": 0, "abnormal": 0,
                                       "verdicts": 0, "invalid_codes": 0, "malformed": 0}
        self.verdicts: list[dict[str, Any]] = []
        self.line = {"jsonl": 0, "csv": 1}

    def __enter__(self) -> CNWriter:
        def folder(kind: str) -> Path:
            path = self.out / kind
            path.mkdir(parents=True, exist_ok=True)
            return path

        self.f_jsonl = (folder("cn-registry") / "registry-1.jsonl").open("w", encoding="utf-8")
        self.f_csv = (folder("cn-registry") / "registry-2.csv").open("w", encoding="utf-8-sig", newline="")
        self.csv = csv.writer(self.f_csv)
        self.csv.writerow(REGISTRY_COLUMNS)
        self.f_changes = (folder("cn-registry-changes") / "changes.csv").open("w", encoding="utf-8", newline="")
        self.changes = csv.writer(self.f_changes)
        self.changes.writerow(CHANGE_COLUMNS)
        self.f_pen = (folder("cn-penalties") / "penalties.jsonl").open("w", encoding="utf-8")
        self.f_abn = (folder("cn-abnormal-list") / "abnormal.csv").open("w", encoding="gb18030", newline="")
        self.abn = csv.writer(self.f_abn)
        self.abn.writerow(ABNORMAL_COLUMNS)
        self.f_labels = (self.truth_dir / "extraction_labels.jsonl").open("w", encoding="utf-8")
        self.f_variants = (self.truth_dir / "name_variants.jsonl").open("w", encoding="utf-8")
        self.f_invalid = (self.truth_dir / "invalid_codes.jsonl").open("w", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        for fh in (self.f_jsonl, self.f_csv, self.f_changes, self.f_pen, self.f_abn, self.f_labels,
                   self.f_variants, self.f_invalid):
            fh.close()

    # --- quirks ---------------------------------------------------------------------------
    def _code_written(self, ent: Ent) -> tuple[str, bool]:
        rng = self.w.rng
        r = rng.random()
        if r < 0.012 and ent.kind != "control":  # a typo in the check character: kept, flagged
            # (not in planted control structures: a holder may be named before its own record is written)
            wrong = USCC_ALPHABET[(USCC_ALPHABET.index(ent.code[17]) + rng.randint(1, 30)) % 31]
            written = ent.code[:17] + wrong
            ent.code = written
            self.counts["invalid_codes"] += 1
            self.f_invalid.write(json.dumps({"id": ent.id, "code": written}) + "\n")
            return written, False
        if r < 0.06:
            return "".join(FULL_WIDTH.get(c, c) for c in ent.code), True
        if r < 0.09:
            return f"{ent.code[:6]} {ent.code[6:12]} {ent.code[12:]}", True
        return ent.code, True

    def _date_written(self, d: date) -> str:
        r = self.w.rng.random()
        if r < 0.6:
            return d.isoformat()
        if r < 0.8:
            return f"{d.year}年{d.month:02d}月{d.day:02d}日"
        if r < 0.95:
            return f"{d.year}/{d.month}/{d.day}"
        return d.strftime("%Y%m%d")

    def _capital_written(self, amount: float, currency: str) -> str:
        r = self.w.rng.random()
        if currency == "USD":
            return f"{amount:g}万美元"
        if r < 0.5:
            return f"{amount:g}万元人民币"
        if r < 0.8:
            return f"{amount:g}万元"
        if r < 0.9:
            return f"{amount:.6f}万人民币"
        return f"{int(amount * 10000):,}元"

    def _phone_written(self, phone: str) -> str:
        r = self.w.rng.random()
        if r < 0.15 and not phone.startswith("0"):
            return f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}"
        if r < 0.25:
            return phone.replace("-", "")
        return phone

    def variant(self, name: str) -> str:
        """The same enterprise written another way: legal form spelled out, the region moved into
        full-width brackets after the trade name, or a stray full-width space."""
        r = self.w.rng.random()
        if r < 0.35:
            return name.replace("有限公司", "有限责任公司")
        region = next((p for p in region_prefixes() if name.startswith(p)), "")
        if r < 0.75 and region:
            body = name[len(region):].removesuffix("有限公司")
            return f"{body[:2]}（{region}）{body[2:]}有限公司"
        return name[:2] + "\u3000" + name[2:]

    # --- records ----------------------------------------------------------------------------
    def enterprise(self, ent: Ent) -> None:
        rng = self.w.rng
        code, valid = self._code_written(ent)
        currency = "USD" if ent.kind == "ordinary" and rng.random() < 0.04 else "CNY"
        div_line = lineage(ent.division)
        authority = (div_line[0].name if div_line else "") + "市场监督管理局"
        control = ent.kind == "control"  # planted ownership structures: one holder is one node across records
        as_json = rng.random() < 0.8 or control
        holders = [{"股东名称": p.name, "股东类型": "自然人股东", "证照/证件类型": "非公示项",
                    "认缴出资额": f"{round(ent.capital * s, 2):g}万元", "出资比例": f"{s * 100:g}%"} for p, s in ent.holders]
        if control:
            for item, (p, _) in zip(holders, ent.holders, strict=True):
                item.update({"证照/证件类型": "居民身份证", "证照/证件号码": p.masked_id})
        for holder, share in ent.corporate_holders:
            item = {"股东名称": holder.name, "股东类型": "企业法人", "证照/证件类型": "营业执照",
                    "认缴出资额": f"{round(ent.capital * share, 2):g}万元", "出资比例": f"{share * 100:g}%"}
            if control or rng.random() < 0.6:
                item["证照/证件号码"] = holder.code
            else:  # name only, written as a variant: resolution has to link it
                item["股东名称"] = self.variant(holder.name)
                self.f_variants.write(json.dumps({"name": item["股东名称"], "id": holder.id}, ensure_ascii=False) + "\n")
            holders.append(item)
        officers = []
        for person, role in ent.officers:
            item = {"姓名": person.name, "职务": role}
            if person.masked_id and as_json:
                item["证件号码"] = person.masked_id
            officers.append(item)
        record: dict[str, Any] = {
            "企业名称": ent.name, "统一社会信用代码": code, "法定代表人": ent.legal_rep.name,
            "注册资本": self._capital_written(ent.capital, currency),
            "实缴资本": self._capital_written(ent.paid, currency) if ent.paid is not None else "",
            "成立日期": self._date_written(ent.founded), "登记机关": authority, "住所": ent.address,
            "经营范围": ent.scope, "企业类型": ent.legal_form, "经营状态": ent.status,
            "股东及出资": holders, "主要人员": officers, "联系电话": self._phone_written(ent.phone),
            "电子邮箱": ent.email,
        }
        if as_json:
            self.line["jsonl"] += 1
            line, file = self.line["jsonl"], "registry-1.jsonl"
            self.f_jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            record["股东及出资"] = ";".join(
                f"{h['股东名称']}({h['股东类型']}) {h['认缴出资额']} {h['出资比例']}"
                + (f" {h['证照/证件号码']}" if h.get("证照/证件号码") else "") for h in holders)
            record["主要人员"] = ";".join(f"{o['姓名']}({o['职务']})" for o in officers)
            self.line["csv"] += 1
            line, file = self.line["csv"], "registry-2.csv"
            self.csv.writerow([record[c] for c in REGISTRY_COLUMNS])
        self.counts["cn_enterprises"] += 1
        if self.counts["cn_enterprises"] % LABEL_EVERY == 0:
            self.f_labels.write(json.dumps({
                "kind": "cn-registry", "file": file, "record_id": f"line {line}",
                "expected": {"id": ent.id, "code_valid": valid, "name": ent.name, "founded": ent.founded.isoformat(),
                             "registered_capital": float(ent.capital), "capital_currency": currency,
                             "division": ent.division, "industry": ent.industry,
                             "phone": f"TEL:{ent.phone.replace('-', '')}", "legal_rep": ent.legal_rep.name},
            }, ensure_ascii=False) + "\n")

    def change(self, ent: Ent, item: str, before: str, after: str, when: date) -> None:
        self.counts["changes"] += 1
        name = ent.name if self.w.rng.random() < 0.9 else self.variant(ent.name)
        self.changes.writerow([name, ent.code, item, before, after, self._date_written(when)])

    def penalty(self, ent: Ent, when: date, offence: int | None = None) -> None:
        rng = self.w.rng
        what, content = OFFENCES[offence if offence is not None else rng.randrange(len(OFFENCES))]
        fine = rng.choice((1, 2, 5, 10, 20))
        self.counts["penalties"] += 1
        record = {"当事人名称": ent.name, "统一社会信用代码": ent.code,
                  "行政处罚决定书文号": f"市监处罚〔{when.year}〕{rng.randint(1, 9999)}号", "违法行为类型": what,
                  "行政处罚内容": content.format(fine=fine), "作出行政处罚决定日期": self._date_written(when),
                  "作出行政处罚决定机关名称": "市场监督管理局"}
        self.f_pen.write(json.dumps(record, ensure_ascii=False) + "\n")

    def abnormal(self, ent: Ent, listed: date, reason: str, removed: date | None) -> None:
        self.counts["abnormal"] += 1
        self.abn.writerow([ent.name, ent.code, reason, self._date_written(listed), "市场监督管理局",
                           self.w.rng.choice(REMOVAL_REASONS) if removed else "",
                           self._date_written(removed) if removed else "", "市场监督管理局" if removed else ""])

    def verdict(self, ent: Ent, verdict: str, when: date) -> None:
        when = min(when, date(2025, 6, 30))
        self.verdicts.append({"enterprise_id": ent.id, "verdict": verdict, "date": when.isoformat(),
                              "reason": {"cleared": "核查后未发现异常"}.get(verdict, "经核查认定")})

    # --- events ---------------------------------------------------------------------------
    def ordinary_events(self, ent: Ent) -> None:
        rng = self.w.rng
        if rng.random() < 0.3:
            when = self.w.day(ent.founded + timedelta(days=200), date(2025, 6, 30))
            if rng.random() < 0.5:
                self.change(ent, "注册资本变更", f"{ent.capital:g}万元", f"{ent.capital * 2:g}万元", when)
            else:
                new = self.w.person(with_id=False)
                self.change(ent, "法定代表人变更", ent.legal_rep.name, new.name, when)
        if rng.random() < 0.04:
            listed = self.w.day(ent.founded + timedelta(days=365), date(2025, 6, 30))
            removed = listed + timedelta(days=rng.randint(30, 300)) if rng.random() < 0.7 else None
            self.abnormal(ent, listed, ABNORMAL_REASONS[1], removed if removed and removed < date(2025, 6, 30) else None)
        if rng.random() < 0.02:
            self.penalty(ent, self.w.day(ent.founded + timedelta(days=200), date(2025, 6, 30)), offence=4)

    def ring_events(self, ent: Ent) -> None:
        """Churn of a shell: legal representatives replaced, capital inflated, scope moved to finance;
        then listings and penalties, some before and some after the verdict."""
        rng = self.w.rng
        when = ent.founded
        for _ in range(rng.randint(1, 3)):
            when += timedelta(days=rng.randint(30, 200))
            new = self.w.person(with_id=False)
            self.change(ent, "法定代表人变更", ent.legal_rep.name, new.name, when)
        if rng.random() < 0.6:
            when += timedelta(days=rng.randint(20, 120))
            self.change(ent, "注册资本(金)变更", f"{ent.capital:g}万元", f"{ent.capital * 10:g}万元", when)
        if rng.random() < 0.5:
            scope = rng.choice(SHELL_INDUSTRIES)[2]
            self.change(ent, "经营范围变更", "日用百货销售；五金交电批发", scope, when + timedelta(days=rng.randint(1, 90)))
        if rng.random() < 0.45:
            listed = ent.founded + timedelta(days=rng.randint(200, 1000))
            if listed < date(2025, 6, 30):
                self.abnormal(ent, listed, ABNORMAL_REASONS[rng.choice((0, 0, 2))], None)
        if rng.random() < 0.2:
            when = ent.founded + timedelta(days=rng.randint(300, 1100))
            if when < date(2025, 6, 30):
                self.penalty(ent, when, offence=rng.choice((0, 1)))

    def malformed(self) -> None:
        """Records a real feed contains and the loader must reject with a reason."""
        self.f_jsonl.write('{"企业名称": "截断的记录", "统一社会信用代码": "91\n')
        self.f_jsonl.write(json.dumps({"登记机关": "市场监督管理局", "经营状态": "存续"}, ensure_ascii=False) + "\n")
        self.csv.writerow(["只有两列", "91310000"])
        self.changes.writerow(["某某有限公司", "", "名称变更", "旧", "新", "不是日期"])
        self.counts["malformed"] += 4

    def write_verdicts(self, extra: list[dict[str, Any]]) -> None:
        rows = sorted(self.verdicts + extra, key=lambda r: (r["date"], r["enterprise_id"]))
        path = self.out / "enterprise-verdicts"
        path.mkdir(parents=True, exist_ok=True)
        with (path / "verdicts.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, ["enterprise_id", "verdict", "date", "reason"])
            writer.writeheader()
            writer.writerows(rows)
        self.counts["verdicts"] = len(rows)
        self.counts["verdicts_abnormal"] = sum(r["verdict"] != "cleared" for r in rows)
