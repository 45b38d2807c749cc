"""The Fellegi-Sunter model: per field and level, m = P(level | same enterprise) and u = P(level |
different enterprises); a pair's match weight is log2(lambda / (1 - lambda)) plus the sum over its
observed fields of log2(m / u), and its match probability 1 / (1 + 2^-weight). The per-field weights are
the explanation: "code equal +21.3, name similarity >= 0.92 +9.8, phones differ -1.6 …".

Parameters are plain data (a dict of lists and floats), so they can be stored in the one model-file
format by reasoning and passed to extraction's resolution without either importing the other.

A person is never matched on the name alone: a person candidate whose code, address (to the street)
and phone all fail to agree or are missing gets probability 0 whatever the name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from extraction.enterprises.matching.comparisons import COMPARISONS, FIELDS, NULL, compare, corroborated
from extraction.enterprises.matching.fields import Rec

FORMAT = 1
# Starting values of m (and the centre of their prior): what a second record of the same enterprise
# shows. EM moves those the register's pairs observe; the others stay (see docs/enterprises.md).
PRIOR_M: dict[str, list[float]] = {
    "code": [0.935, 0.02, 0.043, 0.002],  # a code that differs outright is almost never the same enterprise
    "name": [0.45, 0.2, 0.12, 0.1, 0.08, 0.05],
    "address": [0.55, 0.1, 0.1, 0.1, 0.15],
    "phone": [0.75, 0.25],
    "people": [0.7, 0.1, 0.2],
    "jurisdiction": [0.995, 0.005],
    "region": [0.95, 0.05],
}
DEFAULT_MATCH_SHARE = 0.5  # share of queries with an enterprise in the register, before any estimate


def default_params(n_register: int = 1000) -> dict[str, Any]:
    """Parameters before any estimate (uniform-ish u): for tests and an empty register."""
    u = {c.field: [0.5 / len(c.levels)] * (len(c.levels) - 1) + [1 - 0.5 * (len(c.levels) - 1) / len(c.levels)]
         for c in COMPARISONS}
    return {"format": FORMAT, "fields": list(FIELDS), "m": {k: list(v) for k, v in PRIOR_M.items()}, "u": u,
            "u_person": {k: list(v) for k, v in u.items()},
            "lambda": DEFAULT_MATCH_SHARE / max(n_register, 1), "lambda_person": DEFAULT_MATCH_SHARE / max(n_register, 1),
            "estimated": dict.fromkeys(FIELDS, "prior"), "fit": {}}


@dataclass
class Scored:
    candidate: Rec
    probability: float
    weight: float  # total match weight in bits (prior included)
    levels: list[int]
    features: list[dict[str, Any]]
    person_rule: bool = False  # a person candidate refused for want of a corroborating field


def _log2(x: float) -> float:
    return math.log2(min(max(x, 1e-300), 1.0))


class MatchModel:
    """Scores a query against a candidate with stored parameters."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params
        self.weights: dict[str, dict[str, list[float]]] = {}
        for kind, u_key in (("enterprise", "u"), ("person", "u_person")):
            self.weights[kind] = {f: [_log2(m) - _log2(u) for m, u in zip(params["m"][f], params[u_key][f], strict=True)]
                                  for f in FIELDS}
        given = params.get("u_given_contact") or {}
        self.given = {f: [_log2(m) - _log2(u) for m, u in zip(params["m"][f], given[f], strict=True)] for f in given}
        lam, lam_p = params["lambda"], params["lambda_person"]
        self.prior = {"enterprise": _log2(lam) - _log2(1 - lam), "person": _log2(lam_p) - _log2(1 - lam_p)}

    def weights_of(self, gamma: np.ndarray, kind: str) -> np.ndarray:
        """Each pair's match weight summed from its levels (pairs x fields, NULL = -1) as `score_levels`
        sums it, except for the pairs `adjusted` marks."""
        total = np.full(len(gamma), self.prior[kind])
        for j, f in enumerate(FIELDS):
            total += np.asarray([*self.weights[kind][f], 0.0])[gamma[:, j]]  # NULL reads the 0 at the end
        return total

    @staticmethod
    def adjusted(gamma: np.ndarray) -> np.ndarray:
        """The pairs `score_levels` weighs otherwise than by the level tables: the address (to the
        street) or the phone agrees, so phone and people are weighed given the contact, and the agreed
        value's frequency may cap its weight."""
        address, phone = gamma[:, FIELDS.index("address")], gamma[:, FIELDS.index("phone")]
        return ((address >= 0) & (address <= 2)) | (phone == 0)

    def score(self, query: Rec, candidate: Rec, value_u: dict[str, float] | None = None) -> Scored:
        levels, notes = compare(query, candidate)
        return self.score_levels(query, candidate, levels, notes, value_u or {})

    def score_levels(self, query: Rec, candidate: Rec, levels: list[int], notes: list[str],
                     value_u: dict[str, float]) -> Scored:
        """`value_u`: per field, the share of registered enterprises holding the very value agreed on (an
        address or phone shared by many weighs less than one of a single enterprise: splink's term
        frequency adjustment); used where it exceeds the level's u."""
        kind = candidate.kind
        table = self.weights[kind]
        total = self.prior[kind]
        features = []
        address = levels[FIELDS.index("address")]
        phone = levels[FIELDS.index("phone")]
        contact = {"phone": address in (0, 1, 2), "people": address in (0, 1, 2) or phone == 0}
        for comp, level, note in zip(COMPARISONS, levels, notes, strict=True):
            if level == NULL:
                continue
            if contact.get(comp.field) and comp.field in self.given and kind == "enterprise":
                w = self.given[comp.field][level]
                note += " (weighed given the address or phone already agrees)"
            else:
                w = table[comp.field][level]
            if comp.field in value_u and kind == "enterprise":
                capped = _log2(self.params["m"][comp.field][level]) - _log2(value_u[comp.field])
                if capped < w:
                    w = capped
                    note += f" (a value {round(value_u[comp.field] * self.params['fit'].get('registered', 0)) or 'several'} registered enterprises share)"
            total += w
            features.append({"feature": comp.field, "level": comp.levels[level], "weight": round(w, 2),
                             "agrees": level < comp.agreeing, "detail": note})
        features.sort(key=lambda f: -abs(f["weight"]))
        features.append({"feature": "prior", "level": "before any field", "weight": round(self.prior[kind], 2),
                         "agrees": False, "detail": "log2 odds that a query and a random registered "
                                                    f"{'person' if kind == 'person' else 'enterprise'} are the same"})
        name_level = levels[FIELDS.index("name")]
        refused = kind == "person" and (not corroborated(levels) or name_level == NULL or name_level > 3)
        if refused:
            features.insert(0, {"feature": "person_rule", "level": "refused", "weight": 0.0, "agrees": False,
                                "detail": "a person is matched only on the name and another agreeing field "
                                          "(code, address or phone of their enterprises); never on the name alone"})
        probability = 0.0 if refused else 1.0 / (1.0 + 2.0 ** (-total)) if total > -1000 else 0.0
        if query.branch and kind == "enterprise":
            features.append({"feature": "branch", "level": "branch of", "weight": 0.0, "agrees": True,
                             "detail": "the query names a branch; compared as its parent enterprise"})
        return Scored(candidate, round(probability, 6), round(total, 3), levels, features, refused)
