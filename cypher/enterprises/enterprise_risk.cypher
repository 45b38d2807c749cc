// One enterprise with its stored risk, following a name-only node to the registered enterprise it resolves to.
MATCH (n:Enterprise {id: $id})
OPTIONAL MATCH (n)-[s:SAME_AS]->(r:Enterprise)
WITH n, s, r ORDER BY s.score DESC, r.id LIMIT 1
WITH n, s, coalesce(r, n) AS e
RETURN e.id AS id, n.id AS asked, s.score AS same_as_score, s.evidence AS same_as_evidence, e.name AS name,
       e.code AS code, e.jurisdiction AS jurisdiction, e.registered AS registered, e.status AS status,
       e.founded AS founded, e.division AS division, e.division_name AS division_name,
       e.division_check AS division_check, e.code_valid AS code_valid, e.code_issue AS code_issue,
       e.risk_score AS score, e.risk_level AS level, e.risk_reasons AS reasons, e.risk_scored_at AS scored_at,
       e.risk_model AS model, e.cluster_id AS cluster
