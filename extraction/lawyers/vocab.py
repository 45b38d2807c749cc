"""The lawyer domain's vocabularies: extraction/lawyers/data/*.yaml, read by extraction.common.vocab."""

from __future__ import annotations

from typing import Any

from extraction.common.vocab import load_yaml


def vocab(name: str) -> Any:
    """The parsed yaml file `extraction/lawyers/data/<name>.yaml`."""
    return load_yaml("lawyers", name)
