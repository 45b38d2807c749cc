// Enterprises registered at the same address as each given enterprise.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[:REGISTERED_AT]->(a:Address)<-[:REGISTERED_AT]-(o:Enterprise)
WHERE o.id <> id
RETURN id AS source, 'address' AS via_kind, a.id AS via, a.text AS via_label, 'REGISTERED_AT' AS rel_from,
       'REGISTERED_AT' AS rel_to, o.id AS target, o.name AS name, o.risk_level AS level, o.risk_score AS score
LIMIT $limit
