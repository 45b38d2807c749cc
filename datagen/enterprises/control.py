"""Planted ownership structures for the controller computation (reasoning/enterprises/control.py), with
the answer each should give written to truth/enterprises/control.jsonl.

Drawn after every other planted structure, so the ids of the enterprises planted before them do not
move. Chinese cases go into the register (JSON form, holders with codes or masked ID numbers so that
one holder is one node across records); UK cases into the company file and the PSC snapshot, with
corporate PSCs. Templates (shares are fractions; "->" reads "holds"):

  chain    P -80%-> A -70%-> B -60%-> C -90%-> T; small holders on the way. P controls T through three
           companies it controls although U (40% of C) has the larger effective share: concealed control.
  diamond  P holds 40% of A and of B, which hold 30% of T each; the rest is spread. Nobody controls:
           P, with the largest effective share (two paths), is the suspected actual controller.
  cycle    A -30%-> B -30%-> C -20%-> A (circular); Q holds 70% of B, which holds 60% of T: Q controls T.
  parent   C (no shareholders on record) -80%-> B -60%-> T: C is the controlling parent, its legal
           representative L the suspected actual controller.
  uk-board UK: T <-75-to-100- H, whose PSCs P (25-to-50, right to appoint and remove directors) and Q
           (25-to-50): P is the suspected actual controller by board control.
  uk-chain UK: T <-75-to-100- H <-75-to-100 (votes too)- P: P controls T.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datagen.enterprises.vocab import INDUSTRIES, SHELL_INDUSTRIES, UK_TRADES
from datagen.enterprises.writer import CNWriter, Ent, Person

if TYPE_CHECKING:
    from datagen.enterprises.generate import World
    from datagen.enterprises.uk import UKWriter

CN_TEMPLATES = ("chain", "diamond", "cycle", "parent")
UK_TEMPLATES = ("uk-board", "uk-chain")


@dataclass
class Case:
    """One planted structure: its enterprises by role letter, its people by role letter, the answer."""

    name: str
    template: str
    ents: dict[str, Ent] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)


def _person(w: World, used: set[str]) -> Person:
    while True:  # names unique within a case, so the truth can name people
        p = w.person(with_id=True)
        if p.name not in used:
            used.add(p.name)
            return p


def _ent(w: World, division: str, rep: Person, founded: date, shell: bool) -> Ent:
    rng = w.rng
    word, section, scope = rng.choice(SHELL_INDUSTRIES if shell else INDUSTRIES)
    capital = rng.choice((1000, 2000, 5000))
    return Ent(code=w.uscc(division), name=w.name(division, word), founded=founded, division=division,
               address=w.address(division), phone=w.landline(), email=f"office{rng.randint(1, 99999)}@example.cn",
               legal_rep=rep, officers=[(rep, "执行董事兼总经理")], holders=[], capital=capital,
               paid=float(capital), scope=scope, industry=section, legal_form="其他有限责任公司", status="存续",
               kind="control")


def _share(person: str, value: float) -> dict[str, Any]:
    return {"kind": "person", "name": person, "share": round(value, 6)}


def _cn_case(w: World, cn: CNWriter, template: str, number: int) -> dict[str, Any]:
    rng = w.rng
    division = rng.choice(w.districts).code
    used: set[str] = set()
    ppl = {k: _person(w, used) for k in "PQRSUXYZWL"}
    founded = w.day(date(2013, 1, 1), date(2020, 1, 1))

    def ent(days: int, rep: str, shell: bool = False) -> Ent:
        return _ent(w, division, ppl[rep], founded + timedelta(days=days), shell)

    truth: dict[str, Any] = {"case": f"{template}-{number}", "template": template}
    if template == "chain":
        a, b, c, t = ent(0, "P"), ent(30, "S"), ent(60, "U"), ent(90, "Q", shell=True)
        a.holders = [(ppl["P"], 0.8), (ppl["R"], 0.2)]
        b.holders, b.corporate_holders = [(ppl["S"], 0.3)], [(a, 0.7)]
        c.holders, c.corporate_holders = [(ppl["U"], 0.4)], [(b, 0.6)]
        t.holders, t.corporate_holders = [(ppl["Q"], 0.1)], [(c, 0.9)]
        order = [a, b, c, t]
        truth.update(controller={"kind": "person", "name": ppl["P"].name, "suspected": False, "basis": "majority"},
                     effective=[_share(ppl["P"].name, .8 * .7 * .6 * .9), _share(ppl["U"].name, .4 * .9),
                                _share(ppl["S"].name, .3 * .6 * .9), _share(ppl["R"].name, .2 * .7 * .6 * .9),
                                _share(ppl["Q"].name, .1)],
                     beneficial_owners=sorted([ppl["P"].name, ppl["U"].name]), layers=3, cycle=None,
                     concealed=True)
    elif template == "diamond":
        a, b, t = ent(0, "X"), ent(10, "Z"), ent(60, "Q", shell=True)
        a.holders = [(ppl["P"], 0.4), (ppl["X"], 0.35), (ppl["Y"], 0.25)]
        b.holders = [(ppl["P"], 0.4), (ppl["Z"], 0.35), (ppl["W"], 0.25)]
        t.holders, t.corporate_holders = [(ppl["Q"], 0.2), (ppl["S"], 0.2)], [(a, 0.3), (b, 0.3)]
        order = [a, b, t]
        truth.update(controller={"kind": "person", "name": ppl["P"].name, "suspected": True,
                                 "basis": "largest_effective_share"},
                     effective=[_share(ppl["P"].name, 2 * .4 * .3), _share(ppl["Q"].name, .2),
                                _share(ppl["S"].name, .2), _share(ppl["X"].name, .35 * .3),
                                _share(ppl["Z"].name, .35 * .3), _share(ppl["Y"].name, .25 * .3),
                                _share(ppl["W"].name, .25 * .3)],
                     paths={ppl["P"].name: 2}, beneficial_owners=[], layers=1, cycle=None, concealed=True)
    elif template == "cycle":
        a, b, c, t = ent(0, "P"), ent(5, "Q"), ent(10, "R"), ent(60, "S", shell=True)
        a.holders, a.corporate_holders = [(ppl["P"], 0.8)], [(c, 0.2)]
        b.holders, b.corporate_holders = [(ppl["Q"], 0.7)], [(a, 0.3)]
        c.holders, c.corporate_holders = [(ppl["R"], 0.7)], [(b, 0.3)]
        t.holders, t.corporate_holders = [(ppl["S"], 0.4)], [(b, 0.6)]
        order = [a, b, c, t]  # c is named by a before it is written: its code must not change (no typo)
        truth.update(controller={"kind": "person", "name": ppl["Q"].name, "suspected": False, "basis": "majority"},
                     effective=[_share(ppl["Q"].name, .7 * .6), _share(ppl["S"].name, .4),
                                _share(ppl["P"].name, .8 * .3 * .6), _share(ppl["R"].name, .7 * .2 * .3 * .6)],
                     beneficial_owners=sorted([ppl["Q"].name, ppl["S"].name]), layers=1,
                     cycle=sorted([a.id, b.id, c.id]), concealed=True)
    else:  # parent
        c, b, t = ent(0, "L"), ent(30, "U"), ent(90, "Q", shell=True)
        c.officers = [(ppl["L"], "董事长"), (ppl["X"], "监事")]
        b.holders, b.corporate_holders = [(ppl["U"], 0.2)], [(c, 0.8)]
        t.holders, t.corporate_holders = [(ppl["Q"], 0.4)], [(b, 0.6)]
        order = [c, b, t]
        truth.update(controller={"kind": "person", "name": ppl["L"].name, "suspected": True,
                                 "basis": "legal_rep_of_parent", "parent": c.id},
                     effective=[{"kind": "enterprise", "id": c.id, "share": round(.8 * .6, 6)},
                                _share(ppl["Q"].name, .4), _share(ppl["U"].name, .2 * .6)],
                     beneficial_owners=sorted([ppl["Q"].name]), layers=2, cycle=None, concealed=True)
    for e in order:
        cn.enterprise(e)
    truth.update(target=order[-1].id, target_name=order[-1].name, enterprises=[e.id for e in order])
    return truth


def _uk_case(uk: UKWriter, template: str, number: int) -> dict[str, Any]:
    rng = uk.rng
    founded = date(2014, 1, 1) + timedelta(days=rng.randint(0, 2500))
    people = {k: uk._person() for k in "PQ"}
    while people["Q"]["surname"] == people["P"]["surname"]:
        people["Q"] = uk._person()

    def name(p: dict[str, Any]) -> str:
        return f"{p['forename']} {p['surname']}".upper()

    if template == "uk-board":
        holder = uk.company(founded, uk._address(), rng.choice(UK_TRADES), [
            (people["P"], ["ownership-of-shares-25-to-50-percent", "right-to-appoint-and-remove-directors"]),
            (people["Q"], ["ownership-of-shares-25-to-50-percent"])])
        target = uk.company(founded + timedelta(days=40), uk._address(), rng.choice(UK_TRADES), [])
        uk.corporate_psc(target, holder, ["ownership-of-shares-75-to-100-percent"], founded + timedelta(days=40))
        truth = {"controller": {"kind": "person", "name": name(people["P"]), "suspected": True,
                                "basis": "board_control"},
                 "effective": [_share(name(people["P"]), .75 * .25), _share(name(people["Q"]), .75 * .25)],
                 "beneficial_owners": [], "layers": 1, "cycle": None, "concealed": True}
    else:
        holder = uk.company(founded, uk._address(), rng.choice(UK_TRADES), [
            (people["P"], ["ownership-of-shares-75-to-100-percent", "voting-rights-75-to-100-percent"])])
        target = uk.company(founded + timedelta(days=40), uk._address(), rng.choice(UK_TRADES), [])
        uk.corporate_psc(target, holder, ["ownership-of-shares-75-to-100-percent",
                                          "voting-rights-75-to-100-percent"], founded + timedelta(days=40))
        truth = {"controller": {"kind": "person", "name": name(people["P"]), "suspected": False, "basis": "majority"},
                 "effective": [_share(name(people["P"]), .75 * .75)], "beneficial_owners": [name(people["P"])],
                 "layers": 1, "cycle": None, "concealed": True}
    return {"case": f"{template}-{number}", "template": template, **truth, "target": target,
            "enterprises": [holder, target]}


def plant_cn(w: World, cn: CNWriter, per_template: int) -> list[dict[str, Any]]:
    return [_cn_case(w, cn, template, n + 1) for n in range(per_template) for template in CN_TEMPLATES]


def plant_uk(uk: UKWriter, per_template: int) -> list[dict[str, Any]]:
    return [_uk_case(uk, template, n + 1) for n in range(per_template) for template in UK_TEMPLATES]


def write_truth(truth_dir: Path, cases: list[dict[str, Any]]) -> None:
    with (truth_dir / "control.jsonl").open("w", encoding="utf-8") as fh:
        for case in cases:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
