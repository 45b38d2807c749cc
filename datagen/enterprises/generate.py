"""Seeded generator of the enterprise domain's inputs, in the real formats, with planted ground truth.

Writes, under `out/`:
  cn-registry/         registry-*.jsonl and registry-*.csv (register field names, real-world quirks)
  cn-registry-changes/ changes.csv;  cn-penalties/ penalties.jsonl;  cn-abnormal-list/ abnormal.csv
  uk-companies/        BasicCompanyData-*.csv (55 columns);  uk-psc/ psc-snapshot.jsonl
  enterprise-verdicts/ verdicts.csv
  truth/enterprises/   rings.json, lookalikes.json, extraction_labels.jsonl, name_variants.jsonl, summary.json,
                       control.jsonl (planted ownership chains and cycles with their controllers),
                       source_labels.jsonl (what each record of cn-registry-sources/ states)
  cn-registry-sources/ other enterprises' register records in the shapes sources write them (GSXT JSON and
                       dumps, Qichacha / Tianyancha / Qixin answers, licence OCR, GB18030 / UTF-16 / Excel
                       exports: datagen/enterprises/sources.py); not a kind folder, so `ingest all` leaves it

Planted: shell-company rings (one address, one agent's phone and e-mail, a few nominees, a registration
burst, circular ownership, large subscribed and no paid-in capital, churn), honest look-alikes (large
groups, business centres where many firms share one address), name variants, invalid codes, and
malformed records; and, drawn last so that no earlier id moves, ownership chains, diamonds and cycles
with their expected controllers (datagen/enterprises/control.py). Everything streams: memory holds ids
and verdicts, not records.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from core.settings import PROJECT_ROOT
from datagen.enterprises.control import plant_cn, plant_uk, write_truth
from datagen.enterprises.uk import UKWriter
from datagen.enterprises.vocab import (
    BRAND,
    BUILDINGS,
    GIVEN,
    INDUSTRIES,
    LEGAL_FORMS,
    ROADS,
    SHELL_INDUSTRIES,
    STATUSES,
    SURNAMES,
)
from datagen.enterprises.writer import CNWriter, Ent, Person
from extraction.enterprises.codes import USCC_ALPHABET, make_uscc, org_check_char
from extraction.enterprises.divisions import divisions, lineage

START, END = date(2012, 1, 1), date(2025, 6, 30)
ORG_CHARS = USCC_ALPHABET


class World:
    """Random draws shared by every part of the generator, with uniqueness of codes and names."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.codes: set[str] = set()
        self.names: set[str] = set()
        self.districts = [d for d in divisions().values() if d.level == "district"]
        self.person_seq = 0

    def day(self, lo: date = START, hi: date = END) -> date:
        return lo + timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))

    def uscc(self, division: str) -> str:
        while True:
            body = "MA" + "".join(self.rng.choice(ORG_CHARS) for _ in range(6))
            code = make_uscc("91" + division + body + org_check_char(body))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def person(self, with_id: bool = True, name: str | None = None) -> Person:
        self.person_seq += 1
        rng = self.rng
        name = name or rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        masked = None
        if with_id:
            masked = f"{rng.choice(self.districts).code[:4]}{'*' * 10}{rng.randint(0, 9999):04d}"
        return Person(name, masked, self.mobile())

    def mobile(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randint(0, 999_999_999):09d}"

    def landline(self) -> str:
        return f"0{self.rng.randint(10, 999)}-{self.rng.randint(2_000_0000, 8_999_9999)}"

    def name(self, division: str, industry_word: str) -> str:
        line = lineage(division)
        city = next((d.name for d in line if d.level == "city" and not d.name.endswith("市辖区")),
                    line[-1].name if line else "")
        city = city.removesuffix("市").removesuffix("省")
        for attempt in range(30):
            # two-character trade names run out at large scales; longer ones are common in real registers
            brand = "".join(self.rng.choice(BRAND) for _ in range(2 if attempt < 10 else 3))
            name = f"{city}{brand}{industry_word}有限公司"
            if name not in self.names:
                self.names.add(name)
                return name
        name = f"{city}{brand}{industry_word}{len(self.names)}有限公司"
        self.names.add(name)
        return name

    def address(self, division: str, building: str | None = None, room: str | None = None) -> str:
        line = {d.level: d.name for d in lineage(division)}
        prov = line.get("province", "")
        city = line.get("city", "").replace("市辖区", "")
        dist = line.get("district", "")
        rng = self.rng
        building = building or f"{rng.choice(ROADS)}{rng.randint(1, 999)}号"
        room = room or f"{rng.randint(1, 30)}{rng.randint(1, 20):02d}室"
        city = "" if city == prov else city
        return f"{prov}{city}{dist}{building}{room}"


