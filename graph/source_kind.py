"""What a source kind is: how to read its files and how to extract facts from one record."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from graph.records import Extraction, RawRecord

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class SourceKind:
    name: str
    domain: str  # vehicles | enterprises | lawyers
    description: str
    # (file name for messages, binary stream) -> records; a reader never raises for one bad record,
    # it yields a RawRecord with `error` set instead.
    read: Callable[[str, BinaryIO], Iterator[RawRecord]]
    # one record -> facts; raises graph.records.RecordRejected with a reason for a record it cannot use
    extract: Callable[[RawRecord], Extraction]
    suffixes: tuple[str, ...] = (".txt", ".tsv", ".csv", ".jsonl", ".json")
    # graph-wide work after a run (derived links, resolution, rescoring): the name of a task the domain's
    # reasoning package declares in AFTER_INGEST; the ingest service (reasoning/ingest.py) runs it
    after_ingest: str | None = None
