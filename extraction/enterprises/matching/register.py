"""The register as the matcher sees it: registered enterprises and their people as records in a
blocking index; the estimate of the model's parameters from it; matching one query.

Estimation (deterministic: the same register gives the same parameters at ingest and at first use):
- u (P(level | different)) from random pairs of a seeded sample of registered enterprises (and of
  their people, for person candidates); the two exact name levels and the exact code level counted
  exactly from the register's name, core and code frequencies (random pairs almost never meet them);
- m and lambda by EM over the blocked candidate pairs of the register's second views of enterprises,
  the enterprises known only by a name (manufacturers, judgment parties, shareholders named without a
  code), each blocked against the register. Those views carry a name only, so EM moves the m of the
  name, region and jurisdiction levels; the other fields keep their prior m (`estimated` says which).
"""

from __future__ import annotations

import random
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from extraction.enterprises.matching.blocking import BlockIndex
from extraction.enterprises.matching.comparisons import COMPARISONS, FIELDS, N_LEVELS, compare
from extraction.enterprises.matching.em import expectation_maximisation, level_frequencies
from extraction.enterprises.matching.fields import Rec, person_records
from extraction.enterprises.matching.model import DEFAULT_MATCH_SHARE, FORMAT, PRIOR_M, MatchModel, Scored
from extraction.enterprises.matching.names import RegisterNames

SEED = 20160  # the sample and the random pairs (fixed: one register, one estimate)
SAMPLE = 2000  # registered enterprises whose full records give u
RANDOM_PAIRS = 20_000
MAX_MENTIONS = 5000  # name-only enterprises used for EM (a seeded sample beyond)
PRIOR_STRENGTH = 20.0  # pseudo-pairs of the m prior
EM_FIELDS = ("name", "jurisdiction", "region")  # what the register's second views observe


@dataclass
class Register:
    enterprises: list[Rec]
    people: list[Rec]
    index: BlockIndex
    counts: Counter[str]  # registered enterprises per address, building and phone

    @staticmethod
    def of(enterprises: Iterable[Rec], people: list[Rec] | None = None, stop: frozenset[str] = frozenset()
           ) -> Register:
        ents = sorted(enterprises, key=lambda r: r.id or "")
        persons = person_records(ents) if people is None else people
        counts: Counter[str] = Counter()
        for e in ents:
            counts.update({*("addr:" + p.id for p in e.places), *("bld:" + p.building for p in e.places if p.building),
                           *("tel:" + t for t in e.phones)})
        return Register(ents, persons, BlockIndex([*ents, *persons], stop), counts)

    def value_u(self, query: Rec, cand: Rec, levels: list[int]) -> dict[str, float]:
        """The share of registered enterprises holding the address, building or phone a pair agrees on."""
        n = max(len(self.enterprises), 1)
        out: dict[str, float] = {}
        address, phone = levels[FIELDS.index("address")], levels[FIELDS.index("phone")]
        if address in (0, 1):
            keys = ({"addr:" + p.id for p in query.places} & {"addr:" + p.id for p in cand.places}) if address == 0 else (
                {"bld:" + p.building for p in query.places if p.building} & {"bld:" + p.building for p in cand.places})
            if keys:
                out["address"] = max(self.counts[k] for k in keys) / n
        if phone == 0:
            shared = set(query.phones) & set(cand.phones)
            if shared:
                out["phone"] = max(self.counts["tel:" + t] for t in shared) / n
        return out

    def candidates(self, query: Rec) -> list[Rec]:
        return [self.index.records[i] for i in self.index.candidates(query, query.kind)]


@dataclass
class Compared:
    """Queries against a register's blocked candidates, each pair compared once: the estimate's EM and
    the decisions read the same comparison vectors (at a province's size, comparing was a third of the
    resolution, and the vectors as lists of ints its largest memory). Query q's pairs are the rows
    starts[q]:starts[q + 1]; `candidate` holds positions in register.index.records. Enterprise candidates
    only (a person's score is not monotone in its weight: the person rule)."""

    register: Register
    queries: list[Rec]
    starts: np.ndarray  # int64, len(queries) + 1
    candidate: np.ndarray  # int32, one per pair
    gamma: np.ndarray  # int8, pairs x fields, NULL = -1

    @staticmethod
    def of(register: Register, queries: list[Rec]) -> Compared:
        starts, found, levels = [0], array("i"), array("b")
        records = register.index.records
        for query in queries:
            hits = register.index.candidates(query, "enterprise")
            for i in hits:
                levels.extend(compare(query, records[i])[0])
            found.extend(hits)
            starts.append(len(found))
        return Compared(register, queries, np.asarray(starts, dtype=np.int64), np.frombuffer(found, dtype=np.int32),
                        np.frombuffer(levels, dtype=np.int8).reshape(-1, len(FIELDS)))

    def front(self, model: MatchModel, q: int) -> tuple[list[Scored], int]:
        """(query q's front runners scored in full, best first as `rank` orders them; its number of
        candidates). The front runners are the candidates whose weight, summed from the stored levels,
        is within a rounding of the second best's: `rank`'s first two are always among them."""
        lo, hi = int(self.starts[q]), int(self.starts[q + 1])
        if lo == hi:
            return [], 0
        query, records = self.queries[q], self.register.index.records
        weights = model.weights_of(self.gamma[lo:hi], query.kind)
        cands = self.candidate[lo:hi]
        for row in np.flatnonzero(model.adjusted(self.gamma[lo:hi])).tolist():  # contact agreement: weighed in full
            cand, levels = records[int(cands[row])], self.gamma[lo + row].tolist()
            weights[row] = model.score_levels(query, cand, levels, [""] * len(levels),
                                              self.register.value_u(query, cand, levels)).weight
        second = np.sort(weights)[-2] if len(weights) > 1 else weights[0]
        scored = [score_pair(model, self.register, query, records[int(i)])
                  for i in cands[weights >= second - 0.001].tolist()]
        scored.sort(key=_rank_order)
        return scored, hi - lo


