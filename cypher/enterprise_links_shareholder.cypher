// Enterprises holding shares in, or held by, each given enterprise (name-only holders through SAME_AS).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[r:SHAREHOLDER_OF]-(x:Enterprise)
OPTIONAL MATCH (x)-[:SAME_AS]->(res:Enterprise)
WITH id, e, r, x, coalesce(res, x) AS o
WHERE o.id <> id
RETURN id AS source, 'shareholder' AS via_kind, NULL AS via, NULL AS via_label,
       CASE WHEN startNode(r) = e THEN 'HOLDS' ELSE 'HELD_BY' END AS rel_from, 'SHAREHOLDER_OF' AS rel_to,
       o.id AS target, o.name AS name, o.risk_level AS level, o.risk_score AS score
LIMIT $limit
