// Search result rows: a lawyer with the cases of every node resolved to them (SAME_AS aliases).
UNWIND $ids AS id
MATCH (l:Lawyer {id: id})
OPTIONAL MATCH (a:Lawyer)-[:SAME_AS]->(l)
WITH l, [l] + collect(a) AS selves
UNWIND selves AS s
OPTIONAL MATCH (s)-[:REPRESENTED]->(:Party)-[:PARTY_TO]->(c:Case)
RETURN l.id AS id, l.name AS name, l.firm_name AS firm, l.city AS city, l.title AS title,
       l.license_no AS license_no, l.kind AS kind, l.status AS status, l.jurisdiction AS jurisdiction,
       count(DISTINCT c) AS cases
