"""Shared pieces of the vehicle extractors: reading NHTSA flat files, parsing their values, and
building the vehicle, manufacturer, component and symptom facts every vehicle source produces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, BinaryIO

from core.errors import RecordRejected
from core.textio import decoded_lines
from extraction.common import facts as common
from extraction.common.dates import parse_date
from extraction.common.names import enterprise_id, fold
from extraction.vehicles.nlp import Findings
from extraction.vehicles.vocab import (
    component_chain,
    component_id,
    components,
    make_id,
    manufacturer_for,
    normalise_make,
    normalise_model,
    parse_year,
    symptoms,
    vehicle_id,
)
from graph.records import Document, RawRecord, Span
from graph.search import terms_for

if TYPE_CHECKING:
    pass

EXTRACTOR_VERSION = "1.0"
UNKNOWN_YEAR = "9999"
# A date of the NHTSA files (YYYYMMDD); 19010101 is what they write for "no date".
nhtsa_date = partial(parse_date, unknown=("1901-01-01",))


# --- flat files ------------------------------------------------------------------------------
@dataclass(frozen=True)
class FlatLayout:
    """A header-less TAB-separated NHTSA file: field names in file order and the column counts
    its published versions have had (shorter older layouts are padded)."""

    names: tuple[str, ...]
    counts: frozenset[int]


def _unquote(value: str) -> str:
    # Some re-published copies CSV-quote fields that contain '"' (doubling the inner quotes).
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        return value[1:-1].replace('""', '"')
    return value


def read_flat(layout: FlatLayout, file_name: str, stream: BinaryIO,
              key_fields: tuple[str, ...]) -> Iterator[RawRecord]:
    for line_no, text, error in decoded_lines(stream):
        record_id = f"line {line_no}"
        if error is not None:
            yield RawRecord(file_name, record_id, line_no, None, error)
            continue
        assert text is not None
        if not text.strip():
            continue
        text = text.replace("\x00", "")
        fields = [_unquote(f) for f in text.split("\t")]
        if len(fields) not in layout.counts:
            counts = "/".join(str(c) for c in sorted(layout.counts))
            yield RawRecord(file_name, record_id, line_no, None,
                            f"line {line_no} has {len(fields)} tab-separated fields; the layout has {counts}")
            continue
        fields += [""] * (len(layout.names) - len(fields))
        payload = {name: fields[i].strip() for i, name in enumerate(layout.names)}
        keys = [payload.get(k, "") for k in key_fields]
        if all(keys):
            record_id = ":".join(keys)
        yield RawRecord(file_name, record_id, line_no, payload)


def flag(value: str | None) -> bool | None:
    """Y / N (and the recall file's Yes / No) as a boolean; None when blank or anything else."""
    v = (value or "").strip().upper()
    return True if v in ("Y", "YES") else False if v in ("N", "NO") else None


# --- facts -------------------------------------------------------------------------------------
class Facts(common.Facts):
    """The facts of a vehicle document: each node once (mentioned again, it is added again only with
    the span of that mention); relationships dated by the document unless they give a date (None: no
    date), without None properties."""

    def __init__(self, document: Document, extractor: str) -> None:
        super().__init__(document, extractor, EXTRACTOR_VERSION)
        self._seen: set[tuple[str, str]] = set()

    def node(self, label: str, node_id: str, props: dict[str, Any] | None = None, *, span: Span | None = None,
             terms: list[str] | None = None, confidence: float = 1.0) -> str:
        if (label, node_id) not in self._seen or span is not None:
            self._seen.add((label, node_id))
            super().node(label, node_id, props, span=span, terms=terms, confidence=confidence)
        return node_id

    def rel(self, rel_type: str, start: common.NodeRef, end: common.NodeRef,
            props: dict[str, Any] | None = None, *, key: str = "", span: Span | None = None,
            confidence: float = 1.0) -> None:
        props = dict(props or {})
        props.setdefault("date", self.document.date)  # structural links pass date None: no date
        super().rel(rel_type, start, end, {k: v for k, v in props.items() if v is not None}, key=key, span=span,
                    confidence=confidence)

    # --- shared building blocks ----------------------------------------------------------------
    def vehicle(self, make_raw: str, model_raw: str, year_raw: str | int | None, *, lang: str = "en",
                manufacturer: str | None = None, span: Span | None = None) -> str:
        """Make, VehicleModel and manufacturer Enterprise; RecordRejected when the vehicle is unusable."""
        v = resolve_vehicle(make_raw, model_raw, year_raw, (manufacturer or "").strip(), lang)
        if isinstance(v, str):
            raise RecordRejected(v)
        mid = self.node("Make", v.make_id, {"name": v.make})
        vid = self.node("VehicleModel", v.id, {"make": v.make, "model": v.model, "year": v.year, "name": v.name},
                        span=span, terms=list(v.terms))
        self.rel("HAS_MODEL", ("Make", mid), ("VehicleModel", vid), {"date": None})
        if v.manufacturer_id:
            self.node("Enterprise", v.manufacturer_id, {"name": v.manufacturer}, terms=list(v.manufacturer_terms))
            self.rel("MANUFACTURES", ("Enterprise", v.manufacturer_id), ("Make", mid), {"date": None})
        return vid

    def component(self, path: str, span: Span | None = None) -> str:
        """The component and its ancestors (PART_OF chain); returns the component id."""
        chain = component_chain(path)
        known = components()
        for i, p in enumerate(chain):
            name_zh = known[p].zh[0] if p in known and known[p].zh else None
            self.node("Component", component_id(p),
                      {"path": p, "name": p.rsplit(":", 1)[-1], "system": chain[0], "level": i + 1,
                       "name_zh": name_zh},
                      span=span if p == path else None)
            if i:
                self.rel("PART_OF", ("Component", component_id(p)), ("Component", component_id(chain[i - 1])),
                         {"date": None})
        return component_id(path)

    def narrative(self, subject: tuple[str, str], found: Findings, offset: int = 0,
                  with_components: bool = False) -> None:
        """Symptoms (REPORTS), optionally components (CONCERNS), suppliers and platforms of a text."""
        table = symptoms()
        for sid, (s, e) in found.symptoms:
            node_id = self.node("Symptom", f"symptom:{sid}", {"name": table[sid]["name"], "key": sid,
                                                              "severe": bool(table[sid].get("severe"))})
            self.rel("REPORTS", subject, ("Symptom", node_id), span=(s + offset, e + offset), key=sid)
        if with_components:
            for path, (s, e) in found.components:
                cid = self.component(path, (s + offset, e + offset))
                self.rel("CONCERNS", subject, ("Component", cid), span=(s + offset, e + offset), key=cid)


@dataclass(frozen=True)
class ResolvedVehicle:
    make: str
    model: str
    year: int
    id: str
    make_id: str
    name: str
    terms: tuple[str, ...]
    manufacturer: str | None
    manufacturer_id: str | None
    manufacturer_terms: tuple[str, ...]


@lru_cache(maxsize=20_000)
def resolve_vehicle(make_raw: str, model_raw: str, year_raw: str | int | None, manufacturer: str,
                    lang: str) -> ResolvedVehicle | str:
    """The normalised vehicle of a record, or the reason it is unusable (cached: files repeat vehicles)."""
    make = normalise_make(make_raw)
    if not make:
        return "no vehicle make"
    model = normalise_model(make, model_raw)
    if not model:
        return f"no vehicle model for make {make}"
    year = year_raw if isinstance(year_raw, int) else parse_year(str(year_raw or ""))
    if year is None:
        return f"model year {str(year_raw or '').strip() or '(blank)'!r} unknown for {make} {model}"
    name = f"{make} {model} {year}"
    mfr = manufacturer or manufacturer_for(make, lang)
    eid = enterprise_id(name=mfr) if mfr and any(c.isalnum() for c in mfr) else None
    return ResolvedVehicle(make, model, year, vehicle_id(make, model, year), make_id(make), name,
                           tuple(terms_for(name)), fold(mfr) if eid and mfr else None, eid,
                           tuple(terms_for(mfr)) if eid and mfr else ())


def link_suppliers(facts: Facts, subject: tuple[str, str] | None, vehicles: list[str], systems: list[str],
                   found: Findings, offset: int) -> None:
    """A supplier named in the text supplies the document's component to its vehicles; a recall or
    investigation naming it also implicates it (the part at fault is the supplier's)."""
    for name, (s, e) in found.suppliers:
        try:
            eid = enterprise_id(name=name)
        except ValueError:
            continue
        span = (s + offset, e + offset)
        facts.node("Enterprise", eid, {"name": fold(name)}, span=span, terms=terms_for(name))
        if subject is not None:
            facts.rel("IMPLICATES", subject, ("Enterprise", eid), span=span)
        for vid in vehicles:
            for system in systems:
                facts.rel("SUPPLIES", ("Enterprise", eid), ("VehicleModel", vid), {"system": system},
                          span=span, key=f"{system}|{facts.document.id}")
    for name, (s, e) in found.platforms:
        pid = facts.node("Platform", "platform:" + re.sub(r"\W+", "-", fold(name).lower()).strip("-"),
                         {"name": fold(name)}, span=(s + offset, e + offset))
        for vid in vehicles:
            facts.rel("SHARES_PLATFORM", ("VehicleModel", vid), ("Platform", pid), span=(s + offset, e + offset))

