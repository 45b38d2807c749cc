"""Named Cypher queries, loaded from cypher/*.cypher.

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


@lru_cache(maxsize=512)
def _read(name: str, folder: str) -> str:
    if not NAME.match(name):
        raise ValueError(f"bad query name {name!r}")
    path = Path(folder) / f"{name}.cypher"
    if not path.exists():
        raise KeyError(f"no query named {name!r} (looked for {path})")
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
    root = cypher_dir()
    return sorted(str(p.relative_to(root).with_suffix("")) for p in root.rglob("*.cypher"))
