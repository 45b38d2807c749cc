// The e-mail addresses of a page of enterprises, one row per link, unordered.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[:HAS_EMAIL]->(m:Email)
RETURN e.id AS id, m.id AS value
