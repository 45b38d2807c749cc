// Open data: registered (or unresolved) lawyers with their case counts, one page in id order.
MATCH (l:Lawyer)
OPTIONAL MATCH (l)-[same:SAME_AS]->(:Lawyer)
WITH l, count(same) AS resolved
WHERE l.kind = 'registered' OR resolved = 0
WITH l ORDER BY l.id SKIP $skip LIMIT $limit
OPTIONAL MATCH (a:Lawyer)-[:SAME_AS]->(l)
WITH l, [l] + collect(a) AS selves
UNWIND selves AS s
OPTIONAL MATCH (s)-[:REPRESENTED]->(:Party)-[:PARTY_TO]->(c:Case)
RETURN l.id AS id, l.name AS name, l.license_no AS license_no, l.title AS title, l.firm_name AS firm,
       l.city AS city, l.status AS status, l.jurisdiction AS jurisdiction, count(DISTINCT c) AS cases
ORDER BY id
