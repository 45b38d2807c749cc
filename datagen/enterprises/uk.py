"""Writers of the UK files: Basic Company Data CSV (55 columns, leading-space headers, DD/MM/YYYY) and the
PSC snapshot (JSON lines), with formation-agent rings planted among ordinary companies."""

from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from datagen.enterprises.vocab import UK_FIRST, UK_SURNAMES, UK_TOWNS, UK_TRADES, UK_WORDS

COLUMNS = (["CompanyName", " CompanyNumber", "RegAddress.CareOf", "RegAddress.POBox", "RegAddress.AddressLine1",
            " RegAddress.AddressLine2", "RegAddress.PostTown", "RegAddress.County", "RegAddress.Country",
            "RegAddress.PostCode", "CompanyCategory", "CompanyStatus", "CountryOfOrigin", "DissolutionDate",
            "IncorporationDate", "Accounts.AccountRefDay", "Accounts.AccountRefMonth", "Accounts.NextDueDate",
            "Accounts.LastMadeUpDate", "Accounts.AccountCategory", "Returns.NextDueDate", "Returns.LastMadeUpDate",
            "Mortgages.NumMortCharges", "Mortgages.NumMortOutstanding", "Mortgages.NumMortPartSatisfied",
            "Mortgages.NumMortSatisfied", "SICCode.SicText_1", "SICCode.SicText_2", "SICCode.SicText_3",
            "SICCode.SicText_4", "LimitedPartnerships.NumGenPartners", "LimitedPartnerships.NumLimPartners", "URI"]
           + [c for i in range(1, 11) for c in (f"PreviousName_{i}.CONDATE", f" PreviousName_{i}.CompanyName")]
           + ["ConfStmtNextDueDate", "ConfStmtLastMadeUpDate"])


