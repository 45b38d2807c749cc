// Nodes of one label ranked by how many of the query's normalised terms they carry.
UNWIND $terms AS term
MATCH (:SearchTerm {id: term})-[:TERM_OF]->(n:__LABEL__)
WITH n, count(*) AS hits
WHERE hits >= $min_hits
RETURN n.id AS id, hits
ORDER BY hits DESC, id
SKIP $skip
LIMIT $limit
