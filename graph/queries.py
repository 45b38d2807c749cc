"""Named Cypher queries, loaded from cypher/<domain>/*.cypher.

A query is named by its file name alone (domain folders only group them; names are unique across them).

Templates in cypher/templates/ carry placeholders (__LABEL__, __START__, __END__, __TYPE__) for the
labels and relationship types Cypher cannot take as parameters; they are filled only with names
checked against the schema whitelist. Everything a user types arrives as a parameter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from core.settings import get_settings
from graph.schema import get_schema

PLACEHOLDER = re.compile(r"__([A-Z]+)__")
NAME = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)?$")
LABEL_SLOTS = {"LABEL", "START", "END", "OTHER"}
TYPE_SLOTS = {"TYPE"}


def cypher_dir() -> Path:
    return get_settings().cypher_dir


@lru_cache(maxsize=8)
def _index(folder: str) -> dict[str, Path]:
    """Query name -> file: the file name for queries in any domain folder, templates/NAME for templates."""
    root = Path(folder)
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.cypher")):
        rel = path.relative_to(root)
        name = f"templates/{path.stem}" if rel.parts[0] == "templates" else path.stem
        if name in out:
            raise ValueError(f"two queries named {name!r}: {out[name]} and {path}")
        out[name] = path
    return out


@lru_cache(maxsize=512)
def _read(name: str, folder: str) -> str:
    if not NAME.match(name):
        raise ValueError(f"bad query name {name!r}")
    path = _index(folder).get(name)
    if path is None:
        raise KeyError(f"no query named {name!r} under {folder}")
    return path.read_text(encoding="utf-8")


def query_text(name: str, **slots: str) -> str:
    """The text of query `name`, with template slots filled from the schema whitelist."""
    text = _read(name, str(cypher_dir()))
    needed = set(PLACEHOLDER.findall(text))
    missing = needed - slots.keys()
    if missing:
        raise ValueError(f"query {name!r} needs slots {sorted(missing)}")
    schema = get_schema()
    for slot, value in slots.items():
        if slot in LABEL_SLOTS:
            schema.check_label(value)
        elif slot in TYPE_SLOTS:
            schema.check_rel(value)
        else:
            raise ValueError(f"unknown template slot {slot!r}")
    return PLACEHOLDER.sub(lambda m: slots[m.group(1)], text)


def all_query_names() -> list[str]:
    return sorted(_index(str(cypher_dir())))


def query_path(name: str) -> Path:
    """The file of query `name`."""
    return _index(str(cypher_dir()))[name]