def _ordinary(w: World, founded: date | None = None, division: str | None = None, **kw: Any) -> Ent:
    rng = w.rng
    division = division or rng.choice(w.districts).code
    word, section, scope = rng.choice(INDUSTRIES)
    founded = founded or w.day(START, END - timedelta(days=60))
    capital = rng.choice((10, 50, 100, 200, 300, 500, 1000, 2000, 5000))
    paid = round(capital * rng.choice((1.0, 1.0, 0.6, 0.3, 0.0)), 2) if rng.random() < 0.7 else None
    rep = w.person(with_id=rng.random() < 0.6)
    officers = [(rep, rng.choice(("执行董事", "执行董事兼总经理", "董事长"))), (w.person(rng.random() < 0.6), "监事")]
    holders = [(rep, 1.0 if rng.random() < 0.4 else 0.6)]
    if holders[0][1] < 1:
        holders.append((w.person(rng.random() < 0.5), 0.4))
    ent = Ent(code=w.uscc(division), name=w.name(division, word), founded=founded, division=division,
              address=w.address(division), phone=rng.choice((w.landline(), w.mobile())),
              email=f"{rng.choice(('info', 'hr', 'office', 'admin'))}{rng.randint(1, 9999)}@example.cn",
              legal_rep=rep, officers=officers, holders=holders, capital=capital, paid=paid, scope=scope,
              industry=section, legal_form=rng.choice(LEGAL_FORMS), status=rng.choice(STATUSES), kind="ordinary")
    for key, value in kw.items():
        setattr(ent, key, value)
    return ent


def _ring(w: World, cn: CNWriter, ring_no: int) -> dict[str, Any]:
    """A shell-company ring: one address, one agent, a burst, circular ownership."""
    rng = w.rng
    division = rng.choice(w.districts).code
    size = rng.randint(8, 22)
    start = w.day(date(2015, 1, 1), date(2024, 3, 1))
    building = f"{rng.choice(ROADS)}{rng.randint(1, 400)}号{rng.choice(BUILDINGS)}"
    rooms = [f"{rng.randint(3, 25)}{rng.randint(1, 30):02d}室" for _ in range(rng.choice((1, 1, 2, 3)))]
    agent_phone, agent_mail = w.landline(), f"reg{ring_no}{rng.randint(10, 99)}@agentmail.cn"
    supervisor = w.person(with_id=True)
    nominees = [w.person(with_id=True) for _ in range(rng.randint(3, 5))]
    members: list[Ent] = []
    for _ in range(size):
        word, section, scope = rng.choice(SHELL_INDUSTRIES)
        rep = rng.choice(nominees)
        capital = rng.choice((1000, 2000, 3000, 5000, 10000))
        ent = Ent(code=w.uscc(division), name=w.name(division, word),
                  founded=start + timedelta(days=rng.randint(0, 40)), division=division,
                  address=w.address(division, building, rng.choice(rooms)), phone=agent_phone, email=agent_mail,
                  legal_rep=rep, officers=[(rep, "执行董事兼总经理"), (supervisor, "监事")],
                  holders=[(rep, 0.7), (rng.choice(nominees), 0.3)], capital=capital,
                  paid=rng.choice((0.0, None, None)), scope=scope, industry=section,
                  legal_form="有限责任公司(自然人投资或控股)", status="存续", kind="ring", ring=f"ring-{ring_no}")
        members.append(ent)
    cycle = members[: rng.randint(3, min(5, size))]
    for i, ent in enumerate(cycle):  # circular ownership: each holds part of the next
        ent.corporate_holders.append((cycle[(i - 1) % len(cycle)], 0.2))
    for ent in members:
        cn.enterprise(ent)
        cn.ring_events(ent)
        if rng.random() < 0.6:
            cn.verdict(ent, rng.choice(("shell", "false_registration", "illegal_fund_raising")),
                       ent.founded + timedelta(days=rng.randint(150, 700)))
    return {"ring": f"ring-{ring_no}", "division": division, "members": [f"CN:{e.code}" for e in members],
            "address": members[0].address, "agent_phone": agent_phone, "cycle": [f"CN:{e.code}" for e in cycle]}


