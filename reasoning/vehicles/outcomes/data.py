"""Complaints and recalls of a folder, read in memory with the project's own readers and extractors
(the nhtsa-complaints and nhtsa-recalls kinds, JSON or flat files), reduced to what the real-outcome
evaluation needs: per complaint its vehicle, component paths, date filed and what the narrative says;
per recall its vehicle, components, date and the investigations that led to it."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.errors import RecordRejected
from core.textio import open_binary
from extraction.registry import get_kind
from extraction.vehicles import nhtsa_api
from graph.records import Extraction, RawRecord

HERE = Path(__file__).resolve().parent
KINDS = ("nhtsa-complaints", "nhtsa-recalls")
SUFFIXES = (".json", ".jsonl", ".txt", ".tsv", ".csv")


@lru_cache
def settings() -> dict[str, Any]:
    return yaml.safe_load((HERE / "outcomes.yaml").read_text(encoding="utf-8"))


@lru_cache
def _system_of() -> dict[str, str]:
    return {name: group for group, names in settings()["system_groups"].items() for name in names}


def system_group(path: str) -> str:
    """The unit system of a component path ("ENGINE AND ENGINE COOLING:COOLING SYSTEM" -> ENGINE)."""
    top = path.split(":", 1)[0].strip()
    return _system_of().get(top, top)


def unit_model(make: str, model: str) -> str:
    return (settings().get("same_vehicle") or {}).get(make, {}).get(model, model)


@lru_cache
def _repeat_patterns() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in settings()["repeat_failure"]), re.I)


def repeat_failure(text: str) -> bool:
    return bool(_repeat_patterns().search(text or ""))


@dataclass
class Complaint:
    odi: str
    date: str  # filed (received by NHTSA): the day it became known
    vehicle: tuple[str, str, int]  # make, unit model, model year
    paths: list[str]
    crash: bool
    fire: bool
    injured: int
    deaths: int
    symptoms: set[str] = field(default_factory=set)
    severe_symptoms: set[str] = field(default_factory=set)
    consequences: set[str] = field(default_factory=set)
    conditions: set[str] = field(default_factory=set)
    repeat: bool = False
    narrative: str = ""
    quote_at: int | None = None  # where in the narrative the first symptom is told

    @property
    def systems(self) -> set[str]:
        return {system_group(p) for p in self.paths}


@dataclass
class Recall:
    campno: str
    date: str
    vehicle: tuple[str, str, int]
    paths: list[str]
    actions: set[str] = field(default_factory=set)
    text: str = ""  # what the recall says (defect, consequence, remedy) and its component: the part it names

    @property
    def systems(self) -> set[str]:
        return {system_group(p) for p in self.paths}


@dataclass
class Corpus:
    complaints: list[Complaint]
    recalls: list[Recall]
    files: dict[str, list[str]]  # kind -> files read
    rejected: dict[str, int]  # kind -> records the readers or extractors refused

    @property
    def last_date(self) -> str:
        return max([c.date for c in self.complaints] + [r.date for r in self.recalls])


def _kind_of_file(path: Path) -> str | None:
    """The kind of a file: its folder's name, the shape of its first JSON record, else its name."""
    for part in path.parts[::-1][1:3]:
        if part in KINDS:
            return part
    with open_binary(path) as stream:
        head = stream.read(nhtsa_api.SNIFF)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        with open_binary(path) as stream:
            kind = nhtsa_api.json_kind(stream)
        return kind if kind in KINDS else None
    name = path.name.lower()
    if "complaint" in name or "cmpl" in name:
        return "nhtsa-complaints"
    return "nhtsa-recalls" if "recall" in name or "rcl" in name else None


