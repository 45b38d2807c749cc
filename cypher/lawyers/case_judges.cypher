// The bench of a case.
MATCH (c:Case {id: $id})-[h:HEARD_BY]->(j:Judge)
RETURN j.id AS id, j.name AS name, h.role AS role
ORDER BY id
