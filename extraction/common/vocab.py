"""The data files beside each domain's extractors (extraction/<domain>/data/, extraction/common/data/):
YAML vocabularies and TAB-separated tables, read once per process.

The parsed values are shared by every caller: read them, never change them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

EXTRACTION = Path(__file__).resolve().parent.parent


def _path(domain: str, name: str) -> Path:
    return EXTRACTION / domain / "data" / name


@cache
def load_yaml(domain: str, name: str) -> Any:
    """The parsed YAML file `extraction/<domain>/data/<name>` (".yaml" is added to a name without suffix)."""
    file = _path(domain, name if Path(name).suffix else f"{name}.yaml")
    return yaml.safe_load(file.read_text(encoding="utf-8"))


@cache
def read_tsv(domain: str, name: str) -> tuple[dict[str, str], ...]:
    """Rows of the TAB-separated table `extraction/<domain>/data/<name>` as {column: value}: the first
    non-comment line is the header, lines starting with '#' and blank lines are skipped, a short row
    is padded with "" and extra cells are dropped."""
    lines = [ln for ln in _path(domain, name).read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    width = len(header)
    return tuple(dict(zip(header, (ln.split("\t") + [""] * width)[:width], strict=True)) for ln in lines[1:])
