// The stored risk of the given enterprises (matching shows each candidate's level and reasons).
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
RETURN e.id AS id, e.risk_score AS score, e.risk_level AS level, e.risk_reasons AS reasons,
       e.division_name AS division_name
