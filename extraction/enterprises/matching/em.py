"""Expectation-maximisation of a two-class Fellegi-Sunter mixture over comparison vectors, in numpy.

splink does this in SQL on duckdb; the stack here has neither (splink would bring duckdb and pandas into
every install for a loop of a few array operations), so the same estimation is written out: pairs x
fields integer levels (-1 = null, ignored), E step = posterior of "match" per pair, M step = lambda
(share of matches) and per-field level frequencies among matches (m) and non-matches (u).

`groups` (one id per pair, e.g. the query each candidate pair belongs to) adds the constraint that a
query matches at most one of its candidates: the posterior of pair i becomes r_i / (1 + sum of r_j over
its group), r being the pair's likelihood ratio times the prior odds pi / ((1 - pi) n) of one of the group's n
candidates, pi the share of groups with a match (estimated; `lam` is then the share of matching pairs). Without it, EM over blocked pairs of
records that carry little besides a name takes the many similar but different names for a second kind
of match; with it, each query lends its one match to its most likely candidate.

`counts` lets one row stand for that many identical pairs (of one group): a register's blocked pairs have
a few dozen distinct comparison vectors per query, so EM over millions of pairs runs over their distinct
rows with the same result.

`fix_u=True` keeps u as given (splink's recipe: u from random pairs first, then EM for m and lambda).
`prior_m` with `prior_strength` adds pseudo-counts (a Dirichlet prior) to m: a field the pairs never
observe keeps its prior, and one observed a few times moves only as far as the evidence carries it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EPS = 1e-9


@dataclass
class EMResult:
    lam: float
    m: list[np.ndarray]
    u: list[np.ndarray]
    iterations: int
    converged: bool
    match_weight: np.ndarray  # posterior P(match) per row at the end
    pi: float = 0.0  # with groups: the share of groups that have a match


def _log_probs(gamma: np.ndarray, probs: list[np.ndarray]) -> np.ndarray:
    out = np.zeros(len(gamma))
    for j, p in enumerate(probs):
        col = gamma[:, j]
        seen = col >= 0
        out[seen] += np.log(np.clip(p[col[seen]], EPS, 1.0))
    return out


def _level_freq(gamma: np.ndarray, weights: np.ndarray, n_levels: tuple[int, ...],
                prior: list[np.ndarray] | None, strength: float) -> list[np.ndarray]:
    out = []
    for j, k in enumerate(n_levels):
        col = gamma[:, j]
        seen = col >= 0
        counts = np.bincount(col[seen], weights=weights[seen], minlength=k).astype(float)
        if prior is not None and strength > 0:
            counts += strength * prior[j]
        total = counts.sum()
        out.append(counts / total if total > 0 else (prior[j].copy() if prior is not None else np.full(k, 1.0 / k)))
    return out


def expectation_maximisation(gamma: np.ndarray, n_levels: tuple[int, ...], m0: list[np.ndarray],
                             u0: list[np.ndarray], lam0: float, *, fix_u: bool = False,
                             prior_m: list[np.ndarray] | None = None, prior_strength: float = 0.0,
                             groups: np.ndarray | None = None, counts: np.ndarray | None = None,
                             max_iter: int = 500, tol: float = 1e-7) -> EMResult:
    """Estimate (lambda, m, u) from comparison vectors `gamma` (pairs x fields, -1 = null)."""
    gamma = np.asarray(gamma, dtype=np.int64)
    n = np.ones(len(gamma)) if counts is None else np.asarray(counts, dtype=float)
    pairs = max(float(n.sum()), 1.0)
    m = [np.asarray(x, dtype=float) / np.sum(x) for x in m0]
    u = [np.asarray(x, dtype=float) / np.sum(x) for x in u0]
    lam = float(np.clip(lam0, 1e-6, 1 - 1e-6))
    w = np.zeros(len(gamma))
    converged, it = False, 0
    group_ix = np.unique(np.asarray(groups), return_inverse=True)[1] if groups is not None else np.zeros(0, int)
    group_size = np.bincount(group_ix, weights=n) if groups is not None else np.zeros(0)
    pi = 0.5
    for it in range(1, max_iter + 1):  # noqa: B007 - `it` is reported (iterations run)
        if groups is None:
            log_m = np.log(lam) + _log_probs(gamma, m)
            log_u = np.log(1 - lam) + _log_probs(gamma, u)
            w = 1.0 / (1.0 + np.exp(np.clip(log_u - log_m, -700, 700)))
            new_lam = float(np.clip((w * n).sum() / pairs, 1e-9, 1 - 1e-9)) if len(w) else lam
        else:
            log_odds = np.log(pi / (1 - pi)) - np.log(group_size[group_ix])
            ratio = np.exp(np.clip(log_odds + _log_probs(gamma, m) - _log_probs(gamma, u), -700, 700))
            w = ratio / (1.0 + np.bincount(group_ix, weights=ratio * n)[group_ix])
            pi = float(np.clip((w * n).sum() / len(group_size), 1e-6, 1 - 1e-6))
            new_lam = float(np.clip((w * n).sum() / pairs, 1e-9, 1 - 1e-9))
        new_m = _level_freq(gamma, w * n, n_levels, prior_m, prior_strength)
        new_u = u if fix_u else _level_freq(gamma, (1.0 - w) * n, n_levels, None, 0.0)
        delta = max([abs(new_lam - lam)] + [float(np.max(np.abs(a - b))) for a, b in zip(new_m, m, strict=True)]
                    + [float(np.max(np.abs(a - b))) for a, b in zip(new_u, u, strict=True)])
        lam, m, u = new_lam, new_m, new_u
        if delta < tol:
            converged = True
            break
    return EMResult(lam, m, u, it, converged, w, pi)


def level_frequencies(gamma: np.ndarray, n_levels: tuple[int, ...], smoothing: float = 0.5) -> list[np.ndarray]:
    """Per field, the share of each level among the pairs that observe it (u from random pairs),
    with `smoothing` pseudo-counts per level so that no level is impossible."""
    gamma = np.asarray(gamma, dtype=np.int64).reshape(-1, len(n_levels))
    out = []
    for j, k in enumerate(n_levels):
        col = gamma[:, j]
        counts = np.bincount(col[col >= 0], minlength=k).astype(float) + smoothing
        out.append(counts / counts.sum())
    return out
