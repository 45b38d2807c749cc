"""Vehicle vocabularies loaded once from extraction/vehicles/data/: makes and models with their
aliases, the component hierarchy, and the normalisation of make / model / year to node ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from extraction.common.names import fold, fold_same_length
from extraction.common.vocab import load_yaml

KEY_STRIP = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
MIN_YEAR, MAX_YEAR = 1949, 2035


def load(name: str) -> Any:
    """The parsed `extraction/vehicles/data/<name>` (read once, by extraction.common.vocab)."""
    return load_yaml("vehicles", name)


def key(text: str) -> str:
    """Comparison key: folded, lower case, only letters, digits and CJK (F-150 = F150 = f 150)."""
    return KEY_STRIP.sub("", fold(text, case="lower"))


@dataclass
class Make:
    name: str
    manufacturer: str
    manufacturer_zh: str | None
    models: dict[str, str] = field(default_factory=dict)  # model key -> canonical model name


@dataclass
class Component:
    path: str  # "AIR BAGS:FRONTAL:DRIVER SIDE"
    en: list[str]
    zh: list[str]

    @property
    def id(self) -> str:
        return component_id(self.path)

    @property
    def system(self) -> str:
        return self.path.split(":", 1)[0]

    @property
    def parent(self) -> str | None:
        return self.path.rsplit(":", 1)[0] if ":" in self.path else None


def component_id(path: str) -> str:
    return "component:" + path.lower()


@lru_cache
def makes() -> tuple[dict[str, Make], dict[str, str]]:
    """(canonical make -> Make, alias key -> canonical make): makes.yaml, then the brands of brands.yaml
    (a brand adds names and models to its make; makes.yaml wins where both name one thing). Names that are
    also common words (brands.yaml `ambiguous`) are no aliases here: see `brand_names`."""
    raw = load("makes.yaml")
    by_name: dict[str, Make] = {}
    alias: dict[str, str] = {}
    for name, spec in raw.items():
        make = Make(name, spec["manufacturer"], spec.get("manufacturer_zh"))
        for model, variants in (spec.get("models") or {}).items():
            for v in [model, *(variants or [])]:
                make.models[key(v)] = model
        by_name[name] = make
        for a in [name, *(spec.get("aliases") or []), *(spec.get("zh") or [])]:
            alias[key(a)] = name
    for brand, spec in load("brands.yaml")["brands"].items():
        target = spec.get("make") or brand
        make = by_name.setdefault(target, Make(target, "", None))
        for model, variants in (spec.get("models") or {}).items():
            for v in [model, *(variants or [])]:
                make.models.setdefault(key(v), model)
        ambiguous = {key(a) for a in spec.get("ambiguous") or []}
        for a in [brand, *(spec.get("en") or []), *(spec.get("zh") or [])]:
            k = key(a)
            if len(k) >= 2 and k not in ambiguous:
                alias.setdefault(k, target)
    return by_name, alias


@dataclass(frozen=True)
class Maker:
    """An enterprise that files recalls in China: a joint venture, an importer or a domestic maker."""

    name: str  # legal name as notices write it
    names: tuple[str, ...]  # the legal name, former names and short names
    brands: tuple[str, ...]  # canonical makes it files for, the usual one first
    kind: str
    en: str | None
    partners: tuple[str, ...]


@lru_cache
def makers() -> dict[str, Maker]:
    """Name key (legal, former or short name) -> Maker, from brands.yaml."""
    out: dict[str, Maker] = {}
    brands = load("brands.yaml")["brands"]
    for name, spec in load("brands.yaml")["makers"].items():
        makes_of = tuple(dict.fromkeys((brands.get(b) or {}).get("make") or b for b in spec.get("brands") or []))
        names = (name, *(spec.get("former") or []), *(spec.get("short") or []))
        maker = Maker(name, names, makes_of, spec.get("kind") or "", spec.get("en"), tuple(spec.get("partners") or []))
        for n in names:
            out.setdefault(key(n), maker)
    return out


@lru_cache
def brand_names() -> tuple[tuple[str, str, bool], ...]:
    """(name as written, canonical make, ambiguous) of every brand name of makes.yaml and brands.yaml,
    longest first: what a notice's text is searched for."""
    seen: dict[str, tuple[str, str, bool]] = {}
    for name, spec in load("makes.yaml").items():
        for a in [name, *(spec.get("aliases") or []), *(spec.get("zh") or [])]:
            seen.setdefault(fold(a, case="lower"), (fold(a), name, False))
    for brand, spec in load("brands.yaml")["brands"].items():
        target = spec.get("make") or brand
        ambiguous = {fold(a, case="lower") for a in spec.get("ambiguous") or []}
        for a in [brand, *(spec.get("en") or []), *(spec.get("zh") or [])]:
            k = fold(a, case="lower")
            if len(key(a)) >= 2:
                seen.setdefault(k, (fold(a), target, k in ambiguous))
    return tuple(sorted(seen.values(), key=lambda t: -len(t[0])))


