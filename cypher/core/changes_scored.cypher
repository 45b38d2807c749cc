// The changes feed: enterprises scored after a point (risk_scored_at, then id), oldest first.
MATCH (e:Enterprise)
WHERE e.risk_scored_at >= $at AND (e.risk_scored_at > $at OR e.id > $after)
RETURN e.id AS id, e.name AS name, e.risk_scored_at AS at, e.risk_level AS level, e.risk_score AS score,
       e.risk_model AS model
ORDER BY at, id
LIMIT $limit