class UKWriter:
    def __init__(self, out: Path, rng: random.Random, truth_dir: Path) -> None:
        self.out, self.rng, self.truth_dir = out, rng, truth_dir
        self.numbers: set[str] = set()
        self.names: set[str] = set()
        self.verdicts: list[dict[str, Any]] = []
        self.counts = {"uk_companies": 0, "uk_psc": 0}
        self.company_names: dict[str, str] = {}  # id -> name, for corporate PSCs naming a company

    def __enter__(self) -> UKWriter:
        (self.out / "uk-companies").mkdir(parents=True, exist_ok=True)
        (self.out / "uk-psc").mkdir(parents=True, exist_ok=True)
        self.f_csv = (self.out / "uk-companies" / "BasicCompanyData-part1.csv").open("w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.f_csv, quoting=csv.QUOTE_ALL)
        self.csv.writerow(COLUMNS)
        self.f_psc = (self.out / "uk-psc" / "psc-snapshot.jsonl").open("w", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        self.f_csv.close()
        self.f_psc.close()

    def _number(self) -> str:
        while True:
            n = f"{self.rng.randint(1, 15_999_999):08d}" if self.rng.random() < 0.85 else f"SC{self.rng.randint(1, 999_999):06d}"
            if n not in self.numbers:
                self.numbers.add(n)
                return n

    def _name(self, trade: str) -> str:
        for attempt in range(20):
            name = f"{self.rng.choice(UK_WORDS)} {self.rng.choice(UK_WORDS)} {trade}"
            if attempt >= 5:  # the word pairs run out at large scales: number the name as firms do
                name += f" {self.rng.randint(2, 99_999)}"
            name = f"{name} Ltd".upper()
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("no unused UK company name found")

    def _person(self) -> dict[str, Any]:
        return {"forename": self.rng.choice(UK_FIRST), "surname": self.rng.choice(UK_SURNAMES),
                "year": self.rng.randint(1950, 1998), "month": self.rng.randint(1, 12)}

    def company(self, incorporated: date, address: tuple[str, str, str], trade: tuple[str, str],
                psc: list[tuple[dict[str, Any], str | list[str]]]) -> str:
        """Writes the company and its individual PSCs (an ownership band such as '75-to-100', or the
        natures of control in full); returns its id."""
        number = self._number()
        name = self._name(trade[0])
        row = dict.fromkeys(COLUMNS, "")
        written_number = number.lstrip("0") if self.rng.random() < 0.05 else number  # spreadsheet damage
        row.update({"CompanyName": name, " CompanyNumber": written_number, "RegAddress.AddressLine1": address[0],
                    "RegAddress.PostTown": address[1].upper(), "RegAddress.Country": "ENGLAND",
                    "RegAddress.PostCode": address[2], "CompanyCategory": "Private Limited Company",
                    "CompanyStatus": "Active", "CountryOfOrigin": "United Kingdom",
                    "IncorporationDate": incorporated.strftime("%d/%m/%Y"), "SICCode.SicText_1": trade[1],
                    "SICCode.SicText_2": "None Supplied", "URI": f"http://business.data.gov.uk/id/company/{number}"})
        self.csv.writerow([row[c] for c in COLUMNS])
        self.counts["uk_companies"] += 1
        self.company_names[f"UK:{number}"] = name
        for person, band in psc:
            data = {"kind": "individual-person-with-significant-control",
                    "name": f"{person['forename']} {person['surname']}".upper(),
                    "name_elements": {"forename": person["forename"], "surname": person["surname"]},
                    "date_of_birth": {"year": person["year"], "month": person["month"]},
                    "nationality": "British", "country_of_residence": "England",
                    "natures_of_control": band if isinstance(band, list) else [f"ownership-of-shares-{band}-percent"],
                    "notified_on": incorporated.isoformat(),
                    "address": {"address_line_1": address[0], "locality": address[1], "postal_code": address[2]},
                    "links": {"self": f"/company/{number}/persons-with-significant-control/individual/"
                                      f"{self.rng.getrandbits(40):x}"}}
            self.f_psc.write(json.dumps({"company_number": number, "data": data}) + "\n")
            self.counts["uk_psc"] += 1
        return f"UK:{number}"

    def corporate_psc(self, company: str, holder: str, natures: list[str], notified: date) -> None:
        """A company (UK:<number>) registered in England as a PSC of another."""
        data = {"kind": "corporate-entity-person-with-significant-control", "name": self.company_names[holder],
                "identification": {"registration_number": holder.removeprefix("UK:"),
                                   "country_registered": "England", "place_registered": "Companies House",
                                   "legal_authority": "Companies Act 2006", "legal_form": "Private Limited Company"},
                "natures_of_control": natures, "notified_on": notified.isoformat(),
                "links": {"self": f"/company/{company.removeprefix('UK:')}/persons-with-significant-control/"
                                  f"corporate-entity/{self.rng.getrandbits(40):x}"}}
        self.f_psc.write(json.dumps({"company_number": company.removeprefix("UK:"), "data": data}) + "\n")
        self.counts["uk_psc"] += 1

    def _address(self) -> tuple[str, str, str]:
        town, area, street = self.rng.choice(UK_TOWNS)
        return (f"{self.rng.randint(1, 300)} {street}", town, f"{area} {self.rng.randint(1, 9)}{chr(65 + self.rng.randint(0, 25))}{chr(65 + self.rng.randint(0, 25))}")

    def generate(self, n_ordinary: int, n_rings: int) -> dict[str, Any]:
        rng = self.rng
        for _ in range(n_ordinary):
            founded = date(2010, 1, 1) + timedelta(days=rng.randint(0, 5000))
            owner = self._person()
            cid = self.company(founded, self._address(), rng.choice(UK_TRADES), [(owner, "75-to-100")])
            if rng.random() < 0.05:
                self.verdicts.append({"enterprise_id": cid, "verdict": "cleared",
                                      "date": (founded + timedelta(days=rng.randint(200, 2000))).isoformat()[:10],
                                      "reason": "reviewed, no concern"})
        rings = []
        for ring_no in range(n_rings):
            address = self._address()
            nominees = [self._person() for _ in range(2)]
            start = date(2016, 1, 1) + timedelta(days=rng.randint(0, 2800))
            members = []
            for _ in range(rng.randint(6, 12)):
                cid = self.company(start + timedelta(days=rng.randint(0, 30)), address, UK_TRADES[5],
                                   [(rng.choice(nominees), "75-to-100")])
                members.append(cid)
                if rng.random() < 0.6:
                    self.verdicts.append({"enterprise_id": cid, "verdict": "shell",
                                          "date": (start + timedelta(days=rng.randint(200, 700))).isoformat(),
                                          "reason": "formation-agent shell"})
            rings.append({"ring": f"uk-ring-{ring_no + 1}", "members": members, "address": ", ".join(address)})
        self.f_psc.write(json.dumps({"company_number": rings[0]["members"][0][3:] if rings else "00000001",
                                     "data": {"kind": "persons-with-significant-control-statement",
                                              "statement": "no-individual-or-entity-with-signficant-control"}}) + "\n")
        return {"rings": rings}
