// The enterprises each given person represents, serves or holds shares in; ordered, so that the same rows
// come back on every engine when $limit cuts.
UNWIND $ids AS pid
MATCH (p:Person {id: pid})-[r:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF]->(e:Enterprise)
RETURN p.id AS person, p.name AS person_name, type(r) AS role, e.id AS id, e.name AS name, e.code AS code,
       e.registered AS registered, e.risk_level AS level, e.risk_score AS score, e.division_name AS division_name,
       e.aliases AS aliases
ORDER BY person, id, role
LIMIT $limit
