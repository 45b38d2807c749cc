"""The text link between a unit's complaints and recent recalls elsewhere: does what owners of this unit
told NHTSA read like what a recall reported shortly before named (the part, the failure)?

Recall waves are a strong signal (a make recalls the same part on several models within a few years),
but a recall and the complaints about its part are often filed under different systems (a stop-lamp
switch recall is EXTERIOR LIGHTING, its complaints as often ELECTRICAL SYSTEM). The words bridge them.

As of a cutoff T: each unit's complaints filed before T, summed into one TF-IDF vector (log term
frequencies of words and word pairs); each recall campaign reported before T as the TF-IDF vector of its
component and text (defect, consequence, remedy); the inverse document frequencies counted on the
complaints filed before T only, a term seen in fewer than two of them weighing nothing (so a word first
written at or after T cannot count). Features: the highest cosine between the unit and a campaign of the
last 24 months on the same make, the same make and system, any make, the same make in the last 12
months, and the same model's other years.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from reasoning.vehicles.outcomes.data import Corpus

Unit = tuple[str, str, int, str]

TEXT_FEATURES = ["text_recall_make_24m", "text_recall_make_system_24m", "text_recall_any_24m",
                 "text_recall_make_12m", "text_recall_model_24m"]
MIN_DF = 2  # a term counts once this many complaints filed before T used it


def _normalise(m: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ m


@dataclass
class Campaign:
    campno: str
    date: str  # the earliest report of the campaign
    rows: list[tuple[str, str, str, int, frozenset[str]]]  # (date, make, model, year, systems) per vehicle row


class RecallText:
    """Complaint and recall texts as term vectors, and the unit-to-recall similarities as of any T."""

    def __init__(self, corpus: Corpus) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        self.complaint_dates = [c.date for c in corpus.complaints]  # corpus order: by date
        self.row_of = {id(c): i for i, c in enumerate(corpus.complaints)}
        campaigns: dict[str, Campaign] = {}
        texts: dict[str, str] = {}
        for r in corpus.recalls:  # by date: the campaign's text is that of its first report
            camp = campaigns.setdefault(r.campno, Campaign(r.campno, r.date, []))
            camp.date = min(camp.date, r.date)
            camp.rows.append((r.date, *r.vehicle, frozenset(r.systems)))
            texts.setdefault(r.campno, r.text)
        self.campaigns = sorted(campaigns.values(), key=lambda c: (c.date, c.campno))
        self.campaign_dates = [c.date for c in self.campaigns]
        vectoriser = CountVectorizer(ngram_range=(1, 2), stop_words="english", lowercase=True,
                                     token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b", dtype=np.float32)
        docs = [c.narrative for c in corpus.complaints] + [texts[c.campno] for c in self.campaigns]
        try:
            x = vectoriser.fit_transform(docs).tocsr()
        except ValueError:  # no word at all (empty vocabulary)
            x = sp.csr_matrix((len(docs), 1), dtype=np.float32)
        x.data = 1.0 + np.log(x.data)
        n = len(corpus.complaints)
        self.complaints, self.recalls = x[:n], x[n:]
        seen = self.complaints.copy()
        seen.data[:] = 1.0
        self.seen = seen

    def _idf(self, t: str) -> sp.dia_matrix:
        n = bisect_left(self.complaint_dates, t)
        df = np.asarray(self.seen[:n].sum(axis=0)).ravel()
        idf = np.where(df >= MIN_DF, np.log((n + 1) / (df + 1)) + 1.0, 0.0).astype(np.float32)
        return sp.diags(idf)

    def counts(self, t: str, units: list[Unit], series: dict[Unit, Any]) -> sp.csr_matrix:
        """Each unit's complaints filed before t as one row of summed term counts; `series[u]` holds the
        unit's complaints by date."""
        rows, cols = [], []
        for i, u in enumerate(units):
            hi = bisect_left(series[u].dates, t)
            rows += [i] * hi
            cols += [self.row_of[id(c)] for c in series[u].items[:hi]]
        member = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                               shape=(len(units), self.complaints.shape[0]))
        return (member @ self.complaints).tocsr()

    def vectors(self, t: str, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Term counts as unit-length TF-IDF vectors, the weights as known at t."""
        return _normalise(counts @ self._idf(t))

    def features(self, t: str, units: list[Unit], counts: sp.csr_matrix) -> np.ndarray:
        """(units x TEXT_FEATURES) as of t, from the units' `counts` as of t."""
        from reasoning.vehicles.outcomes.features import add_months

        out = np.zeros((len(units), len(TEXT_FEATURES)))
        since24, since12 = add_months(t, -24), add_months(t, -12)
        window = list(range(bisect_left(self.campaign_dates, since24), bisect_left(self.campaign_dates, t)))
        if not units or not window:
            return out
        idf = self._idf(t)
        unit_vectors = _normalise(counts @ idf)
        recall_vectors = _normalise(self.recalls[window] @ idf)
        sim = (unit_vectors @ recall_vectors.T).toarray()
        # what each campaign of the window covered, as reported before t
        makes, make_systems, models = defaultdict(set), defaultdict(set), defaultdict(set)
        recent = np.array([self.campaigns[j].date >= since12 for j in window])
        for k, j in enumerate(window):
            for day, make, model, year, systems in self.campaigns[j].rows:
                if day < t:
                    makes[make].add(k)
                    models[(make, model)].add((k, year))
                    for s in systems:
                        make_systems[(make, s)].add(k)

        def best(i: int, cols_: set[int] | list[int]) -> float:
            return float(sim[i, sorted(cols_)].max()) if cols_ else 0.0

        for i, (make, model, year, system) in enumerate(units):
            on_make = makes.get(make, set())
            out[i, 0] = best(i, on_make)
            out[i, 1] = best(i, make_systems.get((make, system), set()))
            out[i, 2] = float(sim[i].max())
            out[i, 3] = best(i, [k for k in on_make if recent[k]])
            out[i, 4] = best(i, {k for k, y in models.get((make, model), ()) if y != year})
        return out


def learned_scores(text: RecallText, t: str, train: list[tuple[sp.csr_matrix, np.ndarray]],
                   counts: sp.csr_matrix) -> np.ndarray:
    """Which words foretell a recall: a logistic regression on the TF-IDF vectors of earlier origins' units
    (each as of its own origin, `train`: (counts, labels) of origins whose window closed by t; weights as
    known at t), scoring the units of t. Zero when there is nothing to learn from."""
    from sklearn.linear_model import LogisticRegression

    if not train or counts.shape[0] == 0:
        return np.zeros(counts.shape[0])
    y = np.concatenate([labels for _, labels in train])
    if len(set(y.tolist())) < 2:
        return np.zeros(counts.shape[0])
    x = text.vectors(t, sp.vstack([c for c, _ in train]).tocsr())
    model = LogisticRegression(C=1.0, solver="liblinear", class_weight="balanced", random_state=0).fit(x, y)
    return model.predict_proba(text.vectors(t, counts))[:, 1]