def source_files(folder: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {k: [] for k in KINDS}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or not path.name.lower().removesuffix(".gz").endswith(SUFFIXES):
            continue
        kind = _kind_of_file(path)
        if kind:
            out[kind].append(path)
    return out


def _extractions(kind: str, path: Path, rejected: dict[str, int]) -> Iterator[tuple[RawRecord, Extraction]]:
    source = get_kind(kind)
    with open_binary(path) as stream:
        for raw in source.read(path.name, stream):
            if raw.error:
                rejected[kind] = rejected.get(kind, 0) + 1
                continue
            try:
                yield raw, source.extract(raw)
            except RecordRejected:
                rejected[kind] = rejected.get(kind, 0) + 1


def _vehicle(ex: Extraction) -> tuple[str, str, int]:
    v = next(n for n in ex.nodes if n.label == "VehicleModel").props
    return v["make"], unit_model(v["make"], v["model"]), int(v["year"])


def _rows(ex: Extraction) -> list[tuple[tuple[str, str, int] | None, str, int]]:
    """(vehicle, component path, end of its header line) of each row of a complaint's document: the
    extractor writes one header line per row, "MAKE MODEL YEAR | PATH", before the narrative."""
    text = ex.document.text
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    lines: dict[int, list[Any]] = {}
    for n in ex.nodes:
        if n.label == "VehicleModel" and n.span:
            v = n.props
            lines.setdefault(bisect_left(breaks, n.span[0]), [None, None])[0] = (
                v["make"], unit_model(v["make"], v["model"]), int(v["year"]))
    paths = {n.id: n.props.get("path") for n in ex.nodes if n.label == "Component"}
    for r in ex.rels:
        if r.type == "CONCERNS" and r.span and paths.get(r.end_id):
            lines.setdefault(bisect_left(breaks, r.span[0]), [None, None])[1] = paths[r.end_id]
    out = []
    for line in sorted(lines):
        vehicle, path = lines[line]
        if vehicle is None:  # a vehicle named on an earlier row carries no second span
            vehicle = out[-1][0] if out else _vehicle(ex)
        out.append((vehicle, path, breaks[line] + 1 if line < len(breaks) else len(text)))
    return out


def _by_vehicle(rows: list[tuple[tuple[str, str, int] | None, str, int]]) -> dict[tuple[str, str, int], list[str]]:
    out: dict[tuple[str, str, int], list[str]] = {}
    for vehicle, path, _ in rows:
        paths = out.setdefault(vehicle, [])
        if path and path not in paths:
            paths.append(path)
    return out


def _concerned_paths(ex: Extraction) -> list[str]:
    by_id = {n.id: n.props.get("path") for n in ex.nodes if n.label == "Component"}
    return [by_id[r.end_id] for r in ex.rels if r.type == "CONCERNS" and by_id.get(r.end_id)]


def load_folder(folder: Path, progress: Callable[[int], None] | None = None) -> Corpus:
    """Every complaint and recall of the folder's NHTSA files (JSON answers or flat files)."""
    from extraction.vehicles.vocab import symptoms as symptom_table

    severe = {k for k, v in symptom_table().items() if v.get("severe")}
    files = source_files(folder)
    rejected: dict[str, int] = {}
    complaints: dict[tuple[str, tuple[str, str, int]], Complaint] = {}
    for path in files["nhtsa-complaints"]:
        for _raw, ex in _extractions("nhtsa-complaints", path, rejected):
            p = next(n for n in ex.nodes if n.label == "Complaint").props
            rows = _rows(ex)
            narrative = ex.document.text[rows[-1][2]:] if rows else ""
            start = rows[-1][2] if rows else 0
            told = [r.span[0] - start for r in ex.rels if r.type == "REPORTS" and r.span]
            symptoms = {r.end_id.removeprefix("symptom:") for r in ex.rels if r.type == "REPORTS"}
            for vehicle, paths in _by_vehicle(rows).items():
                c = complaints.get((p["number"], vehicle))
                if c is None:
                    c = complaints[(p["number"], vehicle)] = Complaint(
                        p["number"], p["date"], vehicle, [], bool(p.get("crash")), bool(p.get("fire")),
                        int(p.get("injured") or 0), int(p.get("deaths") or 0), symptoms, symptoms & severe,
                        set(p.get("consequences") or ()), set(p.get("conditions") or ()), repeat_failure(narrative),
                        narrative, min(told) if told else None)
                c.paths += [x for x in paths if x not in c.paths]
            if progress:
                progress(1)
    recalls: dict[tuple[str, tuple[str, str, int]], Recall] = {}
    for path in files["nhtsa-recalls"]:
        for _raw, ex in _extractions("nhtsa-recalls", path, rejected):
            p = next(n for n in ex.nodes if n.label == "Recall").props
            vehicle = _vehicle(ex)
            r = recalls.setdefault((p["campno"], vehicle), Recall(p["campno"], p["date"], vehicle, []))
            r.paths += [x for x in _concerned_paths(ex) if x not in r.paths]
            r.actions |= {x.start_id.removeprefix("investigation:") for x in ex.rels if x.type == "INFLUENCED"}
            r.date = min(r.date, p["date"])
            if not r.text:  # the component and the body, without the vehicle's name
                r.text = ex.document.text.split(" | ", 1)[-1]
            if progress:
                progress(1)
    return Corpus(sorted(complaints.values(), key=lambda c: (c.date, c.odi)),
                  sorted(recalls.values(), key=lambda r: (r.date, r.campno)),
                  {k: [str(p) for p in v] for k, v in files.items()}, rejected)
