// One page of the enterprises at a risk level, riskiest first, read through the stored rank within the
// level (an index range of `limit` ranks, not a sort of the whole level on every request).
MATCH (e:Enterprise)
WHERE e.risk_rank > $skip AND e.risk_rank <= $skip + $limit AND e.risk_level = $level
RETURN e.id AS id, e.name AS name, e.risk_score AS score, e.risk_level AS level, e.division AS division,
       e.division_name AS division_name, e.cluster_id AS cluster, e.risk_reasons AS reasons, e.risk_rank AS rank
ORDER BY rank
