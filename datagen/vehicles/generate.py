"""Seeded generator of the vehicle-defect inputs in their real formats, with planted ground truth.

Writes out/nhtsa-complaints/, nhtsa-recalls/, nhtsa-investigations/, nhtsa-tsbs/, cn-recall-notices/,
cn-complaints/ and out/truth/vehicles/ (planted defects, verdicts, labelled extraction set). Some of the
records are republished in the other shapes real files come in (datagen/vehicles/shapes.py: notices as JSON
lines, RSS, HTML pages and digests; bulletins in the 14-field and short CSV layouts; recalls in the 29-field
layout with advisories; older multi-row complaints), in files of their own with labels of their own
(truth/vehicles/labels_shapes.jsonl). Complaints
are written as they are drawn (vehicle by vehicle), so memory stays flat at any scale.

The world: makes and models from extraction/vehicles/data/makes.yaml over model years; background
complaints spread over systems with diverse symptoms; planted defects raise complaints on one
(vehicle, system) with agreeing symptoms and more severe outcomes, are investigated and recalled;
false alarms are investigated and closed without recall; supplier families put one supplier's part
into models of several makes: once a recall names the supplier, its other models (few complaints of
their own) are investigated and recalled too (the inflator case).
"""

from __future__ import annotations

import json
import math
import random
import re
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TextIO

from datagen.vehicles.shapes import Shapes
from datagen.vehicles.text import PATHS, SYMPTOM_TEXT, SYSTEMS, narrative_en, narrative_zh
from extraction.vehicles.vocab import load
from graph.records import stable_id

START, END = date(2014, 1, 1), date(2024, 12, 31)
YEARS = range(2014, 2023)
US_ONLY = {"BYD", "GEELY", "GREAT WALL"}  # sold in China only: no NHTSA records
SYSTEM_WEIGHTS = {"ENGINE": 12, "POWER TRAIN": 10, "ELECTRICAL SYSTEM": 12, "SERVICE BRAKES, HYDRAULIC": 9,
                  "AIR BAGS": 6, "STEERING": 6, "SUSPENSION": 6, "FUEL/PROPULSION SYSTEM": 5, "STRUCTURE": 3,
                  "SEAT BELTS": 2, "VISIBILITY": 4, "EXTERIOR LIGHTING": 4, "VEHICLE SPEED CONTROL": 3,
                  "FORWARD COLLISION AVOIDANCE": 3, "BACK OVER PREVENTION": 3, "LATCHES/LOCKS/LINKAGES": 3}
SUPPLIERS = [  # (name, system, part path, defective family?)
    ("Apex Inflation Systems Inc.", "AIR BAGS", "AIR BAGS:FRONTAL:DRIVER SIDE:INFLATOR MODULE", True),
    ("Halvorsen Fuel Systems Ltd.", "FUEL/PROPULSION SYSTEM", "FUEL/PROPULSION SYSTEM:FUEL PUMP", True),
    ("Nordlicht Elektronik GmbH", "ELECTRICAL SYSTEM", "ELECTRICAL SYSTEM:BODY CONTROL MODULE", True),
    ("Meridian Brake Components LLC", "SERVICE BRAKES, HYDRAULIC", "SERVICE BRAKES, HYDRAULIC:ANTILOCK", False),
    ("Castellan Steering Co.", "STEERING", "STEERING:ELECTRIC POWER ASSIST SYSTEM", False),
]
CN_SUPPLIER = ("华钧汽车电子有限公司", "STEERING", "电动助力转向")
STATES = ["CA", "TX", "FL", "NY", "PA", "OH", "IL", "MI", "GA", "NC", "WA", "AZ"]


@dataclass
class Vehicle:
    make: str
    model: str
    year: int
    manufacturer: str
    volume: float  # relative complaint volume (popularity)
    zh_make: str | None
    zh_model: str | None
    platform: str

    @property
    def key(self) -> str:
        return f"{self.make}|{self.model}|{self.year}"


