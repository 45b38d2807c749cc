// Enterprises holding shares in the given enterprises (registered ones and the name-only ones resolved to
// them), in a fixed order.
UNWIND $ids AS id
MATCH (h:Enterprise)-[:SHAREHOLDER_OF]->(e:Enterprise {id: id})
RETURN h.id AS holder, e.id AS held
ORDER BY holder, held
