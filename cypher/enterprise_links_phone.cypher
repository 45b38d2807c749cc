// Enterprises sharing a phone number or e-mail address with each given enterprise.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})-[r:HAS_PHONE|HAS_EMAIL]->(c)<-[r2:HAS_PHONE|HAS_EMAIL]-(o:Enterprise)
WHERE o.id <> id
RETURN id AS source, CASE type(r) WHEN 'HAS_PHONE' THEN 'phone' ELSE 'email' END AS via_kind, c.id AS via,
       coalesce(c.number, c.address) AS via_label, type(r) AS rel_from, type(r2) AS rel_to, o.id AS target,
       o.name AS name, o.risk_level AS level, o.risk_score AS score
LIMIT $limit
