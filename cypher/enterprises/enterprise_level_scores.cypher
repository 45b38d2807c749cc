// Every enterprise at one risk level with its score and stored rank (to renumber the level's ranks).
MATCH (e:Enterprise)
WHERE e.risk_level = $level
RETURN e.id AS id, e.risk_score AS score, e.risk_rank AS rank
