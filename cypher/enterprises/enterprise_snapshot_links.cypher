// Enterprise-to-connector links: registered address (and its building), phone, e-mail, people. Each part in
// a fixed order (the snapshot builds its groups in row order: the same model on every engine).
MATCH (e:Enterprise)-[:REGISTERED_AT]->(a:Address)
RETURN e.id AS id, 'address' AS kind, a.id AS via, a.building AS building
ORDER BY id, via, building
UNION ALL
MATCH (e:Enterprise)-[:HAS_PHONE]->(p:Phone)
RETURN e.id AS id, 'phone' AS kind, p.id AS via, NULL AS building
ORDER BY id, via
UNION ALL
MATCH (e:Enterprise)-[:HAS_EMAIL]->(m:Email)
RETURN e.id AS id, 'email' AS kind, m.id AS via, NULL AS building
ORDER BY id, via
UNION ALL
MATCH (p:Person)-[r:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF]->(e:Enterprise)
RETURN e.id AS id, 'person' AS kind, p.id AS via, type(r) AS building
ORDER BY id, via, building