def _group(w: World, cn: CNWriter, group_no: int) -> dict[str, Any]:
    """A large legitimate group: a parent and subsidiaries held by it, a few executives, over years."""
    rng = w.rng
    division = rng.choice(w.districts).code
    execs = [w.person(with_id=True) for _ in range(rng.randint(3, 6))]
    parent = _ordinary(w, founded=w.day(START, date(2014, 1, 1)), division=division, legal_rep=execs[0],
                       officers=[(execs[0], "董事长"), (execs[1], "董事"), (execs[2], "监事")],
                       holders=[(execs[0], 0.6), (execs[1], 0.4)], capital=50000, paid=50000.0, kind="group",
                       ring=f"group-{group_no}")
    parent.name = parent.name.replace("有限公司", "集团有限公司")
    cn.enterprise(parent)
    cn.ordinary_events(parent)
    hq = f"{rng.choice(ROADS)}{rng.randint(1, 400)}号{rng.choice(BUILDINGS)}"
    members = [parent]
    for _ in range(rng.randint(10, 30)):
        sub_div = division if rng.random() < 0.5 else rng.choice(w.districts).code
        rep = rng.choice(execs)
        sub = _ordinary(w, founded=w.day(parent.founded, END - timedelta(days=200)), division=sub_div,
                        legal_rep=rep, officers=[(rep, "执行董事"), (rng.choice(execs), "监事")], holders=[],
                        capital=rng.choice((1000, 2000, 5000)), kind="group", ring=f"group-{group_no}")
        sub.paid = sub.capital
        if sub_div == division and rng.random() < 0.5:
            sub.address = w.address(division, hq, f"{rng.randint(5, 30)}层")
        sub.corporate_holders.append((parent, 1.0 if rng.random() < 0.7 else 0.51))
        cn.enterprise(sub)
        cn.ordinary_events(sub)
        if rng.random() < 0.25:
            cn.verdict(sub, "cleared", w.day(sub.founded + timedelta(days=120), END))
        members.append(sub)
    return {"group": f"group-{group_no}", "members": [f"CN:{e.code}" for e in members]}


def _centre(w: World, cn: CNWriter, centre_no: int) -> dict[str, Any]:
    """A business centre: many unrelated firms registered at one address over the years."""
    rng = w.rng
    division = rng.choice(w.districts).code
    building = f"{rng.choice(ROADS)}{rng.randint(1, 400)}号创业服务中心"
    room = f"{rng.randint(1, 9)}0{rng.randint(1, 9)}室"
    centre_phone = w.landline()
    members = []
    for _ in range(rng.randint(15, 45)):
        ent = _ordinary(w, division=division, kind="centre", ring=f"centre-{centre_no}")
        ent.address = w.address(division, building, room)
        if rng.random() < 0.3:
            ent.phone = centre_phone
        cn.enterprise(ent)
        cn.ordinary_events(ent)
        if rng.random() < 0.3:
            cn.verdict(ent, "cleared", w.day(ent.founded + timedelta(days=120), END))
        members.append(ent)
    return {"centre": f"centre-{centre_no}", "address": members[0].address,
            "members": [f"CN:{e.code}" for e in members]}


