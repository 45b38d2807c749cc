// Enterprises at one risk level, highest score first.
MATCH (e:Enterprise)
WHERE e.risk_level = $level
RETURN e.id AS id, e.name AS name, e.risk_score AS score, e.risk_level AS level, e.division AS division,
       e.division_name AS division_name, e.cluster_id AS cluster, e.risk_reasons AS reasons
ORDER BY score DESC, id
SKIP $skip
LIMIT $limit