@dataclass
class Defect:
    vehicle: Vehicle
    system: str
    path: str
    onset: date
    kind: str  # defect | false_alarm | supplier | platform
    symptoms: list[str]
    complaints: int
    severity: float
    action: str = ""
    opened: date | None = None
    closed: date | None = None
    campno: str = ""
    supplier: str = ""
    family: str = ""
    bulletin: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _day(d: date, days: int) -> date:
    return min(END, d + timedelta(days=days))


def _ymd(d: date | None) -> str:
    return d.strftime("%Y%m%d") if d else ""


def _vehicles(rng: random.Random) -> list[Vehicle]:
    out = []
    platform_names = ["GX2", "MQ-4", "TN-K", "CMA", "E2XX", "PL-7", "K3", "UKL"]
    for make, spec in load("makes.yaml").items():
        zh_make = (spec.get("zh") or [None])[0]
        models = list(spec.get("models") or {})
        for i, model in enumerate(models):
            zh_model = next((v for v in (spec["models"][model] or []) if any("\u4e00" <= c <= "\u9fff" for c in v)), None)
            base = rng.lognormvariate(0, 0.9)
            platform = f"{make[:2]}-{platform_names[(i // 2) % len(platform_names)]}"
            for year in YEARS:
                if rng.random() < 0.15:
                    continue  # not every model in every year
                out.append(Vehicle(make, model, year, spec["manufacturer"], base * rng.uniform(0.7, 1.3),
                                   zh_make, zh_model, platform))
    return out


class Writer:
    """All output files, opened once; rows written as they are made."""

    def __init__(self, out: Path, stack: ExitStack) -> None:
        self.out = out
        self.stack = stack
        self.files: dict[str, TextIO] = {}
        self.counts: dict[str, int] = {}

    def file(self, kind: str, name: str, encoding: str = "utf-8", newline: str = "\n") -> TextIO:
        key = f"{kind}/{name}"
        if key not in self.files:
            path = self.out / kind / name
            path.parent.mkdir(parents=True, exist_ok=True)
            self.files[key] = self.stack.enter_context(path.open("w", encoding=encoding, newline=newline))
        return self.files[key]

    def row(self, kind: str, name: str, fields: list[Any], newline: str = "\n", encoding: str = "utf-8") -> None:
        self.file(kind, name, encoding, newline).write("\t".join("" if f is None else str(f) for f in fields) + newline)
        self.counts[kind] = self.counts.get(kind, 0) + 1