def sample_ids(ids: list[str], size: int = SAMPLE) -> list[str]:
    """The seeded sample of registered enterprises whose full records the estimate reads."""
    ordered = sorted(ids)
    if len(ordered) <= size:
        return ordered
    return sorted(random.Random(SEED).sample(ordered, size))


def _random_gamma(records: list[Rec], n_pairs: int, seed: int) -> np.ndarray:
    rng = random.Random(seed)
    n = len(records)
    if n < 2:
        return np.zeros((0, len(FIELDS)), dtype=np.int64)
    rows = []
    for _ in range(min(n_pairs, n * (n - 1) // 2)):
        i, j = rng.randrange(n), rng.randrange(n - 1)
        j += j >= i
        rows.append(compare(records[i], records[j])[0])
    return np.asarray(rows, dtype=np.int64).reshape(-1, len(FIELDS))


def _pairs_sharing(counts: Iterable[int]) -> float:
    return sum(c * (c - 1) / 2 for c in counts)


def _share(pairs: float, n: int) -> float:
    """Share of all pairs of n records, with a hundredth of a pair added: a value no two records share
    is rare, not impossible."""
    return (max(pairs, 0.0) + 0.01) / (n * (n - 1) / 2 + 1.0)


def _exact_u(u: np.ndarray, exact: dict[int, float]) -> list[float]:
    """u with the given levels replaced by exact shares and the rest scaled to fill the remainder."""
    out = u.astype(float).copy()
    fixed = sum(exact.values())
    rest = [i for i in range(len(out)) if i not in exact]
    scale = (1 - fixed) / max(out[rest].sum(), 1e-12)
    for i in rest:
        out[i] *= scale
    for i, value in exact.items():
        out[i] = value
    return [float(x) for x in out]


def estimate(names: RegisterNames, sample: list[Rec], mentions: Compared) -> dict[str, Any]:
    """The parameters from the register: `names` every registered enterprise's name gathered with the
    mentions as queries (names.NameCollector), `sample` the full records of `sample_ids(...)`, `mentions`
    the name-only enterprises compared with the register of the names kept for them."""
    n = names.count
    u = level_frequencies(_random_gamma(sample, RANDOM_PAIRS, SEED), N_LEVELS)
    share_key, share_core = _share(names.key_pairs, n), _share(names.core_pairs - names.key_pairs, n)
    u_by = {f: u[i] for i, f in enumerate(FIELDS)}
    u_out = {f: [float(x) for x in u_by[f]] for f in FIELDS}
    u_out["name"] = _exact_u(u_by["name"], {0: share_key, 1: share_core})
    u_out["code"] = _exact_u(u_by["code"], {0: _share(0, n), 1: _share(0, n)})
    people = person_records(sample)
    u_p = level_frequencies(_random_gamma(people, RANDOM_PAIRS, SEED + 1), N_LEVELS)
    person_keys = Counter(p.name_forms[0].key for p in people if p.name_forms)
    u_person = {f: list(u_out[f]) for f in FIELDS}
    u_person["name"] = _exact_u(u_p[FIELDS.index("name")], {0: _share(_pairs_sharing(person_keys.values()), len(people))})
    given = _u_given_contact(sample, u_out)
    m, lam, fit = _em_on_mentions(n, mentions, u_out)
    return {"format": FORMAT, "fields": list(FIELDS), "m": m, "u": u_out, "u_person": u_person,
            "u_given_contact": given,
            "lambda": lam, "lambda_person": DEFAULT_MATCH_SHARE / max(len(people) * max(n, 1) / max(len(sample), 1), 1),
            "estimated": {f: ("em" if f in EM_FIELDS and fit.get("pairs") else "prior") for f in FIELDS},
            "fit": {**fit, "registered": n, "sample": len(sample), "random_pairs": RANDOM_PAIRS,
                    "people_in_sample": len(people)}}


def _u_given_contact(sample: list[Rec], u: dict[str, list[float]]) -> dict[str, list[float]]:
    """u of phone and people among different enterprises that already agree on the address (or, for
    people, on the address or phone), counted over every such pair of the sample: a business centre's
    or a ring's firms share the address, its phone and its nominees together, so the second and third
    agreement say far less than the first."""
    groups: dict[str, list[int]] = {}
    for i, rec in enumerate(sample):
        for key in {*(p.building or p.id for p in rec.places), *("tel:" + t for t in rec.phones)}:
            groups.setdefault(key, []).append(i)
    pairs = {(a, b) for members in groups.values() if len(members) <= 500
             for k, a in enumerate(members) for b in members[k + 1:]}
    out = {}
    for f in ("phone", "people"):
        j = FIELDS.index(f)
        rows = [compare(sample[a], sample[b])[0] for a, b in sorted(pairs)] if pairs else []
        counts = np.zeros(len(u[f]))
        for row in rows:
            if row[j] >= 0 and (f == "people" or row[FIELDS.index("address")] in (0, 1, 2)):
                counts[row[j]] += 1
        prior = np.asarray(u[f]) * 2.0  # two pseudo-pairs of the unconditional u
        out[f] = [float(x) for x in (counts + prior) / (counts + prior).sum()]
    return out


def _em_on_mentions(n: int, compared: Compared, u: dict[str, list[float]]
                    ) -> tuple[dict[str, list[float]], float, dict[str, Any]]:
    prior = {f: list(v) for f, v in PRIOR_M.items()}
    chosen = list(range(len(compared.queries)))
    if len(chosen) > MAX_MENTIONS:
        by_id = sorted(chosen, key=lambda q: compared.queries[q].id or "")
        chosen = random.Random(SEED).sample(by_id, MAX_MENTIONS)
    sizes = np.diff(compared.starts)[chosen]
    if int(sizes.sum()) < 20:
        return prior, DEFAULT_MATCH_SHARE / max(n, 1), {"mentions": len(chosen), "pairs": 0}
    em_cols = [FIELDS.index(f) for f in EM_FIELDS]
    rows = np.concatenate([np.arange(compared.starts[q], compared.starts[q + 1]) for q in chosen])
    sub = compared.gamma[rows][:, em_cols].astype(np.int64)
    groups = np.repeat(np.arange(len(sizes)), sizes)
    levels = tuple(N_LEVELS[c] for c in em_cols)
    # a mention's identical comparison vectors as one row with its count (EM's result is the same)
    base = max(levels) + 1  # levels -1 (NULL) .. max - 1, shifted by one
    code = groups * base ** len(em_cols)
    for j in range(len(em_cols)):
        code += (sub[:, j] + 1) * base ** j
    _, first, counts = np.unique(code, return_index=True, return_counts=True)
    m0 = [np.asarray(prior[f]) for f in EM_FIELDS]
    # u of the blocked pairs is estimated with m (they are far more alike than random pairs); the model
    # keeps the random-pair u for scoring, as splink does.
    u0 = [np.asarray(u[f]) for f in EM_FIELDS]
    result = expectation_maximisation(sub[first], levels, m0, u0, 0.1, prior_m=m0, prior_strength=PRIOR_STRENGTH,
                                      groups=groups[first], counts=counts)
    m = dict(prior)
    for f, est in zip(EM_FIELDS, result.m, strict=True):
        m[f] = [float(x) for x in est]
    matched_share = result.pi
    lam = max(matched_share, 0.05) / max(n, 1)
    return m, lam, {"mentions": len(chosen), "pairs": len(rows), "em_iterations": result.iterations,
                    "em_converged": result.converged, "lambda_blocked": round(result.lam, 5),
                    "mentions_with_a_match": round(matched_share, 4)}


def score_pair(model: MatchModel, register: Register, query: Rec, cand: Rec) -> Scored:
    levels, notes = compare(query, cand)
    return model.score_levels(query, cand, levels, notes, register.value_u(query, cand, levels))


def _rank_order(s: Scored) -> tuple[float, float, str]:
    return -s.probability, -s.weight, s.candidate.id or ""


def rank(model: MatchModel, register: Register, query: Rec) -> list[Scored]:
    """Every candidate the blocking finds, scored, best first."""
    return sorted((score_pair(model, register, query, cand) for cand in register.candidates(query)), key=_rank_order)


def summary(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters as a person reads them: per field and level, m, u and the weight."""
    import math

    out = {}
    for comp in COMPARISONS:
        f = comp.field
        out[f] = [{"level": label, "m": round(m, 4), "u": float(f"{u:.3g}"),
                   "weight": round(math.log2(max(m, 1e-300)) - math.log2(max(u, 1e-300)), 2)}
                  for label, m, u in zip(comp.levels, params["m"][f], params["u"][f], strict=True)]
    return out
