"""Republications of the generator's vehicle records in the shapes real files come in, with their labels.

The generator (generate.py) writes each record once, in one layout. Real files come in more: Chinese recall
notices as JSON lines with a text field, RSS items, HTML pages (the regulator's detail page with its
table, news rewrites with sub-headings and link noise) and digests of lead paragraphs one after another;
NHTSA bulletins in the 14-field TSBS_RECEIVED layout and the short MFR_COMMS CSV; recalls in the current
29-field layout with the do-not-drive and park-outside advisories; complaints in the older layout where
one ODI number spans several rows, one per component, each with its own failure date.

Everything here goes to files of its own, drawn from a random generator of its own, so the files the
generator wrote before stay byte-identical. Republished notices, bulletins and recalls state the same
facts as the originals (same recall numbers, dates and counts), so the graph gains documents, not new
recalls; the multi-row complaints are about older model years outside the investigated world. Labels go
to truth/vehicles/labels_shapes.jsonl, matched by "<file name>#<record id>".
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TextIO

from datagen.vehicles.text import PATHS, SYSTEMS
from extraction.common.names import enterprise_id
from extraction.vehicles.vocab import component_path
from graph.records import stable_id

if TYPE_CHECKING:
    from datagen.vehicles.generate import Generator, Writer

NEWS_PREFIX = ["", "", "[示例汽车网 资讯] ", "示例质量新闻网讯 ", "据国家市场监管总局网站消息，"]
LEADS = ["日前，", "近日，", "日前， ", "近日", ""]
CONNECTORS = ["至", "到", "—", "-", "至"]
REGULATORS = ["国家市场监督管理总局", "市场监管总局"]
OTA_REMEDY = ("{producer}将通过汽车远程升级（OTA）技术，为召回范围内的车辆免费升级{part}控制软件至{version}或更高版本，"
              "用户无需到店即可完成升级。对于无法通过OTA技术实施召回的车辆，将通过授权经销商联系用户免费升级。")
LINK_NOISE = ["(参数丨图片)", "(参数|询价)", "(参配、图片、询价)", ""]
OLD_YEARS = range(1996, 2000)


def _d(day: date, style: int) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if style == 0 else day.isoformat() if style == 1 else \
        f"{day.year}.{day.month}.{day.day}"


def _ymd(day: date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""


class Shapes:
    def __init__(self, gen: Generator, w: Writer, rng: random.Random, labels: TextIO) -> None:
        self.gen = gen
        self.w = w
        self.rng = rng
        self.labels = labels
        self.counts: dict[str, int] = {}

    def label(self, row: dict[str, Any]) -> None:
        self.labels.write(json.dumps(row, ensure_ascii=False) + "\n")

    def count(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    def write(self) -> dict[str, int]:
        self.notices()
        self.bulletins()
        self.recalls()
        self.complaints()
        return self.counts

    # --- Chinese recall notices ---------------------------------------------------------------------
    def _facts(self, n: dict[str, Any]) -> dict[str, Any]:
        """What a republication states and the labels it is checked on."""
        rng = self.rng
        v, d = n["vehicle"], n["defect"]
        ota = rng.random() < 0.3
        remedy = (OTA_REMEDY.format(producer=n["producer"], part=n["part"],
                                    version=f"{n['when'].year}.{rng.randint(1, 12)}.{rng.randint(1, 30)}")
                  if ota else n["remedy"] or f"{n['producer']}将为召回范围内的车辆免费检查并更换{n['part']}。")
        conn = rng.choice(CONNECTORS)
        style = 0 if conn in ("—", "-") else rng.choice((0, 0, 1))  # 2019-03-01-2020-05-31 is not how it is written
        produced = f"{_d(n['b1'], style)}{conn}{_d(n['b2'], style)}"
        noise = rng.choice(LINK_NOISE)
        scope = rng.choice([f"生产日期为{produced}的部分{v.year}款{v.zh_model}{noise}汽车",
                            f"{produced}期间生产的部分{v.year}款{v.zh_model}汽车",
                            f"{produced}生产的部分{v.year}款{v.zh_model}汽车"])
        units = rng.choice([f"共计{n['units']:,}辆", f"共计{n['units']}辆", f"共{n['units']}辆"])
        start = n["when"]
        opening = (f"{rng.choice(NEWS_PREFIX)}{rng.choice(LEADS)}{n['producer']}根据《缺陷汽车产品召回管理条例》的要求，"
                   f"向{rng.choice(REGULATORS)}备案了召回计划，决定自{start.year}年{start.month}月{start.day}日起，"
                   f"召回{scope}，{units}。")
        label = {"kind": "cn-recall-notices", "vehicle": [v.make, v.model, v.year], "system": d.system,
                 "symptoms": d.symptoms, "filer": enterprise_id(name=n["producer"]), "units": str(n["units"]),
                 "produced": f"{n['b1'].isoformat()}|{n['b2'].isoformat()}", "start": start.isoformat(),
                 "ota": "true" if ota else "false"}
        return {"opening": opening, "remedy": remedy, "defect": f"本次召回范围内部分车辆{n['defect_text']}",
                "label": label, "clean_opening": opening.replace(noise, "") if noise else opening}

    def notices(self) -> None:
        made = self.gen.made["notices"]
        chosen = [n for n in made if self.rng.random() < 0.8]
        jsonl, rss, digest = [], [], []
        for i, n in enumerate(chosen):
            f = self._facts(n)
            shape = self.rng.choice(["jsonl", "rss", "html_dprc", "html_news", "digest"])
            number = f"\n召回编号：{n['number']}" if n["number"] else ""
            if shape == "jsonl":
                rid = f"feed-{i:04d}"
                body = f"{f['opening']}{f['defect']}{f['remedy']}{number}"
                if self.rng.random() < 0.5:
                    body = "&nbsp;&nbsp;" + body.replace("\n", "<br/>")
                when = n["when"]
                jsonl.append({"id": rid, "title": n["title"], "content": body, "source": "国家市场监督管理总局",
                              "time": when.isoformat() if self.rng.random() < 0.6 else f"{when.month:02d}-{when.day:02d}"})
                self.label({**f["label"], "match": f"notices_feed.jsonl#{rid}"})
            elif shape == "rss":
                rid = f"https://example.invalid/qczh/t{n['when']:%Y%m%d}_{i:06d}.html"
                rss.append((rid, n, f"<p>{f['opening']}</p><p>{f['defect']}</p><p>{f['remedy']}</p>"
                                    + (f"<p>{number.strip()}</p>" if number else "")))
                self.label({**f["label"], "match": f"notices_feed.rss.xml#{rid}"})
            elif shape.startswith("html"):
                name = f"notice_{i:04d}.html"
                self.w.file("cn-recall-notices", f"pages/{name}").write(self._page(n, f, shape, number))
                self.label({**f["label"], "match": f"{name}#page"})
            else:
                digest.append((n, f, number))
            self.count("cn-recall-notices")
        if jsonl:
            fh = self.w.file("cn-recall-notices", "notices_feed.jsonl")
            for obj in jsonl:  # one notice a line: four of them once became one recall
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        if rss:
            fh = self.w.file("cn-recall-notices", "notices_feed.rss.xml")
            fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>汽车召回</title>\n')
            for rid, n, html in rss:
                fh.write(f"<item><title>{n['title']}</title><link>{rid}</link><guid>{rid}</guid>"
                         f"<pubDate>{n['when']:%a, %d %b %Y} 09:00:00 +0800</pubDate>"
                         f"<description><![CDATA[{html}]]></description></item>\n")
            fh.write("</channel></rss>\n")
        if digest:
            # lead paragraphs one after another, without headings (an aggregator's digest)
            fh = self.w.file("cn-recall-notices", "notices_digest.txt", encoding="gb18030")
            for _n, f, number in digest:
                fh.write(f"{f['opening']}{f['defect']}{f['remedy']}{number}\n\n")
            for _n, f, number in digest:  # matched by its text as stored (link labels removed), as the originals are
                text = f"{f['clean_opening']}{f['defect']}{f['remedy']}{number}"
                self.label({**f["label"], "match": "sha:" + stable_id(text)})

    def _page(self, n: dict[str, Any], f: dict[str, Any], shape: str, number: str) -> str:
        title = n["title"]
        if shape == "html_dprc":
            label = f["label"]
            b1, b2 = label["produced"].split("|")
            rows = [("生产者名称", n["producer"]), ("召回实施时间", label["start"]),
                    ("召回车辆总数量", f"{int(label['units']):,}辆"),
                    ("召回范围", f"{b1}至{b2}期间生产的部分{n['vehicle'].year}款{n['vehicle'].zh_model}汽车。"),
                    ("缺陷描述", n["defect_text"]), ("召回维修措施", f["remedy"])]
            table = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
            return (f"<html><head><meta charset='utf-8'><title>{title}_缺陷产品召回技术中心</title></head><body>"
                    f"<div class='nav'>首页 &gt; 汽车召回 &gt; 召回公告</div><div class='show_tit'>{title}</div>"
                    f"<div class='show_tit2'>发布时间：{n['when'].isoformat()}</div><div class='TRS_Editor'>"
                    f"<p>&nbsp;&nbsp;近日，{n['producer']}根据《缺陷汽车产品召回管理条例》的要求，向国家市场监督管理总局"
                    f"备案了召回计划。</p><table>{table}</table>"
                    + (f"<p>{number.strip()}</p>" if number else "")
                    + "<p>用户可拨打热线电话咨询。</p></div><div class='footer'>版权所有</div></body></html>")
        return (f"<html><head><title>{title} - 示例汽车网</title><script>var x='召回';</script></head><body>"
                f"<nav>首页 新车 召回</nav><article class='article-content'><h1>{title}</h1>"
                f"<div class='pub-time'>{n['when']:%Y年%m月%d日} 10:00</div><p>{f['opening']}</p>"
                f"<h3>召回原因</h3><p>{f['defect']}</p><h3>{self.rng.choice(['处置措施', '维修措施', '解决办法'])}</h3>"
                f"<p>{f['remedy']}</p>" + (f"<p>{number.strip()}</p>" if number else "")
                + "<p>责任编辑：示例</p></article><footer>示例汽车网</footer></body></html>")

    # --- NHTSA bulletins -------------------------------------------------------------------------------
    def bulletins(self) -> None:
        made = self.gen.made["bulletins"]
        txt = self.w.file("nhtsa-tsbs", "TSBS_RECEIVED_2015-2024.txt", newline="\n")
        short = [b for b in made if self.rng.random() < 0.15]
        for b in made:
            if self.rng.random() > 0.5:
                continue
            v = b["vehicle"]
            kind = self.rng.choice(["Service Bulletin/Repair Instructions", "Service Campaign",
                                    "Warranty Program / Extension", "Over The Air"])
            campaign = f"C{self.rng.randint(100, 999)}" if self.rng.random() < 0.1 else ""
            added = b["when"] + timedelta(days=10)
            row = [b["nid"], "", _ymd(added), b["bulno"], _ymd(b["when"]), campaign, kind, v.make, v.model,
                   str(v.year), b["path"], "BODY" if self.rng.random() < 0.05 else "", "", b["summary"]]
            txt.write("\t".join(row) + "\n")
            self.count("nhtsa-tsbs")
            rid = ":".join([b["nid"], b["bulno"], v.make, v.model, str(v.year), b["path"]])
            self.label({"kind": "nhtsa-tsbs", "match": f"TSBS_RECEIVED_2015-2024.txt#{rid}",
                        "vehicle": [v.make, v.model, v.year], "system": b["path"].split(":", 1)[0]})
        if short:
            fh = self.w.file("nhtsa-tsbs", "MFR_COMMS_RECEIVED_2015-2024.csv", newline="")
            header = "TSB/Document ID,Make,Model,Model Year,Concise Summary\r\n"
            fh.write("\ufeff" + header)
            for k, b in enumerate(short):
                v = b["vehicle"]
                years = sorted({v.year, v.year + 1}) if self.rng.random() < 0.3 else [v.year]
                year_cell = ",".join(str(y) for y in years)
                summary = b["summary"].replace('"', '""')
                fh.write(f'{b["nid"]},{v.make},"{v.model}","{year_cell}","{summary}"\r\n')
                if k and k % 25 == 0:
                    fh.write(header)  # the header repeats inside the real file
                self.count("nhtsa-tsbs")
                rid = ":".join([b["nid"], "", v.make, v.model, year_cell, ""])
                self.label({"kind": "nhtsa-tsbs", "match": f"MFR_COMMS_RECEIVED_2015-2024.csv#{rid}",
                            "vehicles": [[v.make, v.model, y] for y in years]})

    # --- NHTSA recalls, the current layout ------------------------------------------------------------
    def recalls(self) -> None:
        fh = self.w.file("nhtsa-recalls", "FLAT_RCL_POST_2010.txt", newline="\r\n")
        for r in self.gen.made["recalls"]:
            if self.rng.random() > 0.5:
                continue
            v, d, cols = r["vehicle"], r["defect"], list(r["cols"])
            fire = d.system in ("FUEL/PROPULSION SYSTEM", "ELECTRICAL SYSTEM") and self.rng.random() < 0.6
            dnd = d.system == "AIR BAGS" and self.rng.random() < 0.6
            cols += [""] * (27 - len(cols)) + ["Yes" if dnd else "No", "Yes" if fire else "No"]
            fh.write("\t".join(str(c) for c in cols) + "\r\n")
            self.count("nhtsa-recalls")
            rid = f"{d.campno}:{v.make}:{v.model}:{v.year}:{d.path}"
            self.label({"kind": "nhtsa-recalls", "match": f"FLAT_RCL_POST_2010.txt#{rid}",
                        "vehicle": [v.make, v.model, v.year], "system": d.system, "supplier": d.supplier or None,
                        "advisory": [a for a, on in (("do_not_drive", dnd), ("park_outside", fire)) if on]})

    # --- NHTSA complaints, the older multi-row layout --------------------------------------------------
    def complaints(self) -> None:
        """Complaints on older model years naming several components: one row per component, with the rows
        of a complaint scattered among others' as the older file has them."""
        rng = self.rng
        makes = sorted({v.make for v in (r["vehicle"] for r in self.gen.made["recalls"])})
        models = {}
        for r in self.gen.made["recalls"]:
            models.setdefault(r["vehicle"].make, r["vehicle"].model)
        rows: list[tuple[int, int, list[str]]] = []  # (place in the file, order made, fields)
        labels: list[dict[str, Any]] = []
        odino = 900_000
        for k in range(60 if makes else 0):
            make = rng.choice(makes)
            year = rng.choice(list(OLD_YEARS))
            odino += rng.randint(1, 5)
            systems = rng.sample(list(PATHS), k=rng.choice((1, 2, 2, 3)))
            received = date(year + 1, 1, 1) + timedelta(days=rng.randint(0, 700))
            narrative = (f"THE CONTACT OWNS A {year} {make} {models[make]}. THE "
                         + " AND THE ".join(SYSTEMS[s][0][0] for s in systems) + " FAILED.")
            label_rows = []
            for s in systems:
                path = rng.choice(PATHS[s])
                fail = received - timedelta(days=rng.randint(0, 400))
                cols = [str(odino * 10 + len(label_rows)), str(odino), "EXAMPLE MOTOR CO", make, models[make],
                        str(year), "N", _ymd(fail), "N", "0", "0", path, "", "", "", _ymd(received), _ymd(received),
                        str(rng.randint(1000, 150000)), "1", narrative]
                cols += [""] * (48 - len(cols))  # the older 48-field layout
                cols[45] = "V"
                rows.append((k * 3 + rng.randint(0, 12), len(rows), cols))  # scattered a few rows apart
                label_rows.append(f"{component_path(path)}|{fail.isoformat()}")
            labels.append({"kind": "nhtsa-complaints", "odino": str(odino), "vehicle": [make, models[make], year],
                           "systems": systems, "rows": label_rows})
        rows.sort(key=lambda r: (r[0], r[1]))
        first: dict[str, str] = {}
        fh = self.w.file("nhtsa-complaints", "COMPLAINTS_RECEIVED_1996-2001.txt", newline="\r\n")
        for _, _, cols in rows:
            fh.write("\t".join(cols) + "\r\n")
            first.setdefault(cols[1], f"{cols[1]}:{cols[11].strip()}")  # the record keeps its first row's id
        for row in labels:
            self.label({**{k: v for k, v in row.items() if k != "odino"},
                        "match": f"COMPLAINTS_RECEIVED_1996-2001.txt#{first[row['odino']]}"})
        self.count("nhtsa-complaints", len(rows))
