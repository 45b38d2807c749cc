// The name-only enterprises resolved to a page of registered enterprises (SAME_AS), unordered.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})<-[:SAME_AS]-(n:Enterprise)
RETURN e.id AS id, n.id AS value
