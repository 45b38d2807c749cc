// Relevant experience of each lawyer: cases (of them and their aliases) with the cause and/or at the courts asked.
UNWIND $ids AS id
MATCH (l:Lawyer {id: id})
OPTIONAL MATCH (a:Lawyer)-[:SAME_AS]->(l)
WITH l, [l] + collect(a) AS selves
UNWIND selves AS s
MATCH (s)-[:REPRESENTED]->(:Party)-[:PARTY_TO]->(c:Case)
OPTIONAL MATCH (c)-[:HEARD_BY]->(ct:Court)
WITH l, c, ct
WHERE (size($causes) = 0 OR c.cause IN $causes) AND (size($courts) = 0 OR ct.id IN $courts)
RETURN l.id AS id, count(DISTINCT c) AS relevant