class Generator:
    def __init__(self, out: Path, scale: float, seed: int) -> None:
        self.out = out
        self.scale = scale
        self.rng = random.Random(seed)
        self.odino = 10_000_000
        self.cmplid = 1
        self.cn_no = 1
        self.labels: TextIO | None = None
        self.label_every = max(1, int(20 * scale))
        self.seed = seed
        # what was written, for the republications in the real shapes (datagen/vehicles/shapes.py)
        self.made: dict[str, list[dict[str, Any]]] = {"notices": [], "recalls": [], "bulletins": []}

    # --- world ---------------------------------------------------------------------------------
    def plan(self) -> tuple[list[Vehicle], list[Defect], dict[str, list[Vehicle]]]:
        rng = self.rng
        vehicles = _vehicles(rng)
        us = [v for v in vehicles if v.make not in US_ONLY]
        defects: list[Defect] = []
        n_inv = max(40, int(160 * min(self.scale, 4) ** 0.5))
        systems = list(SYSTEM_WEIGHTS)
        for _ in range(n_inv):
            v = rng.choice(us)
            system = rng.choice(systems)
            onset = START + timedelta(days=rng.randint(max(0, (date(v.year - 1, 9, 1) - START).days), 3200))
            if onset > date(2023, 6, 1):
                onset = date(2023, 6, 1) - timedelta(days=rng.randint(0, 900))
            true = rng.random() < 0.45
            sym = SYSTEMS[system][2]
            if true:
                d = Defect(v, system, rng.choice(PATHS[system]), onset, "defect", rng.sample(sym, 1),
                           int(rng.lognormvariate(2.6, 0.8) * self.scale), rng.uniform(0.15, 0.45))
            else:  # a burst of mixed, mostly minor complaints, or a popular model's ordinary volume
                d = Defect(v, system, rng.choice(PATHS[system]), onset, "false_alarm", list(sym),
                           int(rng.lognormvariate(2.3, 0.9) * self.scale), rng.uniform(0.0, 0.08))
            d.bulletin = rng.random() < (0.5 if true else 0.2)
            defects.append(d)
        families: dict[str, list[Vehicle]] = {}
        for name, system, path, defective in SUPPLIERS:
            members = rng.sample(us, k=min(len(us), 14 if defective else 40))
            families[name] = members
            if not defective:
                # investigated because of the volume of a shared part's complaints, closed without recall
                for v in members[:6]:
                    onset = date(2016, 1, 1) + timedelta(days=rng.randint(0, 2400))
                    defects.append(Defect(v, system, path, onset, "false_alarm", list(SYSTEMS[system][2]),
                                          int(rng.lognormvariate(2.2, 0.8) * self.scale), 0.03, supplier=name))
                continue
            first = date(2015, 3, 1) + timedelta(days=rng.randint(0, 1200))
            # the first confirmed model was on the road before the defect showed
            members.sort(key=lambda v: (v.year > first.year - 1, rng.random()))
            lead = members[0]
            lead.volume = max(lead.volume, 2.5)
            first = max(first, date(lead.year, 3, 1))
            defects.append(Defect(lead, system, path, first, "supplier", ["rupture" if system == "AIR BAGS" else
                                                                          SYSTEMS[system][2][0]],
                                  int(60 * self.scale), 0.35, supplier=name, family=name))
            for j, v in enumerate(members[1:9]):  # later models: few complaints of their own
                onset = max(first + timedelta(days=400 + 150 * j + rng.randint(0, 200)),
                            date(v.year, 2, 1) + timedelta(days=rng.randint(0, 300)))
                defects.append(Defect(v, system, path, min(onset, date(2023, 9, 1)), "supplier",
                                      defects[-1].symptoms, rng.randint(0, 3), 0.3, supplier=name, family=name))
        for d in defects:
            d.opened = _day(d.onset, int(rng.uniform(150, 500) if d.complaints > 3 or d.kind != "supplier"
                                         else rng.uniform(60, 200)))
            if d.opened >= date(2024, 10, 1):
                d.opened = date(2024, 10, 1) - timedelta(days=rng.randint(30, 400))
            if rng.random() < 0.06:
                continue  # still open
            d.closed = _day(d.opened, rng.randint(90, 420))
        return vehicles, defects, families

    # --- complaints ------------------------------------------------------------------------------
    def complaint(self, w: Writer, v: Vehicle, system: str, when: date, symptoms: list[str], severe: bool,
                  path: str | None = None, planted: str = "") -> None:
        rng = self.rng
        self.odino += rng.randint(1, 3)
        conds = rng.sample(["highway_speed", "low_speed", "start_up", "wet_weather", "turning", "parked"],
                           k=rng.choice((0, 1, 1, 2)))
        if "highway_speed" in conds and "low_speed" in conds:
            conds.remove("low_speed")
        cons: list[str] = []
        if severe:
            cons = rng.sample(["crash", "injury", "fire"], k=rng.choice((1, 1, 2)))
            if rng.random() < 0.05:
                cons.append("death")
        text = narrative_en(rng, v.make, v.model, v.year, system, symptoms, conds, cons)
        path = path or rng.choice(PATHS[system])
        fail = when - timedelta(days=rng.randint(0, 60))
        crash, fire = "crash" in cons, "fire" in cons
        injured = (rng.randint(1, 3) if "injury" in cons else 0)
        deaths = 1 if "death" in cons else 0
        make = v.make if rng.random() > 0.02 else v.make.lower()  # hand-keyed rows in mixed case
        model = v.model if rng.random() > 0.05 else v.model.replace("-", "").replace(" ", "")
        cols = [self.cmplid, self.odino, v.manufacturer if rng.random() > 0.3 else v.manufacturer.upper(), make, model,
                v.year, "Y" if crash else "N", _ymd(fail), "Y" if fire else "N", injured, deaths, path,
                "", rng.choice(STATES), "", _ymd(when), _ymd(when), rng.randint(500, 150000), 1, text,
                rng.choice(["IVOQ", "EVOQ", "MIVQ"]), "N", "", "Y", "", "", "", "", "", "", "", rng.randint(0, 80)]
        wide = when >= date(2021, 1, 1)
        cols += [""] * ((51 if wide else 49) - len(cols))
        cols[45] = "V"
        name = "COMPLAINTS_RECEIVED_2021-2024.txt" if wide else "COMPLAINTS_RECEIVED_2014-2020.txt"
        w.row("nhtsa-complaints", name, cols, newline="\r\n")
        self.cmplid += 1
        if self.labels is not None and (planted or self.cmplid % self.label_every == 0):
            self.label({"kind": "nhtsa-complaints", "match": f"{self.odino}:{path.strip()}",
                        "vehicle": [v.make, v.model, v.year], "system": system,
                        "symptoms": sorted(set(symptoms) | ({"fire"} if fire else set())),
                        "conditions": conds,
                        # a symptom of fire is a fire, whatever the flags say
                        "consequences": sorted(set(cons) | ({"fire"} if "fire" in symptoms else set()))})

    def cn_complaint(self, w: Writer, v: Vehicle, system: str, when: date, symptoms: list[str], severe: bool) -> None:
        rng = self.rng
        number = f"TS{when:%Y%m%d}{self.cn_no:05d}"
        self.cn_no += 1
        conds = rng.sample(["highway_speed", "start_up", "wet_weather", "turning", "parked"], k=rng.choice((0, 1)))
        cons = ["crash"] if severe and rng.random() < 0.5 else (["fire"] if severe else [])
        text = narrative_zh(rng, system, symptoms, conds, cons)
        lines = [f"投诉编号：{number}", f"投诉品牌：{v.zh_make}", f"投诉车系：{v.zh_model or v.model}",
                 f"投诉车型：{v.year}款 {rng.choice(['1.5T 自动豪华版', '2.0L 舒适型', '两驱精英版', '四驱旗舰版'])}",
                 f"投诉时间：{when.isoformat() if rng.random() < 0.7 else f'{when.year}年{when.month}月{when.day}日'}"]
        if rng.random() < 0.6:
            lines.append(f"典型问题：{rng.choice(SYSTEMS[system][1])}{rng.choice(SYMPTOM_TEXT[symptoms[0]][1])}")
        lines.append(f"问题描述：{text}")
        if rng.random() < 0.1:
            lines = [ln.replace("：", ":") for ln in lines]
        enc = "gb18030" if (self.cn_no // 500) % 2 else "utf-8"
        fh = w.file("cn-complaints", f"complaints_{enc.replace('-', '')}_{self.cn_no // 2000:03d}.txt", enc)
        fh.write("\n".join(lines) + "\n\n")
        w.counts["cn-complaints"] = w.counts.get("cn-complaints", 0) + 1
        if self.labels is not None and self.cn_no % 5 == 0:
            self.label({"kind": "cn-complaints", "match": number, "vehicle": [v.make, v.model, v.year],
                        "system": system, "symptoms": sorted(set(symptoms) | ({"fire"} if "fire" in cons else set())),
                        "conditions": conds,
                        "consequences": sorted(set(cons) | ({"fire"} if "fire" in symptoms else set()))})

    def label(self, row: dict[str, Any]) -> None:
        assert self.labels is not None
        self.labels.write(json.dumps(row, ensure_ascii=False) + "\n")

    def background(self, w: Writer, vehicles: list[Vehicle]) -> None:
        rng = self.rng
        systems, weights = list(SYSTEM_WEIGHTS), list(SYSTEM_WEIGHTS.values())
        for v in vehicles:
            launch = max(START, date(v.year - 1, 9, 1))
            days = (END - launch).days
            n = _poisson(rng, v.volume * 14 * self.scale * days / 3650)
            for _ in range(n):
                system = rng.choices(systems, weights)[0]
                when = launch + timedelta(days=rng.randint(0, days))
                sym = rng.sample(SYSTEMS[system][2], k=1)
                if v.make in US_ONLY or (v.zh_make and rng.random() < 0.2):
                    self.cn_complaint(w, v, system, when, sym, rng.random() < 0.03)
                else:
                    self.complaint(w, v, system, when, sym, rng.random() < 0.04)

    def planted(self, w: Writer, defects: list[Defect]) -> None:
        rng = self.rng
        for d in defects:
            n = d.complaints
            horizon = (END - d.onset).days
            for _ in range(n):
                # defect complaints keep coming after the investigation opened; their ramp starts at onset
                when = d.onset + timedelta(days=int(min(horizon, rng.expovariate(1 / 400))))
                sym = d.symptoms if d.kind != "false_alarm" else [rng.choice(d.symptoms)]
                if d.kind != "false_alarm" and rng.random() < 0.25:
                    sym = [rng.choice(SYSTEMS[d.system][2])]
                self.complaint(w, d.vehicle, d.system, when, sym, rng.random() < d.severity, d.path, planted="yes")

    # --- recalls, investigations, bulletins --------------------------------------------------------
    def verdicts(self, w: Writer, defects: list[Defect]) -> list[dict[str, Any]]:
        rng = self.rng
        seq: dict[tuple[str, int], int] = {}
        truth = []
        confirmed_supplier: dict[str, date] = {}
        for d in sorted(defects, key=lambda x: x.opened or END):
            assert d.opened is not None
            kind = "PE" if rng.random() < 0.75 else rng.choice(["EA", "DP", "RQ"])
            key = (kind, d.opened.year)
            seq[key] = seq.get(key, 0) + 1
            d.action = f"{kind}{d.opened.year % 100:02d}{seq[key]:03d}"
            confirmed = d.closed is not None and d.kind != "false_alarm"
            if confirmed:
                rkey = ("V", d.closed.year)
                seq[rkey] = seq.get(rkey, 0) + 1
                d.campno = f"{d.closed.year % 100:02d}V{seq[rkey] + 100:03d}000"
                self.recall(w, d)
                if d.family:
                    confirmed_supplier.setdefault(d.family, d.closed)
            v = d.vehicle
            part = SYSTEMS[d.system][0][0]
            subject = f"{part} {rng.choice(SYMPTOM_TEXT[d.symptoms[0]][0])}"[:200]
            summary = (f"ODI HAS RECEIVED COMPLAINTS ALLEGING THAT THE {part} {SYMPTOM_TEXT[d.symptoms[0]][0][0]}. "
                       + ("THE MANUFACTURER HAS RECALLED THE SUBJECT VEHICLES. THIS INVESTIGATION IS CLOSED."
                          if confirmed else "A DEFECT TREND HAS NOT BEEN IDENTIFIED. THIS INVESTIGATION IS CLOSED."
                          if d.closed else "THE INVESTIGATION IS ONGOING."))
            if confirmed and d.supplier:
                summary += f" THE {SYSTEMS[d.system][0][0]} COMPONENTS WERE MANUFACTURED BY {d.supplier.upper()}"
            w.row("nhtsa-investigations", "FLAT_INV.txt",
                  [d.action, v.make, v.model, v.year, d.path, v.manufacturer, _ymd(d.opened), _ymd(d.closed),
                   d.campno, subject, summary], newline="\r\n")
            truth.append({"action": d.action, "vehicle": [v.make, v.model, v.year], "system": d.system,
                          "kind": d.kind, "opened": d.opened.isoformat(),
                          "closed": d.closed.isoformat() if d.closed else None, "campno": d.campno,
                          "verdict": "confirmed" if confirmed else ("not_confirmed" if d.closed else "open"),
                          "supplier": d.supplier, "complaints": d.complaints})
            if d.bulletin:
                self.bulletin(w, v, d.path, _day(d.onset, rng.randint(30, 200)),
                              f"SOME VEHICLES MAY EXHIBIT A CONDITION WHERE THE {part} "
                              f"{SYMPTOM_TEXT[d.symptoms[0]][0][0]}. DEALERS SHOULD INSPECT AND REPLACE AS NEEDED.")
        return truth

    def recall(self, w: Writer, d: Defect) -> None:
        rng = self.rng
        v = d.vehicle
        part = SYSTEMS[d.system][0][0]
        desc = (f"{v.manufacturer.upper()} IS RECALLING CERTAIN {v.year} {v.make} {v.model} VEHICLES. THE {part} MAY "
                f"FAIL; OWNERS REPORTED THAT THE {part} {SYMPTOM_TEXT[d.symptoms[0]][0][0]}.")
        if d.supplier:
            desc += f" THE {part} WAS MANUFACTURED BY {d.supplier.upper()}"
            desc += "." if not d.supplier.endswith(".") else ""
        if rng.random() < 0.3:
            desc += f" THE AFFECTED VEHICLES ARE BUILT ON THE {v.platform} PLATFORM."
        conseq = rng.choice(["THIS COULD INCREASE THE RISK OF A CRASH.", "THIS MAY CAUSE INJURY TO OCCUPANTS.",
                             "THIS INCREASES THE RISK OF A FIRE."])
        remedy = f"DEALERS WILL REPLACE THE {part}, FREE OF CHARGE."
        assert d.closed is not None
        cols = [rng.randint(1, 10**6), d.campno, v.make, v.model, v.year, f"{rng.randint(10, 99)}{rng.choice('ABCX')}",
                d.path, v.manufacturer.upper(), _ymd(date(v.year - 1, 8, 1)), _ymd(date(v.year, 7, 31)), "V",
                rng.randint(500, 400000), _ymd(_day(d.closed, 40)), "ODI", v.manufacturer, _ymd(d.closed),
                _ymd(d.closed), "", "", desc, conseq, remedy, "", f"{rng.randint(100000, 999999)}",
                "", "", ""]
        w.row("nhtsa-recalls", "FLAT_RCL.txt", cols, newline="\r\n")
        self.made["recalls"].append({"vehicle": v, "defect": d, "cols": cols})
        if self.labels is not None:
            self.label({"kind": "nhtsa-recalls", "match": f"{d.campno}:{v.make}:{v.model}:{v.year}:{d.path}",
                        "vehicle": [v.make, v.model, v.year], "system": d.system,
                        "supplier": d.supplier or None})
        if v.zh_make and v.zh_model and rng.random() < 0.7:
            self.cn_notice(w, v, d)

    def bulletin(self, w: Writer, v: Vehicle, path: str, when: date, summary: str) -> None:
        rng = self.rng
        nid = f"{rng.randint(10**7, 10**8 - 1)}"
        bulno = f"{v.make[:2]}{when:%y}-{rng.randint(1, 999):03d}"
        self.made["bulletins"].append({"vehicle": v, "path": path, "when": when, "summary": summary, "nid": nid,
                                       "bulno": bulno})
        if when >= date(2024, 5, 1):  # the newer manufacturer-communications CSV with a header row
            fh = w.file("nhtsa-tsbs", "MFR_COMMS_RECEIVED_2024-2025.csv", newline="")
            if w.counts.get("tsb-csv", 0) == 0:
                fh.write("Make,Model,Model Year,NHTSA ID Number,TSB/Document ID,Mfr Communication Date,"
                         "Communication Type,NHTSA Components,Summary\r\n")
            w.counts["tsb-csv"] = w.counts.get("tsb-csv", 0) + 1
            fields = [v.make, v.model, str(v.year), nid, bulno, _ymd(when), "TSB", path, summary]
            fh.write(",".join('"' + f.replace('"', '""') + '"' if ("," in f or '"' in f) else f for f in fields)
                     + "\r\n")
            w.counts["nhtsa-tsbs"] = w.counts.get("nhtsa-tsbs", 0) + 1
            return
        w.row("nhtsa-tsbs", "FLAT_TSBS.txt",
              [bulno, "", nid, _ymd(when), path, v.make, v.model, v.year, _ymd(_day(when, 10)), summary],
              newline="\r\n")

    def supply_bulletins(self, w: Writer, families: dict[str, list[Vehicle]]) -> list[dict[str, Any]]:
        """Service information naming each supplier's part on the models it goes into, dated at launch."""
        out = []
        for name, system, path, _defective in SUPPLIERS:
            part = path.rsplit(":", 1)[-1]
            for v in families[name]:
                when = date(v.year - 1, 10, 1) + timedelta(days=self.rng.randint(0, 200))
                text = (f"SERVICE INFORMATION FOR THE {part} ON {v.year} {v.model}. THE {part} IS SUPPLIED BY "
                        f"{name.upper()} (PART NUMBER {self.rng.randint(1000, 9999)}-{self.rng.randint(10, 99)}).")
                if self.rng.random() < 0.5:
                    text += f" VEHICLES BUILT ON THE {v.platform} PLATFORM ARE AFFECTED."
                self.bulletin(w, v, path, when, text)
                out.append({"supplier": name, "system": system, "vehicle": [v.make, v.model, v.year]})
        return out

    def cn_notice(self, w: Writer, v: Vehicle, d: Defect) -> None:
        rng = self.rng
        assert d.closed is not None
        when = _day(d.closed, rng.randint(10, 120))
        producer = load("makes.yaml")[v.make].get("manufacturer_zh") or f"{v.zh_make}汽车有限公司"
        part = rng.choice(SYSTEMS[d.system][1])
        symptom = rng.choice(SYMPTOM_TEXT[d.symptoms[0]][1])
        units = rng.randint(300, 90000)
        units_txt = f"{units:,}" if rng.random() < 0.5 else str(units)
        b1, b2 = date(v.year - 1, rng.randint(1, 12), rng.randint(1, 28)), date(v.year, rng.randint(1, 12), 28)
        scope = (f"生产日期为{b1.year}年{b1.month}月{b1.day}日至{b2.year}年{b2.month}月{b2.day}日的部分{v.year}款"
                 f"{v.zh_model}汽车，共计{units_txt}辆")
        defect = f"由于{part}存在缺陷，极端情况下可能{symptom}，存在安全隐患。"
        remedy = f"{producer}将通过授权经销商，为召回范围内的车辆免费检查并更换{part}，以消除安全隐患。"
        title = f"{producer}召回部分{v.zh_model}汽车"
        if rng.random() < 0.5:
            text = (f"{title}\n发布时间：{when.isoformat()}\n　　日前，{producer}根据《缺陷汽车产品召回管理条例》和"
                    f"《缺陷汽车产品召回管理条例实施办法》的要求，向国家市场监督管理总局备案了召回计划。"
                    f"自{when.year}年{when.month}月{when.day}日起，召回{scope}。\n　　本次召回范围内部分车辆{defect}\n"
                    + (f"　　{remedy}\n" if rng.random() < 0.85 else ""))
        else:
            parts = [title, f"召回编号：S{when.year}-{rng.randint(1, 9999):04d}", f"生产者：{producer}",
                     f"召回范围：{scope}。", f"缺陷情况：{defect}"]
            if rng.random() < 0.8:
                parts.append(f"维修措施：{remedy}")
            parts.append(f"实施日期：{when.year}年{when.month}月{when.day}日")
            text = "\n".join(parts) + "\n"
            if rng.random() < 0.3:
                text = text.replace("：", ":")
        fh = w.file("cn-recall-notices", f"notices_{when.year}.txt")
        fh.write(text + "==========\n")
        w.counts["cn-recall-notices"] = w.counts.get("cn-recall-notices", 0) + 1
        number = re.search(r"召回编号[:：](\S+)", text)
        self.made["notices"].append({
            "vehicle": v, "defect": d, "when": when, "producer": producer, "part": part, "symptom": symptom,
            "units": units, "b1": b1, "b2": b2, "title": title, "defect_text": defect,
            "remedy": remedy if remedy in text else None, "number": number.group(1) if number else None})
        if self.labels is not None:  # notices are matched by their text: titles repeat across years
            self.label({"kind": "cn-recall-notices", "match": "sha:" + stable_id(text.strip("\n")), "vehicle": [v.make, v.model, v.year],
                        "system": d.system, "symptoms": d.symptoms})

    def cn_supplier_notices(self, w: Writer, vehicles: list[Vehicle]) -> None:
        """A Chinese supplier's steering part recalled on domestic brands, the notice naming it."""
        name, system, part = CN_SUPPLIER
        cn = [v for v in vehicles if v.make in US_ONLY and v.zh_model]
        for i, v in enumerate(self.rng.sample(cn, k=min(4, len(cn)))):
            when = date(2019 + i, 5, 10)
            producer = load("makes.yaml")[v.make].get("manufacturer_zh")
            text = (f"{producer}召回部分{v.zh_model}汽车\n召回编号：S{when.year}-C{i:03d}\n生产者：{producer}\n"
                    f"召回范围：生产日期为{v.year - 1}年6月1日至{v.year}年6月30日的部分{v.year}款{v.zh_model}汽车，共计"
                    f"{self.rng.randint(1000, 50000)}辆。\n缺陷情况：由于{part}控制器（由{name}生产）软件存在缺陷，"
                    f"可能导致转向助力失效，方向盘沉重，增加车辆碰撞的风险，存在安全隐患。\n"
                    f"维修措施：免费升级{part}控制器软件。\n实施日期：{when.year}年{when.month}月{when.day}日\n")
            w.file("cn-recall-notices", f"notices_{when.year}.txt").write(text + "==========\n")
            w.counts["cn-recall-notices"] = w.counts.get("cn-recall-notices", 0) + 1

    def malformed(self, w: Writer) -> int:
        """Rows that must go to the reject file: truncated, unknown year, bad dates, no series."""
        rows = [["1", "99999990", "ACME", "FORD", "F-150"],
                [2, 99999991, "Ford Motor Company", "FORD", "F-150", "9999", "N", "20200101", "N", 0, 0, "ENGINE"]
                + [""] * 37,
                [3, 99999992, "Ford Motor Company", "FORD", "F-150", "2019", "N", "", "N", 0, 0, "ENGINE", "", "", "",
                 "2020013X", "20201399"] + [""] * 32]
        for r in rows:
            w.row("nhtsa-complaints", "COMPLAINTS_RECEIVED_2014-2020.txt", r, newline="\r\n")
        w.file("cn-complaints", "complaints_utf8_000.txt").write(
            "投诉编号：TS-BAD-0001\n投诉品牌：丰田\n投诉车型：2.5L 豪华版\n投诉时间：2022-01-01\n问题描述：车机黑屏\n\n")
        return len(rows) + 1

    def run(self) -> dict[str, Any]:
        vehicles, defects, families = self.plan()
        truth_dir = self.out / "truth" / "vehicles"
        truth_dir.mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            w = Writer(self.out, stack)
            self.labels = stack.enter_context((truth_dir / "labels.jsonl").open("w", encoding="utf-8"))
            supplies = self.supply_bulletins(w, families)
            truth = self.verdicts(w, defects)
            self.cn_supplier_notices(w, vehicles)
            self.planted(w, defects)
            self.background(w, vehicles)
            bad = self.malformed(w)
            # the same records republished in the other shapes real files come in, in files of their own and
            # drawn from a generator of their own: every file above stays as it was
            with (truth_dir / "labels_shapes.jsonl").open("w", encoding="utf-8") as shape_labels:
                republished = Shapes(self, w, random.Random(f"{self.seed}-shapes"), shape_labels).write()
            counts = {k: v for k, v in w.counts.items() if k != "tsb-csv"}
        with (truth_dir / "investigations.jsonl").open("w", encoding="utf-8") as fh:
            for row in truth:
                fh.write(json.dumps(row) + "\n")
        (truth_dir / "suppliers.json").write_text(json.dumps(supplies, indent=1))
        summary = {"vehicles": len(vehicles), "investigations": len(truth),
                   "confirmed": sum(t["verdict"] == "confirmed" for t in truth),
                   "not_confirmed": sum(t["verdict"] == "not_confirmed" for t in truth),
                   "supplier_cases": sum(t["kind"] == "supplier" for t in truth), "malformed": bad,
                   "files": counts}
        (truth_dir / "summary.json").write_text(json.dumps(summary, indent=1))
        return {**summary, "republished": republished}


def _poisson(rng: random.Random, lam: float) -> int:
    if lam > 50:  # normal approximation: fast for big volumes
        return max(0, int(rng.gauss(lam, math.sqrt(lam)) + 0.5))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def generate(out: Path, scale: float, seed: int) -> dict[str, Any]:
    if scale <= 0:
        raise ValueError("scale must be positive")
    return Generator(Path(out), scale, seed).run()
