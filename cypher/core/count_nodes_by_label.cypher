// Node counts per label, for `riskgraph stats`.
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS n
