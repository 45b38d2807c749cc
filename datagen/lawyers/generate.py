"""Seeded generator of the lawyer domain: Chinese judgments (JSON lines, some wenshu-style paragraph
lists, some plain text files), US case records (CAP JSON), the lawyer and firm registers, social
service declarations and rewards/punishments, with the labelled extraction set kept apart in
out/truth/lawyers/. Written as it is generated (streams at any scale).

Planted: name collisions (two lawyers of one name at different firms), lawyers moving firms, firm
name variants (with/without province prefix, branch offices written two ways), shared agents,
agents listed in several layouts, appellate roles, personal data in party details, malformed records.
"""

from __future__ import annotations

import csv
import json
import random
from bisect import bisect_right
from datetime import date
from pathlib import Path
from typing import Any

from datagen.lawyers import vocab as V
from datagen.lawyers.people import Lawyer, judges_for, make_firms, make_lawyers, make_us_counsel, person_name
from datagen.lawyers.text import cn_judgment, us_case

PER_FILE = 500


class _Rotating:
    """JSON lines written across numbered files of PER_FILE records."""

    def __init__(self, folder: Path, stem: str) -> None:
        self.folder, self.stem, self.count, self.fh = folder, stem, 0, None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def name(self) -> str:
        return f"{self.stem}-{self.count // PER_FILE:04d}.jsonl"

    def write(self, line: str) -> str:
        if self.count % PER_FILE == 0:
            self.close()
            self.fh = (self.folder / self.name).open("w", encoding="utf-8")
        name = self.name
        self.fh.write(line + "\n")
        self.count += 1
        return name

    def close(self) -> None:
        if self.fh:
            self.fh.close()
            self.fh = None


