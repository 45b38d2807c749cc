// Relationship counts per type, for `riskgraph stats`.
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS n
