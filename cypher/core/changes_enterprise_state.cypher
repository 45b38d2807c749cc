// Watched enterprises: name, stored risk level and score, when and by which model they were scored.
UNWIND $ids AS id
MATCH (e:Enterprise {id: id})
RETURN id, e.name AS name, e.risk_level AS level, e.risk_score AS score, e.risk_scored_at AS scored_at,
       e.risk_model AS model, e.risk_reasons AS reasons