def _register(out: Path, rng: random.Random, lawyers: list[Lawyer], firms) -> dict[str, int]:
    folder = out / "lawyer-register"
    folder.mkdir(parents=True, exist_ok=True)
    rows = bad = 0
    with (folder / "lawyers.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["姓名", "性别", "执业证号", "执业机构", "所在地", "执业类别", "执业状态", "首次执业日期", "转入日期", "转出日期"])
        for lawyer in lawyers:
            category = {"律师": "专职律师", "实习律师": "实习律师", "法律工作者": "基层法律服务工作者"}[lawyer.title]
            for s in lawyer.stints:
                w.writerow([lawyer.name, lawyer.gender, lawyer.license_no, s.firm.name, s.firm.city, category,
                            "正常执业", lawyer.stints[0].since.isoformat(), s.since.strftime("%Y/%m/%d"),
                            s.until.isoformat() if s.until else ""])
                rows += 1
        for _ in range(max(1, len(lawyers) // 100)):  # malformed: no license number
            w.writerow([person_name(rng), "男", "", firms[0].name, "", "专职律师", "正常执业", "2015-01-01", "", ""])
            bad += 1
    with (folder / "firms.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["机构名称", "统一社会信用代码", "所在地", "成立日期", "状态"])
        for f in firms:
            w.writerow([f.name, f"31{rng.randint(110000, 659999)}{rng.randint(10**9, 10**10 - 1)}",
                        f.city, f"{rng.randint(1995, 2015)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "正常"])
    with (folder / "social_service.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["执业证号", "姓名", "服务日期", "服务内容", "时长", "审核状态"])
        for lawyer in lawyers:
            if rng.random() < 0.25:
                w.writerow([lawyer.license_no, lawyer.name, f"{rng.randint(2017, 2023)}-0{rng.randint(1, 9)}-15",
                            rng.choice(V.SERVICE), rng.choice((2, 4, 8)), rng.choice(("已审核", "已审核", "待审核"))])
    return {"register_rows": rows, "register_bad_rows": bad, "firms": len(firms)}


def _sanctions(out: Path, rng: random.Random, lawyers: list[Lawyer]) -> int:
    folder = out / "lawyer-sanctions"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    with (folder / "rewards_punishments.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["执业证号", "姓名", "奖惩种类", "决定日期", "决定机关", "事由"])
        for lawyer in lawyers:
            city = lawyer.stints[-1].firm.city
            if rng.random() < 0.08:
                kind, body = rng.choice(V.SANCTION_KINDS)
                w.writerow([lawyer.license_no, lawyer.name, kind, f"{rng.randint(2016, 2023)}年{rng.randint(1, 12)}月5日",
                            f"{city}市{body}", "违反律师执业规范，未按规定履行告知义务。"])
                n += 1
            if rng.random() < 0.1:
                kind, body = rng.choice(V.AWARD_KINDS)
                w.writerow([lawyer.license_no, lawyer.name, kind, f"{rng.randint(2016, 2023)}-12-20",
                            f"{city}市{body}", "年度考核优秀。"])
                n += 1
    return n


def _cn_judgments(out: Path, rng: random.Random, n: int, lawyers: list[Lawyer], truth) -> dict[str, int]:
    folder = out / "cn-judgments"
    jsonl = _Rotating(folder, "judgments")
    txt_dir = folder / "text"
    judges = judges_for(rng)
    # lawyers practising on a date, without scanning all of them per judgment
    stints = sorted(((s.since, s.until or date(2100, 1, 1), lw) for lw in lawyers for s in lw.stints),
                    key=lambda t: t[0])
    starts = [s[0] for s in stints]

    def lawyers_by_date(when: date) -> list[Lawyer]:
        upto = bisect_right(starts, when)
        active = [lw for since, until, lw in stints[:upto] if when < until]
        return active

    cache: dict[int, list[Lawyer]] = {}
    # sequence numbers rise per court, year and case type: unique without remembering every number
    last_seq: dict[tuple[str, int, bool], int] = {}
    counts = {"judgments": 0, "text_files": 0, "malformed": 0}
    for i in range(n):
        court = rng.choice(V.COURTS)
        appeal = len(court[1]) <= 4 and rng.random() < 0.8
        year = rng.randint(2016, 2023)
        seq = last_seq[(court[1], year, appeal)] = last_seq.get((court[1], year, appeal), 0) + rng.randint(1, 60)
        case_no = f"（{year}）{court[1]}{'民终' if appeal else '民初'}{seq}号"
        lower = next((c[0] for c in V.COURTS if c[2] == court[2] and len(c[1]) > 4), court[0])

        def by_date(when: date, _y: int = year) -> list[Lawyer]:
            key = when.toordinal() // 30
            if key not in cache:
                cache[key] = lawyers_by_date(when)
            return cache[key]

        text, labels = cn_judgment(rng, case_no, court, year, appeal, by_date, judges[court[0]], lower)
        record_id = f"cnj{i:07d}"
        if rng.random() < 0.05 and counts["text_files"] < 200:
            txt_dir.mkdir(parents=True, exist_ok=True)
            file_name = f"{record_id}.txt"
            (txt_dir / file_name).write_text(text, encoding="utf-8")
            record_id = file_name
            counts["text_files"] += 1
        elif rng.random() < 0.2:
            file_name = jsonl.write(json.dumps({"id": record_id, "qwContent": text.split("\n")}, ensure_ascii=False))
        else:
            file_name = jsonl.write(json.dumps({"id": record_id, "text": text}, ensure_ascii=False))
        truth.write(json.dumps({"source_kind": "cn-judgments", "file": file_name, "record_id": record_id,
                                **labels}, ensure_ascii=False) + "\n")
        counts["judgments"] += 1
        if i % 200 == 10:  # malformed records: no party block, broken JSON
            bad_id = f"bad{i:07d}"
            file_name = jsonl.write(json.dumps({"id": bad_id, "text": f"{court[0]}\n通知书\n本院定于近日开庭。"},
                                               ensure_ascii=False))
            truth.write(json.dumps({"source_kind": "cn-judgments", "file": file_name, "record_id": bad_id,
                                    "reject": "no party block"}, ensure_ascii=False) + "\n")
            jsonl.write('{"id": "broken", "text": "原告：')
            counts["malformed"] += 2
    jsonl.close()
    return counts


def _us_cases(out: Path, rng: random.Random, n: int, truth) -> int:
    counsel = make_us_counsel(rng, max(3, n // 15), max(12, n // 3))
    jsonl = _Rotating(out / "courtlistener", "cases")
    for i in range(n):
        record, labels = us_case(rng, i + 1, counsel)
        file_name = jsonl.write(json.dumps(record))
        truth.write(json.dumps({"source_kind": "courtlistener", "file": file_name, "record_id": str(record["id"]),
                                **labels}) + "\n")
    jsonl.close()
    return n


def generate(out: Path, scale: float, seed: int) -> dict[str, Any]:
    rng = random.Random(f"lawyers:{seed}")
    out = Path(out)
    truth_dir = out / "truth" / "lawyers"
    truth_dir.mkdir(parents=True, exist_ok=True)
    firms = make_firms(rng, max(8, round(50 * scale)))
    lawyers, planted = make_lawyers(rng, max(30, round(300 * scale)), firms)
    summary: dict[str, Any] = {"lawyers": len(lawyers)}
    summary.update(_register(out, rng, lawyers, firms))
    summary["rewards_punishments"] = _sanctions(out, rng, lawyers)
    with (truth_dir / "judgments.jsonl").open("w", encoding="utf-8") as truth:
        summary.update(_cn_judgments(out, rng, max(20, round(1000 * scale)), lawyers, truth))
        summary["us_cases"] = _us_cases(out, rng, max(10, round(150 * scale)), truth)
    with (truth_dir / "lawyers.jsonl").open("w", encoding="utf-8") as fh:
        for lw in lawyers:
            fh.write(json.dumps({"license": lw.license_no, "name": lw.name, "title": lw.title,
                                 "stints": [{"firm": s.firm.name, "firm_key": s.firm.key, "since": s.since.isoformat(),
                                             "until": s.until.isoformat() if s.until else None} for s in lw.stints]},
                                ensure_ascii=False) + "\n")
    (truth_dir / "planted.json").write_text(json.dumps(planted, ensure_ascii=False, indent=1), encoding="utf-8")
    summary["planted_collisions"] = sum(1 for p in planted if p["kind"] == "name_collision")
    summary["planted_moves"] = sum(1 for p in planted if p["kind"] == "moved")
    return summary
