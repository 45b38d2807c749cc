// Court cases naming watched enterprises as a party, directly or through a name-only enterprise that
// resolves to them (SAME_AS).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
OPTIONAL MATCH (a:Enterprise)-[:SAME_AS]->(e)
WITH id, collect(a.id) + [id] AS names
UNWIND names AS name
MATCH (:Enterprise {id: name})<-[:IDENTIFIED_AS]-(p:Party)-[:PARTY_TO]->(c:Case)
RETURN DISTINCT id, c.id AS fact, c.date AS date, c.case_number AS case_number, c.cause AS cause,
       p.side AS side
ORDER BY id, date, fact