def _manufacturers() -> list[str]:
    """Chinese names of the vehicle manufacturers the vehicle domain knows (when that domain is present)."""
    path = PROJECT_ROOT / "extraction" / "vehicles" / "data" / "makes.yaml"
    if not path.exists():
        return []
    makes = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = makes.values() if isinstance(makes, dict) else makes
    return sorted({m["manufacturer_zh"] for m in items if isinstance(m, dict) and m.get("manufacturer_zh")})


def generate(out: Path, scale: float, seed: int) -> dict[str, Any]:
    out = Path(out)
    w = World(seed)
    truth_dir = out / "truth" / "enterprises"
    truth_dir.mkdir(parents=True, exist_ok=True)
    n_ordinary = max(60, int(2400 * scale))
    n_rings = max(3, int(14 * scale))
    n_groups = max(1, int(4 * scale))
    n_centres = max(2, int(6 * scale))
    n_lone = max(3, int(30 * scale))
    n_control = max(1, int(2 * scale))  # per control template (after everything else: earlier ids stay)
    rings, lookalikes = [], []
    with CNWriter(out, w, truth_dir) as cn, UKWriter(out, random.Random(seed + 1), truth_dir) as uk:
        # Interleave the planted structures among ordinary enterprises so files have no telltale order.
        plan = (["ordinary"] * n_ordinary + ["ring"] * n_rings + ["group"] * n_groups + ["centre"] * n_centres
                + ["lone"] * n_lone)
        w.rng.shuffle(plan)
        for i, what in enumerate(plan):
            if what == "ordinary":
                ent = _ordinary(w)
                cn.enterprise(ent)
                cn.ordinary_events(ent)
                r = w.rng.random()
                if r < 0.05:
                    cn.verdict(ent, "cleared", w.day(ent.founded + timedelta(days=90), END))
                elif r < 0.055:
                    cn.verdict(ent, "false_registration", w.day(ent.founded + timedelta(days=90), END))
            elif what == "ring":
                rings.append(_ring(w, cn, len(rings) + 1))
            elif what == "group":
                lookalikes.append(_group(w, cn, i))
            elif what == "centre":
                lookalikes.append(_centre(w, cn, i))
            else:
                word, section, scope = w.rng.choice(SHELL_INDUSTRIES)
                ent = _ordinary(w, kind="lone", scope=scope, industry=section, capital=w.rng.choice((5000, 10000)),
                                paid=0.0)
                ent.name = w.name(ent.division, word)
                cn.enterprise(ent)
                cn.ring_events(ent)
                cn.verdict(ent, "illegal_fund_raising", ent.founded + timedelta(days=w.rng.randint(150, 700)))
        for name in _manufacturers():  # the vehicle domain's manufacturers, registered here too
            ent = _ordinary(w, founded=w.day(START, date(2012, 12, 31)), capital=100000, paid=100000.0, kind="maker")
            ent.name = name
            cn.enterprise(ent)
        control = plant_cn(w, cn, n_control)
        cn.malformed()
        uk_truth = uk.generate(max(80, int(400 * scale)), max(1, int(3 * scale)))
        rings.extend(uk_truth["rings"])
        control += plant_uk(uk, n_control)
        cn.write_verdicts(uk.verdicts)
        summary = {**cn.counts, **uk.counts, "rings": len(rings), "lookalike_groups": len(lookalikes),
                   "control_cases": len(control)}
    write_truth(truth_dir, control)
    (truth_dir / "rings.json").write_text(json.dumps(rings, ensure_ascii=False, indent=1), encoding="utf-8")
    (truth_dir / "lookalikes.json").write_text(json.dumps(lookalikes, ensure_ascii=False, indent=1), encoding="utf-8")
    (truth_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    from datagen.enterprises.match_pairs import (
        write_match_pairs,  # from the files above, its own random stream
    )

    write_match_pairs(out, truth_dir, seed, scale, summary)
    from datagen.enterprises.sources import (
        write_sources,  # its own random stream and folder: nothing above moves
    )

    write_sources(out, seed, scale)
    return summary
