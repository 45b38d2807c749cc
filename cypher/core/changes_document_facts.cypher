// The nodes each given document evidences (MENTIONS), for the changes feed.
UNWIND $ids AS id
MATCH (d:Document {id: id})-[:MENTIONS]->(n)
RETURN id, labels(n)[0] AS label, n.id AS node, n.name AS name
ORDER BY id, label, node
