"""The lawyer generator's population: firms (with branches and name variants), lawyers (with name
collisions and moves between firms), US counsel, courts and judges."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from datagen.lawyers import vocab as V
from extraction.lawyers.ids import firm_key, firm_parts


@dataclass
class Firm:
    name: str  # as registered
    variants: list[str]  # as judgments print it
    city: str
    kind: str  # 律师事务所 | 法律服务所
    jurisdiction: str = "CN"

    @property
    def key(self) -> str:
        return firm_key(self.name)


@dataclass
class Stint:
    firm: Firm
    since: date
    until: date | None


@dataclass
class Lawyer:
    name: str
    gender: str
    license_no: str
    title: str
    stints: list[Stint] = field(default_factory=list)
    city: str = ""

    def firm_at(self, when: date) -> Firm | None:
        for s in self.stints:
            if s.since <= when and (s.until is None or when < s.until):
                return s.firm
        return None


def person_name(rng: random.Random, party: bool = False) -> str:
    """A public person's name (lawyer, judge, legal representative), or with `party` a private one."""
    surname = rng.choice(V.COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(V.SURNAMES)
    if party:
        return surname + "".join(rng.choice(V.PARTY_GIVEN) for _ in range(2))
    return surname + "".join(rng.choice(V.GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _core(rng: random.Random, used: set[str]) -> str:
    while True:
        core = "".join(rng.sample(V.FIRM_SYLLABLES, 2))
        probe = f"北京市{core}律师事务所"
        if core not in used and firm_parts(probe)[0] == core and firm_parts(core + "律师事务所")[0] == core:
            used.add(core)
            return core


def make_firms(rng: random.Random, n: int) -> list[Firm]:
    used: set[str] = set()
    firms: list[Firm] = []
    for i in range(n):
        full, short, _, cities = rng.choice(V.PROVINCES)
        core = _core(rng, used)
        city = cities[0]
        if i % 9 == 8:  # a legal service office (法律服务所) of legal workers
            name = f"{rng.choice(cities)}市{core}法律服务所"
            firms.append(Firm(name, [name, name.replace("市", "", 1)], city, "法律服务所"))
            continue
        name = f"{full}{core}律师事务所"
        firms.append(Firm(name, [name, f"{short}{core}律师事务所", f"{core}律师事务所"], city, "律师事务所"))
        if i % 5 == 0:  # a branch office in another province's city
            other = rng.choice([p for p in V.PROVINCES if p[0] != full])
            bcity = other[3][0]
            bname = f"{short}{core}（{bcity}）律师事务所"
            firms.append(Firm(bname, [bname, f"{full}{core}律师事务所{bcity}分所"], bcity, "律师事务所"))
    return firms


def _license(rng: random.Random, year: int, gender: str, used: set[str]) -> str:
    while True:
        lic = f"1{rng.randint(1100, 6599)}{year}{1 if gender == '男' else 2}{rng.randint(0, 9999999):07d}"
        if lic not in used:
            used.add(lic)
            return lic


def make_lawyers(rng: random.Random, n: int, firms: list[Firm]) -> tuple[list[Lawyer], list[dict]]:
    """Lawyers, and the planted cases the resolution must get right (collisions, moves)."""
    lawyers: list[Lawyer] = []
    at_firm: set[tuple[str, str]] = set()
    used: set[str] = set()
    planted: list[dict] = []
    for _ in range(n):
        collide = len(lawyers) % 15 == 7  # every 15th lawyer shares an earlier lawyer's name
        name = rng.choice(lawyers).name if collide else person_name(rng)
        gender = rng.choice("男女")
        start = date(rng.randint(2003, 2016), rng.randint(1, 12), rng.randint(1, 28))
        # one name twice at one firm cannot be told apart by anyone: the namesake is at another firm
        first = next((f for f in (rng.choice(firms) for _ in range(30)) if (name, f.key) not in at_firm), None)
        if first is None:
            continue
        title = "法律工作者" if first.kind == "法律服务所" else ("实习律师" if rng.random() < 0.08 else "律师")
        lawyer = Lawyer(name, gender, _license(rng, start.year, gender, used), title, city=first.city)
        if rng.random() < 0.15:  # moves firm once
            move = date(rng.randint(start.year + 1, 2021), rng.randint(1, 12), 1)
            second = rng.choice([f for f in firms if f.key != first.key and f.kind == first.kind] or [first])
            if second.key != first.key and (name, second.key) not in at_firm:
                lawyer.stints = [Stint(first, start, move), Stint(second, move, None)]
                at_firm.add((name, second.key))
                planted.append({"kind": "moved", "license": lawyer.license_no, "name": name,
                                "firms": [first.key, second.key], "moved": move.isoformat()})
        if not lawyer.stints:
            lawyer.stints = [Stint(first, start, None)]
        at_firm.add((name, first.key))
        if collide:
            planted.append({"kind": "name_collision", "name": name, "license": lawyer.license_no,
                            "firm": first.key})
        lawyers.append(lawyer)
    return lawyers, planted


@dataclass
class UsCounsel:
    name: str
    firm: str  # "" for a solo counsel
    city: tuple[str, str]


def make_us_counsel(rng: random.Random, n_firms: int, n: int) -> list[UsCounsel]:
    firms = []
    for _ in range(n_firms):
        a, b = rng.sample(V.US_LAST, 2)
        firms.append(rng.choice([f"{a} & {b} {rng.choice(V.US_FIRM_FORMS)}", f"{a}, {b} & {rng.choice(V.US_LAST)}"]))
    out, seen = [], set()
    while len(out) < n:
        name = f"{rng.choice(V.US_FIRST)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(V.US_LAST)}"
        if rng.random() < 0.1:  # "Thomas W. Thagard, III"
            name += ", " + rng.choice(V.US_SUFFIXES)
        if name in seen:
            continue
        seen.add(name)
        out.append(UsCounsel(name, rng.choice(firms) if rng.random() < 0.8 else "", rng.choice(V.US_CITIES)))
    return out


def judges_for(rng: random.Random) -> dict[str, list[str]]:
    return {court: [person_name(rng) for _ in range(4)] for court, _, _ in V.COURTS}
