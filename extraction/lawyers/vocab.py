"""The lawyer domain's vocabularies (extraction/lawyers/data/*.yaml), loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"


@cache
def vocab(name: str) -> dict[str, Any]:
    """The parsed yaml file `extraction/lawyers/data/<name>.yaml`."""
    return yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
