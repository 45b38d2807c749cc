"""The register's names gathered page by page, for the estimate and for name resolution, without ever
holding the whole register: a province's million enterprises as records and a blocking index took
gigabytes.

What is kept of every registered enterprise: its id (packed), a hash of its name key, a hash of its
trade-name core with a code for its regions (the exact name levels' frequencies), and, for the records a
given set of queries can meet, the record itself. A record is kept only while it shares a blocking key
with one of the queries (the name-only enterprises) that is not a stop word (shared by more than
MAX_BLOCK records); the keys the queries look up are counted over the whole register, so a blocking
index over the kept records gives each query exactly the candidates an index over the whole register
gives it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from extraction.enterprises.matching.blocking import MAX_BLOCK, record_blocks
from extraction.enterprises.matching.fields import Rec

CORE_SAMPLE = 300  # names of one core compared for region compatibility (the rest scaled from them)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little",
                          signed=True)


@dataclass
class RegisterNames:
    """Every registered name reduced to what the estimate counts, and the records the queries can meet."""

    count: int
    ids: list[str]  # every registered id, in the order given (the sample is drawn from them)
    key_pairs: float  # pairs of registered enterprises sharing a name key
    core_pairs: float  # pairs sharing a trade-name core whose regions do not contradict
    candidates: list[Rec]  # the records sharing a blocking key (not a stop word) with a query, in order
    stop: frozenset[str]  # the queries' keys that are stop words in the whole register: a blocking index
    # over the candidates with these stop words gives each query its candidates in the whole register


class NameCollector:
    """Fed the register page by page (`add`), then `finish()`; `queries` are the records that will be
    matched against it (their blocking keys decide which records are kept)."""

    def __init__(self, queries: Iterable[Rec]) -> None:
        self.wanted = {k for q in queries for k in record_blocks(q, query=True)}
        self.hits: Counter[str] = Counter()  # registered records per wanted key
        self.kept: list[tuple[Rec, list[str]]] = []  # (record, its wanted keys)
        self.ids: list[str] = []
        self.keys: list[int] = []
        self.cores: list[int] = []
        self.region_of: list[int] = []
        self.regions: dict[frozenset[str], int] = {}
        self.pruned = 0  # records kept after the last pruning

    def add(self, records: Iterable[Rec]) -> None:
        for rec in records:
            self.ids.append(rec.id or "")
            if rec.name_forms:
                first = rec.name_forms[0]
                self.keys.append(_hash(first.key))
                self.cores.append(_hash(first.core))
                self.region_of.append(self.regions.setdefault(first.regions, len(self.regions)))
            shared = [k for k in record_blocks(rec) if k in self.wanted]
            self.hits.update(shared)
            if shared:
                self.kept.append((rec, shared))
        if len(self.kept) > 2 * self.pruned + 1000:  # pruned when the kept doubled: linear in the register
            self._prune()

    def _prune(self) -> None:
        """Drop the records whose every wanted key has become a stop word (counts only grow)."""
        self.kept = [(rec, shared) for rec, shared in self.kept if any(self.hits[k] <= MAX_BLOCK for k in shared)]
        self.pruned = len(self.kept)

    def finish(self) -> RegisterNames:
        self._prune()
        _, key_counts = np.unique(np.asarray(self.keys, dtype=np.int64), return_counts=True)
        key_pairs = float(sum(c * (c - 1) / 2 for c in key_counts.tolist()))
        stop = frozenset(k for k, c in self.hits.items() if c > MAX_BLOCK)
        return RegisterNames(len(self.ids), self.ids, key_pairs, self._core_pairs(), [rec for rec, _ in self.kept],
                             stop)

    def _core_pairs(self) -> float:
        """Pairs of names sharing a core whose regions do not contradict (天津和信 and 成都和信 do): the pairs
        the name comparison puts at "same trade name"; within a core, its first CORE_SAMPLE names counted."""
        cores = np.asarray(self.cores, dtype=np.int64)
        codes = np.asarray(self.region_of, dtype=np.int64)
        regions = list(self.regions)
        order = np.argsort(cores, kind="stable")  # a core's names in the order they came
        starts = np.flatnonzero(np.r_[True, np.diff(cores[order]) != 0])
        sizes = np.diff(np.r_[starts, len(order)])
        total = 0.0
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            sample = [regions[c] for c in codes[order[start:start + min(size, CORE_SAMPLE)]].tolist()]
            k = len(sample)
            ok = sum(1 for i in range(k) for j in range(i + 1, k)
                     if not (sample[i] and sample[j] and not sample[i] & sample[j]))
            total += ok * (size * (size - 1)) / (k * (k - 1))
        return total
