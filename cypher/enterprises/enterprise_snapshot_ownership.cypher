// Enterprises holding shares in enterprises, and name-only enterprises resolved to registered ones; each part
// in a fixed order (the same model on every engine).
MATCH (h:Enterprise)-[r:SHAREHOLDER_OF]->(e:Enterprise)
RETURN h.id AS holder, e.id AS held, 'holds' AS kind
ORDER BY holder, held
UNION ALL
MATCH (a:Enterprise)-[:SAME_AS]->(b:Enterprise)
RETURN a.id AS holder, b.id AS held, 'same_as' AS kind
ORDER BY holder, held
