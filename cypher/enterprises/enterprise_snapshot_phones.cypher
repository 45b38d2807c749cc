// The phones of a page of enterprises, one row per link, unordered.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[:HAS_PHONE]->(t:Phone)
RETURN e.id AS id, t.id AS value
