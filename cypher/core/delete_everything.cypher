// Empties the graph (tests and `riskgraph demo --fresh`); batched by the caller's limit.
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