def normalise_make(text: str) -> str | None:
    """Canonical make for a make as written (aliases, Chinese names, near misspellings), else the
    folded upper-case text itself; None for an empty make."""
    k = key(text)
    if not k:
        return None
    by_name, alias = makes()
    if k in alias:
        return alias[k]
    if len(k) >= 4 and k.isascii():
        hit = process.extractOne(k, list(alias), scorer=fuzz.ratio, score_cutoff=85)
        if hit:
            return alias[hit[0]]
    return re.sub(r"\s+", " ", fold(text, case="upper"))


def normalise_model(make: str, text: str) -> str | None:
    k = key(text)
    if not k:
        return None
    known = makes()[0].get(make)
    if known:
        if k in known.models:
            return known.models[k]
        for prefix in (key(make),):  # "HONDA CRV" written with the make in the model field
            if k.startswith(prefix) and k[len(prefix):] in known.models:
                return known.models[k[len(prefix):]]
    return re.sub(r"\s+", " ", fold(text, case="upper"))


def parse_year(text: str | None) -> int | None:
    m = re.search(r"(19|20)\d\d", fold(text))
    if not m:
        return None
    year = int(m.group(0))
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def vehicle_id(make: str, model: str, year: int) -> str:
    return f"vehicle:{key(make)}|{key(model)}|{year}"


def make_id(make: str) -> str:
    return f"make:{key(make)}"


def manufacturer_for(make: str, lang: str = "en") -> str | None:
    known = makes()[0].get(make)
    if not known:
        return None
    return known.manufacturer_zh if lang == "zh" and known.manufacturer_zh else known.manufacturer


@lru_cache
def components() -> dict[str, Component]:
    """Every node of the hierarchy by path (parents before children)."""
    out: dict[str, Component] = {}

    def walk(tree: dict[str, Any], prefix: str) -> None:
        for name, spec in (tree or {}).items():
            spec = spec or {}
            path = f"{prefix}:{name}" if prefix else name
            out[path] = Component(path, list(spec.get("en") or []), list(spec.get("zh") or []))
            walk(spec.get("parts") or {}, path)

    walk(load("components.yaml"), "")
    return out


def component_path(text: str) -> str | None:
    """The NHTSA component description as a clean path: upper case, levels split on ':' only
    (commas and '/' belong to level names), blanks dropped; None when nothing is left."""
    levels = [re.sub(r"\s+", " ", lv).strip().upper() for lv in fold_same_length(text or "").split(":")]
    levels = [lv for lv in levels if lv]
    return ":".join(levels) if levels else None


def component_chain(path: str) -> list[str]:
    """"A:B:C" -> ["A", "A:B", "A:B:C"]: the node and its ancestors, for PART_OF edges."""
    parts = path.split(":")
    return [":".join(parts[: i + 1]) for i in range(len(parts))]


def symptoms() -> dict[str, dict[str, Any]]:
    return load("symptoms.yaml")


def conditions() -> dict[str, Any]:
    return load("conditions.yaml")


def suppliers() -> dict[str, Any]:
    return load("suppliers.yaml")
