"""Record linkage of enterprises and people against the registers: a Fellegi-Sunter model whose m/u
parameters are estimated from the register (numpy EM over blocked candidate pairs, u from random
register pairs and exact frequencies), used both by the ingest-time resolution of name-only enterprises
(extraction/enterprises/resolution.py) and by screening (reasoning/enterprises/matching/: the match API,
`riskgraph match`, `riskgraph eval matching`), so that the two never disagree.

Modules: fields (what a record holds, normalised), comparisons (levels per field), blocking (the
candidate index), em (the estimation), model (parameters, weights, probability, explanation),
register (records from graph rows or extractions, the fit, matching one query).
"""
